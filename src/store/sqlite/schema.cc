#include "store/sqlite/schema.h"

#include <array>

#include <fmt/format.h>

namespace berth::store {
namespace {

// Fixed SQL only: each step also sets user_version, inside its transaction.
constexpr std::array<std::string_view, 3> kMigrations = {
    // 1: the deployment history of berth deploy / rollback (berth 0.1, history.db).
    R"sql(
CREATE TABLE deployments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  region TEXT NOT NULL,
  cluster_arn TEXT NOT NULL,
  service_arn TEXT NOT NULL,
  service_name TEXT NOT NULL,
  kind TEXT NOT NULL,
  deployment_id TEXT NOT NULL,
  previous_task_definition TEXT NOT NULL,
  task_definition TEXT NOT NULL,
  outcome TEXT NOT NULL,
  reason TEXT NOT NULL,
  started_at_ms INTEGER NOT NULL,
  finished_at_ms INTEGER
);
CREATE INDEX deployments_by_service ON deployments (service_arn);
CREATE INDEX deployments_by_deployment ON deployments (service_arn, deployment_id);
CREATE INDEX deployments_by_outcome ON deployments (service_arn, outcome);
PRAGMA application_id = 1651668072;
PRAGMA user_version = 1;
)sql",
    // 2: the state database. Records get a version for compare-and-set
    // updates; existing records start at 1. (INTERRUPTED joins the outcomes,
    // which needs no change in the table.)
    R"sql(
ALTER TABLE deployments ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
PRAGMA user_version = 2;
)sql",
    // 3: the outcome SUPERSEDED. No change in the table: the version tells an
    // older berth, which would not know the outcome, that the file is newer.
    R"sql(
PRAGMA user_version = 3;
)sql",
};

Result<int64_t> ReadPragma(SqliteDb& db, std::string_view sql, std::string_view doing) {
  BERTH_ASSIGN_OR_RETURN(SqliteStatement stmt, db.Prepare(sql));
  BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step(doing));
  return row ? stmt.ColumnInt64(0) : 0;
}

Status NotBerths(const std::string& path, std::string_view why) {
  return ConfigError(fmt::format("{} is not a berth state database ({}): move it aside, or keep berth's state "
                                 "in another file",
                                 path, why))
      .AddField("state");
}

// A failure reading the header (a file that is not SQLite, or one berth may
// not read) as an error that says what to do.
Status HeaderError(const std::string& path, const Status& status) {
  if (status.code() != StatusCode::kConfig) return status;
  return ConfigError(fmt::format("cannot read {} as a berth state database ({}): move it aside or fix its "
                                 "permissions, or keep berth's state in another file",
                                 path, status.message()))
      .AddField("state");
}

Status CheckHeader(const std::string& path, int64_t application_id, int64_t version) {
  if (application_id != 0 && application_id != kApplicationId) {
    return NotBerths(path, fmt::format("its SQLite application_id is {}", application_id));
  }
  if (version > CurrentSchemaVersion()) {
    return ConfigError(fmt::format("the state database {} has schema version {}, written by a newer berth; this "
                                   "berth knows versions up to {}. Upgrade berth, or use another state file",
                                   path, version, CurrentSchemaVersion()))
        .AddField("state");
  }
  return Status::Ok();
}

Status Apply(SqliteDb& db, int64_t from, int64_t to) {
  for (auto v = from; v < to; ++v) {
    BERTH_RETURN_IF_ERROR(
        db.Exec(kMigrations[static_cast<size_t>(v)], fmt::format("migrating to schema version {}", v + 1)));
  }
  return Status::Ok();
}

}  // namespace

std::span<const std::string_view> Migrations() {
  return kMigrations;
}
int64_t CurrentSchemaVersion() {
  return static_cast<int64_t>(kMigrations.size());
}

Status CheckAndMigrate(SqliteDb& db) {
  // The first read is where a file that is not SQLite at all fails
  // (SQLITE_NOTADB): check what the file is before changing anything in it.
  auto version = ReadPragma(db, "PRAGMA user_version", "reading the schema version of");
  if (!version.ok()) return HeaderError(db.path(), version.status());
  auto app_id = ReadPragma(db, "PRAGMA application_id", "reading the application id of");
  if (!app_id.ok()) return HeaderError(db.path(), app_id.status());
  BERTH_RETURN_IF_ERROR(CheckHeader(db.path(), *app_id, *version));
  if (*version == CurrentSchemaVersion()) return Status::Ok();

  // IMMEDIATE takes the write lock now, so two berths opening an old file at
  // once migrate it once: the second re-reads the first one's user_version.
  BERTH_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE", "locking for schema migration"));
  auto migrate = [&db]() -> Status {
    BERTH_ASSIGN_OR_RETURN(int64_t now, ReadPragma(db, "PRAGMA user_version", "reading the schema version of"));
    BERTH_ASSIGN_OR_RETURN(int64_t id, ReadPragma(db, "PRAGMA application_id", "reading the application id of"));
    BERTH_RETURN_IF_ERROR(CheckHeader(db.path(), id, now));
    if (now == 0) {
      BERTH_ASSIGN_OR_RETURN(int64_t tables,
                             ReadPragma(db, "SELECT count(*) FROM sqlite_schema", "reading the tables of"));
      if (tables != 0) return NotBerths(db.path(), "it is a SQLite database with other tables");
    }
    return Apply(db, now, CurrentSchemaVersion());
  };
  Status status = migrate();
  if (!status.ok()) {
    (void)db.Exec("ROLLBACK", "rolling back the schema migration of");
    return status;
  }
  return db.Exec("COMMIT", "committing the schema migration of");
}

Status MigrateToVersionForTest(SqliteDb& db, int64_t version) {
  if (version < 0 || version > CurrentSchemaVersion()) return InvalidArgument("no such schema version");
  return Apply(db, 0, version);
}

}  // namespace berth::store
