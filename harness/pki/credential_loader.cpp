#include "pki/credential_loader.hpp"

#include <fmt/core.h>
#include <openssl/err.h>
#include <openssl/pem.h>

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
  EVP_PKEY* key = nullptr;
  X509* certificate = nullptr;
  STACK_OF(X509)* cas = nullptr;
  if (PKCS12_parse(bundle, pass, &key, &certificate, &cas) != 1) {
    throw BadInput(fmt::format("{}: cannot open the PKCS#12 bundle: {}", where, one_line_reason()));
  }
  X509StackPtr ca_stack(cas);
  LoadedCredential credential{.key = EvpPkeyPtr(key), .format = "PKCS#12"};
  std::vector<X509Ptr> rest;
  while (ca_stack && sk_X509_num(ca_stack.get()) > 0) {
    rest.emplace_back(sk_X509_shift(ca_stack.get()));
  }
  if (certificate == nullptr) {
    throw BadInput(fmt::format("{}: the PKCS#12 bundle holds no certificate with a key", where));
  }
  credential.certificates = order_chain(X509Ptr(certificate), std::move(rest));
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
