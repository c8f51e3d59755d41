#include "net/connection_event.hpp"

#include <fmt/core.h>

#include "pki/certificate_info.hpp"

namespace fedharness::net {

ConnectionEvent handshake_passed(const TlsObservation& observation) {
  std::string certificate =
      observation.peer_chain.empty()
          ? std::string("no certificate")
          : "certificate " + inspect_certificate(observation.peer_chain.front().get()).subject;
  return {
      .exchange = "handshake",
      .passed = true,
      .evidence = fmt::format("{} {}, {}", observation.version, observation.cipher, certificate)};
}

ConnectionEvent event_of(std::string exchange, const ConnectionOutcome& outcome) {
  return {.exchange = std::move(exchange),
          .passed = outcome.passed,
          .code = outcome.code,
          .side = outcome.side,
          .evidence = outcome.evidence};
}

}  // namespace fedharness::net
