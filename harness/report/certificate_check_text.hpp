#pragma once

#include <ostream>

#include "topology/topology.hpp"
#include "verify/certificate_check.hpp"

namespace fedharness {

/// The check as a person reads it: the certificate, then every requirement
/// with pass/FAIL/warn, and under each failure the evidence and the fix.
void print_certificate_check_text(std::ostream& out, const Topology& topology,
                                  const CertificateCheckReport& report);

}  // namespace fedharness
