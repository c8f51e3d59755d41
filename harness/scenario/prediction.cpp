#include "scenario/prediction.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include "verify/sip_identity.hpp"
#include "verify/verify_error_codes.hpp"

namespace fedharness {
namespace {

/// One end of the handshake as the prediction sees it.
struct PredictedEnd {
  std::string side;  // "edge" or "partner"
  const IssuedCredential* identity;
  const Policy* policy;
  const TrustStore* trust;  // what this end trusts for the other's certificate
  std::string domain;       // the domain this end federates for
};

std::vector<X509Ptr> presented_chain(const IssuedCredential& identity) {
  std::vector<X509Ptr> chain;
  chain.push_back(share(identity.certificate.get()));
  for (const auto& ca : identity.chain) {
    chain.push_back(share(ca.get()));
  }
  return chain;
}

Verdict refused(const PredictedEnd& by, FindingCode code, std::string stage, std::string evidence) {
  return {false, code, by.side, std::move(stage), std::move(evidence)};
}

// The verifier's chain and purpose check; the first error is what it would
// refuse with, since a handshake stops there.
std::optional<Verdict> chain_refusal(const PredictedEnd& verifier, const PredictedEnd& presenter,
                                     Purpose purpose) {
  ChainVerification verification =
      verify_chain(*verifier.trust, presented_chain(*presenter.identity), purpose,
                   std::chrono::system_clock::now(), KnownIntermediates::ignore);
  if (verification.failures.empty()) {
    return std::nullopt;
  }
  const VerifyFailure& first = verification.failures.front();
  FindingCode code = finding_for_failure(first, purpose, *verifier.trust);
  return refused(
      verifier, code, "handshake",
      fmt::format("{} at depth {}", X509_verify_cert_error_string(first.error), first.depth));
}

std::optional<Verdict> name_refusal(const PredictedEnd& verifier, const PredictedEnd& presenter,
                                    std::string stage) {
  NameCheck check = check_sip_name(inspect_certificate(presenter.identity->certificate.get()),
                                   PeerName::for_domain(presenter.domain), *verifier.policy);
  if (check.matches) {
    return std::nullopt;
  }
  return refused(
      verifier, FindingCode::name_mismatch, std::move(stage),
      fmt::format("{} is not among {}", check.expected,
                  check.identities.empty() ? "no usable names"
                                           : fmt::format("{}", fmt::join(check.identities, ", "))));
}

Verdict predict(const PredictedEnd& client, const PredictedEnd& server) {
  if (client.policy->max_version < server.policy->min_version ||
      server.policy->max_version < client.policy->min_version) {
    return refused(
        server, FindingCode::tls_version_mismatch, "handshake",
        fmt::format("client offers TLS {} to {}, server accepts {} to {}",
                    to_string(client.policy->min_version), to_string(client.policy->max_version),
                    to_string(server.policy->min_version), to_string(server.policy->max_version)));
  }
  if (server.identity == nullptr) {
    return refused(client, FindingCode::tls_handshake_failed, "handshake",
                   "the server has no certificate to present");
  }
  if (auto refusal = chain_refusal(client, server, client.policy->server_purpose)) {
    return *refusal;
  }
  if (auto refusal = name_refusal(client, server, "handshake")) {
    return *refusal;
  }
  if (server.policy->client_certificate != ClientCertificate::none) {
    if (client.identity == nullptr) {
      if (server.policy->client_certificate == ClientCertificate::required) {
        return refused(server, FindingCode::client_cert_missing, "handshake",
                       "the client has no certificate to present");
      }
    } else {
      if (auto refusal = chain_refusal(server, client, server.policy->client_purpose)) {
        return *refusal;
      }
      if (auto refusal = name_refusal(server, client, "sip request")) {
        return *refusal;
      }
    }
  }
  return {true, std::nullopt, "", "done", "every check of both ends passes"};
}

}  // namespace

Verdict predict_sip_path(const PathSpec& path, const Policy& edge_policy,
                         const ScenarioEnvironment& environment) {
  PredictedEnd edge{"edge", &environment.edge_identity(), &edge_policy, &environment.edge_trust(),
                    path.edge_domain};
  PredictedEnd partner{"partner", environment.partner_identity(path), &path.policy,
                       &environment.partner_trust(), path.partner};
  return path.direction == Direction::outbound ? predict(edge, partner) : predict(partner, edge);
}

}  // namespace fedharness
