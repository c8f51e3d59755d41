// RFC 6120 §13.7.1.2 identities, per the switches real servers differ on.
#include "verify/xmpp_identity.hpp"

#include <catch2/catch.hpp>

using namespace fedharness;

namespace {

Policy xmpp_policy(XmppNames names, bool wildcards = true) {
  Policy policy;
  policy.names = NameRule::xmpp;
  policy.xmpp_names = names;
  policy.wildcards = wildcards;
  return policy;
}

CertificateInfo with_sans(std::vector<std::string> dns, std::vector<std::string> srv = {},
                          std::vector<std::string> xmpp_addrs = {}) {
  CertificateInfo info;
  info.common_name = "sip.contoso.com";
  info.dns_names = std::move(dns);
  info.srv_ids = std::move(srv);
  info.xmpp_addrs = std::move(xmpp_addrs);
  info.has_san_extension = true;
  return info;
}

const Policy kAll = xmpp_policy({.xmpp_addr = true, .srv_id = true, .common_name = true});

}  // namespace

TEST_CASE("the seed certificate's bare-domain SANs serve XMPP", "[identity][xmpp]") {
  CertificateInfo seed = with_sans(
      {"sip.contoso.com", "webcon.contoso.com", "contoso.com", "sip.fabrikam.com", "fabrikam.com"});
  CHECK(check_xmpp_name(seed, "contoso.com", kAll).matches);
  CHECK(check_xmpp_name(seed, "Fabrikam.COM", kAll).matches);
  NameCheck missing = check_xmpp_name(seed, "litware.com", kAll);
  CHECK_FALSE(missing.matches);
  CHECK(missing.expected == "litware.com");
  CHECK(missing.identities.front() == "DNS-ID sip.contoso.com");
}

TEST_CASE("SRV-ID and XmppAddr count only where the server accepts them", "[identity][xmpp]") {
  CertificateInfo srv_only = with_sans({"sip.contoso.com"}, {"_xmpp-server.contoso.com"});
  CHECK(check_xmpp_name(srv_only, "contoso.com", kAll).matches);
  // ejabberd before 25.07 does not look at SRV-IDs.
  Policy no_srv = xmpp_policy({.xmpp_addr = true, .srv_id = false, .common_name = true});
  CHECK_FALSE(check_xmpp_name(srv_only, "contoso.com", no_srv).matches);
  // An SRV-ID for another service names nothing here.
  CHECK_FALSE(
      check_xmpp_name(with_sans({}, {"_xmpp-client.contoso.com"}), "contoso.com", kAll).matches);

  CertificateInfo addr_only = with_sans({}, {}, {"contoso.com"});
  CHECK(check_xmpp_name(addr_only, "contoso.com", kAll).matches);
  Policy no_addr = xmpp_policy({.xmpp_addr = false, .srv_id = true, .common_name = false});
  CHECK_FALSE(check_xmpp_name(addr_only, "contoso.com", no_addr).matches);
}

TEST_CASE("a wildcard stands for exactly one left-most label", "[identity][xmpp]") {
  CertificateInfo wildcard = with_sans({"*.contoso.com"});
  CHECK(check_xmpp_name(wildcard, "chat.contoso.com", kAll).matches);
  CHECK_FALSE(check_xmpp_name(wildcard, "contoso.com", kAll).matches);
  CHECK_FALSE(check_xmpp_name(wildcard, "a.b.contoso.com", kAll).matches);
  Policy exact = xmpp_policy({}, false);
  CHECK_FALSE(check_xmpp_name(wildcard, "chat.contoso.com", exact).matches);
  // Never a whole top-level domain, as a DNS-ID or an SRV-ID.
  CHECK_FALSE(check_xmpp_name(with_sans({"*.com"}), "contoso.com", kAll).matches);
  CertificateInfo srv_id;
  srv_id.srv_ids = {"_xmpp-server.*.com"};
  CHECK_FALSE(check_xmpp_name(srv_id, "contoso.com", kAll).matches);
}

TEST_CASE("the CN counts only without identifier SANs, and only if allowed", "[identity][xmpp]") {
  CertificateInfo cn_only;
  cn_only.common_name = "contoso.com";
  CHECK(check_xmpp_name(cn_only, "contoso.com", kAll).matches);
  Policy rfc = xmpp_policy({.xmpp_addr = true, .srv_id = true, .common_name = false});
  CHECK_FALSE(check_xmpp_name(cn_only, "contoso.com", rfc).matches);
  CertificateInfo cn_and_san = with_sans({"sip.contoso.com"});
  cn_and_san.common_name = "contoso.com";
  CHECK_FALSE(check_xmpp_name(cn_and_san, "contoso.com", kAll).matches);
}

TEST_CASE("a policy without names accepts any certificate", "[identity][xmpp]") {
  Policy none;
  none.names = NameRule::none;
  CHECK(check_xmpp_name(with_sans({}), "contoso.com", none).matches);
}
