#include "report/progress_line.hpp"

#include <fmt/core.h>

namespace fedharness {

void ProgressLine::update(size_t done, size_t total) {
  if (!enabled_) {
    return;
  }
  std::lock_guard lock(mutex_);
  if (written_ && done <= shown_) {
    return;
  }
  shown_ = done;
  written_ = true;
  fmt::print(out_, "\rrunning {}/{} paths\u2026", done, total);
  std::fflush(out_);
}

void ProgressLine::clear() {
  if (!enabled_) {
    return;
  }
  std::lock_guard lock(mutex_);
  if (!written_) {
    return;
  }
  std::fputs("\r\033[K", out_);  // back to the start, erase to the end of the line
  std::fflush(out_);
  written_ = false;
}

}  // namespace fedharness
