#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <string>

namespace fedharness::cli {

/// The most worker threads a run may have here: each worker keeps a few
/// paths in flight, each path holds several descriptors (two ends, a
/// listener), and the process may open only so many (`ulimit -n`).
size_t max_jobs();

/// --jobs N: worker threads, from 1 to max_jobs(); `jobs` is its text.
void add_jobs_option(CLI::App& command, std::string& jobs);

/// The workers --jobs asks for (the machine's cores, up to max_jobs(), when
/// empty); throws BadInput saying the range for anything else.
size_t parse_jobs(const std::string& jobs);

}  // namespace fedharness::cli
