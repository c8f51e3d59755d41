#include "pki/certificate_info.hpp"

#include <fmt/chrono.h>
#include <fmt/core.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <ctime>
#include <memory>
#include <vector>

#include "pki/key.hpp"
#include "pki/openssl_error.hpp"
#include "topology/dns_name.hpp"

namespace fedharness {
namespace {

std::string name_to_string(const X509_NAME* name) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

std::string asn1_string(const ASN1_STRING* value) {
  unsigned char* utf8 = nullptr;
  int length = ASN1_STRING_to_UTF8(&utf8, value);
  if (length < 0) {
    return {};
  }
  std::string text(reinterpret_cast<char*>(utf8), static_cast<size_t>(length));
  OPENSSL_free(utf8);
  return text;
}

std::string common_name(X509* certificate) {
  X509_NAME* subject = X509_get_subject_name(certificate);
  int last = -1;
  for (int i = -1; (i = X509_NAME_get_index_by_NID(subject, NID_commonName, i)) >= 0;) {
    last = i;
  }
  return last < 0 ? std::string()
                  : asn1_string(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, last)));
}

// The otherName SANs XMPP uses: SRV-ID (RFC 4985, id-on-dnsSRV
// 1.3.6.1.5.5.7.8.7, an IA5String "_xmpp-server.example.com") and XmppAddr
// (RFC 6120 §13.7.1.4, id-on-xmppAddr 1.3.6.1.5.5.7.8.5, a UTF8String).
void read_other_name(const OTHERNAME& other, CertificateInfo& info) {
  int nid = OBJ_obj2nid(other.type_id);
  const ASN1_TYPE* value = other.value;
  if (nid == NID_SRVName && value->type == V_ASN1_IA5STRING) {
    info.srv_ids.push_back(lowercase_ascii(asn1_string(value->value.ia5string)));
  } else if (nid == NID_XmppAddr && value->type == V_ASN1_UTF8STRING) {
    info.xmpp_addrs.push_back(asn1_string(value->value.utf8string));
  }
}

void read_subject_alt_names(X509* certificate, CertificateInfo& info) {
  GeneralNamesPtr sans(static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr)));
  info.has_san_extension = sans != nullptr;
  for (int i = 0; sans && i < sk_GENERAL_NAME_num(sans.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(sans.get(), i);
    if (name->type == GEN_DNS) {
      info.dns_names.push_back(lowercase_ascii(asn1_string(name->d.dNSName)));
    } else if (name->type == GEN_URI) {
      info.uris.push_back(asn1_string(name->d.uniformResourceIdentifier));
    } else if (name->type == GEN_OTHERNAME) {
      read_other_name(*name->d.otherName, info);
    }
  }
}

// Where the issuer's certificate is published (RFC 5280 §4.2.2.1): what a
// verifier that fetches missing issuers (Windows, browsers) would fetch.
std::vector<std::string> ca_issuers(X509* certificate) {
  std::unique_ptr<AUTHORITY_INFO_ACCESS, decltype(&AUTHORITY_INFO_ACCESS_free)> access(
      static_cast<AUTHORITY_INFO_ACCESS*>(
          X509_get_ext_d2i(certificate, NID_info_access, nullptr, nullptr)),
      AUTHORITY_INFO_ACCESS_free);
  std::vector<std::string> locations;
  for (int i = 0; access && i < sk_ACCESS_DESCRIPTION_num(access.get()); ++i) {
    const ACCESS_DESCRIPTION* description = sk_ACCESS_DESCRIPTION_value(access.get(), i);
    if (OBJ_obj2nid(description->method) == NID_ad_ca_issuers &&
        description->location->type == GEN_URI) {
      locations.push_back(asn1_string(description->location->d.uniformResourceIdentifier));
    }
  }
  return locations;
}

std::optional<std::vector<std::string>> extended_key_usages(X509* certificate) {
  int critical = 0;
  ExtendedKeyUsagePtr usages(static_cast<EXTENDED_KEY_USAGE*>(
      X509_get_ext_d2i(certificate, NID_ext_key_usage, &critical, nullptr)));
  if (!usages) {
    return std::nullopt;
  }
  std::vector<std::string> names;
  for (int i = 0; i < sk_ASN1_OBJECT_num(usages.get()); ++i) {
    const ASN1_OBJECT* usage = sk_ASN1_OBJECT_value(usages.get(), i);
    int nid = OBJ_obj2nid(usage);
    if (nid != NID_undef) {
      names.emplace_back(OBJ_nid2sn(nid));  // "serverAuth", as RFC 5280 names it
      continue;
    }
    char oid[80];
    OBJ_obj2txt(oid, sizeof oid, usage, 1);
    names.emplace_back(oid);
  }
  return names;
}

std::chrono::system_clock::time_point to_time_point(const ASN1_TIME* time) {
  struct tm broken_down {};
  ASN1_TIME_to_tm(time, &broken_down);
  return std::chrono::system_clock::from_time_t(timegm(&broken_down));
}

// Empty when the certificate cannot be encoded (then it is not remembered).
std::string der_of(X509* certificate) {
  int length = i2d_X509(certificate, nullptr);
  if (length <= 0) {
    drain_openssl_errors();
    return {};
  }
  std::string der(static_cast<size_t>(length), '\0');
  auto* out = reinterpret_cast<unsigned char*>(der.data());
  i2d_X509(certificate, &out);
  return der;
}

// Uppercase hex, no separators: how Windows shows serials and thumbprints.
std::string upper_hex(const unsigned char* bytes, size_t size) {
  std::string hex;
  for (size_t i = 0; i < size; ++i) {
    hex += fmt::format("{:02X}", bytes[i]);
  }
  return hex;
}

std::string serial_hex(X509* certificate) {
  std::unique_ptr<BIGNUM, decltype(&BN_free)> serial(
      ASN1_INTEGER_to_BN(X509_get0_serialNumber(certificate), nullptr), BN_free);
  if (!serial) {
    return {};
  }
  std::vector<unsigned char> bytes(static_cast<size_t>(BN_num_bytes(serial.get())));
  BN_bn2bin(serial.get(), bytes.data());
  return bytes.empty() ? "00" : upper_hex(bytes.data(), bytes.size());
}

// A digest of the whole DER encoding: what certlm.msc calls the thumbprint.
std::string digest_hex(X509* certificate, const EVP_MD* digest) {
  unsigned char bytes[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (X509_digest(certificate, digest, bytes, &length) != 1) {
    return {};
  }
  return upper_hex(bytes, length);
}

CertificateInfo read_certificate(X509* certificate) {
  CertificateInfo info;
  info.subject = name_to_string(X509_get_subject_name(certificate));
  info.issuer = name_to_string(X509_get_issuer_name(certificate));
  info.common_name = common_name(certificate);
  read_subject_alt_names(certificate, info);
  info.eku = extended_key_usages(certificate);
  info.ca_issuers = ca_issuers(certificate);
  // X509_get_extended_key_usage answers as OpenSSL's purpose checks do; an
  // absent extension allows every usage (RFC 5280 §4.2.1.12).
  uint32_t usages = X509_get_extended_key_usage(certificate);
  info.allows_server_auth = (usages & XKU_SSL_SERVER) != 0;
  info.allows_client_auth = (usages & XKU_SSL_CLIENT) != 0;
  if (EVP_PKEY* key = X509_get0_pubkey(certificate)) {
    info.key = describe_key(key);
    info.key_base_id = EVP_PKEY_get_base_id(key);
    info.key_bits = EVP_PKEY_get_bits(key);
  }
  int signature_nid = X509_get_signature_nid(certificate);
  info.signature_algorithm = OBJ_nid2ln(signature_nid);
  OBJ_find_sigid_algs(signature_nid, &info.signature_digest_nid, nullptr);
  info.not_before = to_time_point(X509_get0_notBefore(certificate));
  info.not_after = to_time_point(X509_get0_notAfter(certificate));
  info.self_issued = (X509_get_extension_flags(certificate) & EXFLAG_SS) != 0;
  info.is_ca = X509_check_ca(certificate) != 0;
  info.serial = serial_hex(certificate);
  info.sha1_thumbprint = digest_hex(certificate, EVP_sha1());
  info.sha256_fingerprint = digest_hex(certificate, EVP_sha256());
  drain_openssl_errors();
  return info;
}

}  // namespace

CertificateInfo inspect_certificate(X509* certificate) {
  // A run's connections present the same few certificates over and over,
  // each one parsed anew by OpenSSL: the name checks of every path would
  // read the same fields again. Keyed by the whole DER encoding, so a hit is
  // the same certificate.
  constexpr size_t kRemembered = 16;
  thread_local std::vector<std::pair<std::string, CertificateInfo>> known;
  std::string der = der_of(certificate);
  for (const auto& [seen, info] : known) {
    if (seen == der) {
      return info;
    }
  }
  CertificateInfo info = read_certificate(certificate);
  if (!der.empty()) {
    if (known.size() == kRemembered) {
      known.erase(known.begin());
    }
    known.emplace_back(std::move(der), info);
  }
  return info;
}

std::string iso8601_utc(std::chrono::system_clock::time_point at) {
  // fmt 9 formats a time_point in local time: through gmtime it is UTC
  // whatever TZ says.
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}",
                     fmt::gmtime(std::chrono::system_clock::to_time_t(at)));
}

std::optional<std::chrono::system_clock::time_point> parse_iso8601_utc(const std::string& text) {
  for (const char* format : {"%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d"}) {
    std::tm fields{};
    const char* end = strptime(text.c_str(), format, &fields);
    if (end == nullptr || *end != '\0') {
      continue;
    }
    // timegm normalizes an impossible day (2027-02-30) into the next month:
    // a date it changed was not a date.
    std::tm checked = fields;
    time_t seconds = timegm(&checked);
    if (checked.tm_mday != fields.tm_mday || checked.tm_mon != fields.tm_mon) {
      return std::nullopt;
    }
    return std::chrono::system_clock::from_time_t(seconds);
  }
  return std::nullopt;
}

std::string format_utc(std::chrono::system_clock::time_point at) {
  // fmt formats a time_point in local time; the label says UTC, so convert.
  std::time_t seconds = std::chrono::system_clock::to_time_t(at);
  return fmt::format("{:%Y-%m-%d %H:%M} UTC", fmt::gmtime(seconds));
}

}  // namespace fedharness
