#pragma once

#include <cstddef>
#include <cstdio>
#include <mutex>

namespace fedharness {

/// "running 12/98 paths…" on a terminal, rewritten in place as paths finish
/// and erased by clear(). update() may be called from several threads.
class ProgressLine {
 public:
  /// Writes to `out` (stderr) only when `enabled` (it is a terminal).
  ProgressLine(std::FILE* out, bool enabled) : out_(out), enabled_(enabled) {}
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;
  ~ProgressLine() { clear(); }

  void update(size_t done, size_t total);
  /// Erases the line, if one was written.
  void clear();

 private:
  std::FILE* out_;
  bool enabled_;
  std::mutex mutex_;
  size_t shown_ = 0;  // the highest count written, so that a late caller does not go back
  bool written_ = false;
};

}  // namespace fedharness
