#pragma once

#include <CLI/CLI.hpp>

namespace fedharness::cli {

/// Each subcommand adds itself to its parent; when it runs it stores its exit
/// status in `exit_code` (0 ok, 1 findings, 2 bad input). Bad input is thrown
/// as BadInput and turned into one line on stderr by main.
void add_certs_issue_command(CLI::App& certs, int& exit_code);
void add_certs_check_command(CLI::App& certs, int& exit_code);
void add_certs_whatif_command(CLI::App& certs, int& exit_code);
void add_run_command(CLI::App& app, int& exit_code);
void add_probe_sip_command(CLI::App& probe, int& exit_code);
void add_probe_xmpp_command(CLI::App& probe, int& exit_code);
void add_edge_command(CLI::App& app, int& exit_code);
void add_report_merge_command(CLI::App& report, int& exit_code);
void add_explain_command(CLI::App& app, int& exit_code);
void add_serve_command(CLI::App& app, int& exit_code);

}  // namespace fedharness::cli
