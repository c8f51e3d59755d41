#include <strophe.h>

#include <csignal>

#include "catch_session.hpp"

int main(int argc, char* argv[]) {
  // libstrophe's process-wide set-up (sockets, OpenSSL), once around every test.
  xmpp_initialize();
  // libstrophe writes to its socket without MSG_NOSIGNAL: a write after the
  // peer closed (a receiver that refused) would kill the process with SIGPIPE
  // instead of failing as a write. Programs using libstrophe ignore it.
  std::signal(SIGPIPE, SIG_IGN);
  int result = fedharness::test::run_catch_session(argc, argv);
  xmpp_shutdown();
  return result;
}
