#pragma once

#include <stdexcept>
#include <string>

namespace fedharness {

/// Input the user gave us is wrong: a missing file, a malformed topology, a
/// broken PEM, a wrong password. The message is one line that names the file
/// (and line and field where there is one); the CLI prints it and exits 2.
class BadInput : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace fedharness
