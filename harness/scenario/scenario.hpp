#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/dane.hpp"
#include "net/deadlines.hpp"
#include "pki/defect.hpp"
#include "pki/lab_pki.hpp"
#include "topology/topology.hpp"
#include "verify/finding_code.hpp"
#include "verify/policy.hpp"

namespace fedharness {

enum class Protocol { sip, xmpp };

/// inbound: a partner connects to the Edge and verifies the Edge's server
/// certificate; outbound: the Edge connects to the partner, which verifies
/// the Edge's certificate as a client certificate.
enum class Direction { inbound, outbound };

/// What a path is expected to do: pass, or fail with one code. A failure may
/// also say what the refused end received from the refusing one, as BoGo's
/// tests expect the peer's error besides their own: a TLS alert, or an XMPP
/// stream error condition. Empty: not checked.
struct Expectation {
  std::optional<FindingCode> failure;  // nullopt: the path must pass
  std::string remote_alert;            // "unsupported_certificate"
  std::string remote_stream_error;     // "not-authorized"
  // Where a real Edge's known-failures list says the path fails, and why
  // ("edge-known-failures.yaml:4: AOL's root not installed yet, CHG-1234"):
  // it must fail, with `failure` when the entry names a code, else with any.
  std::string known_failure;

  bool expects_pass() const { return !failure && known_failure.empty(); }
};

/// The Edge's certificate when it is not the lab's: the user's own, to check
/// before installing it.
struct UserCertificate {
  std::filesystem::path cert;
  std::filesystem::path key;  // empty: the key is in `cert` (PKCS#12 or PEM)
  std::filesystem::path password_file;
};

/// What a path's simulated partner presents: the lab's partner certificate
/// (with defects, if any), none at all, or a certificate from files (for a
/// real Edge, which trusts only the partners it knows).
struct PartnerCertificate {
  enum class Kind { lab, none, file } kind = Kind::lab;
  DefectSet defects;
  UserCertificate file;
};

/// What a path proves: that both ends authenticate each other over TLS and
/// exchange one request (handshake), or that a message from a user of one
/// domain reaches a user of the other through a real partner server
/// (message: XMPP only).
enum class PathKind { handshake, message };

/// A real partner server in place of the simulated partner: the Edge opens
/// server-to-server streams to it, and for message paths the harness logs in
/// at its client port (RFC 6120 c2s, with libstrophe) to send or receive.
struct PartnerServer {
  std::string host;     // an IP address or a host name
  std::string address;  // the address connected to: `host`, or its first A/AAAA (edge_location.hpp)
  unsigned short s2s_port = 5269;
  unsigned short c2s_port = 5222;
  std::string account;                  // a JID; empty: SASL ANONYMOUS
  std::filesystem::path password_file;  // the account's password
  std::filesystem::path trust;          // roots for the c2s server's certificate
};

/// How an XMPP path's stream gets TLS: STARTTLS on the server-to-server
/// port (RFC 6120 §5), or TLS from the first byte on a port of its own, with
/// ALPN "xmpp-server" (XEP-0368).
enum class XmppTransport { starttls, direct_tls };

/// A DNS fault that leaves a path nowhere to connect to (no SRV record, a
/// host without address, a failing server): the path fails with it at the
/// "dns" stage, as a partner would fail before any connection.
struct DnsFault {
  FindingCode code;
  std::string evidence;
};

/// Where an inbound path reaches a real Edge: one address of one of its
/// servers, as the scenario names it or as its domain's DNS publishes it.
struct EdgeTarget {
  std::string host;     // as written, or the SRV target
  std::string address;  // the IP address connected to; empty when DNS gave none
  unsigned short port = 0;
  std::string record;  // "SRV _sipfederationtls._tcp.contoso.com", "A/AAAA edge01.contoso.com"
  // Its validated TLSA records, when its zone is DNSSEC-signed and publishes
  // some: a policy with dane checks them.
  net::DaneRecords dane;
};

struct PathSpec {
  std::string id;
  size_t index = 0;  // its place in the scenario's paths: a shard's report keeps it for merging
  int line = 0;      // where it is defined, for messages
  Protocol protocol = Protocol::sip;
  Direction direction = Direction::inbound;
  std::string edge_domain;  // which of the Edge's domains the path is for
  std::string partner;      // the partner's domain
  Policy policy;            // how the partner verifies the Edge
  PartnerCertificate partner_certificate;
  PathKind kind = PathKind::handshake;
  XmppTransport transport = XmppTransport::starttls;
  std::optional<PartnerServer> partner_server;  // null: the harness simulates the partner
  Expectation expect;
  // Against a real Edge, an inbound path runs against every member of its
  // pool or every target its domain publishes (edge_location.hpp); a
  // further member's copy names the path it copies (its index), whose chain
  // it must match.
  std::optional<EdgeTarget> edge_target;
  std::optional<size_t> copy_of;
  std::optional<DnsFault> dns_fault;
};

/// Where the simulated Edge listens: any free loopback port unless fixed, as
/// it must be for a real partner server that finds the Edge through its DNS
/// (an address of its hosts file, and port 5269 when there is no SRV record).
struct ListenAddress {
  std::string host = "127.0.0.1";
  unsigned short sip_port = 0;  // 0: any free port
  unsigned short xmpp_port = 0;
  unsigned short xmpp_tls_port = 0;  // direct TLS (XEP-0368), opened for paths that use it
};

/// One server of a real Edge, as partners reach it.
struct EdgeServer {
  std::string host;  // an IP address or a host name
  unsigned short sip_port = 5061;
  unsigned short xmpp_port = 5269;
  // XEP-0368 registers no port, only the SRV service _xmpps-server; 5270 is
  // the one servers document (Prosody's s2s_direct_tls_ports example).
  unsigned short xmpp_tls_port = 5270;
};

struct EdgeSpec {
  // A simulated Edge runs in the harness; otherwise `host` names a real one.
  bool simulated = true;
  DefectSet defects;
  std::optional<UserCertificate> user_certificate;
  // Or a certificate made in memory, which wins over `user_certificate`: a
  // `certs whatif` renewal of the user's certificate.
  std::shared_ptr<const IssuedCredential> issued_certificate;
  Policy policy;       // how the simulated Edge verifies SIP partners (lync by default)
  Policy xmpp_policy;  // how its XMPP gateway verifies XMPP partners (lync-xmpp by default)
  ListenAddress listen;
  // Roots the simulated Edge trusts for partners besides this run's lab root:
  // those of real partner servers.
  std::filesystem::path partner_roots;

  // A real Edge: its address, then the further members of its pool, if
  // given, each of which must present the same certificate and chain.
  std::vector<EdgeServer> servers;
  // Or a real Edge found as partners find it, through the SRV records of
  // each path's domain; this names the organisation (one of the topology's
  // domains). Empty: `servers` says where the Edge is.
  std::string domain;
  // Paths of this real Edge known to fail, each with why (known_failures.hpp).
  std::filesystem::path known_failures;
};

/// What the partners trust for the Edge's certificate.
struct TrustSpec {
  enum class Kind { lab, system, file } kind = Kind::lab;
  std::filesystem::path file;
  // Kind::lab: the lab whose root partners trust; null: the run's own lab.
  std::shared_ptr<const LabPki> lab;
};

/// `dns: {resolver: IP[:PORT], trust_anchor: FILE}`: how the scenario's
/// names are resolved; run --resolver and --dns-trust-anchor go over it.
struct DnsSettings {
  std::string resolver;                // as libunbound's "IP@PORT"; empty: the system's
  std::filesystem::path trust_anchor;  // DNSSEC anchors; empty: none
};

struct Scenario {
  std::filesystem::path file;
  std::string id;  // derived from the file name: "aol-no-client-eku"
  std::string name;
  Topology topology;
  EdgeSpec edge;
  TrustSpec trust;
  std::vector<PathSpec> paths;
  // `deadlines: {STAGE: SECONDS}`: budgets of this scenario's stages, over
  // the defaults; --deadline on the command line goes over these.
  std::vector<net::DeadlineOverride> deadlines;
  DnsSettings dns;
};

/// Reads and validates a scenario. Throws BadInput "file:line: field: what".
Scenario load_scenario(const std::filesystem::path& file);

/// Every scenario under the arguments: files as given, folders searched
/// recursively for *.yaml outside topologies/ and policies/, sorted; ids
/// must be unique.
std::vector<std::filesystem::path> find_scenario_files(const std::vector<std::string>& arguments);

std::string_view to_string(Protocol protocol);
std::string_view to_string(PathKind kind);

/// The Edge's policy for `protocol`.
const Policy& edge_policy(const EdgeSpec& edge, Protocol protocol);
std::string_view to_string(Direction direction);

}  // namespace fedharness
