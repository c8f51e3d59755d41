#include "topology/certificate_size.hpp"

#include <fmt/core.h>
#include <openssl/ssl.h>

namespace fedharness {
namespace {

// Let's Encrypt issues at most 100 names per certificate; commercial CAs'
// multi-domain certificates stop at 250.
constexpr size_t kPublicCaNames = 100;

// What the chain takes besides its names: an RSA-4096 leaf with the Edge's
// extensions and no SAN is under 1.5 KiB, its issuing CA about as much, and
// TLS 1.3 adds 5 bytes per certificate (RFC 8446 §4.4.2).
constexpr size_t kChainWithoutNames = 3 * 1024;

// A dNSName in the SAN extension (RFC 5280 §4.2.1.6): a tag, a DER length
// (one byte up to 127, two above) and the name.
size_t encoded_name_bytes(const std::string& name) {
  return name.size() + (name.size() > 127 ? 3 : 2);
}

}  // namespace

CertificateSize estimate_certificate_size(const CertificateRequirements& requirements) {
  CertificateSize size{requirements.names.size(), kChainWithoutNames};
  for (const RequiredName& name : requirements.names) {
    size.chain_bytes += encoded_name_bytes(name.dns_name);
  }
  return size;
}

std::vector<std::string> certificate_size_concerns(const CertificateSize& size) {
  std::vector<std::string> concerns;
  if (size.names > kPublicCaNames) {
    concerns.push_back(
        fmt::format("the Edge certificate needs {} names; public CAs issue 100 (Let's Encrypt) to "
                    "250 names per certificate",
                    size.names));
  }
  // OpenSSL refuses a Certificate message longer than this ("excessive
  // message size") unless the application raises SSL_CTX_set_max_cert_list.
  if (size.chain_bytes > SSL_MAX_CERT_LIST_DEFAULT) {
    concerns.push_back(fmt::format(
        "its chain takes about {} KiB, past the {} KiB an OpenSSL peer accepts by default "
        "(SSL_MAX_CERT_LIST_DEFAULT): handshakes with such partners, and fedharness's own "
        "peers, fail with 'excessive message size'; federate fewer domains through this Edge",
        (size.chain_bytes + 1023) / 1024, SSL_MAX_CERT_LIST_DEFAULT / 1024));
  }
  return concerns;
}

}  // namespace fedharness
