#pragma once

#include <cstddef>

namespace fedharness::cli {

/// The columns of the terminal `fd` is, or 0 when it is none (a pipe, a
/// file, a CI log).
size_t terminal_columns(int fd);

}  // namespace fedharness::cli
