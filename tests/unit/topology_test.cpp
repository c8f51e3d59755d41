#include "topology/topology.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "test_support.hpp"
#include "topology/public_im.hpp"
#include "util/bad_input.hpp"
#include "util/files.hpp"

using namespace fedharness;
using Catch::Matchers::Contains;
using Catch::Matchers::Equals;
using Catch::Matchers::StartsWith;

namespace {

std::string parse_error(const std::string& yaml) {
  try {
    parse_topology(yaml, "t.yaml");
  } catch (const BadInput& error) {
    return error.what();
  }
  return "no error";
}

constexpr const char* kMinimal =
    "edge:\n"
    "  access_fqdn: sip.example.com\n"
    "  webconf_fqdn: webcon.example.com\n"
    "sip_domains: [example.com]\n";

}  // namespace

TEST_CASE("the seed topology reads as the seed document describes it", "[topology]") {
  const Topology& topology = test::seed_topology();
  CHECK(topology.access_fqdn == "sip.contoso.com");
  CHECK(topology.webconf_fqdn == "webcon.contoso.com");
  CHECK(topology.av_fqdn == "av.contoso.com");
  CHECK(topology.pool == std::vector<std::string>{"edge01.contoso.net", "edge02.contoso.net"});
  CHECK(topology.sip_domains == std::vector<std::string>{"contoso.com", "fabrikam.com"});
  CHECK(topology.xmpp_domains == std::vector<std::string>{"contoso.com", "fabrikam.com"});
  CHECK(topology.public_im == std::vector<std::string>{"aol"});
}

TEST_CASE("optional keys may be left out; names are folded to lower case", "[topology]") {
  Topology topology = parse_topology(
      "edge: {access_fqdn: SIP.Example.COM, webconf_fqdn: webcon.example.com}\n"
      "sip_domains: [Example.com]\n",
      "t.yaml");
  CHECK(topology.access_fqdn == "sip.example.com");
  CHECK(topology.sip_domains == std::vector<std::string>{"example.com"});
  CHECK(topology.xmpp_domains.empty());
  CHECK(topology.public_im.empty());
  CHECK(topology.av_fqdn.empty());
}

TEST_CASE("public_im: none and [] both say no public IM", "[topology]") {
  for (const char* none : {"none", "None", "[]"}) {
    CHECK(parse_topology(std::string(kMinimal) + "public_im: " + none + "\n", "t.yaml")
              .public_im.empty());
  }
}

TEST_CASE("docs/topology.md names every topology key and public IM provider", "[topology]") {
  std::string doc = read_file(test::source_path("docs/topology.md"), InputKind::topology);
  for (const char* key : {"`edge.access_fqdn`", "`edge.webconf_fqdn`", "`edge.av_fqdn`",
                          "`edge.pool`", "`sip_domains`", "`xmpp_domains`", "`public_im`"}) {
    CHECK_THAT(doc, Contains(key));
  }
  for (const PublicImProvider& provider : public_im_providers()) {
    CHECK_THAT(doc, Contains("`" + std::string(provider.name) + "`"));
  }
}

TEST_CASE("topology errors name the file, the line and the field", "[topology][bad-input]") {
  CHECK_THAT(parse_error(std::string(kMinimal) + "xmpp_domain: [example.com]\n"),
             Equals("t.yaml:5: xmpp_domain: unknown key (expected one of: edge, sip_domains, "
                    "xmpp_domains, public_im)"));
  CHECK_THAT(parse_error("edge:\n  access_fqdn: sip.example.com\nsip_domains: [example.com]\n"),
             Equals("t.yaml:2: edge.webconf_fqdn: missing"));
  CHECK_THAT(parse_error("edge:\n  access_fqdn: sip.example.com\n  webconf_fqdn: "
                         "webcon.example.com\nsip_domains: [example.com, not_a_host]\n"),
             Equals("t.yaml:4: sip_domains[1]: 'not_a_host' is not a fully qualified domain name"));
  CHECK_THAT(parse_error(std::string(kMinimal) + "xmpp_domains: [a.com, A.com]\n"),
             Equals("t.yaml:5: xmpp_domains[1]: 'a.com' is listed twice"));
  CHECK_THAT(parse_error(std::string(kMinimal) + "public_im:\n  - aol\n  - icq\n"),
             Equals("t.yaml:7: public_im[1]: unknown provider 'icq' (known: aol, yahoo, "
                    "windows-live)"));
  CHECK_THAT(parse_error("edge: [sip.example.com]\nsip_domains: [example.com]\n"),
             Equals("t.yaml:1: edge: expected a mapping, found a list"));
  CHECK_THAT(parse_error("edge:\n  access_fqdn: '*.example.com'\n"),
             Contains("t.yaml:2: edge.access_fqdn: '*.example.com' is a wildcard"));
  CHECK_THAT(parse_error("edge: {access_fqdn: sip.example.com, webconf_fqdn: w.example.com}\n"
                         "sip_domains: []\n"),
             Equals("t.yaml:2: sip_domains: needs at least one SIP domain"));
  CHECK_THAT(parse_error("edge: {access_fqdn: [\n"),
             StartsWith("t.yaml:1: YAML syntax error at the end of the file"));
  CHECK_THAT(parse_error("edge:\n  access_fqdn: ]\nsip_domains: []\n"),
             StartsWith("t.yaml:2:16: YAML syntax error"));
  CHECK_THAT(parse_error(""), Equals("t.yaml:1: document: expected a mapping, found nothing"));
}

TEST_CASE("a missing topology file is bad input naming the path", "[topology][bad-input]") {
  CHECK_THROWS_WITH(load_topology("/nonexistent/topology.yaml"),
                    "/nonexistent/topology.yaml: cannot read: No such file or directory");
}
