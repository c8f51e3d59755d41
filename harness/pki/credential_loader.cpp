#include "pki/credential_loader.hpp"

#include <fmt/core.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>

#include <algorithm>
#include <cstring>

#include "pki/openssl_error.hpp"
#include "pki/pem_blocks.hpp"
#include "util/bad_input.hpp"
#include "util/files.hpp"

namespace fedharness {
namespace {

bool is_certificate_label(std::string_view label) {
  return label == "CERTIFICATE" || label == "TRUSTED CERTIFICATE" || label == "X509 CERTIFICATE";
}

bool is_private_key_label(std::string_view label) {
  return label.ends_with("PRIVATE KEY");
}

BioPtr read_only_bio(std::string_view bytes) {
  BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
  if (!bio) {
    throw OpensslError("BIO_new_mem_buf");
  }
  return bio;
}

// OpenSSL asks for the password of an encrypted key through this callback;
// without a password we refuse at once instead of prompting on a terminal.
int password_callback(char* buffer, int size, int, void* user_data) {
  const auto* password = static_cast<const std::optional<std::string>*>(user_data);
  if (!password->has_value() || static_cast<int>((*password)->size()) >= size) {
    return -1;
  }
  std::memcpy(buffer, (*password)->data(), (*password)->size());
  return static_cast<int>((*password)->size());
}

std::string one_line_reason() {
  std::string reason = drain_openssl_errors();
  return reason.empty() ? "not valid" : reason;
}

X509Ptr parse_pem_certificate(const PemBlock& block, const std::string& where) {
  BioPtr bio = read_only_bio(block.text);
  X509* certificate = block.label == "TRUSTED CERTIFICATE"
                          ? PEM_read_bio_X509_AUX(bio.get(), nullptr, nullptr, nullptr)
                          : PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr);
  if (certificate == nullptr) {
    throw BadInput(fmt::format("{}:{}: malformed {} PEM block: {}", where, block.line, block.label,
                               one_line_reason()));
  }
  return X509Ptr(certificate);
}

EvpPkeyPtr parse_pem_key(const PemBlock& block, const std::string& where,
                         const std::optional<std::string>& password) {
  BioPtr bio = read_only_bio(block.text);
  auto* user_data = const_cast<std::optional<std::string>*>(&password);
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, password_callback, user_data);
  if (key != nullptr) {
    return EvpPkeyPtr(key);
  }
  drain_openssl_errors();
  if (block.label == "ENCRYPTED PRIVATE KEY" || block.text.find("ENCRYPTED") != std::string::npos) {
    throw BadInput(
        fmt::format("{}:{}: cannot decrypt the private key: {}", where, block.line,
                    password ? "wrong password" : "it is encrypted; give --password-file"));
  }
  throw BadInput(fmt::format("{}:{}: malformed {} PEM block", where, block.line, block.label));
}

LoadedCredential load_pem(std::string_view text, const std::string& where,
                          const std::optional<std::string>& password) {
  LoadedCredential credential{.format = "PEM"};
  for (const PemBlock& block : split_pem_blocks(text, where)) {
    if (is_certificate_label(block.label)) {
      credential.certificates.push_back(parse_pem_certificate(block, where));
    } else if (is_private_key_label(block.label)) {
      if (credential.key) {
        throw BadInput(
            fmt::format("{}:{}: a second private key; one file holds one key", where, block.line));
      }
      credential.key = parse_pem_key(block, where, password);
    } else if (!block.label.ends_with("PARAMETERS")) {
      throw BadInput(
          fmt::format("{}:{}: unexpected PEM block {} (expected CERTIFICATE or "
                      "PRIVATE KEY)",
                      where, block.line, block.label));
    }
  }
  if (credential.certificates.empty()) {
    throw BadInput(fmt::format("{}: no CERTIFICATE block in this PEM file", where));
  }
  return credential;
}

X509Ptr parse_der_certificate(std::string_view bytes) {
  const auto* cursor = reinterpret_cast<const unsigned char*>(bytes.data());
  X509Ptr certificate(d2i_X509(nullptr, &cursor, static_cast<long>(bytes.size())));
  bool whole =
      certificate && cursor == reinterpret_cast<const unsigned char*>(bytes.data()) + bytes.size();
  drain_openssl_errors();
  return whole ? std::move(certificate) : nullptr;
}

Pkcs12Ptr parse_pkcs12(std::string_view bytes) {
  const auto* cursor = reinterpret_cast<const unsigned char*>(bytes.data());
  Pkcs12Ptr bundle(d2i_PKCS12(nullptr, &cursor, static_cast<long>(bytes.size())));
  drain_openssl_errors();
  return bundle;
}

// PKCS#12 (RFC 7292) keeps the CA certificates in no particular order; put
// them in issuing order after the leaf, as a server presents them.
std::vector<X509Ptr> order_chain(X509Ptr leaf, std::vector<X509Ptr> rest) {
  std::vector<X509Ptr> ordered;
  ordered.push_back(std::move(leaf));
  while (!rest.empty()) {
    auto issuer = std::ranges::find_if(rest, [&](const X509Ptr& candidate) {
      return X509_check_issued(candidate.get(), ordered.back().get()) == X509_V_OK;
    });
    if (issuer == rest.end()) {
      break;
    }
    ordered.push_back(std::move(*issuer));
    rest.erase(issuer);
  }
  for (auto& unrelated : rest) {
    ordered.push_back(std::move(unrelated));
  }
  return ordered;
}

/// While it lives, this thread's OpenSSL calls that name no library context
/// use one that also has OpenSSL 3's legacy provider: RC2-40 and RC4, which
/// PKCS#12 bundles exported by Windows before Server 2019 (and `openssl
/// pkcs12 -export -legacy`) encrypt their certificates with. Only PKCS#12
/// decoding runs so; TLS never sees those algorithms.
class LegacyAlgorithms {
 public:
  LegacyAlgorithms() : previous_(OSSL_LIB_CTX_set0_default(context())) {}
  ~LegacyAlgorithms() { OSSL_LIB_CTX_set0_default(previous_); }
  LegacyAlgorithms(const LegacyAlgorithms&) = delete;
  LegacyAlgorithms& operator=(const LegacyAlgorithms&) = delete;

 private:
  // Made once and kept for the process: what it decoded may refer to it.
  static OSSL_LIB_CTX* context() {
    static OSSL_LIB_CTX* const legacy = [] {
      OSSL_LIB_CTX* made = OSSL_LIB_CTX_new();
      if (made == nullptr || OSSL_PROVIDER_load(made, "default") == nullptr ||
          OSSL_PROVIDER_load(made, "legacy") == nullptr) {
        throw OpensslError("loading OpenSSL's legacy provider");
      }
      return made;
    }();
    return legacy;
  }

  OSSL_LIB_CTX* previous_;
};

// What PKCS12_parse gives, owned.
struct Pkcs12Contents {
  EvpPkeyPtr key;
  X509Ptr certificate;
  X509StackPtr cas;
};

std::optional<Pkcs12Contents> parse_contents(PKCS12* bundle, const char* password) {
  EVP_PKEY* key = nullptr;
  X509* certificate = nullptr;
  STACK_OF(X509)* cas = nullptr;
  if (PKCS12_parse(bundle, password, &key, &certificate, &cas) != 1) {
    return std::nullopt;
  }
  return Pkcs12Contents{EvpPkeyPtr(key), X509Ptr(certificate), X509StackPtr(cas)};
}

// The same objects in the default library context, through their DER: what
// the legacy context decoded must not carry it into TLS.
Pkcs12Contents reencoded(Pkcs12Contents legacy) {
  Pkcs12Contents plain;
  auto copy_certificate = [](X509* certificate) {
    unsigned char* der = nullptr;
    int length = i2d_X509(certificate, &der);
    const unsigned char* cursor = der;
    X509Ptr copy(length > 0 ? d2i_X509(nullptr, &cursor, length) : nullptr);
    OPENSSL_free(der);
    if (!copy) {
      throw OpensslError("re-encoding a PKCS#12 certificate");
    }
    return copy;
  };
  if (legacy.key) {
    unsigned char* der = nullptr;
    int length = i2d_PrivateKey(legacy.key.get(), &der);
    const unsigned char* cursor = der;
    plain.key.reset(length > 0 ? d2i_AutoPrivateKey(nullptr, &cursor, length) : nullptr);
    OPENSSL_clear_free(der, length > 0 ? static_cast<size_t>(length) : 0);
    if (!plain.key) {
      throw OpensslError("re-encoding a PKCS#12 key");
    }
  }
  if (legacy.certificate) {
    plain.certificate = copy_certificate(legacy.certificate.get());
  }
  plain.cas.reset(sk_X509_new_null());
  for (int i = 0; legacy.cas && i < sk_X509_num(legacy.cas.get()); ++i) {
    sk_X509_push(plain.cas.get(), copy_certificate(sk_X509_value(legacy.cas.get(), i)).release());
  }
  return plain;
}

LoadedCredential load_pkcs12(PKCS12* bundle, const std::string& where,
                             const std::optional<std::string>& password) {
  // RFC 7292 §4: the MAC is keyed by the password, so it tells a wrong
  // password from a damaged file before anything is decrypted.
  const char* pass = password ? password->c_str() : "";
  if (PKCS12_mac_present(bundle) && PKCS12_verify_mac(bundle, pass, -1) != 1 &&
      (password || PKCS12_verify_mac(bundle, nullptr, 0) != 1)) {
    drain_openssl_errors();
    throw BadInput(fmt::format(
        "{}: PKCS#12 MAC check failed: {}", where,
        password ? "wrong password" : "it is protected by a password; give --password-file"));
  }
  std::optional<Pkcs12Contents> contents = parse_contents(bundle, pass);
  std::string format = "PKCS#12";
  if (!contents) {
    // The password is right (the MAC said so): an algorithm OpenSSL 3 keeps
    // out of its default provider, most likely RC2-40 (Windows' old export).
    drain_openssl_errors();
    LegacyAlgorithms legacy;
    contents = parse_contents(bundle, pass);
    if (!contents) {
      throw BadInput(
          fmt::format("{}: cannot open the PKCS#12 bundle: {}", where, one_line_reason()));
    }
    contents = reencoded(std::move(*contents));
    format = "PKCS#12, legacy RC2/RC4 encryption";
  }
  LoadedCredential credential{.key = std::move(contents->key), .format = format};
  std::vector<X509Ptr> rest;
  while (contents->cas && sk_X509_num(contents->cas.get()) > 0) {
    rest.emplace_back(sk_X509_shift(contents->cas.get()));
  }
  if (!contents->certificate) {
    throw BadInput(fmt::format("{}: the PKCS#12 bundle holds no certificate with a key", where));
  }
  credential.certificates = order_chain(std::move(contents->certificate), std::move(rest));
  return credential;
}

// A presented chain is a leaf and its CAs, two to four certificates in
// practice; more than this is a trust bundle given where a credential goes.
constexpr size_t kMaxChainCertificates = 16;

// A system trust store holds about 150 roots (Debian's ca-certificates,
// Mozilla's program), a Windows export a few hundred.
constexpr size_t kMaxBundleCertificates = 4096;

LoadedCredential load_certificates(const std::filesystem::path& path,
                                   const std::optional<std::string>& password) {
  std::string bytes = read_file(path, InputKind::certificate);
  std::string where = path.string();
  if (bytes.empty()) {
    throw BadInput(fmt::format("{}: the file is empty", where));
  }
  if (looks_like_pem(bytes)) {
    return load_pem(bytes, where, password);
  }
  if (X509Ptr certificate = parse_der_certificate(bytes)) {
    LoadedCredential credential{.format = "DER"};
    credential.certificates.push_back(std::move(certificate));
    return credential;
  }
  if (Pkcs12Ptr bundle = parse_pkcs12(bytes)) {
    return load_pkcs12(bundle.get(), where, password);
  }
  throw BadInput(
      fmt::format("{}: not a certificate: neither PEM, DER nor PKCS#12 ({} bytes, "
                  "starting with 0x{:02x})",
                  where, bytes.size(), static_cast<unsigned char>(bytes[0])));
}

}  // namespace

LoadedCredential load_credential(const std::filesystem::path& path,
                                 const std::optional<std::string>& password) {
  LoadedCredential credential = load_certificates(path, password);
  if (credential.certificates.size() > kMaxChainCertificates) {
    throw BadInput(fmt::format(
        "{}: {} certificates, and a certificate with its chain holds {} at most (is this a trust "
        "bundle? give it as --trust)",
        path.string(), credential.certificates.size(), kMaxChainCertificates));
  }
  return credential;
}

EvpPkeyPtr load_private_key(const std::filesystem::path& path,
                            const std::optional<std::string>& password) {
  std::string bytes = read_file(path, InputKind::certificate);
  std::string where = path.string();
  if (looks_like_pem(bytes)) {
    for (const PemBlock& block : split_pem_blocks(bytes, where)) {
      if (is_private_key_label(block.label)) {
        return parse_pem_key(block, where, password);
      }
    }
    throw BadInput(fmt::format("{}: no PRIVATE KEY block in this PEM file", where));
  }
  const auto* cursor = reinterpret_cast<const unsigned char*>(bytes.data());
  EVP_PKEY* key = d2i_AutoPrivateKey(nullptr, &cursor, static_cast<long>(bytes.size()));
  drain_openssl_errors();
  if (key == nullptr) {
    throw BadInput(fmt::format("{}: not a private key: neither PEM nor DER", where));
  }
  return EvpPkeyPtr(key);
}

std::vector<X509Ptr> load_certificate_bundle(const std::filesystem::path& path) {
  LoadedCredential bundle = load_certificates(path, std::nullopt);
  if (bundle.certificates.size() > kMaxBundleCertificates) {
    throw BadInput(fmt::format("{}: {} certificates, and a trust bundle holds {} at most",
                               path.string(), bundle.certificates.size(), kMaxBundleCertificates));
  }
  if (bundle.key) {
    throw BadInput(fmt::format("{}: holds a private key; a trust file holds certificates only",
                               path.string()));
  }
  return std::move(bundle.certificates);
}

}  // namespace fedharness
