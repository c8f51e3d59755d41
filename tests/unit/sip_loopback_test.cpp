// Both SIP roles against each other over real TLS on loopback: the verdicts
// come from OpenSSL's handshake, not from a model of it.
#include <catch2/catch.hpp>

#include "net/tls_context.hpp"
#include "pki/lab_pki.hpp"
#include "refusal_checks.hpp"
#include "sip/acceptor.hpp"
#include "sip/initiator.hpp"
#include "test_support.hpp"
#include "topology/requirements.hpp"

using namespace fedharness;
using namespace fedharness::net;
using fedharness::test::check_refusal;

namespace {

struct Exchange {
  ConnectionOutcome initiator;
  ConnectionOutcome acceptor;
};

struct End {
  const IssuedCredential* identity;  // null: presents no certificate
  Policy policy;
  const TrustStore* trust;
};

Exchange run_exchange(const End& initiating, const End& accepting, std::string from_domain,
                      std::string to_domain) {
  asio::io_context io;
  tcp::acceptor listener(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  Exchange exchange;
  sip::AcceptorConfig acceptor_config{
      make_tls_context(TlsRole::server, accepting.policy, *accepting.trust, accepting.identity),
      accepting.trust,
      &accepting.policy,
      {to_domain},
      {}};
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        tcp::socket socket = co_await listener.async_accept(asio::use_awaitable);
        exchange.acceptor = co_await sip::serve_connection(std::move(socket), acceptor_config);
      },
      asio::detached);
  sip::InitiatorConfig initiator_config{
      listener.local_endpoint(),
      from_domain,
      PeerName::for_domain(to_domain),
      make_tls_context(TlsRole::client, initiating.policy, *initiating.trust, initiating.identity),
      initiating.trust,
      &initiating.policy,
      {}};
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        exchange.initiator = co_await sip::initiate_options(initiator_config);
      },
      asio::detached);
  io.run();
  return exchange;
}

struct Lab : test::SeedLab {
  explicit Lab(std::vector<std::string> defects = {}) : SeedLab(defects, "aol.com") {}

  // The Edge initiates to a partner acceptor that verifies it with `policy`.
  Exchange outbound(const std::string& policy, const std::string& edge_domain = "contoso.com",
                    TlsVersion max_version = TlsVersion::tls1_3) {
    Policy partner_policy = find_policy(policy);
    partner_policy.max_version = max_version;
    return run_exchange({&pki.edge, find_policy("lync"), &trust},
                        {&partner, partner_policy, &trust}, edge_domain, "aol.com");
  }

  // A partner initiates to the Edge, verifying the Edge with `policy`.
  Exchange inbound(const std::string& policy, const std::string& edge_domain = "contoso.com") {
    return run_exchange({&partner, find_policy(policy), &trust},
                        {&pki.edge, find_policy("lync"), &trust}, "aol.com", edge_domain);
  }
};

}  // namespace

TEST_CASE("a good Edge certificate federates both ways", "[sip][loopback]") {
  Lab lab;
  for (const Exchange& exchange : {lab.outbound("aol"), lab.inbound("lync")}) {
    CAPTURE(exchange.initiator.evidence, exchange.acceptor.evidence);
    CHECK(exchange.initiator.passed);
    CHECK(exchange.acceptor.passed);
    CHECK(exchange.initiator.evidence == "OPTIONS 200 OK");
    CHECK(exchange.initiator.tls.version == "TLSv1.3");
    CHECK(exchange.acceptor.tls.peer_chain.size() == 2);
  }
}

TEST_CASE("AOL refuses an Edge certificate without the client EKU", "[sip][loopback]") {
  Lab lab({"no-client-eku"});
  auto version = GENERATE(TlsVersion::tls1_3, TlsVersion::tls1_2);
  Exchange exchange = lab.outbound("aol", "contoso.com", version);
  // The partner's verifier refused (OpenSSL error 26); the Edge learnt it from
  // alert 43, in TLS 1.3 only on its first read after the handshake.
  check_refusal(exchange.acceptor, FindingCode::eku_client_missing, Side::local);
  check_refusal(exchange.initiator, FindingCode::eku_client_missing, Side::remote);
  REQUIRE(exchange.initiator.tls.alert_received);
  CHECK(exchange.initiator.tls.alert_received->name() == "unsupported_certificate");
  CHECK(exchange.initiator.stage == (version == TlsVersion::tls1_3 ? "sip response" : "handshake"));
  // A refusing server keeps no peer certificate in its session; the report
  // still shows the chain it refused.
  REQUIRE(exchange.acceptor.tls.peer_chain.size() == 2);
  CHECK(X509_cmp(exchange.acceptor.tls.peer_chain[0].get(), lab.pki.edge.certificate.get()) == 0);
}

TEST_CASE("Lync does not demand the client EKU", "[sip][loopback]") {
  Lab lab({"no-client-eku"});
  Exchange exchange = lab.outbound("lync");
  CHECK(exchange.initiator.passed);
  CHECK(exchange.acceptor.passed);
}

TEST_CASE("OpenSSL's purpose check walks up to a serverAuth-only issuing CA", "[sip][loopback]") {
  Lab lab({"server-only-issuer"});
  Exchange exchange = lab.outbound("openssl-default");
  check_refusal(exchange.acceptor, FindingCode::eku_client_missing, Side::local);
  CHECK(exchange.acceptor.evidence.find("at depth 1") != std::string::npos);
  check_refusal(exchange.initiator, FindingCode::eku_client_missing, Side::remote);
}

TEST_CASE("no client certificate is refused when the partner requires one", "[sip][loopback]") {
  Lab lab;
  auto version = GENERATE(TlsVersion::tls1_3, TlsVersion::tls1_2);
  Policy lync = find_policy("lync");
  lync.max_version = version;
  Exchange exchange = run_exchange({nullptr, find_policy("lync"), &lab.trust},
                                   {&lab.pki.edge, lync, &lab.trust}, "aol.com", "contoso.com");
  check_refusal(exchange.acceptor, FindingCode::client_cert_missing, Side::local);
  check_refusal(exchange.initiator, FindingCode::client_cert_missing, Side::remote);
}

TEST_CASE("an untrusted Edge certificate is refused with unknown_ca", "[sip][loopback]") {
  Lab lab({"untrusted-ca"});
  Exchange exchange = lab.outbound("lync");
  check_refusal(exchange.acceptor, FindingCode::chain_untrusted, Side::local);
  check_refusal(exchange.initiator, FindingCode::chain_untrusted, Side::remote);
  CHECK(exchange.initiator.tls.alert_received->name() == "unknown_ca");
}

TEST_CASE("a partner reaching sip.fabrikam.com refuses a certificate without it",
          "[sip][loopback]") {
  Lab lab({"missing-san:sip.fabrikam.com"});
  // Inbound: the partner, as a TLS client, checks the SRV target during the handshake.
  Exchange inbound = lab.inbound("lync", "fabrikam.com");
  check_refusal(inbound.initiator, FindingCode::name_mismatch, Side::local);
  CHECK(inbound.initiator.evidence.find("sip.fabrikam.com") != std::string::npos);
  CHECK_FALSE(inbound.acceptor.passed);
  // Outbound: the partner, as a TLS server, checks the From domain and answers 403.
  Exchange outbound = lab.outbound("lync", "fabrikam.com");
  check_refusal(outbound.acceptor, FindingCode::name_mismatch, Side::local);
  check_refusal(outbound.initiator, FindingCode::sip_error_response, Side::remote);
  CHECK(outbound.initiator.evidence.find("403 Forbidden") != std::string::npos);
  // The same Edge still federates for contoso.com.
  CHECK(lab.inbound("lync", "contoso.com").initiator.passed);
}

TEST_CASE("no shared TLS version", "[sip][loopback]") {
  Lab lab;
  Policy old_only = find_policy("lync");
  old_only.min_version = TlsVersion::tls1_2;
  old_only.max_version = TlsVersion::tls1_2;
  Policy modern_only = find_policy("lync");
  modern_only.min_version = TlsVersion::tls1_3;
  Exchange exchange =
      run_exchange({&lab.partner, old_only, &lab.trust}, {&lab.pki.edge, modern_only, &lab.trust},
                   "aol.com", "contoso.com");
  check_refusal(exchange.acceptor, FindingCode::tls_version_mismatch, Side::local);
  check_refusal(exchange.initiator, FindingCode::tls_version_mismatch, Side::remote);
}

TEST_CASE("no shared cipher suite, on both ends", "[sip][loopback]") {
  // The lab's keys are EC P-256; a partner that offers only RSA-signed suites
  // of TLS 1.2 leaves the Edge nothing it can sign with. Its server refuses
  // (SSL_R_NO_SHARED_CIPHER); the partner learns it from handshake_failure in
  // reply to its ClientHello.
  Lab lab;
  Policy rsa_only = find_policy("lync");
  rsa_only.max_version = TlsVersion::tls1_2;
  rsa_only.ciphers = "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384";
  Exchange exchange =
      run_exchange({&lab.partner, rsa_only, &lab.trust},
                   {&lab.pki.edge, find_policy("lync"), &lab.trust}, "aol.com", "contoso.com");
  check_refusal(exchange.acceptor, FindingCode::tls_no_shared_cipher, Side::local);
  check_refusal(exchange.initiator, FindingCode::tls_no_shared_cipher, Side::remote);
}

TEST_CASE("nothing listening is CONNECT_FAILED", "[sip][loopback]") {
  Lab lab;
  asio::io_context io;
  tcp::acceptor closed(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  auto endpoint = closed.local_endpoint();
  closed.close();
  Policy lync = find_policy("lync");
  sip::InitiatorConfig config{endpoint,
                              "aol.com",
                              PeerName::for_domain("contoso.com"),
                              make_tls_context(TlsRole::client, lync, lab.trust, &lab.partner),
                              &lab.trust,
                              &lync,
                              {}};
  ConnectionOutcome outcome;
  asio::co_spawn(
      io, [&]() -> asio::awaitable<void> { outcome = co_await sip::initiate_options(config); },
      asio::detached);
  io.run();
  check_refusal(outcome, FindingCode::connect_failed, Side::remote);
}
