#include <fmt/core.h>

#include <boost/json/serialize.hpp>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/output_format.hpp"
#include "cli/topology_warnings.hpp"
#include "pki/credential_loader.hpp"
#include "report/certificate_check_json.hpp"
#include "report/certificate_check_text.hpp"
#include "topology/requirements.hpp"
#include "util/bad_input.hpp"
#include "util/files.hpp"
#include "verify/certificate_check.hpp"

namespace fedharness::cli {
namespace {

struct CheckOptions {
  std::string topology;
  std::string cert;
  std::string key;
  std::string password_file;
  std::string trust;
  std::string intermediates;
  std::string format = "text";
};

int run_check(const CheckOptions& options) {
  OutputFormat format = parse_output_format(options.format);
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
  EVP_PKEY* key = separate_key ? separate_key.get() : credential.key.get();
  CertificateCheckReport report = check_certificate({.requirements = requirements,
                                                     .presented = credential.certificates,
                                                     .chain_presented = credential.format != "DER",
                                                     .private_key = key,
                                                     .trust = trust});
  if (format == OutputFormat::json) {
    std::cout << boost::json::serialize(certificate_check_to_json(topology, report)) << '\n';
  } else {
    print_certificate_check_text(std::cout, topology, report);
  }
  return report.count(Severity::error) == 0 ? 0 : 1;
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
  command->add_option("--format", options->format, "text or json")->capture_default_str();
  command->callback([options, &exit_code] { exit_code = run_check(*options); });
}

}  // namespace fedharness::cli
