#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace fedharness::net {

/// The budgets a path's stages run under. A stage's budget is set once, when
/// the stage begins: no traffic from the peer extends it (provisional
/// responses, stanzas, whitespace keep-alives, bytes dribbled one at a time),
/// and the path's own budget caps every stage in it.
enum class Budget {
  connect,   // TCP connect
  tls,       // the TLS handshake
  stream,    // XMPP: a stream header and its features (RFC 6120 §4.3), at each restart
  starttls,  // XMPP: <starttls/> answered with <proceed/> (RFC 6120 §5.4.2)
  auth,      // XMPP: SASL EXTERNAL (RFC 6120 §6.4) or dialback (XEP-0220) answered
  answer,    // the initiator's question answered: SIP OPTIONS (RFC 3261 §11), XMPP ping
  request,   // the receiving end's wait for the initiator: a SIP request, XMPP stanzas
  dns,       // one DNS lookup (SRV, A, AAAA, TLSA) of discovery
  path,      // the whole path, every stage in it
};

inline constexpr size_t kBudgetCount = 9;

/// The name a budget goes by on the command line and in scenarios.
std::string_view budget_name(Budget budget);
std::optional<Budget> budget_named(std::string_view name);
/// Every name, for messages: "connect, tls, stream, ...".
std::string budget_names();

/// One budget changed: from `--deadline STAGE=SECONDS` or a scenario's `deadlines:`.
struct DeadlineOverride {
  Budget budget;
  std::chrono::milliseconds value;
};

/// Parses "STAGE=SECONDS" (seconds may have a fraction: "tls=0.5"). Throws
/// BadInput saying what is wrong with `text`.
DeadlineOverride parse_deadline_override(std::string_view text);

/// A budget given in seconds ("5", "0.5"); nullopt unless it is a number of
/// seconds in the range kBudgetRange says.
std::optional<std::chrono::milliseconds> budget_from_seconds(std::string_view seconds);
inline constexpr std::string_view kBudgetRange = "a number of seconds from 0.001 to 86400";

/// Every stage's budget. The defaults are one place: a federation peer on
/// loopback answers in milliseconds, a real Edge across the Internet in well
/// under a second, and a path's stages together in well under the path's.
class Deadlines {
 public:
  Deadlines();

  std::chrono::milliseconds of(Budget budget) const {
    return budgets_[static_cast<size_t>(budget)];
  }
  void set(Budget budget, std::chrono::milliseconds value) {
    budgets_[static_cast<size_t>(budget)] = value;
  }
  /// These budgets with `overrides` applied in order.
  Deadlines with(std::span<const DeadlineOverride> overrides) const;

 private:
  std::array<std::chrono::milliseconds, kBudgetCount> budgets_;
};

/// "5 s", "0.5 s", "250 ms": a budget as evidence states it.
std::string describe_duration(std::chrono::milliseconds duration);

}  // namespace fedharness::net
