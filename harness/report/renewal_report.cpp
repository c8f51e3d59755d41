#include "report/renewal_report.hpp"

#include <fmt/ostream.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "report/certificate_check_json.hpp"
#include "report/certificate_check_text.hpp"
#include "report/color.hpp"
#include "report/partner_matrix_report.hpp"

namespace fedharness {
namespace {

namespace json = boost::json;
using std::chrono::days;

json::value change_to_json(const PartnerChange& change) {
  return json::object{{"policy", change.row->policy.name},
                      {"direction", to_string(change.direction)},
                      {"before", partner_verdict_text(*change.before)},
                      {"after", partner_verdict_text(*change.after)},
                      {"breaks", change.breaks()}};
}

// "EKU serverAuth; EC P-256; 47 days; issued by CN=...; without its chain"
std::string describe_renewed(const RenewalResult& result) {
  const CertificateInfo& info = result.certificate;
  auto lifetime = std::chrono::round<days>(info.not_after - info.not_before);
  return fmt::format("EKU {}; {}; {} days, to {}; issued by {}{}",
                     info.eku ? fmt::format("{}", fmt::join(*info.eku, ", ")) : "none", info.key,
                     lifetime.count(), format_utc(info.not_after), info.issuer,
                     result.chain_presented ? ", with its chain" : ", without its chain");
}

const PartnerDirection& direction_of(const PartnerRow& row, Direction direction) {
  return direction == Direction::inbound ? row.inbound : row.outbound;
}

bool changed(const std::vector<PartnerChange>& changes, const PartnerRow& before,
             Direction direction) {
  return std::ranges::any_of(changes, [&](const PartnerChange& change) {
    return change.row == &before && change.direction == direction;
  });
}

void print_table(std::ostream& out, const RenewalWhatIf& whatif,
                 const std::vector<std::vector<PartnerChange>>& changes, bool color) {
  size_t policy_width = 6;
  std::vector<size_t> widths{std::string_view("before").size()};
  for (const RenewalResult& result : whatif.after) {
    widths.push_back(result.renewal.name.size());
  }
  for (size_t i = 0; i < whatif.before.size(); ++i) {
    policy_width = std::max(policy_width, whatif.before[i].policy.name.size());
    for (Direction direction : {Direction::inbound, Direction::outbound}) {
      widths[0] = std::max(widths[0],
                           partner_verdict_text(direction_of(whatif.before[i], direction)).size());
      for (size_t r = 0; r < whatif.after.size(); ++r) {
        // A changed cell carries a '*' after it.
        widths[r + 1] = std::max(
            widths[r + 1],
            partner_verdict_text(direction_of(whatif.after[r].partners[i], direction)).size() + 2);
      }
    }
  }
  fmt::print(out, "  {:<{}}  {:<8}  ", "policy", policy_width, "");
  print_cell(out, "before", widths[0] + 2, {});
  for (size_t r = 0; r < whatif.after.size(); ++r) {
    bool last = r + 1 == whatif.after.size();
    print_cell(out, whatif.after[r].renewal.name, last ? 0 : widths[r + 1] + 2, {});
  }
  fmt::print(out, "\n");
  for (size_t i = 0; i < whatif.before.size(); ++i) {
    const PartnerRow& before = whatif.before[i];
    for (Direction direction : {Direction::inbound, Direction::outbound}) {
      fmt::print(out, "  {:<{}}  {:<8}  ", before.policy.name, policy_width, to_string(direction));
      print_cell(out, partner_verdict_text(direction_of(before, direction)), widths[0] + 2, {});
      for (size_t r = 0; r < whatif.after.size(); ++r) {
        std::string text =
            partner_verdict_text(direction_of(whatif.after[r].partners[i], direction));
        bool is_changed = changed(changes[r], before, direction);
        bool last = r + 1 == whatif.after.size();
        print_cell(out, is_changed ? text + " *" : text, last ? 0 : widths[r + 1] + 2,
                   color && is_changed ? kRed : std::string_view{});
      }
      fmt::print(out, "\n");
    }
  }
  fmt::print(out, "  * changed from before\n");
}

// "pass -> fail CHAIN_INCOMPLETE"
std::string transition(const PartnerChange& change) {
  return fmt::format("{} -> {}", partner_verdict_text(*change.before),
                     partner_verdict_text(*change.after));
}

// The evidence of a change's new verdict, when it is a failure.
std::string evidence_of(const PartnerChange& change) {
  const PartnerDirection& after = *change.after;
  if (!after.reason.empty()) {
    return after.reason;
  }
  if (after.observed.passed) {
    return {};
  }
  return fmt::format("{} ({}, {})", after.observed.evidence, after.observed.side,
                     after.observed.stage);
}

// The changes grouped by transition, each group with the cells it covers
// and the evidence of its first: a renewal that breaks every partner the
// same way reads as one line, not two dozen.
void print_changes(std::ostream& out, const RenewalResult& result,
                   const std::vector<PartnerChange>& changes) {
  if (changes.empty()) {
    fmt::print(out, "{} changes no partner's verdict\n", result.renewal.name);
    return;
  }
  auto breaks = std::ranges::count_if(changes, &PartnerChange::breaks);
  fmt::print(out, "{} changes {} verdict{}, {} from pass to fail\n", result.renewal.name,
             changes.size(), changes.size() == 1 ? "" : "s", breaks);
  std::vector<std::string> transitions;
  for (const PartnerChange& change : changes) {
    if (std::ranges::find(transitions, transition(change)) == transitions.end()) {
      transitions.push_back(transition(change));
    }
  }
  for (const std::string& group : transitions) {
    std::vector<const PartnerChange*> members;
    std::vector<std::string> cells;
    for (const PartnerChange& change : changes) {
      if (transition(change) == group) {
        members.push_back(&change);
        cells.push_back(fmt::format("{} {}", change.row->policy.name, to_string(change.direction)));
      }
    }
    fmt::print(out, "  {} ({}): {}\n", group, members.size(), fmt::join(cells, ", "));
    if (std::string evidence = evidence_of(*members.front()); !evidence.empty()) {
      fmt::print(out, "    {}: {}\n", cells.front(), evidence);
    }
  }
}

}  // namespace

json::value renewal_whatif_to_json(const RenewalWhatIf& whatif) {
  json::array after;
  for (const RenewalResult& result : whatif.after) {
    json::array changes;
    for (const PartnerChange& change : changes_of(whatif, result)) {
      changes.push_back(change_to_json(change));
    }
    after.push_back(json::object{{"renewal", result.renewal.name},
                                 {"certificate", certificate_info_to_json(result.certificate)},
                                 {"chain_presented", result.chain_presented},
                                 {"partners", partner_matrix_to_json(result.partners)},
                                 {"changes", std::move(changes)}});
  }
  return json::object{{"certificate", certificate_info_to_json(whatif.certificate)},
                      {"before", json::object{{"partners", partner_matrix_to_json(whatif.before)}}},
                      {"after", std::move(after)}};
}

void print_renewal_whatif_text(std::ostream& out, const RenewalWhatIf& whatif, bool color) {
  print_certificate_identity(out, whatif.certificate, "Certificate");
  fmt::print(out,
             "\nRenewals, issued now by a lab CA standing in for the public one (partners trust "
             "its root as they trust yours):\n");
  size_t width = 0;
  for (const RenewalResult& result : whatif.after) {
    width = std::max(width, result.renewal.name.size());
  }
  for (const RenewalResult& result : whatif.after) {
    fmt::print(out, "  {:<{}}  {}\n", result.renewal.name, width, describe_renewed(result));
  }
  std::vector<std::vector<PartnerChange>> changes;
  for (const RenewalResult& result : whatif.after) {
    changes.push_back(changes_of(whatif, result));
  }
  fmt::print(out,
             "\nPartners: real handshakes between a simulated Edge serving each certificate and a "
             "simulated partner of each policy\n");
  print_table(out, whatif, changes, color);
  fmt::print(out, "\n");
  for (size_t r = 0; r < whatif.after.size(); ++r) {
    print_changes(out, whatif.after[r], changes[r]);
  }
}

}  // namespace fedharness
