#pragma once

#include <thread>
#include <type_traits>
#include <utility>

#include "net/asio.hpp"

namespace fedharness::net {

/// Runs blocking `work` on a thread of its own and resumes the awaiting
/// coroutine with its result on the coroutine's executor: for libstrophe's
/// client calls, which block and must not hold one of the workers that all
/// paths share. The executor counts as busy until the result is back.
template <typename Work>
asio::awaitable<std::invoke_result_t<Work>> off_thread(Work work) {
  using Result = std::invoke_result_t<Work>;
  return asio::async_initiate<decltype(asio::use_awaitable), void(Result)>(
      [](auto handler, Work blocking) {
        auto executor = asio::get_associated_executor(handler);
        std::thread([guard = asio::make_work_guard(executor), handler = std::move(handler),
                     blocking = std::move(blocking)]() mutable {
          Result result = blocking();
          asio::post(guard.get_executor(),
                     [handler = std::move(handler), result = std::move(result)]() mutable {
                       std::move(handler)(std::move(result));
                     });
          guard.reset();
        }).detach();
      },
      asio::use_awaitable, std::move(work));
}

}  // namespace fedharness::net
