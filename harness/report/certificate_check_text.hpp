#pragma once

#include <ostream>
#include <string_view>

#include "report/color.hpp"
#include "topology/topology.hpp"
#include "verify/certificate_check.hpp"

namespace fedharness {

/// Subject, issuer, thumbprint, serial, SHA-256, validity, key, SANs and
/// EKU, as Windows names a certificate, under `title` ("Certificate").
void print_certificate_identity(std::ostream& out, const CertificateInfo& info,
                                std::string_view title);

/// The check as a person reads it: the certificate, then every requirement
/// with pass/FAIL/warn, and under each failure the evidence and the fix.
void print_certificate_check_text(std::ostream& out, const Topology& topology,
                                  const CertificateCheckReport& report, TextStyle style = {});

}  // namespace fedharness
