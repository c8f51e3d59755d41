#include "cli/edge_log.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <boost/json/value.hpp>
#include <cstdio>

#include "net/connect.hpp"
#include "pki/certificate_info.hpp"
#include "report/color.hpp"
#include "report/json_text.hpp"
#include "transcript/printable.hpp"

namespace fedharness::cli {
namespace {

// The domains served, for the banner: a topology of thousands would fill
// the operator's screen.
std::string summarize_domains(const std::vector<std::string>& domains) {
  constexpr size_t kShown = 5;
  if (domains.size() <= kShown) {
    return fmt::format("{}", fmt::join(domains, ", "));
  }
  return fmt::format("{} and {} more", fmt::join(domains.begin(), domains.begin() + kShown, ", "),
                     domains.size() - kShown);
}

std::string_view refused_by(net::Side side) {
  return side == net::Side::local ? "refused by the Edge" : "refused by the partner";
}

// "pass" or "fail CODE", coloured on a terminal that wants it.
std::string verdict_word(bool passed, const std::optional<FindingCode>& code, bool color) {
  std::string word = passed ? "pass" : code ? "fail " + std::string(to_string(*code)) : "fail";
  if (!color) {
    return word;
  }
  return fmt::format("{}{}{}", passed ? kGreen : kRed, word, kReset);
}

std::string peer_text(const net::tcp::endpoint& peer) {
  return net::endpoint_text(peer);
}

boost::json::object json_line(const net::tcp::endpoint& peer, Protocol protocol,
                              std::string_view event) {
  return {{"time", iso8601_utc(std::chrono::system_clock::now())},
          {"peer", peer_text(peer)},
          {"protocol", to_string(protocol)},
          {"event", event}};
}

boost::json::value code_or_null(const std::optional<FindingCode>& code) {
  if (!code) {
    return nullptr;
  }
  return boost::json::value(to_string(*code));
}

}  // namespace

std::string describe_outcome(const net::ConnectionOutcome& outcome) {
  std::string peer = outcome.tls.peer_chain.empty()
                         ? std::string("no certificate")
                         : inspect_certificate(outcome.tls.peer_chain.front().get()).subject;
  if (outcome.passed) {
    return fmt::format("pass ({}; {})", peer, outcome.evidence);
  }
  return fmt::format("fail {} {} at {} ({}; {})", to_string(*outcome.code),
                     refused_by(outcome.side), outcome.stage, peer, outcome.evidence);
}

void EdgeLog::listening(std::string_view access_fqdn, std::string_view service,
                        const net::tcp::endpoint& endpoint, std::string_view policy,
                        const std::vector<std::string>& domains) {
  if (choice_.format == OutputFormat::json) {
    boost::json::array served(domains.begin(), domains.end());
    print(to_json_text({{"time", iso8601_utc(std::chrono::system_clock::now())},
                        {"event", "listening"},
                        {"service", service},
                        {"address", net::endpoint_text(endpoint)},
                        {"access_fqdn", access_fqdn},
                        {"policy", policy},
                        {"domains", std::move(served)}}));
    return;
  }
  print(fmt::format("simulated Edge {} listening for {} on {} (policy {}, domains {})", access_fqdn,
                    service, net::endpoint_text(endpoint), policy, summarize_domains(domains)));
}

void EdgeLog::event(const net::tcp::endpoint& peer, Protocol protocol,
                    const net::ConnectionEvent& event) {
  std::string evidence = displayable(event.evidence);
  if (choice_.format == OutputFormat::json) {
    boost::json::object line = json_line(peer, protocol, event.exchange);
    line["passed"] = event.passed;
    line["code"] = code_or_null(event.code);
    line["side"] = event.side == net::Side::local ? "edge" : "partner";
    line["evidence"] = evidence;
    print(to_json_text(line));
    return;
  }
  std::string refusal =
      event.passed || !event.code ? "" : " " + std::string(refused_by(event.side));
  print(fmt::format("{} {} {} {} {}{}: {}", iso8601_utc(std::chrono::system_clock::now()),
                    peer_text(peer), to_string(protocol), event.exchange,
                    verdict_word(event.passed, event.code, choice_.color), refusal, evidence));
}

void EdgeLog::closed(const net::tcp::endpoint& peer, Protocol protocol,
                     const net::ConnectionOutcome& outcome,
                     std::chrono::duration<double> duration) {
  if (choice_.format == OutputFormat::json) {
    boost::json::object line = json_line(peer, protocol, "closed");
    line["passed"] = outcome.passed;
    line["code"] = code_or_null(outcome.code);
    line["side"] = outcome.side == net::Side::local ? "edge" : "partner";
    line["stage"] = outcome.stage;
    line["evidence"] = displayable(outcome.evidence);
    line["duration_seconds"] = duration.count();
    print(to_json_text(line));
    return;
  }
  std::string verdict = displayable(describe_outcome(outcome));
  if (choice_.color) {
    // The verdict's first word, coloured as the events' are.
    size_t space = verdict.find(' ');
    verdict = fmt::format("{}{}{}{}", outcome.passed ? kGreen : kRed, verdict.substr(0, space),
                          kReset, verdict.substr(space));
  }
  print(fmt::format("{} {} {} closed after {:.2f} s: {}",
                    iso8601_utc(std::chrono::system_clock::now()), peer_text(peer),
                    to_string(protocol), duration.count(), verdict));
}

void EdgeLog::print(const std::string& line) {
  std::fputs(line.c_str(), stdout);
  std::fputc('\n', stdout);
  // A line reaches a pipe (tee, a script following the Edge) at once.
  std::fflush(stdout);
}

}  // namespace fedharness::cli
