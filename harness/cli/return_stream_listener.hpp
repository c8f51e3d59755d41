#pragma once

#include <memory>
#include <string>
#include <thread>

#include "edge/listener.hpp"
#include "net/deadlines.hpp"
#include "net/worker_pool.hpp"
#include "pki/lab_pki.hpp"
#include "verify/policy.hpp"
#include "verify/trust_store.hpp"
#include "xmpp/iq_answers.hpp"

namespace fedharness::cli {

/// Where `probe xmpp --listen` takes the answers of a server without bidi
/// (XEP-0288), which answers over a stream of its own back to our domain's
/// server (RFC 6120 §4.1): a receiving side on a thread of its own that
/// authenticates that stream (SASL EXTERNAL, the server's certificate
/// verified as the probe's policy says) and leaves the answers for the
/// probe's stream to take.
class ReturnStreamListener {
 public:
  ReturnStreamListener(const net::tcp::endpoint& at, std::string our_domain,
                       const IssuedCredential& identity, const TrustStore& trust,
                       const Policy& policy, net::Deadlines deadlines);
  ReturnStreamListener(const ReturnStreamListener&) = delete;
  ReturnStreamListener& operator=(const ReturnStreamListener&) = delete;
  /// Stops listening, ends the streams still open and waits for its thread.
  ~ReturnStreamListener();

  xmpp::IqAnswers* answers() { return &answers_; }

 private:
  xmpp::IqAnswers answers_;
  net::WorkerPool workers_{1};
  std::unique_ptr<Listener> listener_;
  std::thread thread_;
};

}  // namespace fedharness::cli
