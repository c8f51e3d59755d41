#pragma once

#include <boost/json/value.hpp>
#include <ostream>

#include "scenario/renewal_whatif.hpp"

namespace fedharness {

/// {"certificate", "before": {"partners"}, "after": [{"renewal",
/// "certificate", "chain_presented", "partners", "changes": [{"policy",
/// "direction", "before", "after", "breaks"}]}]}
boost::json::value renewal_whatif_to_json(const RenewalWhatIf& whatif);

/// The certificate, each renewal's certificate, then one table: a row per
/// policy and direction, a column for the certificate as it is and one per
/// renewal, each changed cell marked (and red with `color`); then what each
/// renewal breaks or fixes, with the evidence.
void print_renewal_whatif_text(std::ostream& out, const RenewalWhatIf& whatif, bool color);

}  // namespace fedharness
