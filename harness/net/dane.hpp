#pragma once

#include <openssl/ssl.h>

#include <optional>
#include <string>
#include <vector>

#include "dns/rdata.hpp"
#include "net/tls_observation.hpp"
#include "verify/trust_store.hpp"

namespace fedharness::net {

/// What DNS says a server's chain must match: its validated TLSA records
/// (RFC 6698) and where they were found, _PORT._tcp.TARGET (RFC 7673 §3).
struct DaneRecords {
  std::string name;
  std::vector<dns::TlsaRecord> records;
};

/// Makes `context` able to check DANE on its connections; for every client
/// context, before any connection (it is not thread-safe on a shared one).
void enable_dane(SSL_CTX* context);

/// Before the handshake: OpenSSL's verifier checks the server's chain
/// against `dane` (SSL_dane_enable, SSL_dane_tlsa_add). A DANE-TA(2) or
/// DANE-EE(3) match stands in for the trust store; no match fails with
/// X509_V_ERR_DANE_NO_MATCH (DANE_MISMATCH). Names stay the policy's to
/// check (the verify callback's name check), as the DANE-aware servers do:
/// OpenSSL's own host check is switched off. The records are noted in
/// `observation` for the evidence. Throws OpensslError.
void require_dane(SSL* ssl, const DaneRecords& dane, TlsObservation& observation);

/// Whether a certificate chain (leaf first) would pass DANE with `dane`,
/// as OpenSSL's verifier decides it for a connection (require_dane) but
/// without one: nothing when it matches, else OpenSSL's reason. PKIX-TA and
/// PKIX-EE records (usages 0 and 1) also need the chain to verify with
/// `trust`.
std::optional<std::string> dane_mismatch(const std::vector<X509Ptr>& chain, const DaneRecords& dane,
                                         const TrustStore& trust);

/// The SHA-256 of a certificate's SubjectPublicKeyInfo, in hex: the data of
/// a "3 1 1" (DANE-EE, SPKI, SHA-256) record for it.
std::string spki_sha256(X509* certificate);

/// "3 1 1 a1b2...": a TLSA record in presentation format (RFC 6698 §2.2).
std::string tlsa_text(const dns::TlsaRecord& record);

}  // namespace fedharness::net
