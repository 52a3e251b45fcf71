// SQLite as RAII values: SqliteDb owns one connection, SqliteStatement one
// prepared statement. Every failure is a Status that carries SQLite's own
// message and the database path, so a user reading it knows which file and
// what went wrong. Values only ever reach SQL through Bind* (never by
// building SQL text); Exec is for fixed SQL such as schema and PRAGMAs.
//
// A SqliteDb is neither copyable nor movable (its statements point back at
// it); hold it in a std::unique_ptr. Statements must not outlive their
// SqliteDb.
//
// Thread-safety: none. A SqliteDb and its statements are used by one thread
// at a time; callers that share one serialise on their own mutex (as
// SqliteStateStore does).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace berth::store {

class SqliteDb;

class SqliteStatement {
 public:
  SqliteStatement() = default;
  SqliteStatement(SqliteStatement&& other) noexcept;
  SqliteStatement& operator=(SqliteStatement&& other) noexcept;
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;
  ~SqliteStatement();

  // Parameter indexes are 1-based, as in SQLite.
  Status BindText(int index, std::string_view value);
  Status BindInt64(int index, int64_t value);
  Status BindNull(int index);

  // One step: true when a row is ready to read, false when the statement is done.
  // `doing` ("recording a deployment") prefixes the error message.
  Result<bool> Step(std::string_view doing);
  // Steps to the end, ignoring rows (INSERT, UPDATE, PRAGMA x = y).
  Status Run(std::string_view doing);

  // Columns are 0-based, as in SQLite; valid after Step returned true.
  int64_t ColumnInt64(int column) const;
  std::string ColumnText(int column) const;  // "" for NULL
  bool ColumnIsNull(int column) const;

  // Ready for the next execution: resets and clears every binding.
  void Reset();

 private:
  friend class SqliteDb;
  SqliteStatement(sqlite3_stmt* stmt, const SqliteDb* db) : stmt_(stmt), db_(db) {}
  Status BindResult(int rc, int index) const;

  sqlite3_stmt* stmt_ = nullptr;
  const SqliteDb* db_ = nullptr;
};

class SqliteDb {
 public:
  // Opens (creating when missing) the database file at `path`, with a busy
  // timeout so that a writer waits for another process's write instead of
  // failing at once. Does not read the file: a file that is not SQLite fails
  // at the first statement (SQLITE_NOTADB).
  static Result<std::unique_ptr<SqliteDb>> Open(const std::string& path, int busy_timeout_ms);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  // Runs fixed SQL (one or more statements, no values). Never pass text that
  // contains user data: use Prepare and Bind* for that.
  Status Exec(std::string_view sql, std::string_view doing);
  Result<SqliteStatement> Prepare(std::string_view sql);

  int64_t LastInsertRowId() const;
  // Rows changed by the last INSERT/UPDATE/DELETE on this connection.
  int Changes() const;

  const std::string& path() const { return path_; }
  // The Status for SQLite result code `rc`: "<doing> (<path>): <sqlite message>".
  // SQLITE_BUSY/LOCKED map to kFailedPrecondition, an unreadable or foreign
  // file (CANTOPEN, PERM, READONLY, NOTADB, CORRUPT) to kConfig, the rest to
  // kInternal.
  Status Error(int rc, std::string_view doing) const;

 private:
  SqliteDb(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  sqlite3* db_;
  std::string path_;
};

}  // namespace berth::store
