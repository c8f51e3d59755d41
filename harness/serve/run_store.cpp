#include "serve/run_store.hpp"

#include <fmt/core.h>
#include <sys/stat.h>

#include <set>
#include <stdexcept>

#include "pki/certificate_info.hpp"
#include "report/run_summary.hpp"
#include "util/deflate.hpp"

namespace fedharness::serve {
namespace {

// Version 1 of the schema. A later version adds an upgrade step keyed on
// PRAGMA user_version; nothing is ever read from a database of a newer one.
constexpr int kSchemaVersion = 1;
constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  trigger TEXT NOT NULL,
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  duration_seconds REAL NOT NULL DEFAULT 0,
  paths_met INTEGER NOT NULL DEFAULT 0,
  paths_total INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  document BLOB,          -- the run document, zlib-compressed (util/deflate.hpp)
  document_size INTEGER   -- its size uncompressed
);
CREATE TABLE IF NOT EXISTS paths (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  scenario TEXT NOT NULL,
  path TEXT NOT NULL,
  outcome TEXT NOT NULL,
  code TEXT NOT NULL,
  met INTEGER NOT NULL,
  inputs TEXT NOT NULL,
  PRIMARY KEY (run_id, scenario, path)
);
CREATE TABLE IF NOT EXISTS certificates (
  sha1 TEXT NOT NULL,
  role TEXT NOT NULL,
  subject TEXT NOT NULL,
  not_after TEXT NOT NULL,
  first_run INTEGER NOT NULL,
  last_run INTEGER NOT NULL,
  PRIMARY KEY (sha1, role)
);
CREATE TABLE IF NOT EXISTS pending_shards (
  batch TEXT NOT NULL,
  shard_index INTEGER NOT NULL,
  shard_count INTEGER NOT NULL,
  document TEXT NOT NULL,
  received_at TEXT NOT NULL,
  PRIMARY KEY (batch, shard_index)
);
CREATE TABLE IF NOT EXISTS run_totals (
  status TEXT PRIMARY KEY,
  total INTEGER NOT NULL
);
)sql";

RunStatus parse_status(std::string_view text) {
  for (RunStatus status : {RunStatus::running, RunStatus::passed, RunStatus::failed,
                           RunStatus::error, RunStatus::unfinished}) {
    if (to_string(status) == text) {
      return status;
    }
  }
  throw std::runtime_error(
      fmt::format("the state database holds an unknown run status '{}'", text));
}

RunTrigger parse_trigger(std::string_view text) {
  for (RunTrigger trigger : {RunTrigger::schedule, RunTrigger::request, RunTrigger::import}) {
    if (to_string(trigger) == text) {
      return trigger;
    }
  }
  throw std::runtime_error(
      fmt::format("the state database holds an unknown run trigger '{}'", text));
}

std::filesystem::path database_file(const std::filesystem::path& state_dir) {
  std::filesystem::create_directories(state_dir);
  // Runs hold evidence about the lab and the partners: the owner's alone.
  std::filesystem::permissions(state_dir, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace);
  return state_dir / "fedharness.sqlite3";
}

constexpr std::string_view kRunColumns =
    "id, trigger, status, started_at, coalesce(finished_at, ''), duration_seconds, paths_met, "
    "paths_total, coalesce(error, '')";

StoredRun read_run(const SqliteStatement& row) {
  return StoredRun{.id = row.integer(0),
                   .trigger = parse_trigger(row.text(1)),
                   .status = parse_status(row.text(2)),
                   .started_at = row.text(3),
                   .finished_at = row.text(4),
                   .duration_seconds = row.real(5),
                   .paths_met = static_cast<size_t>(row.integer(6)),
                   .paths_total = static_cast<size_t>(row.integer(7)),
                   .error = row.text(8)};
}

// The certificates the two ends were presented: the Edge's, as partners saw
// it, and each partner's, as the Edge saw it. Leaves only: the CAs above
// them are the same for every run.
void record_certificates(SqliteDatabase& database, int64_t run_id, const RunReport& report) {
  SqliteStatement upsert = database.prepare(
      "INSERT INTO certificates (sha1, role, subject, not_after, first_run, last_run) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?5) "
      "ON CONFLICT (sha1, role) DO UPDATE SET last_run = excluded.last_run");
  auto record = [&](const std::optional<EndReport>& end, std::string_view role) {
    if (!end || end->tls.peer_chain.empty() || end->tls.peer_chain[0].sha1_thumbprint.empty()) {
      return;
    }
    const CertificateSummary& leaf = end->tls.peer_chain[0];
    upsert.bind(1, std::string_view(leaf.sha1_thumbprint))
        .bind(2, role)
        .bind(3, std::string_view(leaf.subject))
        .bind(4, std::string_view(leaf.not_after))
        .bind(5, run_id);
    upsert.run();
    upsert.reset();
  };
  for (const ScenarioReport& scenario : report.scenarios) {
    for (const PathReport& path : scenario.paths) {
      record(path.partner_end, "edge");
      record(path.edge_end, "partner");
    }
  }
}

}  // namespace

std::string_view to_string(RunStatus status) {
  switch (status) {
    case RunStatus::running:
      return "running";
    case RunStatus::passed:
      return "passed";
    case RunStatus::failed:
      return "failed";
    case RunStatus::error:
      return "error";
    case RunStatus::unfinished:
      return "unfinished";
  }
  return "error";
}

std::string_view to_string(RunTrigger trigger) {
  switch (trigger) {
    case RunTrigger::schedule:
      return "schedule";
    case RunTrigger::request:
      return "request";
    case RunTrigger::import:
      return "import";
  }
  return "request";
}

RunStore::RunStore(const std::filesystem::path& state_dir) : database_(database_file(state_dir)) {
  // WAL: a reader (the HTTP thread) never waits for the writer (the run),
  // and a crash mid-write leaves the last committed state. NORMAL
  // synchronization loses at most the last transactions on power loss,
  // never the database.
  database_.execute("PRAGMA journal_mode = WAL");
  database_.execute("PRAGMA synchronous = NORMAL");
  database_.execute("PRAGMA foreign_keys = ON");
  SqliteStatement version = database_.prepare("PRAGMA user_version");
  version.step();
  int64_t found = version.integer(0);
  if (found > kSchemaVersion) {
    throw std::runtime_error(fmt::format(
        "{}: written by a newer fedharness (schema {}, this one knows {}): use that version "
        "or another --state folder",
        database_.file().string(), found, kSchemaVersion));
  }
  SqliteTransaction transaction(database_);
  database_.execute(kSchema);
  database_.execute(fmt::format("PRAGMA user_version = {}", kSchemaVersion));
  transaction.commit();
}

size_t RunStore::mark_interrupted_runs() {
  SqliteTransaction transaction(database_);
  database_.prepare("UPDATE runs SET status = 'unfinished' WHERE status = 'running'").run();
  auto marked = static_cast<size_t>(database_.changes());
  for (size_t i = 0; i < marked; ++i) {
    count_result(RunStatus::unfinished);
  }
  transaction.commit();
  return marked;
}

int64_t RunStore::begin_run(RunTrigger trigger, std::string_view started_at) {
  database_.prepare("INSERT INTO runs (trigger, status, started_at) VALUES (?1, 'running', ?2)")
      .bind(1, to_string(trigger))
      .bind(2, started_at)
      .run();
  return database_.last_insert_id();
}

void RunStore::finish_run(int64_t id, const RunReport& report, std::string_view document,
                          const std::map<std::string, std::string>& inputs) {
  RunSummary summary = summarize(report);
  RunStatus status = summary.all_met() ? RunStatus::passed : RunStatus::failed;
  SqliteTransaction transaction(database_);
  database_
      .prepare(
          "UPDATE runs SET status = ?2, finished_at = ?3, duration_seconds = ?4, paths_met = ?5, "
          "paths_total = ?6, document = ?7, document_size = ?8 WHERE id = ?1")
      .bind(1, id)
      .bind(2, to_string(status))
      .bind(3, iso8601_utc(std::chrono::system_clock::now()))
      .bind(4, report.run.duration_seconds)
      .bind(5, static_cast<int64_t>(summary.passed))
      .bind(6, static_cast<int64_t>(summary.passed + summary.failed + summary.skipped))
      .bind_blob(7, deflate_text(document))
      .bind(8, static_cast<int64_t>(document.size()))
      .run();
  SqliteStatement insert = database_.prepare(
      "INSERT OR REPLACE INTO paths (run_id, scenario, path, outcome, code, met, inputs) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  for (const ScenarioReport& scenario : report.scenarios) {
    auto found = inputs.find(scenario.id);
    std::string scenario_inputs = found == inputs.end() ? "" : found->second;
    for (const PathReport& path : scenario.paths) {
      std::string path_inputs = scenario_inputs;
      // A real Edge's certificate is an input: a renewal there is a change, not flakiness.
      if (!scenario.edge.simulated && path.partner_end &&
          !path.partner_end->tls.peer_chain.empty()) {
        path_inputs += " edge:" + path.partner_end->tls.peer_chain[0].sha1_thumbprint;
      }
      insert.bind(1, id)
          .bind(2, std::string_view(scenario.id))
          .bind(3, std::string_view(path.id))
          .bind(4, to_string(path.outcome))
          .bind(5, path.observed ? verdict_code(*path.observed) : std::string())
          .bind(6, int64_t{path.met_expectation()})
          .bind(7, std::string_view(path_inputs));
      insert.run();
      insert.reset();
    }
  }
  record_certificates(database_, id, report);
  count_result(status);
  transaction.commit();
}

void RunStore::fail_run(int64_t id, std::string_view finished_at, std::string_view error) {
  SqliteTransaction transaction(database_);
  database_.prepare("UPDATE runs SET status = 'error', finished_at = ?2, error = ?3 WHERE id = ?1")
      .bind(1, id)
      .bind(2, finished_at)
      .bind(3, error)
      .run();
  count_result(RunStatus::error);
  transaction.commit();
}

std::vector<StoredRun> RunStore::runs(size_t offset, size_t limit) {
  SqliteStatement select = database_.prepare(
      fmt::format("SELECT {} FROM runs ORDER BY id DESC LIMIT ?1 OFFSET ?2", kRunColumns));
  select.bind(1, static_cast<int64_t>(limit)).bind(2, static_cast<int64_t>(offset));
  std::vector<StoredRun> runs;
  while (select.step()) {
    runs.push_back(read_run(select));
  }
  return runs;
}

size_t RunStore::run_count() {
  SqliteStatement count = database_.prepare("SELECT count(*) FROM runs");
  count.step();
  return static_cast<size_t>(count.integer(0));
}

std::optional<StoredRun> RunStore::run(int64_t id) {
  SqliteStatement select =
      database_.prepare(fmt::format("SELECT {} FROM runs WHERE id = ?1", kRunColumns));
  select.bind(1, id);
  if (!select.step()) {
    return std::nullopt;
  }
  return read_run(select);
}

std::optional<std::string> RunStore::document(int64_t id) {
  SqliteStatement select = database_.prepare(
      "SELECT document, document_size FROM runs WHERE id = ?1 AND document IS NOT NULL");
  select.bind(1, id);
  if (!select.step()) {
    return std::nullopt;
  }
  return inflate_text(select.text(0), static_cast<size_t>(select.integer(1)));
}

std::optional<int64_t> RunStore::latest_reported_run() {
  SqliteStatement select = database_.prepare("SELECT max(id) FROM runs WHERE document IS NOT NULL");
  select.step();
  if (select.is_null(0)) {
    return std::nullopt;
  }
  return select.integer(0);
}

std::vector<PathVerdict> RunStore::recent_verdicts(size_t runs) {
  SqliteStatement select = database_.prepare(
      "SELECT run_id, scenario, path, outcome, code, met, inputs FROM paths WHERE run_id IN "
      "(SELECT id FROM runs WHERE document IS NOT NULL ORDER BY id DESC LIMIT ?1) "
      "ORDER BY run_id DESC");
  select.bind(1, static_cast<int64_t>(runs));
  std::vector<PathVerdict> verdicts;
  while (select.step()) {
    verdicts.push_back({.run_id = select.integer(0),
                        .scenario = select.text(1),
                        .path = select.text(2),
                        .outcome = select.text(3),
                        .code = select.text(4),
                        .met = select.integer(5) != 0,
                        .inputs = select.text(6)});
  }
  return verdicts;
}

std::vector<SeenCertificate> RunStore::certificates() {
  SqliteStatement select = database_.prepare(
      "SELECT sha1, role, subject, not_after, first_run, last_run FROM certificates "
      "ORDER BY last_run DESC, role, first_run DESC");
  std::vector<SeenCertificate> seen;
  while (select.step()) {
    seen.push_back({.sha1 = select.text(0),
                    .role = select.text(1),
                    .subject = select.text(2),
                    .not_after = select.text(3),
                    .first_run = select.integer(4),
                    .last_run = select.integer(5)});
  }
  return seen;
}

std::map<std::string, uint64_t> RunStore::runs_total() {
  SqliteStatement select = database_.prepare("SELECT status, total FROM run_totals");
  std::map<std::string, uint64_t> totals;
  while (select.step()) {
    totals[select.text(0)] = static_cast<uint64_t>(select.integer(1));
  }
  return totals;
}

size_t RunStore::apply_retention(const Retention& retention,
                                 std::chrono::system_clock::time_point now) {
  std::optional<int64_t> keep = latest_reported_run();
  SqliteTransaction transaction(database_);
  size_t deleted = 0;
  // Only ended runs go; the one running and the newest report stay whatever the limits.
  constexpr std::string_view kEnded = "status <> 'running' AND id <> ?1";
  if (retention.max_runs > 0) {
    database_
        .prepare(fmt::format("DELETE FROM runs WHERE {} AND id NOT IN "
                             "(SELECT id FROM runs ORDER BY id DESC LIMIT ?2)",
                             kEnded))
        .bind(1, keep.value_or(0))
        .bind(2, static_cast<int64_t>(retention.max_runs))
        .run();
    deleted += static_cast<size_t>(database_.changes());
  }
  if (retention.max_age.count() > 0) {
    database_.prepare(fmt::format("DELETE FROM runs WHERE {} AND started_at < ?2", kEnded))
        .bind(1, keep.value_or(0))
        .bind(2, iso8601_utc(now - retention.max_age))
        .run();
    deleted += static_cast<size_t>(database_.changes());
  }
  // A batch whose other shards never came: its shards are kept as long as a run is.
  if (retention.max_age.count() > 0) {
    database_.prepare("DELETE FROM pending_shards WHERE received_at < ?1")
        .bind(1, iso8601_utc(now - retention.max_age))
        .run();
  }
  // Certificates no kept run saw any more.
  database_.execute("DELETE FROM certificates WHERE last_run NOT IN (SELECT id FROM runs)");
  transaction.commit();
  return deleted;
}

size_t RunStore::add_pending_shard(std::string_view batch, const Shard& shard,
                                   std::string_view document, std::string_view received_at) {
  SqliteTransaction transaction(database_);
  SqliteStatement count =
      database_.prepare("SELECT shard_count FROM pending_shards WHERE batch = ?1 LIMIT 1");
  count.bind(1, batch);
  if (count.step() && static_cast<size_t>(count.integer(0)) != shard.count) {
    throw ShardConflict(fmt::format("batch {} has shards of {}; this one says {}/{}", batch,
                                    count.integer(0), shard.index, shard.count));
  }
  SqliteStatement insert = database_.prepare(
      "INSERT INTO pending_shards (batch, shard_index, shard_count, document, received_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING");
  insert.bind(1, batch)
      .bind(2, static_cast<int64_t>(shard.index))
      .bind(3, static_cast<int64_t>(shard.count))
      .bind(4, document)
      .bind(5, received_at)
      .run();
  if (database_.changes() == 0) {
    throw ShardConflict(fmt::format("shard {}/{} of batch {} was imported already", shard.index,
                                    shard.count, batch));
  }
  SqliteStatement received =
      database_.prepare("SELECT count(*) FROM pending_shards WHERE batch = ?1");
  received.bind(1, batch);
  received.step();
  transaction.commit();
  return static_cast<size_t>(received.integer(0));
}

std::vector<std::string> RunStore::take_pending_shards(std::string_view batch) {
  SqliteTransaction transaction(database_);
  SqliteStatement select = database_.prepare(
      "SELECT document FROM pending_shards WHERE batch = ?1 ORDER BY shard_index");
  select.bind(1, batch);
  std::vector<std::string> documents;
  while (select.step()) {
    documents.push_back(select.text(0));
  }
  database_.prepare("DELETE FROM pending_shards WHERE batch = ?1").bind(1, batch).run();
  transaction.commit();
  return documents;
}

void RunStore::count_result(RunStatus status) {
  database_
      .prepare(
          "INSERT INTO run_totals (status, total) VALUES (?1, 1) "
          "ON CONFLICT (status) DO UPDATE SET total = total + 1")
      .bind(1, to_string(status))
      .run();
}

}  // namespace fedharness::serve
