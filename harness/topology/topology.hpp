#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace fedharness {

/// What the Edge deployment looks like, as Topology Builder knows it: the
/// external FQDNs of the Edge, the domains it federates for and the public IM
/// providers it connects to. Requirements on the certificate derive from it
/// (requirements.hpp).
struct Topology {
  std::filesystem::path source;  // the file it was read from, for messages

  std::string access_fqdn;  // subject of the external certificate
  std::string webconf_fqdn;
  std::string av_fqdn;            // optional; needs no name on the certificate
  std::vector<std::string> pool;  // optional; every member serves the same certificate
  std::vector<std::string> sip_domains;
  std::vector<std::string> xmpp_domains;
  std::vector<std::string> public_im;  // provider names, see public_im.hpp

  /// "file:line: field: what": what loads but will not work everywhere (a
  /// certificate too big for its domains); commands print these to stderr.
  std::vector<std::string> warnings;
};

/// Reads and validates a topology file. Throws BadInput with
/// "file:line: field: what is wrong".
Topology load_topology(const std::filesystem::path& path);

/// The same, from text already in memory; `source` names it in messages.
Topology parse_topology(const std::string& yaml, const std::filesystem::path& source);

}  // namespace fedharness
