#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scenario/path_result.hpp"
#include "scenario/scenario.hpp"

namespace fedharness {

/// How one kind of partner takes the Edge's certificate in one direction:
/// from a real handshake, beside the static prediction.
struct PartnerDirection {
  Verdict observed;
  std::optional<Verdict> predicted;
  // Why there is no verdict: the topology has no domain of the protocol, or
  // the harness broke; empty when `observed` is the handshake's.
  std::string reason;
};

/// One partner policy's row of the matrix.
struct PartnerRow {
  Policy policy;
  Protocol protocol;
  PartnerDirection inbound;   // the partner connects and verifies the Edge as a server
  PartnerDirection outbound;  // the Edge connects; the partner verifies it as a client
};

/// The certificate the simulated Edge serves, and what partners trust for it.
struct MatrixEdge {
  std::optional<UserCertificate> files;            // the user's own certificate
  std::shared_ptr<const IssuedCredential> issued;  // or one made in memory (a renewal)
  TrustSpec trust;
};

/// Which partners accept the Edge certificate (the certificate about to be
/// installed, or its what-if renewal), in each direction: a simulated Edge
/// serving it and a simulated partner of each policy make the real
/// handshakes and exchange (SIP OPTIONS, or an XMPP stream with a ping) for
/// the topology's first SIP or XMPP domain. A policy whose name rule is
/// XMPP's is an XMPP partner, any other a SIP one. With `at`, validity is
/// judged as of then.
std::vector<PartnerRow> run_partner_matrix(const Topology& topology, const MatrixEdge& edge,
                                           const std::vector<Policy>& policies,
                                           std::optional<std::chrono::system_clock::time_point> at);

}  // namespace fedharness
