#include "xmpp/refusal_text.hpp"

#include <array>
#include <utility>

#include "topology/dns_name.hpp"

namespace fedharness::xmpp {
namespace {

// Phrases as Prosody 0.12 and ejabberd 23.01 write them (and as OpenSSL's
// X509_verify_cert_error_string does, which both quote), lower case.
constexpr std::array<std::pair<std::string_view, FindingCode>, 12> kPhrases{{
    {"unsupported certificate purpose", FindingCode::eku_client_missing},
    {"unsuitable certificate purpose", FindingCode::eku_client_missing},
    {"not valid for this name", FindingCode::name_mismatch},
    {"host name mismatch", FindingCode::name_mismatch},
    {"does not cover", FindingCode::name_mismatch},
    {"has expired", FindingCode::cert_expired},
    {"is self-signed", FindingCode::cert_self_signed},
    {"not trusted", FindingCode::chain_untrusted},
    {"unable to get local issuer", FindingCode::chain_untrusted},
    {"unable to verify the first certificate", FindingCode::chain_untrusted},
    {"failed to get peer certificate", FindingCode::client_cert_missing},
    {"no certificate was presented", FindingCode::client_cert_missing},
}};

}  // namespace

std::optional<FindingCode> finding_for_refusal_text(std::string_view text) {
  std::string lower = lowercase_ascii(text);
  for (const auto& [phrase, code] : kPhrases) {
    if (lower.find(phrase) != std::string::npos) {
      return code;
    }
  }
  return std::nullopt;
}

}  // namespace fedharness::xmpp
