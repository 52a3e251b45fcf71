#include "store/sqlite/db.h"

#include <sqlite3.h>

#include <fmt/format.h>

namespace berth::store {

// --- SqliteStatement --------------------------------------------------------

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept : stmt_(other.stmt_), db_(other.db_) {
  other.stmt_ = nullptr;
}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = other.stmt_;
    db_ = other.db_;
    other.stmt_ = nullptr;
  }
  return *this;
}

SqliteStatement::~SqliteStatement() {
  sqlite3_finalize(stmt_);
}

Status SqliteStatement::BindResult(int rc, int index) const {
  if (rc == SQLITE_OK) return Status::Ok();
  return db_->Error(rc, fmt::format("binding parameter {}", index));
}

Status SqliteStatement::BindText(int index, std::string_view value) {
  // SQLITE_TRANSIENT: SQLite copies the bytes, so `value` need not outlive the call.
  return BindResult(sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
                    index);
}

Status SqliteStatement::BindInt64(int index, int64_t value) {
  return BindResult(sqlite3_bind_int64(stmt_, index, value), index);
}

Status SqliteStatement::BindNull(int index) {
  return BindResult(sqlite3_bind_null(stmt_, index), index);
}

Result<bool> SqliteStatement::Step(std::string_view doing) {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Status error = db_->Error(rc, doing);
  // A failed step leaves the statement needing a reset before its next use.
  sqlite3_reset(stmt_);
  return error;
}

Status SqliteStatement::Run(std::string_view doing) {
  for (;;) {
    BERTH_ASSIGN_OR_RETURN(bool row, Step(doing));
    if (!row) return Status::Ok();
  }
}

int64_t SqliteStatement::ColumnInt64(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

std::string SqliteStatement::ColumnText(int column) const {
  const auto* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return std::string();
  // Length after column_text, as the SQLite documentation prescribes.
  int size = sqlite3_column_bytes(stmt_, column);
  return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

bool SqliteStatement::ColumnIsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

void SqliteStatement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

// --- SqliteDb ---------------------------------------------------------------

Result<std::unique_ptr<SqliteDb>> SqliteDb::Open(const std::string& path, int busy_timeout_ms) {
  sqlite3* raw = nullptr;
  // NOMUTEX: SQLite's own per-connection mutex is redundant, callers serialise.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  // Own the handle at once: sqlite3_open_v2 may return one even when it fails.
  std::unique_ptr<SqliteDb> db(new SqliteDb(raw, path));
  if (raw == nullptr) return ConfigError(fmt::format("opening {}: out of memory", path));
  if (rc != SQLITE_OK) return db->Error(rc, "opening");
  sqlite3_extended_result_codes(raw, 1);
  rc = sqlite3_busy_timeout(raw, busy_timeout_ms);
  if (rc != SQLITE_OK) return db->Error(rc, "setting the busy timeout on");
  return db;
}

SqliteDb::~SqliteDb() {
  // close_v2 defers the close until statements still open are finalized,
  // instead of failing with SQLITE_BUSY.
  sqlite3_close_v2(db_);
}

Status SqliteDb::Exec(std::string_view sql, std::string_view doing) {
  std::string text(sql);  // sqlite3_exec wants NUL-terminated SQL
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return Error(rc, doing);
  return Status::Ok();
}

Result<SqliteStatement> SqliteDb::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return Error(rc, fmt::format("preparing \"{}\" for", sql));
  }
  return SqliteStatement(stmt, this);
}

int64_t SqliteDb::LastInsertRowId() const {
  return sqlite3_last_insert_rowid(db_);
}

int SqliteDb::Changes() const {
  return sqlite3_changes(db_);
}

Status SqliteDb::Error(int rc, std::string_view doing) const {
  // The connection's message is more specific than the code's generic text
  // ("no such table: x" rather than "SQL logic error"), but only when it
  // belongs to this error.
  const char* message = sqlite3_errstr(rc);
  if (db_ != nullptr && sqlite3_extended_errcode(db_) == rc) message = sqlite3_errmsg(db_);
  std::string text = fmt::format("{} {}: {}", doing, path_, message);
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return FailedPrecondition(text + " (another process held the file longer than the busy timeout; try again)");
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT: return ConfigError(std::move(text));
    default: return InternalError(std::move(text));
  }
}

}  // namespace berth::store
