#include <catch2/catch.hpp>

#include "scenario/edge_location.hpp"
#include "scenario/scenario.hpp"
#include "test_support.hpp"
#include "util/bad_input.hpp"
#include "util/files.hpp"

using namespace fedharness;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;

namespace {

// Scenario files live in a temporary folder beside a copy of the seed
// topology, so that `topology: contoso.yaml` resolves relative to them.
class ScenarioFolder {
 public:
  ScenarioFolder() {
    write_file_atomically(
        folder_.path() / "contoso.yaml",
        read_file(test::source_path("scenarios/topologies/contoso.yaml"), InputKind::topology),
        0644);
  }

  std::filesystem::path write(const std::string& name, const std::string& text) {
    auto path = folder_.path() / name;
    write_file_atomically(path, text, 0644);
    return path;
  }

  std::string error_of(const std::string& text) {
    auto path = write("s.yaml", text);
    try {
      load_scenario(path);
    } catch (const BadInput& error) {
      std::string message = error.what();
      // Messages start with the path; keep what follows the folder.
      return message.substr(message.find("s.yaml"));
    }
    return "no error";
  }

 private:
  test::TemporaryFolder folder_;
};

constexpr const char* kHead =
    "name: n\n"
    "topology: contoso.yaml\n"
    "edge:\n"
    "  simulated:\n"
    "paths:\n";

std::string with_path(const std::string& path_lines) {
  return std::string(kHead) + path_lines;
}

constexpr const char* kGoodPath =
    "  - id: p\n"
    "    protocol: sip\n"
    "    direction: outbound\n"
    "    edge_domain: contoso.com\n"
    "    partner: aol.com\n"
    "    policy: aol\n";

}  // namespace

TEST_CASE("a scenario reads as written", "[scenario]") {
  ScenarioFolder folder;
  auto path = folder.write("aol-eku.yaml",
                           "name: AOL\ntopology: contoso.yaml\n"
                           "edge:\n  simulated:\n    certificate: {defects: [no-client-eku]}\n"
                           "trust: lab\npaths:\n" +
                               std::string(kGoodPath) +
                               "    partner_certificate: {defects: [expired]}\n"
                               "    expect: {fail: EKU_CLIENT_MISSING}\n");
  Scenario scenario = load_scenario(path);
  CHECK(scenario.id == "aol-eku");
  CHECK(scenario.name == "AOL");
  CHECK(scenario.topology.access_fqdn == "sip.contoso.com");
  CHECK(scenario.edge.simulated);
  CHECK(scenario.edge.defects.has(DefectKind::no_client_eku));
  CHECK(scenario.edge.policy.name == "lync");
  REQUIRE(scenario.paths.size() == 1);
  const PathSpec& p = scenario.paths[0];
  CHECK(p.line == 8);  // the line of "- id: p"
  CHECK(p.direction == Direction::outbound);
  CHECK(p.policy.name == "aol");
  CHECK(p.partner_certificate.defects.has(DefectKind::expired));
  CHECK(p.expect.failure == FindingCode::eku_client_missing);
}

TEST_CASE("bad scenarios are refused with file:line: field", "[scenario][bad-input]") {
  ScenarioFolder folder;
  CHECK(folder.error_of(with_path(std::string(kGoodPath) + "    expect: {pass: true, fail: "
                                                           "NAME_MISMATCH}\n")) ==
        "s.yaml:12: paths[0].expect: an expected pass cannot also name a failure code; write "
        "`expect: pass` or `expect: {fail: CODE}`");
  CHECK(folder.error_of(with_path(std::string(kGoodPath) + "    expect: {fail: NO_SUCH}\n")) ==
        "s.yaml:12: paths[0].expect.fail: 'NO_SUCH' is not a finding code");
  CHECK_THAT(folder.error_of(with_path(
                 "  - {id: p, protocol: sip, direction: inbound, edge_domain: example.org, "
                 "partner: aol.com, policy: lync, expect: pass}\n")),
             Contains("s.yaml:6: paths[0].edge_domain: 'example.org' is not a SIP domain of the "
                      "topology (contoso.com, fabrikam.com)"));
  CHECK_THAT(folder.error_of(with_path(
                 "  - {id: p, protocol: sip, direction: inbound, edge_domain: contoso.com, "
                 "partner: aol.com, policy: nope, expect: pass}\n")),
             Contains("s.yaml:6: paths[0].policy: policy 'nope' does not exist (built-in: aol,"));
  CHECK(folder.error_of(with_path(std::string(kGoodPath) + "    expect: pass\n" + kGoodPath +
                                  "    expect: pass\n")) ==
        "s.yaml:13: paths[1].id: 'p' is used by another path of this scenario");
  CHECK(folder.error_of(
            with_path("  - {id: p, protocol: sip, direction: sideways, edge_domain: contoso.com, "
                      "partner: aol.com, policy: lync, expect: pass}\n")) ==
        "s.yaml:6: paths[0].direction: 'sideways' is not one of: inbound, outbound");
  CHECK(folder.error_of(std::string(kHead) + "  []\n") ==
        "s.yaml:6: paths: expected a list of at least one path");
  CHECK(folder.error_of("name: n\ntopology: missing.yaml\n").starts_with("s.yaml:2: topology: "));
  CHECK(folder.error_of(std::string(kHead).replace(0, 7, "nom: n\n")) ==
        "s.yaml:1: nom: unknown key (expected one of: name, topology, edge, trust, deadlines, "
        "dns, paths)");
  CHECK_THAT(folder.error_of(with_path(std::string(kGoodPath) + "    expect: pass\n" +
                                       "    partner_certificate: maybe\n")),
             Contains("s.yaml:13: paths[0].partner_certificate: expected none"));
  CHECK_THAT(folder.error_of("name: n\ntopology: contoso.yaml\nedge:\n  simulated:\n"
                             "    certificate: {defects: [bogus]}\npaths: []\n"),
             Contains("s.yaml:5: edge.simulated.certificate.defects[0]: bogus: unknown "
                      "defect"));
}

TEST_CASE("scenario folders are searched, data folders skipped, ids unique", "[scenario]") {
  auto files = find_scenario_files({test::source_path("scenarios").string()});
  REQUIRE_FALSE(files.empty());
  for (const auto& file : files) {
    CHECK(file.extension() == ".yaml");
    CHECK(file.string().find("/topologies/") == std::string::npos);
    CHECK(file.string().find("/policies/") == std::string::npos);
  }
  CHECK(std::is_sorted(files.begin(), files.end()));
  CHECK_THROWS_WITH(find_scenario_files({"/nonexistent/scenarios"}),
                    EndsWith("no such scenario file or folder"));
  auto one =
      test::source_path("scenarios/catalogue/aol-refuses-edge-without-client-eku.yaml").string();
  CHECK_THROWS_WITH(find_scenario_files({one, one}),
                    Contains("scenario id 'aol-refuses-edge-without-client-eku' is used by "
                             "another scenario file"));
}

TEST_CASE("message paths and real partner servers read as written", "[scenario]") {
  ScenarioFolder folder;
  folder.write("password", "secret\n");
  folder.write("roots.pem", "not read by the loader\n");
  auto path = folder.write(
      "message.yaml",
      "name: m\ntopology: contoso.yaml\n"
      "edge:\n  simulated:\n    listen: {host: 127.0.0.2, xmpp_port: 5269}\n"
      "    partner_roots: roots.pem\n"
      "paths:\n"
      "  - {id: m, protocol: xmpp, direction: inbound, edge_domain: contoso.com,\n"
      "     partner: partner.example, policy: prosody, kind: message,\n"
      "     partner_server: {host: 127.0.0.1, s2s_port: 25269, c2s_port: 25222,\n"
      "                      account: alice@partner.example, password_file: password,\n"
      "                      trust: roots.pem},\n"
      "     expect: pass}\n");
  Scenario scenario = load_scenario(path);
  CHECK(scenario.edge.listen.host == "127.0.0.2");
  CHECK(scenario.edge.listen.xmpp_port == 5269);
  CHECK(scenario.edge.listen.sip_port == 0);
  CHECK(scenario.edge.partner_roots.filename() == "roots.pem");
  const PathSpec& p = scenario.paths.at(0);
  CHECK(p.kind == PathKind::message);
  REQUIRE(p.partner_server);
  CHECK(p.partner_server->host == "127.0.0.1");
  CHECK(p.partner_server->s2s_port == 25269);
  CHECK(p.partner_server->c2s_port == 25222);
  CHECK(p.partner_server->account == "alice@partner.example");
  CHECK(p.partner_server->password_file.filename() == "password");
}

TEST_CASE("message paths that cannot work are refused", "[scenario][bad-input]") {
  ScenarioFolder folder;
  auto xmpp_path = [](const std::string& extra) {
    return with_path(
        "  - {id: p, protocol: xmpp, direction: inbound, edge_domain: contoso.com, "
        "partner: partner.example, policy: prosody, " +
        extra + "expect: pass}\n");
  };
  CHECK(folder.error_of(xmpp_path("kind: message, ")) ==
        "s.yaml:6: paths[0].kind: a message path needs partner_server: the real server whose "
        "users send and receive");
  CHECK(folder.error_of(xmpp_path("kind: letter, ")) ==
        "s.yaml:6: paths[0].kind: 'letter' is not one of: handshake, message");
  CHECK(folder.error_of(xmpp_path("partner_server: {host: 127.0.0.1}, ")) ==
        "s.yaml:6: paths[0].partner_server: a real partner server connects to the Edge only to "
        "deliver a message; make this path kind: message");
  CHECK(folder.error_of(xmpp_path("partner_server: {host: partner_example}, kind: message, ")) ==
        "s.yaml:6: paths[0].partner_server.host: 'partner_example' is neither an IP address nor "
        "a host name");
  CHECK(folder.error_of(xmpp_path(
            "partner_server: {host: 127.0.0.1, account: a@partner.example}, kind: message, ")) ==
        "s.yaml:6: paths[0].partner_server: an account needs its password_file");
  CHECK_THAT(folder.error_of(xmpp_path(
                 "partner_server: {host: 127.0.0.1, trust: nowhere.pem}, kind: message, ")),
             Contains("paths[0].partner_server.trust: ") && EndsWith("nowhere.pem does not exist"));
  CHECK(folder.error_of(with_path(
            "  - {id: p, protocol: sip, direction: outbound, edge_domain: contoso.com, "
            "partner: aol.com, policy: aol, partner_server: {host: 127.0.0.1}, expect: pass}\n")) ==
        "s.yaml:6: paths[0].partner_server: a real partner server is for XMPP paths");
  CHECK(folder.error_of("name: n\ntopology: contoso.yaml\nedge:\n  address: {host: 127.0.0.1}\n"
                        "paths:\n"
                        "  - {id: p, protocol: xmpp, direction: outbound, edge_domain: "
                        "contoso.com, partner: partner.example, policy: prosody, "
                        "partner_server: {host: 127.0.0.1}, expect: pass}\n") ==
        "s.yaml:6: paths[0].partner_server: a real partner server is federated with the "
        "simulated Edge; with a real Edge the harness would be neither end");
}

TEST_CASE("XMPP paths choose STARTTLS or direct TLS", "[scenario]") {
  ScenarioFolder folder;
  auto path = [](const std::string& protocol, const std::string& extra) {
    return with_path("  - {id: p, protocol: " + protocol +
                     ", direction: inbound, edge_domain: contoso.com, partner: partner.example, "
                     "policy: " +
                     (protocol == "sip" ? "lync" : "prosody") + ", " + extra + "expect: pass}\n");
  };
  auto scenario = [&](const std::string& extra) {
    return load_scenario(folder.write("s.yaml", path("xmpp", extra)));
  };
  CHECK(scenario("").paths.at(0).transport == XmppTransport::starttls);
  CHECK(scenario("transport: starttls, ").paths.at(0).transport == XmppTransport::starttls);
  CHECK(scenario("transport: direct-tls, ").paths.at(0).transport == XmppTransport::direct_tls);
  CHECK(folder.error_of(path("xmpp", "transport: tls, ")) ==
        "s.yaml:6: paths[0].transport: 'tls' is not one of: starttls, direct-tls");
  CHECK(folder.error_of(path("sip", "transport: direct-tls, ")) ==
        "s.yaml:6: paths[0].transport: SIP federation is TLS from the first byte; transport is "
        "for XMPP");
}

TEST_CASE("an expected failure may name what the other end received", "[scenario]") {
  ScenarioFolder folder;
  auto with_expect = [](const std::string& expect) {
    return with_path(std::string(kGoodPath) + "    expect: " + expect + "\n");
  };
  Scenario scenario = load_scenario(folder.write(
      "s.yaml", with_expect("{fail: EKU_CLIENT_MISSING, remote_alert: unsupported_certificate, "
                            "remote_stream_error: not-authorized}")));
  const Expectation& expect = scenario.paths.at(0).expect;
  CHECK(expect.remote_alert == "unsupported_certificate");
  CHECK(expect.remote_stream_error == "not-authorized");
  CHECK_THAT(
      folder.error_of(with_expect("{fail: EKU_CLIENT_MISSING, remote_alert: bad_cert}")),
      StartsWith("s.yaml:") && Contains("expect.remote_alert: 'bad_cert' is not a TLS alert name"));
  CHECK_THAT(folder.error_of(with_expect("{fail: EKU_CLIENT_MISSING, remote_stream_error: nope}")),
             Contains("expect.remote_stream_error: 'nope' is not a stream error condition"));
}

TEST_CASE("a real Edge's known-failures list marks its paths", "[scenario]") {
  ScenarioFolder folder;
  auto scenario_text = [](const std::string& list) {
    return "name: n\ntopology: contoso.yaml\n"
           "edge:\n  address: {host: 127.0.0.1, known_failures: " +
           list +
           "}\n"
           "paths:\n"
           "  - {id: in, protocol: sip, direction: inbound, edge_domain: contoso.com,\n"
           "     partner: partner.example, policy: lync, partner_certificate: none, "
           "expect: pass}\n"
           "  - {id: other, protocol: sip, direction: inbound, edge_domain: contoso.com,\n"
           "     partner: partner.example, policy: lync, partner_certificate: none, "
           "expect: {fail: CHAIN_UNTRUSTED}}\n";
  };
  folder.write("known.yaml",
               "known_failures:\n"
               "  - {path: in, code: CLIENT_CERT_MISSING, reason: on purpose}\n"
               "  - {path: elsewhere, scenario: another, reason: not this scenario's}\n");
  Scenario scenario = load_scenario(folder.write("s.yaml", scenario_text("known.yaml")));
  const Expectation& expect = scenario.paths.at(0).expect;
  CHECK_FALSE(expect.expects_pass());
  CHECK(expect.failure == FindingCode::client_cert_missing);
  CHECK_THAT(expect.known_failure, EndsWith("known.yaml:2: on purpose"));

  // Errors in the list name the list's file and line.
  auto list_error = [&](const std::string& list, const std::string& text) {
    folder.write(list, text);
    try {
      load_scenario(folder.write("s.yaml", scenario_text(list)));
    } catch (const BadInput& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(list_error("unknown-path.yaml", "known_failures:\n  - {path: gone, reason: fixed}\n"),
             EndsWith("unknown-path.yaml:2: known_failures[0].path: scenario 's' has no path "
                      "'gone'; take it off the list or name its scenario"));
  CHECK_THAT(list_error("twice.yaml", "known_failures:\n  - {path: other, reason: r}\n"),
             EndsWith("twice.yaml:2: known_failures[0].path: path 'other' already expects a "
                      "failure in its scenario"));
  CHECK_THAT(list_error("no-reason.yaml", "known_failures:\n  - {path: in}\n"),
             Contains("no-reason.yaml:2: known_failures[0]") && Contains("reason"));
}

TEST_CASE("a real Edge pool runs each inbound path against every member", "[scenario]") {
  ScenarioFolder folder;
  Scenario scenario = load_scenario(folder.write(
      "s.yaml",
      "name: n\ntopology: contoso.yaml\n"
      "edge:\n  address: {host: 127.0.0.1, sip_port: 5061,\n"
      "            pool: [{host: 127.0.0.2}, {host: 127.0.0.3, sip_port: 5062}]}\n"
      "paths:\n"
      "  - {id: in, protocol: sip, direction: inbound, edge_domain: contoso.com,\n"
      "     partner: partner.example, policy: lync, partner_certificate: none, expect: pass}\n"
      "  - {id: out, protocol: sip, direction: outbound, edge_domain: contoso.com,\n"
      "     partner: partner.example, policy: lync, partner_certificate: none, expect: pass}\n"));
  REQUIRE(scenario.edge.servers.size() == 3);
  CHECK(scenario.edge.servers[1].sip_port == 5061);  // the address's port unless given
  CHECK(scenario.edge.servers[2].sip_port == 5062);
  REQUIRE(scenario.paths.size() == 2);  // the copies come with the servers' addresses

  locate_servers(scenario, {});  // addresses only: no lookup
  REQUIRE(scenario.paths.size() == 4);
  CHECK(scenario.paths[0].edge_target->address == "127.0.0.1");
  CHECK(scenario.paths[2].id == "in@127.0.0.2:5061");
  CHECK(scenario.paths[3].id == "in@127.0.0.3:5062");
  CHECK(scenario.paths[3].edge_target->port == 5062);
  CHECK(scenario.paths[3].edge_target->record.empty());
  CHECK(scenario.paths[3].copy_of == 0);
  CHECK(scenario.paths[3].index == 3);
  CHECK(!scenario.paths[1].edge_target);  // outbound: the Edge initiates

  const std::string paths =
      "paths:\n"
      "  - {id: in, protocol: sip, direction: inbound, edge_domain: contoso.com,\n"
      "     partner: partner.example, policy: lync, partner_certificate: none, expect: pass}\n";
  auto edge_error = [&](const std::string& edge) {
    return folder.error_of("name: n\ntopology: contoso.yaml\nedge:\n  " + edge + "\n" + paths);
  };
  CHECK(edge_error("address: {host: 127.0.0.1, pool: [{host: edge_02}]}") ==
        "s.yaml:4: edge.address.pool[0].host: 'edge_02' is neither an IP address nor a host name");
  CHECK(edge_error("address: {domain: litware.com}") ==
        "s.yaml:4: edge.address.domain: 'litware.com' is none of the topology's SIP or XMPP "
        "domains");
  CHECK(edge_error("address: {domain: contoso.com, sip_port: 5061}") ==
        "s.yaml:4: edge.address.sip_port: an Edge found through DNS (edge.address.domain) is "
        "wherever its SRV records point: give either domain or host and ports");
}

TEST_CASE("a real Edge is named by host name or found through its domain's DNS", "[scenario]") {
  ScenarioFolder folder;
  const std::string paths =
      "paths:\n"
      "  - {id: in, protocol: sip, direction: inbound, edge_domain: contoso.com,\n"
      "     partner: partner.example, policy: lync, partner_certificate: none, expect: pass}\n";
  Scenario named = load_scenario(folder.write(
      "s.yaml",
      "name: n\ntopology: contoso.yaml\nedge:\n  address: {host: Edge.Contoso.COM}\n" + paths));
  CHECK(named.edge.servers.front().host == "edge.contoso.com");
  Scenario found = load_scenario(
      folder.write("s.yaml",
                   "name: n\ntopology: contoso.yaml\nedge:\n  address: {domain: contoso.com}\n"
                   "dns: {resolver: '127.0.0.1:5353'}\n" +
                       paths));
  CHECK(found.edge.domain == "contoso.com");
  CHECK(found.edge.servers.empty());
  CHECK(found.dns.resolver == "127.0.0.1@5353");
  CHECK(folder.error_of("name: n\ntopology: contoso.yaml\nedge:\n  address: {domain: contoso.com}\n"
                        "dns: {resolver: 'dns.lab:53'}\n" +
                        paths) ==
        "s.yaml:5: dns.resolver: 'dns.lab:53': 'dns.lab' is not an IP address");
}

TEST_CASE("the simulated Edge listens on an IP address, said at its line",
          "[scenario][bad-input]") {
  ScenarioFolder folder;
  CHECK(folder.error_of("name: n\ntopology: contoso.yaml\n"
                        "edge:\n  simulated:\n    listen: {host: edge.lab}\n" +
                        std::string("paths:\n") + kGoodPath + "    expect: pass\n") ==
        "s.yaml:5: edge.simulated.listen.host: 'edge.lab' is not an IP address");
}

TEST_CASE("a scenario sets the budgets of its stages", "[scenario][deadlines]") {
  ScenarioFolder folder;
  std::string head = "name: n\ntopology: contoso.yaml\nedge:\n  simulated:\n";
  std::string paths = std::string("paths:\n") + kGoodPath + "    expect: pass\n";
  Scenario scenario =
      load_scenario(folder.write("s.yaml", head + "deadlines: {tls: 0.5, answer: 10}\n" + paths));
  REQUIRE(scenario.deadlines.size() == 2);
  net::Deadlines deadlines = net::Deadlines().with(scenario.deadlines);
  CHECK(deadlines.of(net::Budget::tls) == std::chrono::milliseconds(500));
  CHECK(deadlines.of(net::Budget::answer) == std::chrono::seconds(10));
  CHECK(deadlines.of(net::Budget::connect) == std::chrono::seconds(5));

  CHECK(folder.error_of(head + "deadlines: {handshake: 2}\n" + paths) ==
        "s.yaml:5: deadlines.handshake: no such stage (the stages: connect, tls, stream, "
        "starttls, auth, answer, request, dns, path)");
  CHECK(folder.error_of(head + "deadlines: {tls: -1}\n" + paths) ==
        "s.yaml:5: deadlines.tls: expected a number of seconds from 0.001 to 86400");
  CHECK(folder.error_of(head + "deadlines: {tls: soon}\n" + paths) ==
        "s.yaml:5: deadlines.tls: expected a number of seconds from 0.001 to 86400");
  CHECK_THAT(folder.error_of(head + "deadlines: [1, 2]\n" + paths),
             StartsWith("s.yaml:5: deadlines: expected a map of stage: seconds"));
}

TEST_CASE("a key that is not a name is bad input, not a crash", "[scenario][bad-input]") {
  // Found by the scenario, topology, policy and known-failures fuzzers.
  ScenarioFolder folder;
  CHECK(folder.error_of("[a]: b\n") == "s.yaml:1: key: expected a single value, found a list");
}
