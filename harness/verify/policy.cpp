#include "verify/policy.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <array>
#include <memory>
#include <utility>
#include <vector>

#include "pki/openssl_ptr.hpp"
#include "util/bad_input.hpp"
#include "util/files.hpp"
#include "util/yaml_fields.hpp"

namespace fedharness {
namespace {

template <typename Enum, size_t N>
using Spellings = std::array<std::pair<std::string_view, Enum>, N>;

constexpr Spellings<Purpose, 3> kPurposes{{{"none", Purpose::any},
                                           {"sslserver", Purpose::tls_server},
                                           {"sslclient", Purpose::tls_client}}};
constexpr Spellings<ClientCertificate, 3> kClientCertificates{
    {{"required", ClientCertificate::required},
     {"optional", ClientCertificate::optional},
     {"none", ClientCertificate::none}}};
constexpr Spellings<NameRule, 4> kNameRules{{{"none", NameRule::none},
                                             {"srv-target", NameRule::srv_target},
                                             {"rfc5922", NameRule::rfc5922},
                                             {"xmpp", NameRule::xmpp}}};
constexpr Spellings<ExternalOffer, 3> kExternalOffers{
    {{"when-acceptable", ExternalOffer::when_acceptable},
     {"always", ExternalOffer::always},
     {"never", ExternalOffer::never}}};
constexpr Spellings<TlsVersion, 4> kVersions{{{"1.0", TlsVersion::tls1_0},
                                              {"1.1", TlsVersion::tls1_1},
                                              {"1.2", TlsVersion::tls1_2},
                                              {"1.3", TlsVersion::tls1_3}}};

template <typename Enum, size_t N>
std::string_view spell(const Spellings<Enum, N>& spellings, Enum value) {
  for (const auto& [text, candidate] : spellings) {
    if (candidate == value) {
      return text;
    }
  }
  return "?";
}

class PolicyReader {
 public:
  explicit PolicyReader(const YamlFields& fields) : fields_(fields) {}

  Policy read() {
    const YAML::Node& root = fields_.root();
    fields_.expect_map(root, "",
                       {"description", "accepting", "connecting", "names", "tls", "xmpp"});
    Policy policy;
    policy.source = fields_.source();
    policy.name = fields_.source().stem().string();
    policy.description = fields_.scalar(fields_.required(root, "description", ""), "description");
    if (auto accepting = root["accepting"]) {
      fields_.expect_map(accepting, "accepting", {"client_certificate", "client_purpose"});
      read_enum(accepting, "accepting", "client_certificate", kClientCertificates,
                policy.client_certificate);
      read_enum(accepting, "accepting", "client_purpose", kPurposes, policy.client_purpose);
    }
    if (auto connecting = root["connecting"]) {
      fields_.expect_map(connecting, "connecting", {"server_purpose", "dane"});
      read_enum(connecting, "connecting", "server_purpose", kPurposes, policy.server_purpose);
      read_flag(connecting, "connecting", "dane", policy.dane);
    }
    if (auto names = root["names"]) {
      fields_.expect_map(names, "names",
                         {"match", "wildcards", "xmpp_addr", "srv_id", "common_name"});
      read_enum(names, "names", "match", kNameRules, policy.names);
      read_flag(names, "names", "xmpp_addr", policy.xmpp_names.xmpp_addr);
      read_flag(names, "names", "srv_id", policy.xmpp_names.srv_id);
      read_flag(names, "names", "common_name", policy.xmpp_names.common_name);
      if (auto wildcards = names["wildcards"]) {
        policy.wildcards = read_bool(wildcards, "names.wildcards");
        if (policy.wildcards && policy.names == NameRule::rfc5922) {
          fields_.fail(wildcards, "names.wildcards",
                       "RFC 5922 §7.2 allows no wildcards; use match: srv-target for a "
                       "wildcard-accepting partner");
        }
      }
    }
    if (auto xmpp = root["xmpp"]) {
      fields_.expect_map(xmpp, "xmpp", {"sasl_external", "dialback"});
      read_enum(xmpp, "xmpp", "sasl_external", kExternalOffers, policy.xmpp.sasl_external);
      read_flag(xmpp, "xmpp", "dialback", policy.xmpp.dialback);
    }
    if (auto tls = root["tls"]) {
      fields_.expect_map(
          tls, "tls", {"min_version", "max_version", "ciphers", "ciphersuites", "security_level"});
      read_enum(tls, "tls", "min_version", kVersions, policy.min_version);
      read_enum(tls, "tls", "max_version", kVersions, policy.max_version);
      if (policy.min_version > policy.max_version) {
        fields_.fail(tls, "tls", "min_version is above max_version");
      }
      read_ciphers(tls, "ciphers", SSL_CTX_set_cipher_list, policy.ciphers);
      read_ciphers(tls, "ciphersuites", SSL_CTX_set_ciphersuites, policy.ciphersuites);
      if (auto level = tls["security_level"]) {
        std::string text = fields_.scalar(level, "tls.security_level");
        if (text.size() != 1 || text[0] < '0' || text[0] > '5') {
          fields_.fail(level, "tls.security_level",
                       fmt::format("'{}' is not an OpenSSL security level (0 to 5)", text));
        }
        policy.security_level = text[0] - '0';
      }
    }
    return policy;
  }

 private:
  template <typename Enum, size_t N>
  void read_enum(const YAML::Node& map, std::string_view parent, std::string_view key,
                 const Spellings<Enum, N>& spellings, Enum& value) {
    YAML::Node node = map[std::string(key)];
    if (!node) {
      return;
    }
    std::string field = field_path(parent, key);
    std::string text = fields_.scalar(node, field);
    std::string expected;
    for (const auto& [spelling, candidate] : spellings) {
      if (spelling == text) {
        value = candidate;
        return;
      }
      expected += expected.empty() ? std::string(spelling) : fmt::format(", {}", spelling);
    }
    fields_.fail(node, field, fmt::format("'{}' is not one of: {}", text, expected));
  }

  // A cipher string OpenSSL takes, checked now so that a typo is reported
  // here and not as a handshake that fails for no visible reason.
  void read_ciphers(const YAML::Node& tls, std::string_view key,
                    int (*apply)(SSL_CTX*, const char*), std::string& value) {
    YAML::Node node = tls[std::string(key)];
    if (!node) {
      return;
    }
    std::string field = field_path("tls", key);
    value = fields_.scalar(node, field);
    std::unique_ptr<SSL_CTX, OpensslDeleter<SSL_CTX_free>> probe(SSL_CTX_new(TLS_method()));
    if (!probe || value.empty() || apply(probe.get(), value.c_str()) != 1) {
      ERR_clear_error();
      fields_.fail(node, field, fmt::format("OpenSSL takes no cipher from '{}'", value));
    }
  }

  void read_flag(const YAML::Node& map, std::string_view parent, std::string_view key,
                 bool& value) {
    if (YAML::Node node = map[std::string(key)]) {
      value = read_bool(node, field_path(parent, key));
    }
  }

  bool read_bool(const YAML::Node& node, std::string_view field) {
    std::string text = fields_.scalar(node, field);
    if (text == "true") {
      return true;
    }
    if (text == "false") {
      return false;
    }
    fields_.fail(node, field, fmt::format("expected true or false, found '{}'", text));
  }

  const YamlFields& fields_;
};

}  // namespace

Policy parse_policy(const std::string& yaml, const std::filesystem::path& source) {
  YamlFields fields(yaml, source);
  return PolicyReader(fields).read();
}

Policy load_policy(const std::filesystem::path& path) {
  return parse_policy(read_file(path, InputKind::policy), path);
}

std::filesystem::path builtin_policy_directory() {
  // Installed (cmake --install, the Debian package): <prefix>/share/fedharness
  // beside <prefix>/bin/fedharness. Run from a build tree: the source tree.
  static const std::filesystem::path directory = [] {
    std::error_code error;
    std::filesystem::path program = std::filesystem::read_symlink("/proc/self/exe", error);
    std::filesystem::path installed =
        program.parent_path().parent_path() / "share" / "fedharness" / "scenarios" / "policies";
    if (!error && std::filesystem::is_directory(installed, error)) {
      return installed;
    }
    return std::filesystem::path(FEDHARNESS_DATA_DIR) / "scenarios" / "policies";
  }();
  return directory;
}

std::vector<std::string> builtin_policy_names() {
  std::vector<std::string> names;
  std::error_code ignored;
  for (const auto& entry :
       std::filesystem::directory_iterator(builtin_policy_directory(), ignored)) {
    if (entry.path().extension() == ".yaml") {
      names.push_back(entry.path().stem().string());
    }
  }
  std::ranges::sort(names);
  return names;
}

Policy find_policy(const std::string& name_or_path) {
  if (name_or_path.find('/') != std::string::npos || name_or_path.ends_with(".yaml")) {
    return load_policy(name_or_path);
  }
  auto path = builtin_policy_directory() / (name_or_path + ".yaml");
  std::error_code ignored;
  if (!std::filesystem::exists(path, ignored)) {
    throw BadInput(fmt::format("policy '{}' does not exist (built-in: {})", name_or_path,
                               fmt::join(builtin_policy_names(), ", ")));
  }
  return load_policy(path);
}

std::string_view to_string(Purpose purpose) {
  return spell(kPurposes, purpose);
}
std::string_view to_string(NameRule rule) {
  return spell(kNameRules, rule);
}
std::string_view to_string(TlsVersion version) {
  return spell(kVersions, version);
}

}  // namespace fedharness
