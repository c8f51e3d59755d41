#include "dns/resolver.hpp"

#include <fmt/core.h>
#include <unbound.h>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <charconv>
#include <filesystem>

#include "util/bad_input.hpp"

namespace fedharness::dns {

using namespace net;

namespace {

// RFC 1035 §4.1.1 and RFC 6895 §2.3: the response codes a resolver reports.
std::string rcode_name(int rcode) {
  switch (rcode) {
    case 2:
      return "SERVFAIL or REFUSED";
    case 3:
      return "NXDOMAIN";
    case 5:
      return "REFUSED";
    default:
      return fmt::format("RCODE {}", rcode);
  }
}

Answer answer_of(int error, ub_result* result) {
  Answer answer;
  if (error != 0) {
    answer.why = ub_strerror(error);
    return answer;
  }
  answer.secure = result->secure != 0;
  if (result->bogus != 0) {
    // A bogus answer still carries data; none of it may be used.
    answer.status = Answer::Status::bogus;
    answer.why = result->why_bogus != nullptr ? result->why_bogus : "validation failed";
  } else if (result->nxdomain != 0) {
    answer.status = Answer::Status::no_domain;
  } else if (result->rcode != 0) {
    answer.why = rcode_name(result->rcode);
  } else if (result->havedata == 0 || result->data == nullptr) {
    answer.status = Answer::Status::no_data;
  } else {
    answer.status = Answer::Status::data;
    for (int i = 0; result->data[i] != nullptr; ++i) {
      answer.rdata.emplace_back(result->data[i], static_cast<size_t>(result->len[i]));
    }
  }
  return answer;
}

}  // namespace

std::string describe(const Answer& answer) {
  switch (answer.status) {
    case Answer::Status::data:
      return fmt::format("{} record{}", answer.rdata.size(), answer.rdata.size() == 1 ? "" : "s");
    case Answer::Status::no_data:
      return "no record of that type";
    case Answer::Status::no_domain:
      return "NXDOMAIN";
    case Answer::Status::server_failure:
      return answer.why.empty() ? std::string("SERVFAIL") : answer.why;
    case Answer::Status::timeout:
      return answer.why;
    case Answer::Status::bogus:
      return fmt::format("DNSSEC bogus: {}", answer.why);
  }
  return "?";
}

std::string forwarder_address(const std::string& text) {
  std::string host = text;
  std::string port = "53";
  if (text.starts_with('[')) {
    size_t close = text.find(']');
    if (close == std::string::npos) {
      throw BadInput(fmt::format("'{}': expected IP, IP:PORT or [IPv6]:PORT", text));
    }
    host = text.substr(1, close - 1);
    if (close + 1 < text.size()) {
      if (text[close + 1] != ':') {
        throw BadInput(fmt::format("'{}': expected IP, IP:PORT or [IPv6]:PORT", text));
      }
      port = text.substr(close + 2);
    }
  } else if (text.find(':') == text.rfind(':') && text.find(':') != std::string::npos) {
    host = text.substr(0, text.find(':'));  // IPv4:PORT; a bare IPv6 has several colons
    port = text.substr(text.find(':') + 1);
  }
  error_code error;
  asio::ip::make_address(host, error);
  if (error) {
    throw BadInput(fmt::format("'{}': '{}' is not an IP address", text, host));
  }
  unsigned number = 0;
  auto [end, parse_error] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (parse_error != std::errc() || end != port.data() + port.size() || number == 0 ||
      number > 65535) {
    throw BadInput(fmt::format("'{}': '{}' is not a port", text, port));
  }
  return fmt::format("{}@{}", host, number);
}

/// libunbound's context, the descriptor it signals answers on, and the
/// lookups in flight. Shared with the descriptor's wait handler, which may
/// run after the Resolver is gone.
class Resolver::Context : public std::enable_shared_from_this<Context> {
 public:
  Context(const asio::any_io_executor& executor, const ResolverOptions& options)
      : ctx_(ub_ctx_create()), descriptor_(executor) {
    if (ctx_ == nullptr) {
      throw std::runtime_error("ub_ctx_create failed");
    }
    // A thread, not a forked process (libunbound's default), resolves.
    check(ub_ctx_async(ctx_, 1), "async");
    // A server marked down by one test is still asked by the next.
    check(ub_ctx_set_option(ctx_, "infra-keep-probing:", "yes"), "infra-keep-probing");
    if (!options.server.empty()) {
      check(ub_ctx_set_option(ctx_, "do-not-query-localhost:", "no"), "do-not-query-localhost");
      check(ub_ctx_set_fwd(ctx_, options.server.c_str()), options.server);
    } else {
      // A machine may have neither file (a minimal Debian image has no
      // /etc/hosts): without resolv.conf libunbound resolves from the root
      // itself, and without hosts nothing is overridden.
      std::error_code ignored;
      if (std::filesystem::exists("/etc/resolv.conf", ignored)) {
        check(ub_ctx_resolvconf(ctx_, nullptr), "/etc/resolv.conf");
      }
      if (std::filesystem::exists("/etc/hosts", ignored)) {
        check(ub_ctx_hosts(ctx_, nullptr), "/etc/hosts");
      }
    }
    for (const std::string& anchor : options.trust_anchors) {
      if (int error = ub_ctx_add_ta(ctx_, anchor.c_str()); error != 0) {
        throw BadInput(fmt::format("trust anchor '{}': {}", anchor, ub_strerror(error)));
      }
    }
    descriptor_.assign(ub_fd(ctx_));
  }

  ~Context() {
    // The descriptor is libunbound's to close.
    descriptor_.release();
    ub_ctx_delete(ctx_);
  }

  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  asio::awaitable<Answer> lookup(const std::string& name, RecordType type,
                                 std::chrono::milliseconds deadline) {
    auto keep = shared_from_this();
    asio::steady_timer timer(co_await asio::this_coro::executor, deadline);
    Query query{this, &timer};
    int id = 0;
    if (int error = ub_resolve_async(ctx_, name.c_str(), static_cast<int>(type), 1 /* IN */, &query,
                                     &Context::on_result, &id);
        error != 0) {
      co_return Answer{.why = ub_strerror(error)};
    }
    ++pending_;
    await_answers();
    co_await timer.async_wait(nothrow);  // cancelled when the answer comes
    if (!query.answer) {
      // After ub_cancel the callback is never called (libunbound(3)).
      ub_cancel(ctx_, id);
      --pending_;
      query.answer = Answer{.status = Answer::Status::timeout,
                            .why = fmt::format("no answer within {}", describe_duration(deadline))};
    }
    if (pending_ == 0 && waiting_) {
      descriptor_.cancel();  // nothing to wait for: let the event loop end
    }
    co_return std::move(*query.answer);
  }

 private:
  struct Query {
    Context* context;
    asio::steady_timer* timer;
    std::optional<Answer> answer;
  };

  void check(int error, std::string_view what) {
    if (error != 0) {
      throw BadInput(fmt::format("resolver {}: {}", what, ub_strerror(error)));
    }
  }

  // Called by ub_process, so on the executor's thread.
  static void on_result(void* data, int error, ub_result* result) {
    auto* query = static_cast<Query*>(data);
    query->answer = answer_of(error, result);
    if (result != nullptr) {
      ub_resolve_free(result);
    }
    --query->context->pending_;
    query->timer->cancel();
  }

  void await_answers() {
    if (waiting_ || pending_ == 0) {
      return;
    }
    waiting_ = true;
    descriptor_.async_wait(asio::posix::stream_descriptor::wait_read,
                           [self = shared_from_this()](const error_code& error) {
                             self->waiting_ = false;
                             if (!error) {
                               ub_process(self->ctx_);
                             }
                             // A lookup may have begun while a cancelled wait was queued.
                             self->await_answers();
                           });
  }

  ub_ctx* ctx_;
  asio::posix::stream_descriptor descriptor_;
  size_t pending_ = 0;
  bool waiting_ = false;
};

Resolver::Resolver(const asio::any_io_executor& executor, const ResolverOptions& options)
    : context_(std::make_shared<Context>(executor, options)), deadline_(options.deadline) {}

Resolver::~Resolver() = default;

asio::awaitable<Answer> Resolver::lookup(std::string name, RecordType type) {
  co_return co_await context_->lookup(name, type, deadline_);
}

}  // namespace fedharness::dns
