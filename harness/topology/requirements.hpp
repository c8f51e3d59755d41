#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "topology/topology.hpp"

namespace fedharness {

/// A DNS name the external Edge certificate must carry, and why.
struct RequiredName {
  std::string dns_name;
  std::vector<std::string> reasons;  // "the subject, repeated", "SIP domain fabrikam.com", ...
  bool is_subject = false;
};

/// What the external Edge certificate must hold for this topology, derived as
/// Topology Builder derives it ("Certificate summary - SIP, XMPP federation,
/// and public instant messaging", Lync Server 2013).
struct CertificateRequirements {
  std::string subject_cn;
  std::vector<RequiredName> names;  // each name once, in the order Topology Builder lists them
  bool client_auth = false;
  std::vector<std::string> client_auth_reasons;
  int min_rsa_bits = 2048;
  int min_ec_bits = 256;
  std::chrono::days expiry_warning{30};
};

CertificateRequirements derive_requirements(const Topology& topology);

}  // namespace fedharness
