#pragma once

#include <optional>
#include <string>
#include <vector>

#include "report/offending_field.hpp"
#include "report/run_report.hpp"

namespace fedharness {

/// A chain an end was presented, leaf first, as an HTML <ol class="chain">:
/// per certificate a table of its subject, SANs (DNS, URI, SRV, XmppAddr),
/// EKU ("absent: any purpose" without the extension), issuer and validity,
/// each row classed by its field. The `offending` field's row also has the
/// class "offending" and a visible "⚠ offending" mark. Every string escaped.
std::string certificate_chain_html(const std::vector<CertificateSummary>& chain,
                                   std::optional<OffendingField> offending);

}  // namespace fedharness
