#include "net/worker_pool.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <thread>

namespace fedharness::net {

WorkerPool::WorkerPool(size_t threads) {
  for (size_t i = 0; i < std::max<size_t>(threads, 1); ++i) {
    // Each context is run by exactly one thread: tell Asio so it skips locking.
    contexts_.push_back(std::make_unique<asio::io_context>(1));
    guards_.push_back(asio::make_work_guard(*contexts_.back()));
  }
}

void WorkerPool::finish() {
  // A guard belongs to its context's thread from now on: reset it there.
  for (size_t i = 0; i < contexts_.size(); ++i) {
    asio::post(*contexts_[i], [this, i] { guards_[i].reset(); });
  }
}

void WorkerPool::run() {
  std::vector<std::jthread> threads;
  for (size_t i = 1; i < contexts_.size(); ++i) {
    threads.emplace_back([this, i] { contexts_[i]->run(); });
  }
  contexts_[0]->run();
}

}  // namespace fedharness::net
