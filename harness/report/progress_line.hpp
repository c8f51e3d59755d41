#pragma once

#include <cstddef>
#include <cstdio>
#include <mutex>
#include <string_view>

namespace fedharness {

/// "running 12/98 paths… inbound (sip-good)" on a terminal, naming the path
/// that just finished, rewritten in place as paths finish and erased by
/// clear(); kept to the terminal's width. update() may be called from
/// several threads.
class ProgressLine {
 public:
  /// Writes to `out` (stderr) only when `enabled` (it is a terminal).
  /// `width`: the terminal's columns.
  ProgressLine(std::FILE* out, bool enabled, size_t width = 80)
      : out_(out), enabled_(enabled), width_(width) {}
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;
  ~ProgressLine() { clear(); }

  void update(size_t done, size_t total, std::string_view last_path);
  /// Erases the line, if one was written.
  void clear();

 private:
  std::FILE* out_;
  bool enabled_;
  size_t width_;
  std::mutex mutex_;
  size_t shown_ = 0;  // the highest count written, so that a late caller does not go back
  bool written_ = false;
};

}  // namespace fedharness
