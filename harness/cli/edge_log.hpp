#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "cli/output_format.hpp"
#include "net/asio.hpp"
#include "net/connection_event.hpp"
#include "scenario/scenario.hpp"

namespace fedharness::cli {

/// What `fedharness edge` prints on stdout, a line per event, each stamped
/// with the time (ISO 8601 UTC) to match with the partner's own logs: where
/// it listens, each verdict of a connection as soon as it is reached, and
/// the connection's end with its duration. Text, or with --format json one
/// JSON object a line, for a script following a live Edge. A peer's bytes
/// are escaped either way.
class EdgeLog {
 public:
  explicit EdgeLog(OutputChoice choice) : choice_(choice) {}

  void listening(std::string_view access_fqdn, std::string_view service,
                 const net::tcp::endpoint& endpoint, std::string_view policy,
                 const std::vector<std::string>& domains);
  void event(const net::tcp::endpoint& peer, Protocol protocol, const net::ConnectionEvent& event);
  void closed(const net::tcp::endpoint& peer, Protocol protocol,
              const net::ConnectionOutcome& outcome, std::chrono::duration<double> duration);

 private:
  void print(const std::string& line);

  OutputChoice choice_;
};

/// "pass (CN=sip.partner.example; OPTIONS sip:contoso.com answered 200 OK)",
/// or "fail CODE refused by the Edge at STAGE (...)": how a connection ended.
std::string describe_outcome(const net::ConnectionOutcome& outcome);

}  // namespace fedharness::cli
