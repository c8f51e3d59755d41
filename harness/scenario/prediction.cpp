#include "scenario/prediction.hpp"

#include <fmt/core.h>

#include "net/cipher_overlap.hpp"
#include "net/tls_context.hpp"
#include "verify/name_constraints.hpp"
#include "verify/sip_identity.hpp"
#include "verify/verify_error_codes.hpp"
#include "verify/xmpp_identity.hpp"

namespace fedharness {
namespace {

/// One end of the handshake as the prediction sees it.
struct PredictedEnd {
  std::string side;  // "edge" or "partner"
  const IssuedCredential* identity;
  const Policy* policy;
  const TrustStore* trust;                   // what this end trusts for the other's certificate
  std::string domain;                        // the domain this end federates for
  std::chrono::system_clock::time_point at;  // when this end judges validity
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
      verify_chain(*verifier.trust, presented_chain(*presenter.identity), purpose, verifier.at,
                   KnownIntermediates::ignore, net::security_level(*verifier.policy));
  if (verification.failures.empty()) {
    return std::nullopt;
  }
  const VerifyFailure& first = verification.failures.front();
  FindingCode code = finding_for_failure(first, purpose, *verifier.trust);
  return refused(verifier, code, "handshake", describe_verify_error(first, *verifier.trust));
}

std::optional<Verdict> name_refusal(Protocol protocol, const PredictedEnd& verifier,
                                    const PredictedEnd& presenter, std::string stage) {
  CertificateInfo leaf = inspect_certificate(presenter.identity->certificate.get());
  NameCheck check =
      protocol == Protocol::sip
          ? check_sip_name(leaf, PeerName::for_domain(presenter.domain), *verifier.policy)
          : check_xmpp_name(leaf, presenter.domain, *verifier.policy);
  apply_wildcard_constraints(check, issuers_of(presented_chain(*presenter.identity)));
  if (check.matches) {
    return std::nullopt;
  }
  return refused(verifier, FindingCode::name_mismatch, std::move(stage),
                 fmt::format("{} is not covered (the certificate offers: {})", check.expected,
                             describe_identities(check)));
}

// Whether the receiver accepts the initiator's certificate for SASL EXTERNAL
// (XEP-0178): nullopt when it does.
std::optional<Verdict> certificate_refusal(const PredictedEnd& initiator,
                                           const PredictedEnd& receiver) {
  if (initiator.identity == nullptr ||
      receiver.policy->client_certificate == ClientCertificate::none) {
    return refused(receiver, FindingCode::client_cert_missing, "sasl",
                   "no certificate reaches the receiver for SASL EXTERNAL");
  }
  if (auto refusal = chain_refusal(receiver, initiator, receiver.policy->client_purpose)) {
    refusal->stage = "sasl";
    return refusal;
  }
  return name_refusal(Protocol::xmpp, receiver, initiator, "sasl");
}

// XMPP receivers let the handshake finish and judge the certificate after
// TLS, against the stream's `from`. SASL EXTERNAL is offered when the
// certificate is acceptable (or always, as ejabberd does) and taken unless
// the initiator never uses it; dialback (XEP-0220) when both sides do it.
Verdict predict_xmpp_authentication(const PredictedEnd& initiator, const PredictedEnd& receiver) {
  const XmppSettings& offering = receiver.policy->xmpp;
  const XmppSettings& asking = initiator.policy->xmpp;
  if (receiver.policy->client_certificate == ClientCertificate::required &&
      initiator.identity == nullptr) {
    return refused(receiver, FindingCode::client_cert_missing, "handshake",
                   "the initiator has no certificate to present");
  }
  std::optional<Verdict> certificate = certificate_refusal(initiator, receiver);
  bool external_offered =
      offering.sasl_external == ExternalOffer::always ||
      (offering.sasl_external == ExternalOffer::when_acceptable && !certificate);
  if (external_offered && asking.sasl_external != ExternalOffer::never) {
    if (certificate) {
      return *certificate;
    }
    return {true, std::nullopt, "", "done", "SASL EXTERNAL: every check of both ends passes"};
  }
  if (offering.dialback && asking.dialback) {
    return {true, std::nullopt, "", "done", "dialback: both ends do it"};
  }
  if (certificate && offering.sasl_external == ExternalOffer::when_acceptable) {
    return *certificate;
  }
  if (asking.sasl_external == ExternalOffer::never) {
    return refused(initiator, FindingCode::xmpp_dialback_failed, "sasl",
                   "the initiator does dialback only; the receiver does not offer it");
  }
  return refused(initiator, FindingCode::xmpp_sasl_external_not_offered, "sasl",
                 offering.sasl_external == ExternalOffer::never
                     ? "the receiving server authenticates by dialback only"
                     : "the receiving server offers no SASL EXTERNAL");
}

// TLS 1.0 and 1.1 sign the handshake with MD5-SHA-1 or SHA-1, which OpenSSL 3
// allows only at security level 0: an end above it, the server first,
// refuses ("no suitable signature algorithm", "legacy sigalg disallowed").
std::optional<Verdict> legacy_version_refusal(const PredictedEnd& client,
                                              const PredictedEnd& server) {
  TlsVersion best = std::min(client.policy->max_version, server.policy->max_version);
  if (best >= TlsVersion::tls1_2) {
    return std::nullopt;
  }
  for (const PredictedEnd* end : {&server, &client}) {
    if (int level = net::security_level(*end->policy); level > 0) {
      return refused(*end, FindingCode::tls_handshake_failed, "handshake",
                     fmt::format("TLS {} signs the handshake with SHA-1, allowed only at OpenSSL "
                                 "security level 0; the {} runs at level {}",
                                 to_string(best), end->side, level));
    }
  }
  return std::nullopt;
}

Verdict predict(Protocol protocol, const PredictedEnd& client, const PredictedEnd& server) {
  if (client.policy->max_version < server.policy->min_version ||
      server.policy->max_version < client.policy->min_version) {
    return refused(
        server, FindingCode::tls_version_mismatch, "handshake",
        fmt::format("client offers TLS {} to {}, server accepts {} to {}",
                    to_string(client.policy->min_version), to_string(client.policy->max_version),
                    to_string(server.policy->min_version), to_string(server.policy->max_version)));
  }
  if (auto refusal = legacy_version_refusal(client, server)) {
    return *refusal;
  }
  if (server.identity == nullptr) {
    return refused(client, FindingCode::tls_handshake_failed, "handshake",
                   "the server has no certificate to present");
  }
  if (!net::share_a_cipher(*client.policy, *server.policy, server.identity->key.get())) {
    return refused(server, FindingCode::tls_no_shared_cipher, "handshake",
                   "no cipher suite of the client's fits the server's list and its key");
  }
  if (auto refusal = chain_refusal(client, server, client.policy->server_purpose)) {
    return *refusal;
  }
  if (auto refusal = name_refusal(protocol, client, server, "handshake")) {
    return *refusal;
  }
  if (protocol == Protocol::xmpp) {
    return predict_xmpp_authentication(client, server);
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
      if (auto refusal = name_refusal(protocol, server, client, "sip request")) {
        return *refusal;
      }
    }
  }
  return {true, std::nullopt, "", "done", "every check of both ends passes"};
}

}  // namespace

Verdict predict_path(const PathSpec& path, const EdgeSpec& edge_spec,
                     const ScenarioEnvironment& environment,
                     std::chrono::system_clock::time_point at) {
  PredictedEnd edge{"edge",
                    &environment.edge_identity(),
                    &edge_policy(edge_spec, path.protocol),
                    &environment.edge_trust(),
                    path.edge_domain,
                    at};
  PredictedEnd partner{"partner",    environment.partner_identity(path),
                       &path.policy, &environment.partner_trust(),
                       path.partner, at};
  return path.direction == Direction::outbound ? predict(path.protocol, edge, partner)
                                               : predict(path.protocol, partner, edge);
}

}  // namespace fedharness
