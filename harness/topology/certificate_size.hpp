#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "topology/requirements.hpp"

namespace fedharness {

/// The Edge certificate a topology calls for, sized before it is issued: how
/// many names it carries and how many bytes its chain (the leaf and one
/// issuing CA) takes in a TLS Certificate message.
struct CertificateSize {
  size_t names = 0;
  size_t chain_bytes = 0;  // an estimate, on the generous side (RSA-4096 keys)
};

CertificateSize estimate_certificate_size(const CertificateRequirements& requirements);

/// Why a certificate of this size will not work everywhere, a sentence
/// each; empty when it fits.
std::vector<std::string> certificate_size_concerns(const CertificateSize& size);

}  // namespace fedharness
