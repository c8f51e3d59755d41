#include "cli/terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

namespace fedharness::cli {

size_t terminal_columns(int fd) {
  winsize size{};
  if (isatty(fd) != 1 || ioctl(fd, TIOCGWINSZ, &size) != 0) {
    return 0;
  }
  return size.ws_col;
}

}  // namespace fedharness::cli
