// Catch2's implementation, compiled once, without a main(): each test
// program has its own.
#define CATCH_CONFIG_RUNNER
#include "catch_session.hpp"

#include <catch2/catch.hpp>

namespace fedharness::test {

int run_catch_session(int argc, char* argv[]) {
  return Catch::Session().run(argc, argv);
}

}  // namespace fedharness::test
