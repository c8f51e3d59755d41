// Verification policies are data (scenarios/policies/*.yaml): each built-in
// file must load and say what the product it models does, and a broken file
// must be reported as "file:line: field: what" like every other input.
#include "verify/policy.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "net/tls_context.hpp"
#include "test_support.hpp"
#include "util/bad_input.hpp"

using namespace fedharness;
using Catch::Matchers::Equals;

namespace {

std::string parse_error(const std::string& yaml) {
  try {
    parse_policy(yaml, "p.yaml");
  } catch (const BadInput& error) {
    return error.what();
  }
  return "no error";
}

std::string find_error(const std::string& name_or_path) {
  try {
    find_policy(name_or_path);
  } catch (const BadInput& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("every built-in policy loads, named after its file and described", "[policy]") {
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(builtin_policy_directory())) {
    if (entry.path().extension() != ".yaml") {
      continue;
    }
    INFO(entry.path().string());
    // One broken file must not hide the others: report it and go on.
    Policy policy;
    try {
      policy = load_policy(entry.path());
    } catch (const BadInput& error) {
      FAIL_CHECK(error.what());
      continue;
    }
    CHECK(policy.name == entry.path().stem().string());
    CHECK(policy.source == entry.path());
    CHECK_FALSE(policy.description.empty());
    CHECK(policy.min_version <= policy.max_version);
    names.insert(policy.name);
  }
  // The five shipped policies are all there (scenarios/sip/*.yaml name them).
  for (const char* expected :
       {"aol", "lync", "openssl-default", "rfc5922", "teams-direct-routing"}) {
    INFO("built-in policy " << expected);
    CHECK(names.count(expected) == 1);
  }
  CHECK(builtin_policy_directory() == test::source_path("scenarios/policies"));
}

TEST_CASE("lync demands a client certificate but not the client EKU", "[policy]") {
  // Lync / Skype for Business Access Edge: SChannel checks no client purpose
  // for federation, and the partner is named by its SRV target, no wildcards.
  Policy lync = find_policy("lync");
  CHECK(lync.name == "lync");
  CHECK(lync.client_certificate == ClientCertificate::required);
  CHECK(lync.client_purpose == Purpose::any);
  CHECK(lync.server_purpose == Purpose::tls_server);
  CHECK(lync.names == NameRule::srv_target);
  CHECK_FALSE(lync.wildcards);
  CHECK(lync.min_version == TlsVersion::tls1_2);
  CHECK(lync.max_version == TlsVersion::tls1_3);
}

TEST_CASE("aol demands the client EKU of the Edge's certificate", "[policy]") {
  // AOL verified the Edge as a TLS client (sslclient), unlike Lync.
  Policy aol = find_policy("aol");
  CHECK(aol.client_purpose == Purpose::tls_client);
  CHECK(aol.client_certificate == ClientCertificate::required);
  CHECK(aol.names == NameRule::srv_target);
  CHECK_FALSE(aol.wildcards);
}

TEST_CASE("openssl-default checks the client purpose but no name", "[policy]") {
  // OpenSSL verifies a client chain for sslclient but checks no host name
  // unless asked, as Kamailio's tls module runs it.
  Policy openssl = find_policy("openssl-default");
  CHECK(openssl.names == NameRule::none);
  CHECK(openssl.client_purpose == Purpose::tls_client);
  CHECK(openssl.server_purpose == Purpose::tls_server);
}

TEST_CASE("rfc5922 names the domain by RFC 5922 rules, without wildcards", "[policy]") {
  // RFC 5922 §7: sip: URI SANs, then DNS-IDs, then CN; §7.2: no wildcards.
  Policy rfc5922 = find_policy("rfc5922");
  CHECK(rfc5922.names == NameRule::rfc5922);
  CHECK_FALSE(rfc5922.wildcards);
  CHECK(rfc5922.client_purpose == Purpose::any);
  CHECK(rfc5922.server_purpose == Purpose::tls_server);
}

TEST_CASE("teams-direct-routing allows one-level wildcards from TLS 1.2 on", "[policy]") {
  Policy teams = find_policy("teams-direct-routing");
  CHECK(teams.wildcards);
  CHECK(teams.min_version == TlsVersion::tls1_2);
  CHECK(teams.max_version == TlsVersion::tls1_3);
  CHECK(teams.names == NameRule::srv_target);
  // serverAuth-only certificates are accepted from a connecting SBC.
  CHECK(teams.client_purpose == Purpose::any);
}

TEST_CASE("a policy leaves out what it does not change", "[policy]") {
  // The defaults are the strict Lync-like ones, so that a short file is a safe file.
  Policy policy = parse_policy("description: only a description\n", "dir/minimal.yaml");
  CHECK(policy.name == "minimal");
  CHECK(policy.description == "only a description");
  CHECK(policy.source == "dir/minimal.yaml");
  CHECK(policy.client_certificate == ClientCertificate::required);
  CHECK(policy.client_purpose == Purpose::any);
  CHECK(policy.server_purpose == Purpose::tls_server);
  CHECK(policy.names == NameRule::srv_target);
  CHECK_FALSE(policy.wildcards);
  CHECK(policy.min_version == TlsVersion::tls1_2);
  CHECK(policy.max_version == TlsVersion::tls1_3);

  Policy changed = parse_policy(
      "description: d\n"
      "accepting: {client_certificate: optional, client_purpose: sslserver}\n"
      "connecting: {server_purpose: none}\n"
      "names: {match: rfc5922}\n"
      "tls: {min_version: '1.0', max_version: 1.1}\n",
      "p.yaml");
  CHECK(changed.client_certificate == ClientCertificate::optional);
  CHECK(changed.client_purpose == Purpose::tls_server);
  CHECK(changed.server_purpose == Purpose::any);
  CHECK(changed.names == NameRule::rfc5922);
  CHECK(changed.min_version == TlsVersion::tls1_0);
  CHECK(changed.max_version == TlsVersion::tls1_1);
}

TEST_CASE("policy values are written as the files spell them", "[policy]") {
  CHECK(to_string(Purpose::any) == "none");
  CHECK(to_string(Purpose::tls_server) == "sslserver");
  CHECK(to_string(Purpose::tls_client) == "sslclient");
  CHECK(to_string(NameRule::none) == "none");
  CHECK(to_string(NameRule::srv_target) == "srv-target");
  CHECK(to_string(NameRule::rfc5922) == "rfc5922");
  CHECK(to_string(TlsVersion::tls1_0) == "1.0");
  CHECK(to_string(TlsVersion::tls1_3) == "1.3");
}

TEST_CASE("policy errors name the file, the line and the field", "[policy][bad-input]") {
  CHECK_THAT(parse_error("description: d\nname: lync\n"),
             Equals("p.yaml:2: name: unknown key (expected one of: description, accepting, "
                    "connecting, names, tls, xmpp)"));
  CHECK_THAT(parse_error("description: d\nnames:\n  match: none\n  wildcard: true\n"),
             Equals("p.yaml:4: names.wildcard: unknown key (expected one of: match, wildcards, "
                    "xmpp_addr, srv_id, common_name)"));
  CHECK_THAT(parse_error("description: d\naccepting:\n  client_purpose: clientAuth\n"),
             Equals("p.yaml:3: accepting.client_purpose: 'clientAuth' is not one of: none, "
                    "sslserver, sslclient"));
  CHECK_THAT(parse_error("description: d\naccepting:\n  client_certificate: yes\n"),
             Equals("p.yaml:3: accepting.client_certificate: 'yes' is not one of: required, "
                    "optional, none"));
  CHECK_THAT(parse_error("description: d\nnames:\n  match: dns\n"),
             Equals("p.yaml:3: names.match: 'dns' is not one of: none, srv-target, rfc5922, "
                    "xmpp"));
  CHECK_THAT(parse_error("description: d\ntls:\n  min_version: '1.2'\n  max_version: '1.4'\n"),
             Equals("p.yaml:4: tls.max_version: '1.4' is not one of: 1.0, 1.1, 1.2, 1.3"));
  CHECK_THAT(parse_error("description: d\nnames:\n  wildcards: yes\n"),
             Equals("p.yaml:3: names.wildcards: expected true or false, found 'yes'"));
  CHECK_THAT(parse_error("description: d\nnames:\n  wildcards: [true]\n"),
             Equals("p.yaml:3: names.wildcards: expected a single value, found a list"));
  CHECK_THAT(parse_error("description: d\ntls:\n  min_version: '1.3'\n  max_version: '1.2'\n"),
             Equals("p.yaml:3: tls: min_version is above max_version"));
  CHECK_THAT(parse_error("description: d\ntls:\n  security_level: 7\n"),
             Equals("p.yaml:3: tls.security_level: '7' is not an OpenSSL security level (0 to 5)"));
  CHECK_THAT(parse_error("names:\n  match: none\n"), Equals("p.yaml:1: description: missing"));
  CHECK_THAT(parse_error("description: d\nnames: srv-target\n"),
             Equals("p.yaml:2: names: expected a mapping, found a single value"));
  CHECK_THAT(parse_error(""), Equals("p.yaml:1: document: expected a mapping, found nothing"));
}

TEST_CASE("a policy may restrict the cipher suites as OpenSSL spells them", "[policy]") {
  Policy policy = parse_policy(
      "description: d\ntls:\n  max_version: '1.2'\n  ciphers: ECDHE-RSA-AES128-GCM-SHA256\n"
      "  ciphersuites: TLS_AES_256_GCM_SHA384\n",
      "p.yaml");
  CHECK(policy.ciphers == "ECDHE-RSA-AES128-GCM-SHA256");
  CHECK(policy.ciphersuites == "TLS_AES_256_GCM_SHA384");
  CHECK(find_policy("lync").ciphers.empty());
  CHECK_THAT(parse_error("description: d\ntls:\n  ciphers: NO-SUCH-CIPHER\n"),
             Equals("p.yaml:3: tls.ciphers: OpenSSL takes no cipher from 'NO-SUCH-CIPHER'"));
  CHECK_THAT(parse_error("description: d\ntls:\n  ciphersuites: TLS_NOPE\n"),
             Equals("p.yaml:3: tls.ciphersuites: OpenSSL takes no cipher from 'TLS_NOPE'"));
}

TEST_CASE("find_policy lists the built-in names when it knows none by that name",
          "[policy][bad-input]") {
  CHECK_THAT(find_error("nope"),
             Equals("policy 'nope' does not exist (built-in: aol, ejabberd, ejabberd-25, "
                    "google-talk, lync, lync-xmpp, openssl-default, prosody, prosody-dane, "
                    "prosody-strict-eku, rfc5922, teams-direct-routing, xmpp-rfc6120)"));
  CHECK_THAT(find_error("/nonexistent/mine.yaml"),
             Equals("/nonexistent/mine.yaml: cannot read: No such file or directory"));
}

TEST_CASE("find_policy with a path loads that file", "[policy]") {
  // A user copies a built-in policy and changes it; a '/' or a .yaml ending
  // says that the argument is a file, not a built-in name.
  test::TemporaryFolder folder;
  std::filesystem::path path = folder.path() / "strict-edge.yaml";
  std::ofstream(path) << "description: our Edge, with the client EKU demanded\n"
                         "accepting:\n"
                         "  client_purpose: sslclient\n"
                         "names:\n"
                         "  match: srv-target\n"
                         "  wildcards: true\n";
  Policy policy = find_policy(path.string());
  CHECK(policy.name == "strict-edge");
  CHECK(policy.source == path);
  CHECK(policy.description == "our Edge, with the client EKU demanded");
  CHECK(policy.client_purpose == Purpose::tls_client);
  CHECK(policy.wildcards);

  // A broken file found by path reports its own path.
  std::filesystem::path broken = folder.path() / "broken.yaml";
  std::ofstream(broken) << "description: d\nnames:\n  match: dns\n";
  CHECK_THAT(
      find_error(broken.string()),
      Equals(broken.string() + ":3: names.match: 'dns' is not one of: none, srv-target, rfc5922, "
                               "xmpp"));
}

TEST_CASE("an RFC 5922 policy cannot allow wildcards", "[policy][bad-input]") {
  // RFC 5922 §7.2: no wildcard and no suffix matching.
  CHECK_THAT(parse_error("description: d\nnames:\n  match: rfc5922\n  wildcards: true\n"),
             Catch::Matchers::StartsWith("p.yaml:4: names.wildcards: RFC 5922 §7.2 allows no "
                                         "wildcards"));
}

TEST_CASE("the XMPP policies model what each server checks", "[policy][xmpp]") {
  // Prosody sets lsec_ignore_purpose: names checked, purpose not.
  Policy prosody = find_policy("prosody");
  CHECK(prosody.names == NameRule::xmpp);
  CHECK(prosody.client_purpose == Purpose::any);
  CHECK(find_policy("prosody-strict-eku").client_purpose == Purpose::tls_client);
  CHECK(find_policy("prosody-dane").dane);
  CHECK(!find_policy("prosody").dane);
  // ejabberd before 25.07: sslclient, no SRV-ID, EXTERNAL always offered.
  Policy ejabberd = find_policy("ejabberd");
  CHECK(ejabberd.client_purpose == Purpose::tls_client);
  CHECK_FALSE(ejabberd.xmpp_names.srv_id);
  CHECK(ejabberd.xmpp_names.common_name);
  CHECK(ejabberd.xmpp.sasl_external == ExternalOffer::always);
  CHECK(find_policy("ejabberd-25").client_purpose == Purpose::tls_server);
  // RFC 6120 by the book: no CN.
  CHECK_FALSE(find_policy("xmpp-rfc6120").xmpp_names.common_name);
  // Google Talk: dialback, no client certificate, no EXTERNAL.
  Policy google = find_policy("google-talk");
  CHECK(google.client_certificate == ClientCertificate::none);
  CHECK(google.xmpp.dialback);
  CHECK(google.xmpp.sasl_external == ExternalOffer::never);
  CHECK(find_policy("lync-xmpp").xmpp.dialback);
}

TEST_CASE("a policy may set OpenSSL's security level; the system's applies otherwise", "[policy]") {
  CHECK(find_policy("lync").security_level == 0);  // SChannel has no levels
  Policy openssl = find_policy("openssl-default");
  CHECK_FALSE(openssl.security_level);
  // Debian's openssl.cnf sets level 2 for every new context.
  CHECK(net::security_level(openssl) >= 1);
  CHECK(net::security_level(find_policy("lync")) == 0);
}
