#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "report/run_report.hpp"
#include "scenario/shard.hpp"
#include "util/sqlite.hpp"

namespace fedharness::serve {

/// How a stored run ended. `running` until it ends; `unfinished` when the
/// server stopped (or crashed) during it; `error` when it could not run at
/// all (a scenario file broken since the last run, say).
enum class RunStatus { running, passed, failed, error, unfinished };

std::string_view to_string(RunStatus status);

/// What started a run: the schedule, a POST /api/runs, or an imported document.
enum class RunTrigger { schedule, request, import };

std::string_view to_string(RunTrigger trigger);

struct StoredRun {
  int64_t id = 0;
  RunTrigger trigger = RunTrigger::schedule;
  RunStatus status = RunStatus::running;
  std::string started_at;   // RFC 3339 UTC
  std::string finished_at;  // empty while running, or when it never finished
  double duration_seconds = 0;
  size_t paths_met = 0;  // paths that met their expectation
  size_t paths_total = 0;
  std::string error;  // for `error`: why it could not run
};

/// One path's verdict in one run, for its history.
struct PathVerdict {
  int64_t run_id = 0;
  std::string scenario;  // the scenario's id
  std::string path;      // the path's id
  std::string outcome;   // PathOutcome's name
  std::string code;      // the observed code, "pass", or "" when it did not run
  bool met = false;
  // What the verdict depended on besides chance: the scenario and topology
  // files' digest, and a real Edge's certificate. Equal inputs and another
  // verdict make the path flaky.
  std::string inputs;
};

/// A shard that does not fit its batch.
class ShardConflict : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A certificate an end was presented, and in which runs.
struct SeenCertificate {
  std::string sha1;     // the thumbprint, uppercase hex
  std::string role;     // "edge": the Edge's, as partners saw it; "partner": theirs
  std::string subject;  // RFC 2253
  std::string not_after;
  int64_t first_run = 0;
  int64_t last_run = 0;
};

/// Which runs to keep; older or surplus finished runs are deleted after
/// each run. Zero: no limit of that kind.
struct Retention {
  size_t max_runs = 0;
  std::chrono::hours max_age{0};
};

/// The history `fedharness serve` keeps: every run, its document
/// (fedharness-run/1), its paths' verdicts, the certificates seen, and the
/// count of runs by result, in one SQLite database under the state folder.
/// WAL mode: a crash loses at most the run in progress, which the next start
/// marks unfinished. Safe to use from several threads (SQLite serializes).
class RunStore {
 public:
  /// Opens or creates `state_dir`/fedharness.sqlite3 (the folder with mode 0700).
  explicit RunStore(const std::filesystem::path& state_dir);

  /// Marks runs left `running` by a previous process `unfinished`; returns how many.
  size_t mark_interrupted_runs();

  int64_t begin_run(RunTrigger trigger, std::string_view started_at);

  /// Stores a run's report and document; its status is passed or failed by
  /// its paths. `inputs` maps "scenario id" to that scenario's input digest.
  void finish_run(int64_t id, const RunReport& report, std::string_view document,
                  const std::map<std::string, std::string>& inputs);

  /// A run that could not run; `error` says why.
  void fail_run(int64_t id, std::string_view finished_at, std::string_view error);

  /// Newest first.
  std::vector<StoredRun> runs(size_t offset, size_t limit);
  size_t run_count();
  std::optional<StoredRun> run(int64_t id);
  std::optional<std::string> document(int64_t id);
  /// The newest run with a document (passed or failed).
  std::optional<int64_t> latest_reported_run();

  /// The verdicts of the newest `runs` reported runs, newest first.
  std::vector<PathVerdict> recent_verdicts(size_t runs);

  /// Keeps one shard's document (`fedharness run --shard I/N`) of the
  /// batch the importer names, until all N have come; returns how many of
  /// the batch have. Throws ShardConflict for a shard that came already or
  /// whose N differs from the batch's.
  size_t add_pending_shard(std::string_view batch, const Shard& shard, std::string_view document,
                           std::string_view received_at);

  /// The batch's documents, in shard order, removed from the pending ones.
  std::vector<std::string> take_pending_shards(std::string_view batch);

  /// Every leaf certificate the kept runs saw, the most recently seen first:
  /// when the Edge's certificate changed, and what a partner presents.
  std::vector<SeenCertificate> certificates();

  /// Runs ended since the database was created, by status; retention does
  /// not lower these (a Prometheus counter never goes down).
  std::map<std::string, uint64_t> runs_total();

  /// Deletes finished runs beyond `retention`, never the newest reported
  /// one; returns how many were deleted.
  size_t apply_retention(const Retention& retention, std::chrono::system_clock::time_point now);

 private:
  void count_result(RunStatus status);

  SqliteDatabase database_;
};

}  // namespace fedharness::serve
