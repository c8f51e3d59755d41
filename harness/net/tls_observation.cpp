#include "net/tls_observation.hpp"

#include <openssl/x509_vfy.h>

#include <algorithm>
#include <array>
#include <span>

#include "net/tls_transcript.hpp"

namespace fedharness::net {
namespace {

struct Observer {
  TlsObservation* observation;
  NameCheckHook name_check;
  OnVerifyFailure on_failure;
  Transcript* transcript;  // null unless the run keeps transcripts
};

void free_observer(void*, void* observer, CRYPTO_EX_DATA*, int, long, void*) {
  delete static_cast<Observer*>(observer);
}

// Our own slot on the SSL object (Asio uses SSL's app data for itself); the
// observer in it is deleted with the SSL object.
int observation_index() {
  static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, free_observer);
  return index;
}

Observer* observer_of(const SSL* ssl) {
  return static_cast<Observer*>(SSL_get_ex_data(ssl, observation_index()));
}

void on_info(const SSL* ssl, int where, int value) {
  if ((where & (SSL_CB_ALERT | SSL_CB_HANDSHAKE_DONE)) == 0) {
    return;  // the handshake's many state changes: nothing to record
  }
  Observer* observer = observer_of(ssl);
  if (observer == nullptr) {
    return;
  }
  if ((where & SSL_CB_HANDSHAKE_DONE) != 0) {
    if (observer->transcript != nullptr) {
      transcribe_handshake_done(*observer->transcript, ssl);
    }
    return;
  }
  // The low byte is the AlertDescription, the high byte the level (RFC 8446 §6).
  Alert alert{value & 0xff, (where & SSL_CB_READ) != 0 && SSL_is_server(ssl) == 0 &&
                                SSL_get_state(ssl) == TLS_ST_CW_CLNT_HELLO};
  // close_notify ends a connection normally; it is not a refusal.
  if (alert.description == SSL_AD_CLOSE_NOTIFY) {
    return;
  }
  auto& slot = (where & SSL_CB_READ) != 0 ? observer->observation->alert_received
                                          : observer->observation->alert_sent;
  if (!slot) {
    slot = alert;
  }
}

// `leaf` and the rest of `chain` as sent (on a server the chain leaves the
// leaf out, on a client and in a verifier's context it starts with it).
void record_chain(X509* leaf, STACK_OF(X509) * chain, TlsObservation& observation) {
  observation.peer_chain.clear();
  observation.peer_chain.push_back(share(leaf));
  for (int i = 0; chain != nullptr && i < sk_X509_num(chain); ++i) {
    X509* certificate = sk_X509_value(chain, i);
    if (X509_cmp(certificate, leaf) != 0) {
      observation.peer_chain.push_back(share(certificate));
    }
  }
}

int verify(int preverified, X509_STORE_CTX* context) {
  auto* ssl =
      static_cast<SSL*>(X509_STORE_CTX_get_ex_data(context, SSL_get_ex_data_X509_STORE_CTX_idx()));
  Observer* observer = observer_of(ssl);
  // A server that refuses the client's chain keeps no peer certificate in its
  // session: the chain is recorded here, as it is verified.
  if (observer->observation->peer_chain.empty()) {
    if (X509* leaf = X509_STORE_CTX_get0_cert(context)) {
      record_chain(leaf, X509_STORE_CTX_get0_untrusted(context), *observer->observation);
    }
  }
  int depth = X509_STORE_CTX_get_error_depth(context);
  X509* certificate = X509_STORE_CTX_get_current_cert(context);
  int accept_anyway = observer->on_failure == OnVerifyFailure::record ? 1 : 0;
  if (preverified == 0) {
    int error = X509_STORE_CTX_get_error(context);
    auto& failures = observer->observation->verify_failures;
    bool seen = std::ranges::any_of(
        failures, [&](const VerifyFailure& f) { return f.error == error && f.depth == depth; });
    if (!seen) {
      failures.push_back({error, depth, certificate ? share(certificate) : nullptr});
    }
    if (observer->transcript != nullptr) {
      transcribe_verify_result(*observer->transcript, depth, certificate, error);
    }
    return accept_anyway;
  }
  if (depth == 0 && observer->name_check) {
    // At depth 0 the chain is built: the CAs above the leaf.
    std::vector<X509*> issuers;
    STACK_OF(X509)* chain = X509_STORE_CTX_get0_chain(context);
    for (int i = 1; chain != nullptr && i < sk_X509_num(chain); ++i) {
      issuers.push_back(sk_X509_value(chain, i));
    }
    if (std::string mismatch = observer->name_check(certificate, issuers); !mismatch.empty()) {
      if (observer->transcript != nullptr) {
        transcribe_verify_result(*observer->transcript, depth, certificate,
                                 X509_V_ERR_HOSTNAME_MISMATCH, mismatch);
      }
      observer->observation->name_failure = std::move(mismatch);
      X509_STORE_CTX_set_error(context, X509_V_ERR_HOSTNAME_MISMATCH);
      observer->observation->verify_failures.push_back(
          {X509_V_ERR_HOSTNAME_MISMATCH, 0, share(certificate)});
      return accept_anyway;
    }
  }
  if (observer->transcript != nullptr) {
    // A failure at this depth that we let pass (OnVerifyFailure::record)
    // still ends in a call with preverified = 1: it says only that nothing
    // else is wrong with the certificate.
    bool failed_here =
        std::ranges::any_of(observer->observation->verify_failures,
                            [&](const VerifyFailure& f) { return f.depth == depth; });
    transcribe_verify_result(*observer->transcript, depth, certificate, X509_V_OK,
                             failed_here ? "no further error" : "");
  }
  return 1;
}

// Every TLS message both ways: the first record header received is kept
// (SSL3_RT_HEADER comes before OpenSSL checks it), and with a transcript,
// the message goes there.
void on_message(int write_p, int /*version*/, int content_type, const void* buf, size_t len,
                SSL* ssl, void* /*arg*/) {
  Observer* observer = observer_of(ssl);
  if (observer == nullptr) {
    return;
  }
  std::span<const uint8_t> bytes(static_cast<const uint8_t*>(buf), len);
  std::string& first = observer->observation->first_bytes;
  if (write_p == 0 && content_type == SSL3_RT_HEADER && first.empty()) {
    first.assign(bytes.begin(), bytes.end());
  }
  if (observer->transcript != nullptr) {
    transcribe_tls_message(*observer->transcript, ssl, write_p != 0, content_type, bytes);
  }
}

}  // namespace

std::string Alert::name() const {
  // SSL_alert_desc_string_long gives "unsupported certificate"; the registry
  // names (RFC 8446 §6) are what people search for.
  switch (description) {
    case 0:
      return "close_notify";
    case 10:
      return "unexpected_message";
    case 20:
      return "bad_record_mac";
    case 40:
      return "handshake_failure";
    case 42:
      return "bad_certificate";
    case 43:
      return "unsupported_certificate";
    case 44:
      return "certificate_revoked";
    case 45:
      return "certificate_expired";
    case 46:
      return "certificate_unknown";
    case 47:
      return "illegal_parameter";
    case 48:
      return "unknown_ca";
    case 49:
      return "access_denied";
    case 50:
      return "decode_error";
    case 51:
      return "decrypt_error";
    case 70:
      return "protocol_version";
    case 71:
      return "insufficient_security";
    case 80:
      return "internal_error";
    case 86:
      return "inappropriate_fallback";
    case 90:
      return "user_canceled";
    case 109:
      return "missing_extension";
    case 110:
      return "unsupported_extension";
    case 112:
      return "unrecognized_name";
    case 116:
      return "certificate_required";
    case 120:
      return "no_application_protocol";
    default:
      return "alert_" + std::to_string(description);
  }
}

bool is_alert_name(std::string_view name) {
  for (int description = 0; description < 256; ++description) {
    if (Alert{description}.name() == name) {
      return true;
    }
  }
  return false;
}

void observe(SSL* ssl, TlsObservation& observation, NameCheckHook name_check,
             OnVerifyFailure on_failure, Transcript* transcript) {
  auto* observer = new Observer{&observation, std::move(name_check), on_failure, transcript};
  SSL_set_ex_data(ssl, observation_index(), observer);
  SSL_set_info_callback(ssl, on_info);
  SSL_set_msg_callback(ssl, on_message);
  SSL_set_verify(ssl, SSL_get_verify_mode(ssl), verify);
}

bool is_tls_record_header(std::string_view header) {
  if (header.size() < 2) {
    return true;  // too little to tell: nothing says it is not
  }
  auto type = static_cast<unsigned char>(header[0]);
  return type >= SSL3_RT_CHANGE_CIPHER_SPEC && type <= 24 && header[1] == '\x03';
}

void record_session(SSL* ssl, TlsObservation& observation) {
  // OpenSSL read only the first record's header; what came with it waits in
  // the read BIO, which nothing reads now that the connection has failed.
  if (!is_tls_record_header(observation.first_bytes) && observation.first_bytes.size() < 32) {
    std::array<char, 32> more;
    int size = BIO_read(SSL_get_rbio(ssl), more.data(),
                        static_cast<int>(more.size() - observation.first_bytes.size()));
    if (size > 0) {
      observation.first_bytes.append(more.data(), static_cast<size_t>(size));
    }
  }
  observation.version = SSL_get_version(ssl);
  if (const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl)) {
    observation.cipher = SSL_CIPHER_get_name(cipher);
  }
  // Without a peer certificate in the session, the chain is the one the
  // verify callback recorded, if the peer sent one.
  if (X509* leaf = SSL_get0_peer_certificate(ssl)) {
    record_chain(leaf, SSL_get_peer_cert_chain(ssl), observation);
  }
}

}  // namespace fedharness::net
