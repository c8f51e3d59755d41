#include "report/partner_matrix_report.hpp"

#include <fmt/ostream.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace fedharness {
namespace {

namespace json = boost::json;

json::value direction_to_json(const PartnerDirection& direction) {
  if (!direction.reason.empty()) {
    return json::object{{"result", "n/a"}, {"reason", direction.reason}};
  }
  json::object object{
      {"result", direction.observed.passed ? "pass" : "fail"},
      {"code", direction.observed.code ? json::value(to_string(*direction.observed.code))
                                       : json::value(nullptr)},
      {"stage", direction.observed.stage},
      {"evidence", direction.observed.evidence}};
  if (direction.predicted) {
    object["predicted"] = json::object{
        {"result", direction.predicted->passed ? "pass" : "fail"},
        {"code", direction.predicted->code ? json::value(to_string(*direction.predicted->code))
                                           : json::value(nullptr)}};
  }
  return object;
}

std::string verdict_text(const Verdict& verdict) {
  return verdict.passed ? std::string("pass")
                        : fmt::format("fail {}", verdict.code ? to_string(*verdict.code) : "?");
}

// The verdict, with " (predicted: ...)" when the static check says otherwise.
std::string cell(const PartnerDirection& direction) {
  std::string text = partner_verdict_text(direction);
  if (direction.reason.empty() && direction.predicted &&
      verdict_text(*direction.predicted) != text) {
    text += fmt::format(" (predicted: {})", verdict_text(*direction.predicted));
  }
  return text;
}

}  // namespace

std::string partner_verdict_text(const PartnerDirection& direction) {
  return direction.reason.empty() ? verdict_text(direction.observed) : "n/a";
}

json::value partner_matrix_to_json(const std::vector<PartnerRow>& rows) {
  json::array partners;
  for (const PartnerRow& row : rows) {
    partners.push_back(json::object{{"policy", row.policy.name},
                                    {"description", row.policy.description},
                                    {"protocol", to_string(row.protocol)},
                                    {"inbound", direction_to_json(row.inbound)},
                                    {"outbound", direction_to_json(row.outbound)}});
  }
  return partners;
}

void print_partner_matrix_text(std::ostream& out, const std::vector<PartnerRow>& rows) {
  fmt::print(out,
             "\nPartners: real handshakes between a simulated Edge serving this certificate and "
             "a simulated partner of each policy\n");
  size_t width = 6;
  for (const PartnerRow& row : rows) {
    width = std::max(width, row.policy.name.size());
  }
  fmt::print(out, "  {:<{}}  {:<5}  {:<36}  {}\n", "policy", width, "proto",
             "inbound (the partner connects)", "outbound (the Edge connects)");
  for (const PartnerRow& row : rows) {
    fmt::print(out, "  {:<{}}  {:<5}  {:<36}  {}\n", row.policy.name, width,
               to_string(row.protocol), cell(row.inbound), cell(row.outbound));
  }
  for (const PartnerRow& row : rows) {
    if (!row.inbound.reason.empty() && row.inbound.reason == row.outbound.reason) {
      fmt::print(out, "  {}: {}\n", row.policy.name, row.inbound.reason);
      continue;
    }
    for (const auto& [name, direction] :
         {std::pair{"inbound", &row.inbound}, std::pair{"outbound", &row.outbound}}) {
      if (!direction->reason.empty()) {
        fmt::print(out, "  {} {}: {}\n", row.policy.name, name, direction->reason);
      } else if (!direction->observed.passed) {
        fmt::print(out, "  {} {}: {} ({}, {})\n", row.policy.name, name,
                   direction->observed.evidence, direction->observed.side,
                   direction->observed.stage);
      }
    }
  }
}

}  // namespace fedharness
