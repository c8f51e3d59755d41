#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dns/rdata.hpp"
#include "net/asio.hpp"

namespace fedharness::dns {

/// What one lookup found.
struct Answer {
  enum class Status {
    data,            // records of the type asked for
    no_data,         // the name exists, without records of that type
    no_domain,       // NXDOMAIN: the name does not exist
    server_failure,  // SERVFAIL or REFUSED (libunbound reports both as SERVFAIL)
    timeout,         // no answer within the lookup's deadline
    bogus,           // DNSSEC validation failed (RFC 4035 §5.5)
  };
  Status status = Status::server_failure;
  bool secure = false;             // DNSSEC-validated (RFC 4035 §4.3)
  std::vector<std::string> rdata;  // one record's RDATA each, in wire format
  std::string why;                 // the validator's reason for bogus, the resolver's for a failure
};

/// "NXDOMAIN", "SERVFAIL or REFUSED", "bogus (...)": how evidence names a status.
std::string describe(const Answer& answer);

struct ResolverOptions {
  // Every query to this server ("IP", "IP:PORT", "[IPv6]:PORT"), for labs
  // and tests; empty: the system's configuration (/etc/resolv.conf, /etc/hosts).
  std::string server;
  // DNSSEC trust anchors, "zone. DS ..." or "zone. DNSKEY ..." lines; answers
  // under them are validated, others are insecure.
  std::vector<std::string> trust_anchors;
  std::chrono::milliseconds deadline{5000};  // per lookup
};

/// Parses a resolver's "IP[:PORT]" (53 by default) into libunbound's
/// "IP@PORT". Throws BadInput saying what is wrong with `text`; the caller
/// names where it came from.
std::string forwarder_address(const std::string& text);

/// An asynchronous, validating resolver (libunbound) on an Asio executor:
/// libunbound resolves in a thread of its own and signals through a
/// descriptor, which this waits on; answers are handled on the executor.
/// Every lookup ends by its deadline, answered or not (libunbound alone
/// gives up on a dead server only after 17 s).
class Resolver {
 public:
  /// Throws BadInput when the options are refused (a server that is not an
  /// address, a trust anchor libunbound cannot read).
  Resolver(const net::asio::any_io_executor& executor, const ResolverOptions& options);
  ~Resolver();
  Resolver(const Resolver&) = delete;
  Resolver& operator=(const Resolver&) = delete;

  net::asio::awaitable<Answer> lookup(std::string name, RecordType type);

 private:
  class Context;
  std::shared_ptr<Context> context_;
  std::chrono::milliseconds deadline_;
};

}  // namespace fedharness::dns
