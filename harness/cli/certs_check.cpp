#include <fmt/core.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <random>

#include "cli/at_option.hpp"
#include "cli/commands.hpp"
#include "cli/output_format.hpp"
#include "cli/partners_option.hpp"
#include "cli/resolver_option.hpp"
#include "cli/topology_warnings.hpp"
#include "dns/published_records.hpp"
#include "pki/credential_loader.hpp"
#include "report/certificate_check_json.hpp"
#include "report/certificate_check_text.hpp"
#include "report/discovery_report.hpp"
#include "report/json_text.hpp"
#include "report/partner_matrix_report.hpp"
#include "scenario/partner_matrix.hpp"
#include "topology/requirements.hpp"
#include "util/bad_input.hpp"
#include "util/files.hpp"
#include "verify/certificate_check.hpp"
#include "verify/policy.hpp"

namespace fedharness::cli {
namespace {

using namespace net;

struct CheckOptions {
  std::string topology;
  std::string cert;
  std::string key;
  std::string password_file;
  std::string trust;
  std::string intermediates;
  OutputOptions output;
  bool dns = false;
  ResolverFlags resolver;
  std::string partners;
  std::string at;
};

// The topology's published records, as partners find them, checked
// against the certificate's names and key (dns/published_records.hpp).
std::vector<dns::Discovery> check_dns(const CheckOptions& options, const Topology& topology,
                                      const dns::PublishedCertificate& certificate) {
  asio::io_context io(1);
  std::vector<dns::Discovery> discoveries;
  dns::Resolver resolver(io.get_executor(), resolver_options(options.resolver, Deadlines()));
  std::mt19937 random(std::random_device{}());
  asio::co_spawn(io, dns::check_published_records(resolver, topology, certificate, random),
                 [&](std::exception_ptr error, std::vector<dns::Discovery> found) {
                   if (error) {
                     std::rethrow_exception(error);
                   }
                   discoveries = std::move(found);
                 });
  io.run();
  return discoveries;
}

// The built-in partner policies that check a connecting Edge's client
// purpose (OpenSSL servers with the default purpose check and kin).
std::vector<std::string> client_purpose_checkers() {
  std::vector<std::string> names;
  for (const std::string& name : builtin_policy_names()) {
    if (find_policy(name).client_purpose == Purpose::tls_client) {
      names.push_back(name);
    }
  }
  return names;
}

int run_check(const CheckOptions& options) {
  OutputChoice output = output_choice(options.output);
  Topology topology = load_topology(options.topology);
  TopologyWarnings().print(topology);
  std::optional<std::string> password;
  if (!options.password_file.empty()) {
    password = read_password_file(options.password_file);
  }
  LoadedCredential credential = load_credential(options.cert, password);
  EvpPkeyPtr separate_key;
  if (!options.key.empty()) {
    separate_key = load_private_key(options.key, password);
  }
  TrustStore trust =
      options.trust.empty() ? system_trust_store() : trust_store_from_file(options.trust);
  if (!options.intermediates.empty()) {
    add_known_intermediates(trust, options.intermediates);
  }
  CertificateRequirements requirements = derive_requirements(topology);
  std::optional<std::chrono::system_clock::time_point> at = parse_at(options.at);
  EVP_PKEY* key = separate_key ? separate_key.get() : credential.key.get();
  CertificateCheckReport report =
      check_certificate({.requirements = requirements,
                         .presented = credential.certificates,
                         .chain_presented = credential.format != "DER",
                         .private_key = key,
                         .trust = trust,
                         .now = at.value_or(std::chrono::system_clock::now()),
                         .client_purpose_checkers = client_purpose_checkers()});
  std::vector<dns::Discovery> discoveries;
  if (options.dns && !report.presented.empty()) {
    discoveries = check_dns(options, topology,
                            {report.presented.front().dns_names, &credential.certificates, &trust});
  }
  bool records_pass = std::ranges::all_of(discoveries, &dns::Discovery::passed);
  std::vector<PartnerRow> partners;
  if (!options.partners.empty()) {
    partners = run_partner_matrix(
        topology,
        {.files = UserCertificate{options.cert, options.key, options.password_file},
         .trust = partner_trust(options.trust)},
        partner_policies(options.partners), at);
  }
  if (output.format == OutputFormat::json) {
    boost::json::value json = certificate_check_to_json(topology, report);
    json.as_object()["judged_at"] =
        at ? boost::json::value(iso8601_utc(*at)) : boost::json::value(nullptr);
    if (options.dns) {
      boost::json::array records;
      for (const dns::Discovery& discovery : discoveries) {
        records.push_back(discovery_to_json(discovery));
      }
      json.as_object()["dns"] = std::move(records);
    }
    if (!options.partners.empty()) {
      json.as_object()["partners"] = partner_matrix_to_json(partners);
    }
    std::cout << to_json_text(json) << '\n';
  } else {
    if (at) {
      std::cout << "Judged as of " << iso8601_utc(*at) << ", not now (--at)\n";
    }
    print_certificate_check_text(std::cout, topology, report, output.style());
    if (options.dns) {
      std::cout << "\nDNS records, as partners find them:\n";
      for (const dns::Discovery& discovery : discoveries) {
        print_discovery_text(std::cout, discovery);
      }
    }
    if (!options.partners.empty()) {
      print_partner_matrix_text(std::cout, partners);
    }
  }
  return report.count(Severity::error) == 0 && records_pass ? 0 : 1;
}

}  // namespace

void add_certs_check_command(CLI::App& certs, int& exit_code) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* command = certs.add_subcommand(
      "check",
      "Check an Edge certificate against everything the topology requires of it. Exit 0 when "
      "no error is found, 1 when some is, 2 for bad input.");
  command->add_option("--topology", options->topology, "Topology file (YAML)")->required();
  command
      ->add_option("--cert", options->cert,
                   "Certificate: PEM (leaf first, then the chain; may hold the key), DER, or "
                   "PKCS#12")
      ->required();
  command->add_option("--key", options->key, "Private key (PEM or DER), checked against the leaf");
  command->add_option("--password-file", options->password_file,
                      "Password of the PKCS#12 file or of an encrypted key");
  command->add_option("--trust", options->trust,
                      "Roots the partners trust (PEM bundle); default: the system trust store");
  command->add_option("--intermediates", options->intermediates,
                      "CA certificates the partners already hold (tells CHAIN_INCOMPLETE from "
                      "CHAIN_UNTRUSTED)");
  add_output_options(*command, options->output);
  command->add_flag("--dns", options->dns,
                    "Also check the published records: each SIP domain's "
                    "_sipfederationtls._tcp and each XMPP domain's _xmpp-server._tcp SRV "
                    "records point at the Access Edge, with targets the certificate names");
  add_resolver_options(*command, options->resolver);
  add_at_option(*command, options->at);
  command->add_option(
      "--partners", options->partners,
      "Which partners accept this certificate, each direction, from real handshakes: all (the "
      "built-in policies) or POLICY,... (names or policy files). Does not change the exit "
      "status");
  command->callback([options, &exit_code] { exit_code = run_check(*options); });
}

}  // namespace fedharness::cli
