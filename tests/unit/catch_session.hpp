#pragma once

namespace fedharness::test {

/// Runs Catch2's session on the command line: the body of every test
/// program's main(), declared here because Catch2's single header declares
/// its Session only where its implementation is compiled (catch_session.cpp).
int run_catch_session(int argc, char* argv[]);

}  // namespace fedharness::test
