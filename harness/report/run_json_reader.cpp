#include "report/run_json_reader.hpp"

#include <fmt/core.h>

#include <array>
#include <boost/json.hpp>
#include <limits>

#include "util/bad_input.hpp"
#include "util/files.hpp"

namespace fedharness {
namespace {

namespace json = boost::json;

/// A member of the document being read, and where it is: every complaint
/// names the file and the JSON Pointer of the member.
class Member {
 public:
  Member(const json::value& value, std::string pointer, const std::string& source)
      : value_(&value), pointer_(std::move(pointer)), source_(&source) {}

  [[noreturn]] void fail(std::string_view what) const {
    throw BadInput(fmt::format("{}: {}: {}", *source_, pointer_.empty() ? "/" : pointer_, what));
  }

  bool is_string() const { return value_->is_string(); }

  // A member that must be present (null counts as present).
  Member operator[](std::string_view key) const {
    const json::value* member = object().if_contains(key);
    if (member == nullptr) {
      fail(fmt::format("no member \"{}\"", key));
    }
    return child(*member, key);
  }

  // A member that may be absent or null.
  std::optional<Member> optional(std::string_view key) const {
    const json::value* member = object().if_contains(key);
    if (member == nullptr || member->is_null()) {
      return std::nullopt;
    }
    return child(*member, key);
  }

  // A string member that may be absent or null: "" then.
  std::string string_or_empty(std::string_view key) const {
    auto member = optional(key);
    return member ? member->string() : std::string();
  }

  std::vector<Member> elements() const {
    const json::array* array = value_->if_array();
    if (array == nullptr) {
      fail("expected an array");
    }
    std::vector<Member> elements;
    for (size_t i = 0; i < array->size(); ++i) {
      elements.push_back(child((*array)[i], std::to_string(i)));
    }
    return elements;
  }

  std::string string() const {
    const json::string* text = value_->if_string();
    if (text == nullptr) {
      fail("expected a string");
    }
    return std::string(*text);
  }

  std::vector<std::string> strings() const {
    std::vector<std::string> values;
    for (const auto& element : elements()) {
      values.push_back(element.string());
    }
    return values;
  }

  bool boolean() const {
    const bool* value = value_->if_bool();
    if (value == nullptr) {
      fail("expected true or false");
    }
    return *value;
  }

  double number() const {
    if (!value_->is_number()) {
      fail("expected a number");
    }
    return value_->to_number<double>();
  }

  template <typename Integer>
  Integer integer() const {
    boost::system::error_code error;
    auto value = value_->is_number() ? value_->to_number<Integer>(error) : Integer{};
    if (!value_->is_number() || error) {
      fail(fmt::format("expected an integer from {} to {}", std::numeric_limits<Integer>::min(),
                       std::numeric_limits<Integer>::max()));
    }
    return value;
  }

  /// The enum value whose to_string is this member's string.
  template <typename Enum, size_t N>
  Enum one_of(const std::array<Enum, N>& values) const {
    std::string text = string();
    for (Enum value : values) {
      if (to_string(value) == text) {
        return value;
      }
    }
    fail(fmt::format("unknown value \"{}\"", text));
  }

  FindingCode code() const {
    std::string text = string();
    auto code = finding_code_from_string(text);
    if (!code) {
      fail(fmt::format("unknown finding code \"{}\" (written by a newer fedharness?)", text));
    }
    return *code;
  }

  std::optional<FindingCode> optional_code(std::string_view key) const {
    auto member = optional(key);
    return member ? std::optional(member->code()) : std::nullopt;
  }

 private:
  const json::object& object() const {
    const json::object* object = value_->if_object();
    if (object == nullptr) {
      fail("expected an object");
    }
    return *object;
  }

  Member child(const json::value& value, std::string_view key) const {
    return Member(value, fmt::format("{}/{}", pointer_, key), *source_);
  }

  const json::value* value_;
  std::string pointer_;
  const std::string* source_;
};

constexpr std::array kProtocols{Protocol::sip, Protocol::xmpp};
constexpr std::array kDirections{Direction::inbound, Direction::outbound};
constexpr std::array kOutcomes{PathOutcome::pass,    PathOutcome::expected_fail,
                               PathOutcome::fail,    PathOutcome::unexpected_pass,
                               PathOutcome::skipped, PathOutcome::error};
constexpr std::array kSides{net::Side::local, net::Side::remote};

bool passed(const Member& verdict) {
  std::string result = verdict["result"].string();
  if (result != "pass" && result != "fail") {
    verdict["result"].fail(fmt::format("expected \"pass\" or \"fail\", not \"{}\"", result));
  }
  return result == "pass";
}

Verdict read_verdict(const Member& member) {
  Verdict verdict{passed(member), member.optional_code("code"), "", "", ""};
  verdict.side = member.string_or_empty("side");
  verdict.stage = member.string_or_empty("stage");
  verdict.evidence = member["evidence"].string();
  verdict.remote_alert = member.string_or_empty("remote_alert");
  verdict.remote_stream_error = member.string_or_empty("remote_stream_error");
  return verdict;
}

CertificateSummary read_certificate(const Member& member) {
  Member sans = member["sans"];
  std::optional<std::vector<std::string>> eku;
  if (auto usages = member.optional("eku")) {
    eku = usages->strings();
  }
  return {member["subject"].string(),
          member["issuer"].string(),
          sans["dns"].strings(),
          sans["uri"].strings(),
          sans["srv"].strings(),
          sans["xmpp_addr"].strings(),
          std::move(eku),
          member["not_before"].string(),
          member["not_after"].string(),
          member.string_or_empty("serial"),
          member.string_or_empty("sha1_thumbprint"),
          member.string_or_empty("sha256_fingerprint")};
}

std::optional<AlertSummary> read_alert(const Member& tls, std::string_view key) {
  auto member = tls.optional(key);
  if (!member) {
    return std::nullopt;
  }
  return AlertSummary{(*member)["description"].integer<int>(), (*member)["name"].string()};
}

TlsSummary read_tls(const Member& member) {
  TlsSummary tls{member["version"].string(),
                 member["cipher"].string(),
                 read_alert(member, "alert_sent"),
                 read_alert(member, "alert_received"),
                 {},
                 member["name_failure"].string(),
                 member["presented_certificate"].boolean(),
                 {}};
  for (const auto& failure : member["verify_failures"].elements()) {
    tls.verify_failures.push_back({failure["error"].integer<int>(), failure["message"].string(),
                                   failure["depth"].integer<int>(), failure["subject"].string()});
  }
  for (const auto& certificate : member["peer_chain"].elements()) {
    tls.peer_chain.push_back(read_certificate(certificate));
  }
  return tls;
}

std::optional<EndReport> read_end(const Member& path, std::string_view key) {
  auto member = path.optional(key);
  if (!member) {
    return std::nullopt;
  }
  return EndReport{passed(*member),
                   member->optional_code("code"),
                   (*member)["side"].one_of(kSides),
                   (*member)["stage"].string(),
                   (*member)["evidence"].string(),
                   read_tls((*member)["tls"])};
}

// {"host", "address", "port", "record"}, address and record null when none.
std::optional<EdgeTarget> read_edge_target(const Member& path) {
  auto member = path.optional("edge_target");
  if (!member) {
    return std::nullopt;
  }
  return EdgeTarget{(*member)["host"].string(), member->string_or_empty("address"),
                    (*member)["port"].integer<unsigned short>(), member->string_or_empty("record")};
}

// "pass", or {"fail": CODE[, "known_failure": WHERE][, "remote_alert": NAME]
// [, "remote_stream_error": CONDITION]}.
Expectation read_expect(const Member& expect) {
  if (expect.is_string()) {
    if (expect.string() != "pass") {
      expect.fail("expected \"pass\" or {\"fail\": CODE}");
    }
    return {};
  }
  Expectation expectation;
  expectation.known_failure = expect.string_or_empty("known_failure");
  // A known failure may name no code (null): any failure is the known one.
  expectation.failure =
      expectation.known_failure.empty() ? expect["fail"].code() : expect.optional_code("fail");
  expectation.remote_alert = expect.string_or_empty("remote_alert");
  expectation.remote_stream_error = expect.string_or_empty("remote_stream_error");
  return expectation;
}

PathReport read_path(const Member& member) {
  auto optional_verdict = [&](std::string_view key) {
    auto verdict = member.optional(key);
    return verdict ? std::optional(read_verdict(*verdict)) : std::nullopt;
  };
  return {member["index"].integer<size_t>(),
          member["id"].string(),
          member["protocol"].one_of(kProtocols),
          member["direction"].one_of(kDirections),
          member["edge_domain"].string(),
          member["partner"].string(),
          member["policy"].string(),
          read_expect(member["expect"]),
          member["outcome"].one_of(kOutcomes),
          member["reason"].string(),
          member["duration_seconds"].number(),
          optional_verdict("observed"),
          optional_verdict("predicted"),
          read_end(member, "edge_end"),
          read_end(member, "partner_end"),
          read_edge_target(member)};
}

ScenarioReport read_scenario(const Member& member) {
  Member topology = member["topology"];
  Member edge = member["edge"];
  ScenarioReport scenario{member["id"].string(),
                          member["name"].string(),
                          member["file"].string(),
                          {topology["file"].string(), topology["access_fqdn"].string(),
                           topology["sip_domains"].strings(), topology["xmpp_domains"].strings(),
                           topology["public_im"].strings()},
                          {edge["simulated"].boolean(), "", 0, 0},
                          {}};
  if (!scenario.edge.simulated) {
    scenario.edge.host = edge["host"].string();
    scenario.edge.sip_port = edge["sip_port"].integer<unsigned short>();
    scenario.edge.xmpp_port = edge["xmpp_port"].integer<unsigned short>();
  }
  for (const auto& path : member["paths"].elements()) {
    scenario.paths.push_back(read_path(path));
  }
  return scenario;
}

RunMetadata read_metadata(const Member& member) {
  RunMetadata run{member["fedharness_version"].string(), member["started_at"].string(),
                  member["duration_seconds"].number(), std::nullopt,
                  member["merged_from"].strings()};
  run.judged_at = member.string_or_empty("judged_at");
  if (auto shard = member.optional("shard")) {
    run.shard = Shard{(*shard)["index"].integer<size_t>(), (*shard)["count"].integer<size_t>()};
    if (run.shard->index < 1 || run.shard->index > run.shard->count) {
      shard->fail("expected an index from 1 to count");
    }
  }
  return run;
}

json::value parse_json(std::string_view text, const std::string& source) {
  json::stream_parser parser;
  boost::system::error_code error;
  size_t consumed = parser.write_some(text.data(), text.size(), error);
  if (!error) {
    parser.finish(error);
  }
  if (error) {
    throw BadInput(fmt::format("{}: not JSON (byte {}: {})", source, consumed, error.message()));
  }
  return parser.release();
}

// Before anything else: is this a run document, and of the version we read?
void check_schema(const json::value& document, const std::string& source) {
  const json::object* object = document.if_object();
  const json::value* schema = object ? object->if_contains("schema") : nullptr;
  const json::string* name = schema ? schema->if_string() : nullptr;
  if (name == nullptr || !name->starts_with("fedharness-run/")) {
    throw BadInput(fmt::format("{}: not a fedharness run document (no \"schema\": \"{}\")", source,
                               kRunReportSchema));
  }
  if (*name != kRunReportSchema) {
    throw BadInput(fmt::format("{}: schema {} is not the {} this fedharness reads", source,
                               std::string_view(*name), kRunReportSchema));
  }
}

}  // namespace

RunReport parse_run_report(std::string_view text, const std::string& source) {
  json::value document = parse_json(text, source);
  check_schema(document, source);
  Member root(document, "", source);
  RunReport report{read_metadata(root["run"]), {}};
  for (const auto& scenario : root["scenarios"].elements()) {
    report.scenarios.push_back(read_scenario(scenario));
  }
  return report;
}

RunReport load_run_report(const std::filesystem::path& file) {
  return parse_run_report(read_file(file, InputKind::run_document), file.string());
}

}  // namespace fedharness
