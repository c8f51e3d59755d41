// Whether a peer's certificate names the SIP domain we federate with, under
// each name rule a policy can choose: the SRV target as Lync compares it,
// RFC 5922 §7 domain certificates, or no name at all.
#include "verify/sip_identity.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "pki/certificate_builder.hpp"
#include "pki/certificate_info.hpp"
#include "pki/key.hpp"
#include "verify/policy.hpp"

using namespace fedharness;
using namespace std::chrono_literals;
using Names = std::vector<std::string>;

namespace {

// A real certificate, self-signed, read back the way the harness reads a
// peer's leaf. The builder writes a subjectAltName only when there are DNS names.
CertificateInfo issued(const std::string& common_name, const Names& dns_names) {
  CertificateProfile profile;
  profile.common_name = common_name;
  profile.dns_names = dns_names;
  auto now = std::chrono::system_clock::now();
  profile.not_before = now - 1h;
  profile.not_after = now + 24h;
  EvpPkeyPtr key = generate_key(KeyType::ec_p256);
  X509Ptr certificate = build_certificate(profile, key.get(), Issuer{});
  return inspect_certificate(certificate.get());
}

// What inspect_certificate would read out of a certificate with these SANs;
// the builder cannot write URI SANs, so RFC 5922 cases are built by hand.
CertificateInfo with_sans(const Names& uris, const Names& dns_names,
                          const std::string& common_name = "ignored.example.net") {
  CertificateInfo info;
  info.common_name = common_name;
  info.uris = uris;
  info.dns_names = dns_names;
  info.has_san_extension = true;
  return info;
}

CertificateInfo without_sans(const std::string& common_name) {
  CertificateInfo info;
  info.common_name = common_name;
  info.has_san_extension = false;
  return info;
}

// The name rule of a policy, built here rather than read from
// scenarios/policies so that these cases test the rules alone (policy_test
// checks that the built-in files choose them).
Policy policy(const std::string& name) {
  Policy policy;
  policy.name = name;
  if (name == "lync") {
    policy.names = NameRule::srv_target;
  } else if (name == "teams") {
    policy.names = NameRule::srv_target;
    policy.wildcards = true;
  } else if (name == "rfc5922") {
    policy.names = NameRule::rfc5922;
  } else {
    REQUIRE(name == "openssl-default");
    policy.names = NameRule::none;
  }
  return policy;
}

const PeerName kContoso = PeerName::for_domain("contoso.com");

}  // namespace

TEST_CASE("a peer is known by its domain and the SRV target sip.<domain>", "[identity]") {
  PeerName peer = PeerName::for_domain("Contoso.COM");
  CHECK(peer.domain == "contoso.com");
  CHECK(peer.srv_target == "sip.contoso.com");
}

TEST_CASE("srv-target compares the certificate with sip.<domain> exactly", "[identity]") {
  // Lync resolves _sipfederationtls._tcp.<domain> and compares the target
  // FQDN with the DNS names of the certificate.
  NameCheck check =
      check_sip_name(issued("sip.contoso.com", {"sip.contoso.com"}), kContoso, policy("lync"));
  CHECK(check.matches);
  CHECK(check.expected == "sip.contoso.com");
  CHECK(check.identities == Names{"sip.contoso.com"});

  // The bare domain is not the SRV target.
  check = check_sip_name(issued("contoso.com", {"contoso.com"}), kContoso, policy("lync"));
  CHECK_FALSE(check.matches);
  CHECK(check.identities == Names{"contoso.com"});

  // No suffix or prefix matching.
  CHECK_FALSE(check_sip_name(issued("x", {"xsip.contoso.com", "sip.contoso.com.evil.net"}),
                             kContoso, policy("lync"))
                  .matches);
  // Any one of several SANs is enough.
  CHECK(check_sip_name(issued("x", {"webcon.contoso.com", "sip.contoso.com"}), kContoso,
                       policy("lync"))
            .matches);
  // The SRV target need not be sip.<domain> when DNS says otherwise.
  PeerName hosted{"contoso.com", "edge.contoso.net"};
  check = check_sip_name(issued("x", {"edge.contoso.net"}), hosted, policy("lync"));
  CHECK(check.matches);
  CHECK(check.expected == "edge.contoso.net");
}

TEST_CASE("srv-target compares names case-insensitively", "[identity]") {
  // DNS names are case-insensitive (RFC 4343; RFC 6125 §6.4.1).
  CHECK(check_sip_name(issued("x", {"SIP.Contoso.COM"}), kContoso, policy("lync")).matches);
  NameCheck check = check_sip_name(issued("x", {"sip.contoso.com"}),
                                   PeerName{"CONTOSO.COM", "SIP.CONTOSO.COM"}, policy("lync"));
  CHECK(check.matches);
  CHECK(check.expected == "sip.contoso.com");
}

TEST_CASE("srv-target uses the subject CN only when there is no SAN extension", "[identity]") {
  // RFC 6125 §6.4.4: the CN is a fallback for certificates without DNS-IDs.
  NameCheck check = check_sip_name(issued("SIP.contoso.com", {}), kContoso, policy("lync"));
  CHECK(check.matches);
  CHECK(check.identities == Names{"sip.contoso.com"});

  check =
      check_sip_name(issued("sip.contoso.com", {"webcon.contoso.com"}), kContoso, policy("lync"));
  CHECK_FALSE(check.matches);
  CHECK(check.identities == Names{"webcon.contoso.com"});

  // A SAN extension with no DNS name at all still shuts the CN out.
  check = check_sip_name(with_sans({"sip:contoso.com"}, {}, "sip.contoso.com"), kContoso,
                         policy("lync"));
  CHECK_FALSE(check.matches);
  CHECK(check.identities.empty());
}

TEST_CASE("a wildcard never stands for a whole top-level domain", "[identity]") {
  CHECK(matches_wildcard("*.contoso.com", "sip.contoso.com"));
  CHECK_FALSE(matches_wildcard("*.com", "contoso.com"));
  CHECK_FALSE(matches_wildcard("*.co.uk", "contoso.co.uk"));
  CHECK_FALSE(matches_wildcard("*.", "contoso."));
  CHECK_FALSE(matches_wildcard("*", "contoso"));
  // Under Teams' and the XMPP matchers alike.
  CertificateInfo top_level = issued("*.com", {"*.com"});
  CHECK_FALSE(
      check_sip_name(top_level, PeerName{"contoso.com", "contoso.com"}, policy("teams")).matches);
}

TEST_CASE("a wildcard is accepted only when the policy allows it", "[identity]") {
  CertificateInfo wildcard = issued("*.contoso.com", {"*.contoso.com"});
  // Lync never matches a wildcard; Teams Direct Routing matches one level.
  NameCheck lync = check_sip_name(wildcard, kContoso, policy("lync"));
  CHECK_FALSE(lync.matches);
  CHECK(lync.identities == Names{"*.contoso.com"});
  CHECK(check_sip_name(wildcard, kContoso, policy("teams")).matches);

  // One label, the left-most, never more and never none (RFC 6125 §6.4.3).
  CHECK_FALSE(check_sip_name(wildcard, PeerName{"contoso.com", "a.b.contoso.com"}, policy("teams"))
                  .matches);
  CHECK_FALSE(
      check_sip_name(wildcard, PeerName{"contoso.com", "contoso.com"}, policy("teams")).matches);
  CHECK_FALSE(
      check_sip_name(wildcard, PeerName::for_domain("fabrikam.com"), policy("teams")).matches);
  // A wildcard in the CN counts too when there is no SAN (and the policy allows it).
  CHECK(check_sip_name(issued("*.contoso.com", {}), kContoso, policy("teams")).matches);
  CHECK_FALSE(check_sip_name(issued("*.contoso.com", {}), kContoso, policy("lync")).matches);
}

TEST_CASE("matches_wildcard takes '*' only as the whole left-most label", "[identity]") {
  CHECK(matches_wildcard("*.contoso.com", "sip.contoso.com"));
  CHECK(matches_wildcard("*.contoso.com", "a.contoso.com"));
  CHECK_FALSE(matches_wildcard("*.contoso.com", "a.b.contoso.com"));
  CHECK_FALSE(matches_wildcard("*.contoso.com", "contoso.com"));
  CHECK_FALSE(matches_wildcard("*.contoso.com", ".contoso.com"));
  CHECK_FALSE(matches_wildcard("*.contoso.com", "sip.contoso.com.evil.net"));
  CHECK_FALSE(matches_wildcard("*.contoso.com", "sip.fabrikam.com"));
  // Partial-label and inner wildcards are refused (RFC 6125 §6.4.3 allows
  // clients to, and none of the modelled products accepts them).
  CHECK_FALSE(matches_wildcard("s*.contoso.com", "sip.contoso.com"));
  CHECK_FALSE(matches_wildcard("*p.contoso.com", "sip.contoso.com"));
  CHECK_FALSE(matches_wildcard("sip.*.com", "sip.contoso.com"));
  CHECK_FALSE(matches_wildcard("*", "sip"));
  // Without a '*' it is no wildcard: equality is the caller's business.
  CHECK_FALSE(matches_wildcard("sip.contoso.com", "sip.contoso.com"));
}

TEST_CASE("rfc5922 uses sip: URI SANs first and then ignores the DNS SANs", "[identity]") {
  // RFC 5922 §7.1: when the certificate has sip: URIs without a user part,
  // those are its identities and the dNSName SANs are not looked at.
  NameCheck check = check_sip_name(with_sans({"sip:contoso.com"}, {"sip.contoso.com"}), kContoso,
                                   policy("rfc5922"));
  CHECK(check.matches);
  CHECK(check.expected == "contoso.com");  // the domain, not the SRV target (§7.3)
  CHECK(check.identities == Names{"contoso.com"});

  check =
      check_sip_name(with_sans({"sip:fabrikam.com"}, {"contoso.com"}), kContoso, policy("rfc5922"));
  CHECK_FALSE(check.matches);
  CHECK(check.identities == Names{"fabrikam.com"});

  // URI parameters and port are not part of the domain; comparison ignores case.
  check = check_sip_name(with_sans({"SIP:Contoso.COM;transport=tls", "sip:fabrikam.com:5061"}, {}),
                         kContoso, policy("rfc5922"));
  CHECK(check.matches);
  CHECK(check.identities == Names{"contoso.com", "fabrikam.com"});
}

TEST_CASE("rfc5922: a sip: URI with a user part is not a domain identity", "[identity]") {
  // RFC 5922 §7.1 takes only URIs with no user part; sip:alice@contoso.com
  // names a user, not the domain.
  NameCheck check =
      check_sip_name(with_sans({"sip:alice@contoso.com"}, {}), kContoso, policy("rfc5922"));
  CHECK_FALSE(check.matches);
  CHECK(check.identities.empty());

  // With no usable URI, the DNS-IDs are used instead.
  check =
      check_sip_name(with_sans({"sip:alice@contoso.com", "https://contoso.com/"}, {"contoso.com"}),
                     kContoso, policy("rfc5922"));
  CHECK(check.matches);
  CHECK(check.identities == Names{"contoso.com"});
}

TEST_CASE("rfc5922 uses DNS-IDs when there is no sip: URI", "[identity]") {
  NameCheck check = check_sip_name(issued("x", {"contoso.com"}), kContoso, policy("rfc5922"));
  CHECK(check.matches);
  CHECK(check.identities == Names{"contoso.com"});
  // The SRV target is not the domain under RFC 5922 (§7.3 compares the domain).
  CHECK_FALSE(
      check_sip_name(issued("x", {"sip.contoso.com"}), kContoso, policy("rfc5922")).matches);
}

TEST_CASE("rfc5922 uses the CN only when there is no SAN extension at all", "[identity]") {
  NameCheck check = check_sip_name(without_sans("Contoso.COM"), kContoso, policy("rfc5922"));
  CHECK(check.matches);
  CHECK(check.identities == Names{"contoso.com"});
  // The same through a real certificate without subjectAltName.
  CHECK(check_sip_name(issued("contoso.com", {}), kContoso, policy("rfc5922")).matches);

  // A SAN extension, even one with nothing usable in it, shuts the CN out.
  check = check_sip_name(with_sans({}, {}, "contoso.com"), kContoso, policy("rfc5922"));
  CHECK_FALSE(check.matches);
  CHECK(check.identities.empty());
  check = check_sip_name(with_sans({"sip:alice@contoso.com"}, {}, "contoso.com"), kContoso,
                         policy("rfc5922"));
  CHECK_FALSE(check.matches);
  CHECK(check.identities.empty());
}

TEST_CASE("rfc5922 matches no wildcard, even a DNS SAN *.contoso.com", "[identity]") {
  // RFC 5922 §7.2: implementations MUST NOT match any form of wildcard.
  PeerName eu = PeerName::for_domain("eu.contoso.com");
  NameCheck check = check_sip_name(with_sans({}, {"*.contoso.com"}), eu, policy("rfc5922"));
  CHECK_FALSE(check.matches);
  CHECK(check.expected == "eu.contoso.com");
  CHECK(check.identities == Names{"*.contoso.com"});
  CHECK_FALSE(check_sip_name(issued("x", {"*.contoso.com"}), eu, policy("rfc5922")).matches);
  CHECK_FALSE(check_sip_name(with_sans({"sip:*.contoso.com"}, {}), eu, policy("rfc5922")).matches);
}

TEST_CASE("names none matches whatever the certificate says", "[identity]") {
  // OpenSSL without a host name (Kamailio's tls module) checks no name.
  NameCheck check = check_sip_name(CertificateInfo{}, kContoso, policy("openssl-default"));
  CHECK(check.matches);
  CHECK(check.expected.empty());
  CHECK(check.identities.empty());
  CHECK(check_sip_name(issued("unrelated.example.net", {"unrelated.example.net"}), kContoso,
                       policy("openssl-default"))
            .matches);
}
