#include "scenario/partner_matrix.hpp"

#include <fmt/core.h>

#include "scenario/runner.hpp"

namespace fedharness {
namespace {

constexpr std::string_view kPartner = "partner.example";

Protocol protocol_of(const Policy& policy) {
  return policy.names == NameRule::xmpp ? Protocol::xmpp : Protocol::sip;
}

// The domain a partner of `protocol` federates with, or none.
std::optional<std::string> edge_domain(const Topology& topology, Protocol protocol) {
  const auto& domains = protocol == Protocol::sip ? topology.sip_domains : topology.xmpp_domains;
  if (domains.empty()) {
    return std::nullopt;
  }
  return domains.front();
}

PartnerDirection direction_of(const PathResult& result) {
  bool ran = result.outcome != PathOutcome::error && result.outcome != PathOutcome::skipped;
  return {result.observed, result.predicted, ran ? std::string() : result.reason};
}

}  // namespace

std::vector<PartnerRow> run_partner_matrix(
    const Topology& topology, const MatrixEdge& edge, const std::vector<Policy>& policies,
    std::optional<std::chrono::system_clock::time_point> at) {
  Scenario scenario{.file = topology.source,
                    .id = "partners",
                    .name = "the partner matrix",
                    .topology = topology,
                    .trust = edge.trust};
  scenario.edge.policy = find_policy("lync");
  scenario.edge.xmpp_policy = find_policy("lync-xmpp");
  scenario.edge.user_certificate = edge.files;
  scenario.edge.issued_certificate = edge.issued;
  std::vector<PartnerRow> rows;
  for (const Policy& policy : policies) {
    PartnerRow& row = rows.emplace_back(PartnerRow{policy, protocol_of(policy), {}, {}});
    std::optional<std::string> domain = edge_domain(topology, row.protocol);
    if (!domain) {
      std::string why = fmt::format("the topology has no {} domain", to_string(row.protocol));
      row.inbound.reason = why;
      row.outbound.reason = why;
      continue;
    }
    for (Direction direction : {Direction::inbound, Direction::outbound}) {
      scenario.paths.push_back(PathSpec{
          .id = fmt::format("{} {}", policy.name, to_string(direction)),
          .index = scenario.paths.size(),
          .protocol = row.protocol,
          .direction = direction,
          .edge_domain = *domain,
          .partner = std::string(kPartner),
          .policy = policy,
      });
    }
  }
  std::vector<Scenario> scenarios{std::move(scenario)};
  std::vector<ScenarioResult> results = run_scenarios(scenarios, {.at = at});
  // Paths went in policy order, inbound then outbound, skipping rows without a domain.
  auto result = results.front().paths.begin();
  for (PartnerRow& row : rows) {
    if (!edge_domain(topology, row.protocol)) {
      continue;
    }
    row.inbound = direction_of(*result++);
    row.outbound = direction_of(*result++);
  }
  return rows;
}

}  // namespace fedharness
