#include "util/sqlite.hpp"

#include <fmt/core.h>
#include <fmt/std.h>

#include <stdexcept>

namespace fedharness {

SqliteDatabase::SqliteDatabase(const std::filesystem::path& file) : file_(file) {
  sqlite3* db = nullptr;
  int status =
      sqlite3_open_v2(file.c_str(), &db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
  db_.reset(db);  // sqlite3_open_v2 gives a handle even when it fails: close it either way
  check(status, "opening it");
  // A writer waits for another (the run thread and the HTTP thread share the
  // file) instead of failing at once with SQLITE_BUSY.
  constexpr int kBusyTimeoutMs = 5000;
  sqlite3_busy_timeout(db_.get(), kBusyTimeoutMs);
}

void SqliteDatabase::check(int status, std::string_view doing) const {
  if (status == SQLITE_OK || status == SQLITE_ROW || status == SQLITE_DONE) {
    return;
  }
  const char* message = db_ ? sqlite3_errmsg(db_.get()) : sqlite3_errstr(status);
  throw std::runtime_error(fmt::format("{}: {}: {}", file_, doing, message));
}

void SqliteDatabase::execute(std::string_view sql) {
  char* error = nullptr;
  int status = sqlite3_exec(db_.get(), std::string(sql).c_str(), nullptr, nullptr, &error);
  std::string message = error != nullptr ? error : "";
  sqlite3_free(error);
  if (status != SQLITE_OK) {
    throw std::runtime_error(fmt::format("{}: {}", file_, message));
  }
}

SqliteStatement SqliteDatabase::prepare(std::string_view sql) {
  sqlite3_stmt* statement = nullptr;
  check(
      sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &statement, nullptr),
      "preparing a statement");
  return SqliteStatement(*this, statement);
}

int64_t SqliteDatabase::last_insert_id() const {
  return sqlite3_last_insert_rowid(db_.get());
}

int SqliteDatabase::changes() const {
  return sqlite3_changes(db_.get());
}

SqliteStatement& SqliteStatement::bind(int index, int64_t value) {
  database_->check(sqlite3_bind_int64(statement_.get(), index, value), "binding a value");
  return *this;
}

SqliteStatement& SqliteStatement::bind(int index, double value) {
  database_->check(sqlite3_bind_double(statement_.get(), index, value), "binding a value");
  return *this;
}

SqliteStatement& SqliteStatement::bind(int index, std::string_view value) {
  database_->check(sqlite3_bind_text64(statement_.get(), index, value.data(), value.size(),
                                       SQLITE_TRANSIENT, SQLITE_UTF8),
                   "binding a value");
  return *this;
}

SqliteStatement& SqliteStatement::bind_null(int index) {
  database_->check(sqlite3_bind_null(statement_.get(), index), "binding a value");
  return *this;
}

SqliteStatement& SqliteStatement::bind_blob(int index, std::string_view bytes) {
  database_->check(
      sqlite3_bind_blob64(statement_.get(), index, bytes.data(), bytes.size(), SQLITE_TRANSIENT),
      "binding a value");
  return *this;
}

bool SqliteStatement::step() {
  int status = sqlite3_step(statement_.get());
  database_->check(status, "running a statement");
  return status == SQLITE_ROW;
}

void SqliteStatement::run() {
  while (step()) {
  }
}

void SqliteStatement::reset() {
  sqlite3_reset(statement_.get());
  sqlite3_clear_bindings(statement_.get());
}

int64_t SqliteStatement::integer(int column) const {
  return sqlite3_column_int64(statement_.get(), column);
}

double SqliteStatement::real(int column) const {
  return sqlite3_column_double(statement_.get(), column);
}

std::string SqliteStatement::text(int column) const {
  // A BLOB comes back as its bytes, as sqlite3_column_text gives them.
  const unsigned char* text = sqlite3_column_text(statement_.get(), column);
  if (text == nullptr) {
    return {};
  }
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(statement_.get(), column)));
}

bool SqliteStatement::is_null(int column) const {
  return sqlite3_column_type(statement_.get(), column) == SQLITE_NULL;
}

SqliteTransaction::SqliteTransaction(SqliteDatabase& database) : database_(database) {
  database_.execute("BEGIN IMMEDIATE");
}

SqliteTransaction::~SqliteTransaction() {
  if (!done_) {
    try {
      database_.execute("ROLLBACK");
    } catch (const std::exception&) {
      // The transaction is gone either way; a destructor must not throw.
    }
  }
}

void SqliteTransaction::commit() {
  database_.execute("COMMIT");
  done_ = true;
}

}  // namespace fedharness
