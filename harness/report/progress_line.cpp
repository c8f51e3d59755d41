#include "report/progress_line.hpp"

#include <fmt/core.h>

#include <string>

namespace fedharness {

void ProgressLine::update(size_t done, size_t total, std::string_view last_path) {
  if (!enabled_) {
    return;
  }
  std::lock_guard lock(mutex_);
  if (written_ && done <= shown_) {
    return;
  }
  shown_ = done;
  written_ = true;
  std::string line = fmt::format("running {}/{} paths\u2026 {}", done, total, last_path);
  // One terminal line, or \r would not return to its start: cut at the
  // width (counting bytes, which over-counts the ellipsis: cut short, never long).
  if (width_ > 1 && line.size() > width_ - 1) {
    line.resize(width_ - 1);
    while (!line.empty() && (static_cast<unsigned char>(line.back()) & 0xC0) == 0x80) {
      line.pop_back();  // not inside a UTF-8 sequence
    }
    if (!line.empty() && static_cast<unsigned char>(line.back()) >= 0xC0) {
      line.pop_back();
    }
  }
  fmt::print(out_, "\r\033[K{}", line);
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
