#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <system_error>

#include "cli/commands.hpp"
#include "cli/report_outputs.hpp"
#include "cli/unknown_command.hpp"
#include "util/bad_input.hpp"

namespace {

// Exit statuses shared by every subcommand.
constexpr int kBadInput = 2;
constexpr int kHarnessError = 3;

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "fedharness: tests federation over mutual TLS (SIP, XMPP, public IM) through an Edge",
      "fedharness"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "fedharness " + fedharness::cli::fedharness_version(),
                       "Print the version and exit");
  int exit_code = 0;

  CLI::App& certs = *app.add_subcommand(
      "certs", "Issue a lab PKI, check an Edge certificate, or ask what its renewal breaks");
  certs.require_subcommand(1);
  fedharness::cli::add_certs_issue_command(certs, exit_code);
  fedharness::cli::add_certs_check_command(certs, exit_code);
  fedharness::cli::add_certs_whatif_command(certs, exit_code);
  fedharness::cli::add_run_command(app, exit_code);
  CLI::App& probe = *app.add_subcommand("probe", "Probe one real endpoint as a partner would");
  probe.require_subcommand(1);
  fedharness::cli::add_probe_sip_command(probe, exit_code);
  fedharness::cli::add_probe_xmpp_command(probe, exit_code);
  fedharness::cli::add_edge_command(app, exit_code);
  CLI::App& report = *app.add_subcommand("report", "Work with run documents (run --report-json)");
  report.require_subcommand(1);
  fedharness::cli::add_report_merge_command(report, exit_code);
  fedharness::cli::add_explain_command(app, exit_code);
  fedharness::cli::add_serve_command(app, exit_code);

  if (auto error = fedharness::cli::unknown_command(app, argc, argv)) {
    fmt::print(stderr, "fedharness: {} (see --help)\n", *error);
    return kBadInput;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    fmt::print(stderr, "fedharness: {} (see --help)\n", error.what());
    return kBadInput;
  } catch (const fedharness::BadInput& error) {
    fmt::print(stderr, "fedharness: {}\n", error.what());
    return kBadInput;
  } catch (const std::system_error& error) {
    fmt::print(stderr, "fedharness: {}\n", error.what());
    return kBadInput;
  } catch (const std::exception& error) {
    fmt::print(stderr, "fedharness: internal error: {}\n", error.what());
    return kHarnessError;
  }
  return exit_code;
}
