#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace fedharness {

/// A thin owner of SQLite's handles: errors become exceptions that name the
/// database file and SQLite's message, statements are finalized by their
/// destructor. Nothing here knows a schema.
class SqliteStatement;

class SqliteDatabase {
 public:
  /// Opens (creating it when absent) the database at `file`, serialized
  /// mode: one connection may be used from several threads.
  explicit SqliteDatabase(const std::filesystem::path& file);

  /// Runs statements that return no rows (the schema, PRAGMAs, BEGIN/COMMIT).
  void execute(std::string_view sql);
  SqliteStatement prepare(std::string_view sql);
  int64_t last_insert_id() const;
  int changes() const;
  const std::filesystem::path& file() const { return file_; }

  /// Throws, naming the file, when `status` is not SQLITE_OK/ROW/DONE.
  void check(int status, std::string_view doing) const;

 private:
  struct Close {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  std::filesystem::path file_;
  std::unique_ptr<sqlite3, Close> db_;
};

class SqliteStatement {
 public:
  SqliteStatement(SqliteDatabase& database, sqlite3_stmt* statement)
      : database_(&database), statement_(statement) {}

  // Parameters count from 1, as in SQL's `?1`.
  SqliteStatement& bind(int index, int64_t value);
  SqliteStatement& bind(int index, double value);
  SqliteStatement& bind(int index, std::string_view value);
  SqliteStatement& bind_null(int index);
  SqliteStatement& bind_blob(int index, std::string_view bytes);

  /// Steps once: true while a row is there to read.
  bool step();
  /// Steps to the end, for a statement that returns no rows.
  void run();
  /// Ready to run again with new bindings.
  void reset();

  // Columns count from 0, as SQLite's do.
  int64_t integer(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  bool is_null(int column) const;

 private:
  struct Finalize {
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
  };
  SqliteDatabase* database_;
  std::unique_ptr<sqlite3_stmt, Finalize> statement_;
};

/// BEGIN IMMEDIATE ... COMMIT, rolled back when an exception leaves the scope.
class SqliteTransaction {
 public:
  explicit SqliteTransaction(SqliteDatabase& database);
  ~SqliteTransaction();
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  void commit();

 private:
  SqliteDatabase& database_;
  bool done_ = false;
};

}  // namespace fedharness
