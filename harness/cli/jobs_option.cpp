#include "cli/jobs_option.hpp"

#include <fmt/core.h>
#include <sys/resource.h>

#include <algorithm>
#include <charconv>
#include <thread>

#include "util/bad_input.hpp"

namespace fedharness::cli {
namespace {

// Paths in flight per worker (the runner's lanes) times the descriptors a
// path may hold at once, with room to spare for files and listeners.
constexpr size_t kDescriptorsPerWorker = 32;
constexpr size_t kMostWorkers = 256;

}  // namespace

size_t max_jobs() {
  rlimit limit{};
  size_t descriptors = ::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY
                           ? static_cast<size_t>(limit.rlim_cur)
                           : 1024;
  return std::clamp<size_t>(descriptors / kDescriptorsPerWorker, 1, kMostWorkers);
}

void add_jobs_option(CLI::App& command, std::string& jobs) {
  command.add_option(
      "--jobs", jobs,
      fmt::format("Worker threads, from 1 to {} here (default: one per core)", max_jobs()));
}

size_t parse_jobs(const std::string& jobs) {
  size_t most = max_jobs();
  if (jobs.empty()) {
    return std::clamp<size_t>(std::thread::hardware_concurrency(), 1, most);
  }
  size_t value = 0;
  auto [end, error] = std::from_chars(jobs.data(), jobs.data() + jobs.size(), value);
  if (error != std::errc() || end != jobs.data() + jobs.size() || value < 1 || value > most) {
    throw BadInput(fmt::format(
        "--jobs {}: expected a number of workers from 1 to {} (each keeps paths open, and this "
        "process may open {} descriptors: ulimit -n)",
        jobs, most, most * kDescriptorsPerWorker));
  }
  return value;
}

}  // namespace fedharness::cli
