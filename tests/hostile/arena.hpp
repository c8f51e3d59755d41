#pragma once

// Where our protocol ends meet a hostile peer: the seed's lab PKI, budgets
// short enough for a suite of many behaviours, and one loopback connection
// per meeting, watched for as long as our end may take and not a moment more.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "hostile_peer.hpp"
#include "net/outcome.hpp"
#include "test_support.hpp"
#include "verify/policy.hpp"

namespace fedharness::hostile {

/// Which of our ends meets the hostile peer: an initiator (probe, run,
/// the simulated Edge's outbound paths) or an accepting end (`fedharness
/// edge`, the simulated Edge's inbound paths).
enum class OurEnd {
  sip_initiator,
  xmpp_initiator,
  xmpp_direct_tls_initiator,
  sip_acceptor,
  xmpp_receiver
};

/// What our end concluded, and how long it took from the connection's start.
struct Meeting {
  std::optional<net::ConnectionOutcome> outcome;  // none: it did not end in time
  std::chrono::duration<double> elapsed{};
};

class Arena {
 public:
  Arena();

  /// Our `end` against a peer playing `script`: the SIP server or client is
  /// the Edge of the seed (sip.contoso.com), the XMPP one partner.example.
  Meeting meet(OurEnd end, Script script);

  /// Every stage of our end runs under this, the whole path under kPathBudget.
  static constexpr std::chrono::milliseconds kStageBudget{500};
  static constexpr std::chrono::milliseconds kPathBudget{2000};
  /// What a path may take beyond its budget: the scheduling of a loaded machine.
  static constexpr std::chrono::milliseconds kMargin{1000};

  /// The hostile peer's TLS: the Edge's certificate as a SIP server, the
  /// partner's as an XMPP server, the partner's as a client of our acceptors.
  std::shared_ptr<net::asio::ssl::context> sip_server_tls() const { return sip_server_tls_; }
  std::shared_ptr<net::asio::ssl::context> xmpp_server_tls() const { return xmpp_server_tls_; }
  std::shared_ptr<net::asio::ssl::context> client_tls() const { return client_tls_; }

 private:
  test::SeedLab lab_;
  Policy sip_policy_ = find_policy("lync");
  Policy xmpp_policy_ = find_policy("xmpp-rfc6120");
  net::Deadlines deadlines_;
  std::shared_ptr<net::asio::ssl::context> sip_server_tls_;
  std::shared_ptr<net::asio::ssl::context> xmpp_server_tls_;
  std::shared_ptr<net::asio::ssl::context> client_tls_;
};

/// One arena for the whole suite: its lab PKI is issued once.
Arena& shared_arena();

/// One misbehaviour, named as BoGo names its tests, and what our end must
/// make of it: failing with `code` at `stage`, refused by `side` (or passing,
/// without a code).
struct Behaviour {
  std::string name;
  OurEnd end;
  Script script;
  std::optional<FindingCode> code;
  std::string stage;
  net::Side side = net::Side::remote;
  std::string evidence_part;  // a part the evidence must hold, when it says something specific
};

/// Meets `behaviour` and checks, with Catch2, the code, the stage, the side,
/// the evidence, that every text is printable UTF-8 and that the path ended
/// within its budget plus the margin.
void check_behaviour(Arena& arena, const Behaviour& behaviour);

/// Each behaviour in a section of its own, named after it, so that
/// `--section NAME` runs one and a failure names it.
void check_behaviours(Arena& arena, const std::vector<Behaviour>& behaviours);

}  // namespace fedharness::hostile
