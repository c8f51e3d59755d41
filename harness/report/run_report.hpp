#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/outcome.hpp"
#include "scenario/path_result.hpp"
#include "scenario/shard.hpp"

namespace fedharness {

/// The result of a run as plain data: what every renderer (terminal, JSON,
/// JUnit) works from, built from a live run or read back from its JSON
/// document, so that merged shards render exactly as one run does. Nothing
/// in it points into the scenarios or holds an OpenSSL object.

/// The JSON document's schema and version (docs/report-schema.md).
inline constexpr std::string_view kRunReportSchema = "fedharness-run/1";

/// One certificate of a chain an end was presented, as a person checks it.
struct CertificateSummary {
  std::string subject;  // RFC 2253
  std::string issuer;
  std::vector<std::string> dns_names;
  std::vector<std::string> uris;
  std::vector<std::string> srv_ids;
  std::vector<std::string> xmpp_addrs;
  std::optional<std::vector<std::string>> eku;  // absent: no EKU extension, any purpose
  std::string not_before;                       // RFC 3339 UTC, "2026-11-25T13:17:05Z"
  std::string not_after;
  // Uppercase hex without separators, as Windows shows them; empty in
  // documents written before they were reported.
  std::string serial;
  std::string sha1_thumbprint;
  std::string sha256_fingerprint;
};

struct AlertSummary {
  int description = 0;
  std::string name;  // "unsupported_certificate"
};

/// One error the end's own verifier reported.
struct VerifyFailureSummary {
  int error = 0;  // X509_V_ERR_*
  std::string message;
  int depth = 0;        // 0 is the leaf
  std::string subject;  // of the certificate at that depth, when OpenSSL named one
};

/// What one end saw of the TLS connection.
struct TlsSummary {
  std::string version;  // empty when no handshake completed
  std::string cipher;
  std::optional<AlertSummary> alert_sent;
  std::optional<AlertSummary> alert_received;
  std::vector<VerifyFailureSummary> verify_failures;
  std::string name_failure;
  bool presented_certificate = false;
  std::vector<CertificateSummary> peer_chain;  // leaf first
};

/// How one end (the Edge's or the partner's) ended its part of a path.
struct EndReport {
  bool passed = false;
  std::optional<FindingCode> code;
  net::Side side = net::Side::local;
  std::string stage;
  std::string evidence;
  TlsSummary tls;
};

struct PathReport {
  size_t index = 0;  // its place among the scenario's paths, as written (shards keep it)
  std::string id;
  Protocol protocol = Protocol::sip;
  Direction direction = Direction::inbound;
  std::string edge_domain;
  std::string partner;
  std::string policy;
  Expectation expect;
  PathOutcome outcome = PathOutcome::error;
  std::string reason;
  double duration_seconds = 0;
  std::optional<Verdict> observed;  // none when the path did not run (skipped, error)
  std::optional<Verdict> predicted;
  std::optional<EndReport> edge_end;
  std::optional<EndReport> partner_end;
  std::optional<EdgeTarget> edge_target;  // where a real Edge was reached

  bool met_expectation() const {
    return outcome == PathOutcome::pass || outcome == PathOutcome::expected_fail;
  }
  bool prediction_disagrees() const;
};

struct TopologySummary {
  std::string file;
  std::string access_fqdn;
  std::vector<std::string> sip_domains;
  std::vector<std::string> xmpp_domains;
  std::vector<std::string> public_im;
};

/// The Edge the scenario ran against: the simulated one, or a real address.
struct EdgeSummary {
  bool simulated = true;
  std::string host;
  unsigned short sip_port = 0;
  unsigned short xmpp_port = 0;
};

struct ScenarioReport {
  std::string id;
  std::string name;
  std::string file;
  TopologySummary topology;
  EdgeSummary edge;
  std::vector<PathReport> paths;  // in their index order; a shard's subset
};

struct RunMetadata {
  std::string fedharness_version;
  std::string started_at;  // RFC 3339 UTC
  double duration_seconds = 0;
  std::optional<Shard> shard;            // which 1/N of the paths ran
  std::vector<std::string> merged_from;  // the documents `report merge` joined; empty for a run
  std::string judged_at;  // --at, RFC 3339 UTC: validity judged as of then; empty: at the run
};

struct RunReport {
  RunMetadata run;
  std::vector<ScenarioReport> scenarios;
};

/// "sip outbound contoso.com -> aol.com": what a path connects, in words.
std::string describe_path(const PathReport& path);

/// "prediction disagrees: the static check said CODE (evidence)", for a path
/// whose prediction_disagrees().
std::string describe_disagreement(const PathReport& path);

/// The verdict's code, or "pass".
std::string verdict_code(const Verdict& verdict);

}  // namespace fedharness
