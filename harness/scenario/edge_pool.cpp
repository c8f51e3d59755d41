#include "scenario/edge_pool.hpp"

#include <fmt/core.h>
#include <openssl/x509.h>

#include <algorithm>

#include "pki/certificate_info.hpp"
#include "scenario/edge_location.hpp"

namespace fedharness {
namespace {

// The chain the Edge presented, as the partner end recorded it.
const std::vector<X509Ptr>* presented_chain(const PathResult& result) {
  if (!result.partner_end || result.partner_end->tls.peer_chain.empty()) {
    return nullptr;
  }
  return &result.partner_end->tls.peer_chain;
}

bool same_chain(const std::vector<X509Ptr>& a, const std::vector<X509Ptr>& b) {
  return std::ranges::equal(
      a, b, [](const X509Ptr& x, const X509Ptr& y) { return X509_cmp(x.get(), y.get()) == 0; });
}

// "CN=sip.contoso.com (SHA-256 3FA1...), issued by ..., 2 certificates".
std::string describe_chain(const std::vector<X509Ptr>& chain) {
  CertificateInfo leaf = inspect_certificate(chain.front().get());
  return fmt::format("{} (SHA-256 {}), issued by {}, {} certificate(s)", leaf.subject,
                     leaf.sha256_fingerprint, leaf.issuer, chain.size());
}

}  // namespace

void check_pool_consistency(std::vector<PathResult>& results) {
  for (PathResult& result : results) {
    const PathSpec& path = *result.spec;
    if (!path.copy_of) {
      continue;
    }
    // A shard may hold the copy without its original: nothing to compare then.
    auto original = std::ranges::find_if(
        results, [&](const PathResult& other) { return other.spec->index == *path.copy_of; });
    if (original == results.end()) {
      continue;
    }
    const std::vector<X509Ptr>* reference = presented_chain(*original);
    const std::vector<X509Ptr>* presented = presented_chain(result);
    if (reference == nullptr || presented == nullptr || same_chain(*reference, *presented)) {
      continue;  // the same chain, or a failure before any chain, which says why itself
    }
    result.observed = {
        false, FindingCode::pool_cert_mismatch, "remote", result.observed.stage,
        fmt::format("{} presents {}; {} presents {}; the handshake itself: {}",
                    target_text(*path.edge_target), describe_chain(*presented),
                    target_text(*original->spec->edge_target), describe_chain(*reference),
                    result.observed.passed ? "pass" : result.observed.evidence)};
    judge(result);
  }
}

}  // namespace fedharness
