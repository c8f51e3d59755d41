#include "catch_session.hpp"

int main(int argc, char* argv[]) {
  return fedharness::test::run_catch_session(argc, argv);
}
