#pragma once

#include <memory>
#include <vector>

#include "net/asio.hpp"

namespace fedharness::net {

/// One io_context per worker thread: a connection lives on one thread from
/// start to end, no locks in the protocol code, and no thread per connection.
class WorkerPool {
 public:
  explicit WorkerPool(size_t threads);

  size_t size() const { return contexts_.size(); }
  asio::io_context& context(size_t index) { return *contexts_.at(index); }

  /// Runs every context on its own thread (the calling thread runs the first)
  /// until finish() is called and all of them have run out of work.
  void run();

  /// Lets the workers stop once their work is done. Until then a worker with
  /// nothing to do waits: work may still come to it (a connection its
  /// listener accepts), and a worker whose thread had returned would leave
  /// that connection unserved.
  void finish();

 private:
  using WorkGuard = asio::executor_work_guard<asio::io_context::executor_type>;

  std::vector<std::unique_ptr<asio::io_context>> contexts_;
  std::vector<WorkGuard> guards_;
};

}  // namespace fedharness::net
