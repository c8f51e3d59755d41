#include "verify/finding_code.hpp"

#include <algorithm>
#include <array>
#include <ranges>
#include <string>

namespace fedharness {
namespace {

using enum FindingCode;

constexpr std::array kCodes{
    FindingCodeInfo{
        subject_mismatch, "SUBJECT_MISMATCH", Severity::error,
        "The certificate's subject CN is not the Access Edge FQDN of the topology.",
        "Request the certificate with the Access Edge FQDN as subject name, as "
        "Topology Builder does.",
        "certs check (the certificate against the topology)",
        "subject CN is 'edge.contoso.com', the topology's Access Edge FQDN is sip.contoso.com"},
    FindingCodeInfo{san_missing, "SAN_MISSING", Severity::error,
                    "A name the Edge answers for is not among the certificate's DNS SANs; "
                    "partners federating for that domain refuse the certificate.",
                    "Add the name as a DNS SAN (sip.<domain> per SIP domain, <domain> per "
                    "XMPP domain, the web conferencing FQDN) and reissue the certificate.",
                    "certs check; the handshake's name check, stage handshake, as NAME_MISMATCH",
                    "sip.fabrikam.com is not among the DNS SANs (sip.contoso.com, contoso.com)"},
    FindingCodeInfo{
        subject_not_in_san, "SUBJECT_NOT_IN_SAN", Severity::error,
        "The subject name is not repeated as a SAN; TLS clients ignore the subject "
        "when SANs exist (RFC 6125 §6.4.4), so the Access Edge FQDN is not covered.",
        "Reissue with the subject name also listed first among the DNS SANs.", "certs check",
        "sip.contoso.com is not among the DNS SANs (webcon.contoso.com, sip.fabrikam.com)"},
    FindingCodeInfo{eku_server_missing, "EKU_SERVER_MISSING", Severity::error,
                    "The certificate (or an issuing CA) has an Extended Key Usage without "
                    "serverAuth; partners connecting to the Edge refuse it.",
                    "Reissue from a template whose EKU includes Server Authentication "
                    "(1.3.6.1.5.5.7.3.1).",
                    "certs check; stage handshake, side partner (a partner connecting to the Edge)",
                    "our verifier: unsuitable certificate purpose at depth 0 (CN=sip.contoso.com)"},
    FindingCodeInfo{eku_client_missing, "EKU_CLIENT_MISSING", Severity::error,
                    "The certificate (or an issuing CA) has an Extended Key Usage without "
                    "clientAuth; when the Edge initiates, partners that check the client "
                    "purpose (AOL, OpenSSL's default, ejabberd before 25.07) refuse it with "
                    "'unsupported certificate purpose'.",
                    "Reissue the connecting side's certificate with Client Authentication "
                    "(1.3.6.1.5.5.7.3.2) in the EKU (on a Lync/Skype Edge: Request-CsCertificate "
                    "-ClientEKU $true) from a CA hierarchy whose issuing CA still allows "
                    "clientAuth.",
                    "certs check; stage handshake (SIP, OpenSSL partners) or sasl (XMPP), side "
                    "partner, when the Edge connects",
                    "our verifier: unsuitable certificate purpose at depth 0 (CN=sip.contoso.com); "
                    "the Edge saw: the other side sent alert unsupported_certificate (43)"},
    FindingCodeInfo{cert_expired, "CERT_EXPIRED", Severity::error,
                    "A certificate of the chain is past its notAfter date.",
                    "Renew the certificate (or the expired CA certificate) and assign the new "
                    "one.",
                    "certs check; stage handshake or sasl, the verifying side",
                    "our verifier: certificate has expired at depth 0 (CN=sip.contoso.com)"},
    FindingCodeInfo{cert_not_yet_valid, "CERT_NOT_YET_VALID", Severity::error,
                    "A certificate of the chain is not valid yet (notBefore is in the future).",
                    "Check the clock of the issuing CA and of this machine, or wait until the "
                    "notBefore date before assigning the certificate.",
                    "certs check; stage handshake or sasl, the verifying side",
                    "our verifier: certificate is not yet valid at depth 0 (CN=sip.contoso.com)"},
    FindingCodeInfo{cert_expires_soon, "CERT_EXPIRES_SOON", Severity::warning,
                    "A certificate of the chain expires within 30 days.",
                    "Renew now; a renewal is also the moment public CAs change EKUs, so check "
                    "the new certificate with fedharness before assigning it.",
                    "certs check (a warning)",
                    "CN=sip.contoso.com,O=Contoso expires 2026-12-20 12:00 UTC"},
    FindingCodeInfo{cert_self_signed, "CERT_SELF_SIGNED", Severity::error,
                    "The certificate is self-signed; federation partners do not trust it.",
                    "Use a certificate from a public CA that the federation partners trust.",
                    "certs check; stage handshake or sasl, the verifying side",
                    "our verifier: self-signed certificate at depth 0 (CN=sip.contoso.com)"},
    FindingCodeInfo{
        chain_untrusted, "CHAIN_UNTRUSTED", Severity::error,
        "The chain does not lead to a root the verifier trusts.",
        "The certificate presented must chain to a root the verifying side trusts: "
        "for federation, a certificate from a public CA; in a lab, add its root to "
        "the verifier's trust store.",
        "certs check; stage handshake (SIP) or sasl (XMPP), the verifying side",
        "our verifier: unable to get local issuer certificate at depth 1 (CN=Contoso Issuing CA)"},
    FindingCodeInfo{
        chain_incomplete, "CHAIN_INCOMPLETE", Severity::error,
        "An intermediate CA certificate is missing from the chain presented; "
        "partners that do not already hold it cannot build the chain.",
        "Install the issuing CA's intermediate certificate(s) so that the Edge "
        "sends them (import the full chain, e.g. the .p7b or .p12 with chain).",
        "certs check (--intermediates); stage handshake or sasl, the verifying side",
        "the Edge presents only its leaf; its issuer CN=Contoso Issuing CA is known but not sent"},
    FindingCodeInfo{
        chain_invalid, "CHAIN_INVALID", Severity::error,
        "The chain is invalid whoever trusts it: a certificate is malformed or breaks a rule "
        "of path validation (RFC 5280 §6): a path length, a name constraint, a CA that is not "
        "one, a critical extension not understood.",
        "The evidence names the reason and its fix; mostly, have the CA reissue the certificate "
        "or present the chain the CA publishes.",
        "certs check; stage handshake (SIP) or sasl (XMPP), the verifying side",
        "our verifier: permitted subtree violation at depth 0 (CN=sip.contoso.com): a name of "
        "the certificate lies outside the subtrees an issuing CA's name constraints permit; fix: "
        "..."},
    FindingCodeInfo{key_too_weak, "KEY_TOO_WEAK", Severity::error,
                    "A key is shorter than RSA-2048 / EC P-256.",
                    "Reissue with an RSA key of 2048 bits or more or an EC P-256 key.",
                    "certs check; stage handshake, a verifier at OpenSSL security level 2 or more",
                    "our verifier: EE certificate key too weak at depth 0 (CN=sip.contoso.com)"},
    FindingCodeInfo{
        signature_weak, "SIGNATURE_WEAK", Severity::error,
        "A certificate is signed with SHA-1 or MD5, which TLS libraries refuse.",
        "Reissue with a SHA-256 (or stronger) signature.",
        "certs check; stage handshake, a verifier at OpenSSL security level 2 or more",
        "our verifier: CA signature digest algorithm too weak at depth 0 (CN=sip.contoso.com)"},
    FindingCodeInfo{key_mismatch, "KEY_MISMATCH", Severity::error,
                    "The private key given does not belong to the certificate.",
                    "Export the certificate together with its own private key (PKCS#12 with "
                    "the key marked exportable).",
                    "certs check, edge --cert (the private key against the certificate)",
                    "the key given does not match the public key of CN=sip.contoso.com,O=Contoso"},
    FindingCodeInfo{connect_failed, "CONNECT_FAILED", Severity::error,
                    "The TCP connection could not be opened.",
                    "Check the address and port, that the service listens, and firewalls on the "
                    "path (SIP federation: 5061; XMPP server-to-server: 5269).",
                    "stage connect, side remote", "connect to 127.0.0.2:5061: Connection refused"},
    FindingCodeInfo{timeout, "TIMEOUT", Severity::error,
                    "The other side did not answer before the deadline of a stage.",
                    "Check that the port speaks the protocol expected (SIP: TLS from the first "
                    "byte on 5061; XMPP: a stream and STARTTLS on 5269) and that the other side "
                    "is not stuck on something of its own (its log says; an XMPP server may be "
                    "resolving a domain it wants to connect back to).",
                    "any stage, side remote: the stage's budget ran out (see --deadline)",
                    "no end of the handshake stage within the tls budget of 10 s (stage "
                    "handshake): the peer sent nothing meanwhile"},
    FindingCodeInfo{
        not_tls, "NOT_TLS", Severity::error,
        "The other side does not speak TLS here: its first bytes are not a TLS "
        "record (RFC 8446 §5.1), but another protocol (an HTTP reply, plain SIP or "
        "XMPP) or garbage.",
        "Check the port: SIP federation is TLS from the first byte on 5061, XMPP "
        "direct TLS (XEP-0368) on its own port, STARTTLS on 5269; a proxy or load "
        "balancer in the way may be answering instead of the server.",
        "stage handshake, side remote",
        "the other side's first bytes are not a TLS record: \"OPTIONS sip:contoso.com SIP/2.0\""},
    FindingCodeInfo{tls_version_mismatch, "TLS_VERSION_MISMATCH", Severity::error,
                    "The two sides share no TLS version.",
                    "Enable TLS 1.2 (and 1.3) on both sides; partners such as Teams refuse "
                    "TLS 1.0 and 1.1.",
                    "stage handshake, either side",
                    "the other side sent alert protocol_version (70)"},
    FindingCodeInfo{
        tls_no_shared_cipher, "TLS_NO_SHARED_CIPHER", Severity::error,
        "The two sides share no cipher suite (or none that fits the certificate's "
        "key).",
        "Enable the ECDHE-ECDSA / ECDHE-RSA AES-GCM suites on the Edge and check "
        "that the certificate's key type matches the suites offered.",
        "stage handshake, either side",
        "the other side sent alert handshake_failure (40) in answer to the ClientHello"},
    FindingCodeInfo{
        client_cert_missing, "CLIENT_CERT_MISSING", Severity::error,
        "The connecting side sent no certificate and the accepting side requires "
        "one (mutual TLS).",
        "The connecting side must present its certificate; on an Edge the external "
        "certificate is also the TLS client certificate of outgoing federation "
        "connections, so assign it there too.",
        "stage handshake, the accepting side",
        "the other side sent alert certificate_required (116): we presented no certificate"},
    FindingCodeInfo{name_mismatch, "NAME_MISMATCH", Severity::error,
                    "The certificate does not cover the name the verifying side checks.",
                    "Add the name (sip.<domain> for SIP federation, <domain> for XMPP) to the "
                    "certificate's SANs and reissue.",
                    "stage handshake, the verifying side; certs check --dns (an SRV target the "
                    "certificate lacks)",
                    "our verifier: the certificate does not name sip.fabrikam.com (SRV target); it "
                    "names sip.contoso.com, contoso.com"},
    FindingCodeInfo{tls_handshake_failed, "TLS_HANDSHAKE_FAILED", Severity::error,
                    "The TLS handshake failed for a reason without a code of its own; the "
                    "evidence carries the alert or the OpenSSL error.",
                    "Read the alert in the evidence; run with the key log and a capture to see "
                    "the handshake.",
                    "stage handshake, either side: a TLS failure no other code names",
                    "the other side sent alert internal_error (80)"},
    FindingCodeInfo{sip_error_response, "SIP_ERROR_RESPONSE", Severity::error,
                    "TLS succeeded but the SIP request was answered with an error status.",
                    "Check the federation settings (allowed domains, federation route) of the "
                    "side that answered; the status and Warning header are in the evidence.",
                    "stage sip response, side remote",
                    "OPTIONS sip:contoso.com answered 403 Forbidden (Warning: 399 sip.contoso.com "
                    "\"domain not federated\")"},
    FindingCodeInfo{sip_no_response, "SIP_NO_RESPONSE", Severity::error,
                    "TLS succeeded but the SIP request got no final response.",
                    "Check that the other side accepts SIP over TLS from this domain and routes "
                    "OPTIONS.",
                    "stage sip response, side remote",
                    "the connection closed before a response to OPTIONS sip:contoso.com"},
    FindingCodeInfo{protocol_violation, "PROTOCOL_VIOLATION", Severity::error,
                    "The other side sent something the protocol does not allow (a malformed or "
                    "oversized message).",
                    "Capture the exchange with --transcript and report it to the vendor of the "
                    "other side.",
                    "any protocol stage, side remote: bytes that break SIP or XMPP",
                    "a SIP response with Content-Length 99999999, above 65536"},
    FindingCodeInfo{peer_closed, "PEER_CLOSED", Severity::error,
                    "The other side closed the connection without a TLS alert or a response.",
                    "Look at the other side's log: a silent close usually means it refused the "
                    "certificate or the domain.",
                    "any stage after connect, side remote",
                    "the other side closed the connection during the stream stage"},
    FindingCodeInfo{xmpp_starttls_not_offered, "XMPP_STARTTLS_NOT_OFFERED", Severity::error,
                    "The receiving server did not offer STARTTLS (RFC 6120 §5.3.1), so the "
                    "stream cannot be secured.",
                    "Enable TLS for server-to-server streams on the receiving side, and make it "
                    "required (Prosody: s2s_require_encryption; ejabberd: s2s_use_starttls: "
                    "required).",
                    "stage starttls, side remote", "the stream features offer no <starttls/>"},
    FindingCodeInfo{
        xmpp_sasl_external_not_offered, "XMPP_SASL_EXTERNAL_NOT_OFFERED", Severity::error,
        "After TLS the receiving server did not offer SASL EXTERNAL (XEP-0178): it "
        "found the certificate unacceptable, or does not authenticate by "
        "certificate, and dialback was not possible.",
        "Check the certificate against the receiver's rules (the domain as a SAN, a "
        "trusted chain, the client EKU where it is checked), or allow dialback.",
        "stage sasl, side remote",
        "the stream features after TLS offer mechanisms PLAIN, SCRAM-SHA-1 but not EXTERNAL"},
    FindingCodeInfo{xmpp_auth_failed, "XMPP_AUTH_FAILED", Severity::error,
                    "SASL EXTERNAL was refused (XEP-0178: <failure/>); the condition and text "
                    "the peer sent are in the evidence.",
                    "Read the peer's text: a name mismatch, an untrusted chain or an unsupported "
                    "certificate purpose each has its own fix.",
                    "stage sasl, side remote", "SASL EXTERNAL <failure><not-authorized/>"},
    FindingCodeInfo{xmpp_dialback_failed, "XMPP_DIALBACK_FAILED", Severity::error,
                    "Server dialback (XEP-0220) did not verify the originating domain: the "
                    "authoritative server said the key is invalid or could not be reached, or "
                    "one side does not do dialback at all.",
                    "Allow dialback for the partner on both sides (on a Lync/Skype Edge, the "
                    "XMPP partner's dialback setting), and check that the originating domain's "
                    "authoritative server answers verification (its DNS and its port 5269 "
                    "reachable from the receiver).",
                    "stage dialback or dialback verify, either side",
                    "<db:result type='invalid'/> from fabrikam.com"},
    FindingCodeInfo{xmpp_stream_error, "XMPP_STREAM_ERROR", Severity::error,
                    "The peer closed the stream with a stream error (RFC 6120 §4.9); the "
                    "condition is in the evidence.",
                    "Act on the condition: host-unknown (the domain is not served there), "
                    "policy-violation, not-authorized, ...",
                    "any XMPP stage after the stream opened, side remote",
                    "stream error <host-unknown/>: contoso.com is not served here"},
    FindingCodeInfo{xmpp_message_not_delivered, "XMPP_MESSAGE_NOT_DELIVERED", Severity::error,
                    "An end-to-end message sent by a user of one domain did not reach the user "
                    "of the other domain within the deadline, through the servers and the "
                    "federation link between them.",
                    "Read the servers' logs for the server-to-server stream between the two "
                    "domains: the partner's DNS for the Edge's domain (SRV _xmpp-server._tcp, "
                    "port 5269), its verdict on the Edge's certificate, and the Edge's on "
                    "the partner's.",
                    "stage message (message paths), side remote",
                    "no message from partner.example reached the Edge within 10000 ms"},
    FindingCodeInfo{pool_cert_mismatch, "POOL_CERT_MISMATCH", Severity::error,
                    "A member of the Edge pool presents another certificate or chain than the "
                    "pool's first member: partners reaching it through DNS or hardware load "
                    "balancing see a different identity (and the A/V authentication service "
                    "needs the same certificate on every member).",
                    "Export the certificate with its private key from one member and import "
                    "it on every other, with the same intermediates, then assign it on each "
                    "(Set-CsCertificate on a Lync/Skype Edge).",
                    "after a run, on each further member of a real Edge pool",
                    "127.0.0.3:5061 presents CN=sip.contoso.com (SHA-256 3FA1...), ...; "
                    "127.0.0.2:5061 presents CN=sip.contoso.com (SHA-256 9C02...), ..."},
    FindingCodeInfo{dns_srv_missing, "DNS_SRV_MISSING", Severity::error,
                    "The domain publishes no SRV record for the service, so partners do not "
                    "find its Edge (SIP federation: _sipfederationtls._tcp, which Lync, Skype "
                    "and Teams require); for XMPP a warning when the fallback to the domain on "
                    "5269 works (RFC 6120 §3.2.2).",
                    "Publish _sipfederationtls._tcp.<domain> SRV 0 0 5061 <Access Edge FQDN> "
                    "(and _xmpp-server._tcp.<domain> SRV 0 0 5269 <Access Edge FQDN> for XMPP) "
                    "in the domain's public zone.",
                    "discovery (probe DOMAIN, edge.address.domain), stage dns; certs check --dns",
                    "no SRV record _sipfederationtls._tcp.fabrikam.com: federation partners cannot "
                    "find the Access Edge"},
    FindingCodeInfo{dns_srv_misdirected, "DNS_SRV_MISDIRECTED", Severity::warning,
                    "An SRV record of the topology's domains points at another host or port "
                    "than the Access Edge's external FQDN on the protocol's port (5061 for "
                    "SIP federation, 5269 for XMPP): partners connect there instead.",
                    "Point the record at the Access Edge FQDN the topology names and its "
                    "port, unless another Edge (a pool, a second site) is meant to take that "
                    "domain's federation.",
                    "certs check --dns (a warning)",
                    "SRV _sipfederationtls._tcp.contoso.com points at edge-int.contoso.com:5061, "
                    "not at the Access Edge sip.contoso.com:5061"},
    FindingCodeInfo{dns_no_address, "DNS_NO_ADDRESS", Severity::error,
                    "An SRV target (or the host named) has no A or AAAA record: partners "
                    "find the name and cannot connect to it.",
                    "Publish the Access Edge's public address under the SRV target's name in "
                    "the public zone, or point the SRV record at a name that has one (an SRV "
                    "target must not be an alias, RFC 2782).",
                    "discovery, stage dns; certs check --dns",
                    "sip.fabrikam.com has no A or AAAA record"},
    FindingCodeInfo{dns_server_failure, "DNS_SERVER_FAILURE", Severity::error,
                    "The DNS lookup failed: SERVFAIL or REFUSED, or no answer before the "
                    "deadline.",
                    "Check the domain's authoritative servers (every NS answers, the zone "
                    "loads, DNSSEC signatures are current) and that the resolver used can "
                    "reach them.",
                    "discovery, stage dns; certs check --dns",
                    "SRV _sipfederationtls._tcp.fabrikam.com: SERVFAIL or REFUSED"},
    FindingCodeInfo{
        dnssec_bogus, "DNSSEC_BOGUS", Severity::error,
        "The answer failed DNSSEC validation (RFC 4035 §5.5): a validating "
        "partner (Prosody with use_dane, any DNSSEC-validating resolver) treats "
        "the records as absent.",
        "Re-sign the zone, check that the DS at the parent matches a current "
        "DNSKEY and that signatures have not expired.",
        "discovery, stage dns, under a trust anchor (--dns-trust-anchor)",
        "SRV _xmpp-server._tcp.fabrikam.com: validation failure <...>: signature crypto failed"},
    FindingCodeInfo{dane_mismatch, "DANE_MISMATCH", Severity::error,
                    "The server's SRV target has DNSSEC-validated TLSA records (RFC 6698, "
                    "RFC 7673 §3) and none matches the chain it presented: a DANE-checking "
                    "partner (Prosody with use_dane) refuses it, whatever CA issued it.",
                    "Publish TLSA records for the certificate now installed before the old "
                    "ones go (RFC 7671 §8.1: 3 1 1 of the new key beside the old, or 2 1 1 "
                    "of the issuing CA), or install the certificate the records name.",
                    "stage handshake, side partner (a policy with dane); certs check --dns",
                    "our verifier: no record of TLSA _5269._tcp.xmpp.fabrikam.com (3 1 1 9f2c...) "
                    "matches the chain; its leaf CN=xmpp.fabrikam.com has the key 3 1 1 41d7..."},
};

static_assert(kCodes.size() == static_cast<size_t>(FindingCode::dane_mismatch) + 1,
              "every code needs its entry in kCodes");

static_assert(std::ranges::all_of(std::views::iota(size_t{0}, kCodes.size()),
                                  [](size_t i) {
                                    return static_cast<size_t>(kCodes[i].code) == i;
                                  }),
              "kCodes must list the codes in the order of the enum");

class FindingCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "fedharness.finding"; }
  std::string message(int value) const override {
    return std::string(info(static_cast<FindingCode>(value)).meaning);
  }
};

}  // namespace

std::span<const FindingCodeInfo> finding_catalogue() {
  return kCodes;
}

const FindingCodeInfo& info(FindingCode code) {
  return kCodes.at(static_cast<size_t>(code));
}

std::string_view to_string(FindingCode code) {
  return info(code).name;
}

std::string_view to_string(Severity severity) {
  return severity == Severity::error ? "error" : "warning";
}

std::optional<FindingCode> finding_code_from_string(std::string_view name) {
  auto found = std::ranges::find(kCodes, name, &FindingCodeInfo::name);
  if (found == kCodes.end()) {
    return std::nullopt;
  }
  return found->code;
}

const std::error_category& finding_category() {
  static const FindingCategory category;
  return category;
}

std::error_code make_error_code(FindingCode code) {
  return {static_cast<int>(code), finding_category()};
}

}  // namespace fedharness
