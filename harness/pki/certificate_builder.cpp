#include "pki/certificate_builder.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>
#include <openssl/bn.h>
#include <openssl/rand.h>

#include <ranges>

#include "pki/openssl_error.hpp"

namespace fedharness {
namespace {

using BignumPtr = std::unique_ptr<BIGNUM, OpensslDeleter<BN_free>>;

void check(int result, std::string_view what) {
  if (result != 1) {
    throw OpensslError(what);
  }
}

// RFC 5280 §4.1.2.2: a positive serial of at most 20 octets; CA/Browser Forum
// baseline requirements ask for at least 64 random bits. 127 random bits fit.
void set_random_serial(X509* certificate) {
  BignumPtr serial(BN_new());
  check(BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY), "BN_rand");
  check(BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate)) != nullptr,
        "BN_to_ASN1_INTEGER");
}

void set_validity(X509* certificate, std::chrono::system_clock::time_point from,
                  std::chrono::system_clock::time_point until) {
  time_t not_before = std::chrono::system_clock::to_time_t(from);
  time_t not_after = std::chrono::system_clock::to_time_t(until);
  check(X509_time_adj_ex(X509_getm_notBefore(certificate), 0, 0, &not_before) != nullptr,
        "setting notBefore");
  check(X509_time_adj_ex(X509_getm_notAfter(certificate), 0, 0, &not_after) != nullptr,
        "setting notAfter");
}

void set_subject(X509* certificate, const CertificateProfile& profile) {
  X509_NAME* name = X509_get_subject_name(certificate);
  auto add = [&](const char* field, const std::string& value) {
    check(X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1,
                                     0),
          fmt::format("adding {} to the subject", field));
  };
  add("O", profile.organization);
  add("CN", profile.common_name);
}

void add_extension(X509* certificate, X509V3_CTX& context, int nid, const std::string& value) {
  X509ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str()));
  if (!extension) {
    throw OpensslError(fmt::format("building extension {} = {}", OBJ_nid2sn(nid), value));
  }
  check(X509_add_ext(certificate, extension.get(), -1), "X509_add_ext");
}

std::string basic_constraints(const CertificateProfile& profile) {
  if (!profile.is_ca) {
    return "critical,CA:FALSE";
  }
  return profile.path_length ? fmt::format("critical,CA:TRUE,pathlen:{}", *profile.path_length)
                             : "critical,CA:TRUE";
}

// RSA key exchange (TLS 1.2 without ECDHE) needs keyEncipherment; an EC key
// never encrypts, so it must not claim to.
std::string leaf_key_usage(EVP_PKEY* subject_key) {
  return EVP_PKEY_get_base_id(subject_key) == EVP_PKEY_RSA
             ? "critical,digitalSignature,keyEncipherment"
             : "critical,digitalSignature";
}

std::string key_usage(const CertificateProfile& profile, EVP_PKEY* subject_key) {
  return profile.is_ca ? "critical,keyCertSign,cRLSign" : leaf_key_usage(subject_key);
}

std::string extended_key_usage(const std::vector<ExtendedKeyUsage>& usages) {
  auto name = [](ExtendedKeyUsage usage) {
    return usage == ExtendedKeyUsage::server_auth ? "serverAuth" : "clientAuth";
  };
  return fmt::format("{}", fmt::join(usages | std::views::transform(name), ","));
}

// Names the issuer, and ties the certificate to its key and its issuer's
// (RFC 5280 §4.2.1.1, §4.2.1.2).
void set_issuer(X509* self, X509V3_CTX& context, X509* signer) {
  check(X509_set_issuer_name(self, X509_get_subject_name(signer)), "X509_set_issuer_name");
  X509V3_set_ctx(&context, signer, self, nullptr, nullptr, 0);
}

void add_key_identifiers(X509* self, X509V3_CTX& context, bool self_signed) {
  add_extension(self, context, NID_subject_key_identifier, "hash");
  if (!self_signed) {
    add_extension(self, context, NID_authority_key_identifier, "keyid:always");
  }
}

void sign(X509* self, EVP_PKEY* signing_key, SignatureDigest digest, std::string_view what) {
  const EVP_MD* md = digest == SignatureDigest::sha1_weak ? EVP_sha1() : EVP_sha256();
  if (X509_sign(self, signing_key, md) <= 0) {
    throw OpensslError(fmt::format("signing the certificate for {}", what));
  }
}

void delete_extensions(X509* certificate, int nid) {
  for (int at = X509_get_ext_by_NID(certificate, nid, -1); at >= 0;
       at = X509_get_ext_by_NID(certificate, nid, -1)) {
    X509_EXTENSION_free(X509_delete_ext(certificate, at));
  }
}

std::string subject_alt_names(const CertificateProfile& profile) {
  auto dns = [](const std::string& name) { return "DNS:" + name; };
  return fmt::format("{}", fmt::join(profile.dns_names | std::views::transform(dns), ","));
}

}  // namespace

X509Ptr build_certificate(const CertificateProfile& profile, EVP_PKEY* subject_key,
                          const Issuer& issuer) {
  X509Ptr certificate(X509_new());
  if (!certificate) {
    throw OpensslError("X509_new");
  }
  X509* self = certificate.get();
  check(X509_set_version(self, X509_VERSION_3), "X509_set_version");
  set_random_serial(self);
  set_validity(self, profile.not_before, profile.not_after);
  set_subject(self, profile);
  bool self_signed = issuer.certificate == nullptr;
  X509V3_CTX context;
  set_issuer(self, context, self_signed ? self : issuer.certificate);
  check(X509_set_pubkey(self, subject_key), "X509_set_pubkey");

  add_extension(self, context, NID_basic_constraints, basic_constraints(profile));
  add_extension(self, context, NID_key_usage, key_usage(profile, subject_key));
  if (!profile.key_usages.empty()) {
    add_extension(self, context, NID_ext_key_usage, extended_key_usage(profile.key_usages));
  }
  if (!profile.dns_names.empty()) {
    add_extension(self, context, NID_subject_alt_name, subject_alt_names(profile));
  }
  add_key_identifiers(self, context, self_signed);
  sign(self, self_signed ? subject_key : issuer.key, profile.digest, profile.common_name);
  return certificate;
}

X509Ptr reissue_certificate(X509* original, const Reissue& changes, EVP_PKEY* subject_key,
                            const Issuer& issuer) {
  X509Ptr certificate(X509_dup(original));
  if (!certificate) {
    throw OpensslError("X509_dup");
  }
  X509* self = certificate.get();
  // What belonged to the old key or the old CA: its key identifiers, the key
  // usage its key type called for, where its CA publishes (RFC 5280
  // §4.2.1.13, §4.2.2.1), and the SCTs its CA's logs signed (RFC 6962 §3.3).
  for (int nid : {NID_subject_key_identifier, NID_authority_key_identifier, NID_key_usage,
                  NID_crl_distribution_points, NID_info_access, NID_ct_precert_scts}) {
    delete_extensions(self, nid);
  }
  if (changes.key_usages) {
    delete_extensions(self, NID_ext_key_usage);
  }
  set_random_serial(self);
  set_validity(self, changes.not_before, changes.not_after);
  X509V3_CTX context;
  set_issuer(self, context, issuer.certificate);
  check(X509_set_pubkey(self, subject_key), "X509_set_pubkey");
  add_extension(self, context, NID_key_usage, leaf_key_usage(subject_key));
  if (changes.key_usages && !changes.key_usages->empty()) {
    add_extension(self, context, NID_ext_key_usage, extended_key_usage(*changes.key_usages));
  }
  add_key_identifiers(self, context, false);
  sign(self, issuer.key, SignatureDigest::sha256, "a renewal");
  return certificate;
}

}  // namespace fedharness
