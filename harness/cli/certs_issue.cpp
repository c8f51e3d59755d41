#include <fmt/core.h>
#include <fmt/ranges.h>

#include <memory>
#include <ranges>

#include "cli/commands.hpp"
#include "cli/defect_option.hpp"
#include "cli/partners_option.hpp"
#include "cli/topology_warnings.hpp"
#include "pki/lab_pki.hpp"
#include "pki/lab_pki_files.hpp"
#include "topology/requirements.hpp"
#include "util/bad_input.hpp"
#include "util/files.hpp"

namespace fedharness::cli {
namespace {

struct IssueOptions {
  std::string topology;
  std::string out;
  std::string key = "ec-p256";
  std::vector<std::string> defects;
  std::vector<std::string> partners;
  std::string pkcs12_password_file;
};

std::string defect_help() {
  std::string help = "Make the Edge certificate wrong on purpose (repeatable):";
  for (const auto& defect : defect_catalogue()) {
    std::string name = defect.argument.empty() ? std::string(defect.name)
                                               : fmt::format("{}:{}", defect.name, defect.argument);
    help += fmt::format("\n  {:<20} {}", name, defect.description);
  }
  return help;
}

int run_issue(const IssueOptions& options) {
  Topology topology = load_topology(options.topology);
  TopologyWarnings().print(topology);
  LabPkiOptions pki_options;
  auto key_type = key_type_from_string(options.key);
  if (!key_type) {
    throw BadInput(fmt::format("--key {}: expected ec-p256, rsa-2048 or rsa-4096", options.key));
  }
  pki_options.key_type = *key_type;
  pki_options.defects = defect_options(options.defects);
  CertificateRequirements requirements = derive_requirements(topology);
  pki_options.partner_domains = partner_domains(options.partners);
  std::string password = options.pkcs12_password_file.empty()
                             ? std::string(kDefaultPkcs12Password)
                             : read_password_file(options.pkcs12_password_file);

  LabPki pki = issue_lab_pki(requirements, pki_options);
  auto written = write_lab_pki(pki, options.out, password, topology.access_fqdn);
  fmt::print("Lab PKI for {} ({} keys{}{}) in {}:\n", topology.source.string(), options.key,
             pki_options.defects.all().empty() ? "" : ", defects: ",
             fmt::join(pki_options.defects.all() |
                           std::views::transform([](const Defect& d) { return to_string(d); }),
                       ", "),
             options.out);
  for (const auto& path : written) {
    fmt::print("  {}\n", path.filename().string());
  }
  if (options.pkcs12_password_file.empty()) {
    fmt::print("edge.p12 is protected with the lab password '{}'.\n", kDefaultPkcs12Password);
  }
  return 0;
}

}  // namespace

void add_certs_issue_command(CLI::App& certs, int& exit_code) {
  auto options = std::make_shared<IssueOptions>();
  CLI::App* command = certs.add_subcommand(
      "issue",
      "Issue a lab PKI for a topology: a root (the stand-in for the public CA), an "
      "issuing CA, the Edge certificate (with any defects asked for) and partners' "
      "certificates. Keys are written 0600.");
  // --topology as every command takes it; the positional form of earlier
  // versions still works.
  command->add_option("--topology,topology", options->topology, "Topology file (YAML)")->required();
  command->add_option("--out", options->out, "Folder to write into")->required();
  command->add_option("--key", options->key, "Key type: ec-p256, rsa-2048 or rsa-4096")
      ->capture_default_str();
  command->add_option("--defect", options->defects, defect_help());
  command->add_option("--partner", options->partners,
                      "Also issue partner-DOMAIN.pem/.key for this federation partner domain "
                      "(repeatable)");
  command->add_option("--p12-password-file", options->pkcs12_password_file,
                      fmt::format("Password for edge.p12 (default: '{}')", kDefaultPkcs12Password));
  command->callback([options, &exit_code] { exit_code = run_issue(*options); });
}

}  // namespace fedharness::cli
