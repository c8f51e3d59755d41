#include "cli/probe.hpp"

#include <boost/json/serialize.hpp>
#include <iostream>

#include "report/run_json.hpp"
#include "report/run_text.hpp"
#include "scenario/environment.hpp"
#include "util/bad_input.hpp"

namespace fedharness::cli {

using namespace net;

std::optional<IssuedCredential> load_probe_identity(const std::string& cert, const std::string& key,
                                                    const std::string& password_file) {
  if (cert.empty()) {
    if (!key.empty()) {
      throw BadInput("--key without --cert: give the certificate too");
    }
    return std::nullopt;
  }
  return load_user_credential({cert, key, password_file});
}

int run_probe(const PathSpec& path, asio::awaitable<ConnectionOutcome> connection,
              OutputFormat format, ProbeEnd end) {
  asio::io_context io(1);
  PathResult result{.spec = &path};
  asio::co_spawn(
      io, std::move(connection), [&](std::exception_ptr error, ConnectionOutcome outcome) {
        if (error) {
          std::rethrow_exception(error);
        }
        (end == ProbeEnd::partner ? result.partner_end : result.edge_end) = std::move(outcome);
      });
  io.run();
  // The probe is the only end we see: a refusal it did not make is the
  // endpoint's ("remote").
  result.observed = observe_path(result.edge_end, result.partner_end);
  judge(result);
  if (format == OutputFormat::json) {
    std::cout << boost::json::serialize(path_to_json(result)) << '\n';
  } else {
    print_path_text(std::cout, result);
  }
  return result.observed.passed ? 0 : 1;
}

}  // namespace fedharness::cli
