#include "store/history.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <mutex>

#include <fmt/format.h>

#include "store/sqlite.h"

namespace berth::store {
namespace {

// The schema is documented in docs/history.md; keep the two in step.
constexpr int kSchemaVersion = 1;
// PRAGMA application_id marks the file as berth's ("brth" in ASCII), so a
// SQLite file of some other program is refused instead of being written to.
constexpr int64_t kApplicationId = 0x62727468;  // = 1651668072, as written by kMigrations[0]
// A writer waits this long for another berth's write before giving up.
constexpr int kBusyTimeoutMs = 5000;

// Migration i brings a file from version i to version i + 1. Fixed SQL only:
// each step also sets user_version, inside the same transaction.
constexpr std::array<std::string_view, kSchemaVersion> kMigrations = {
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
};

// Every statement is a fixed string; values are bound. The column list is
// pasted at compile time so ReadRecord's column numbers hold for every SELECT.
#define BERTH_HISTORY_COLUMNS                                                 \
  "id, region, cluster_arn, service_arn, service_name, kind, deployment_id, " \
  "previous_task_definition, task_definition, outcome, reason, started_at_ms, finished_at_ms"

// "Newest" is insertion order: ids only grow (AUTOINCREMENT), whatever the
// clocks of the processes that wrote the records said.
constexpr std::string_view kInsertSql =
    "INSERT INTO deployments (region, cluster_arn, service_arn, service_name, kind, deployment_id, "
    "previous_task_definition, task_definition, outcome, reason, started_at_ms, finished_at_ms) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
constexpr std::string_view kFinishSql =
    "UPDATE deployments SET outcome = ?2, reason = ?3, finished_at_ms = ?4 WHERE id = ?1";
constexpr std::string_view kFindByDeploymentSql =
    "SELECT " BERTH_HISTORY_COLUMNS
    " FROM deployments WHERE service_arn = ?1 AND deployment_id = ?2 ORDER BY id DESC LIMIT 1";
constexpr std::string_view kListSql =
    "SELECT " BERTH_HISTORY_COLUMNS " FROM deployments WHERE service_arn = ?1 ORDER BY id DESC LIMIT ?2";
constexpr std::string_view kLastSucceededSql =
    "SELECT " BERTH_HISTORY_COLUMNS
    " FROM deployments WHERE service_arn = ?1 AND outcome = ?2 AND task_definition <> ?3"
    " ORDER BY id DESC LIMIT 1";
#undef BERTH_HISTORY_COLUMNS

int64_t ToMillis(SystemTime t) {
  // floor, not duration_cast: a time before the epoch rounds down like any other.
  return std::chrono::floor<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

SystemTime FromMillis(int64_t ms) {
  return SystemTime(std::chrono::milliseconds(ms));
}

std::string ParentDir(const std::string& path) {
  auto slash = path.find_last_of('/');
  if (slash == std::string::npos) return std::string();
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// mkdir -p with mode 0700 for the directories it creates (existing ones are
// left as they are: they may be shared, like ~/.local/state).
Status CreateParentDirs(const std::string& path) {
  std::string dir = ParentDir(path);
  if (dir.empty() || dir == "/") return Status::Ok();
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return Status::Ok();
    return ConfigError(
        fmt::format("cannot create the deployment history {}: {} is not a directory; "
                    "pass --history FILE to keep it elsewhere",
                    path, dir));
  }
  BERTH_RETURN_IF_ERROR(CreateParentDirs(dir));
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return ConfigError(
        fmt::format("cannot create directory {} for the deployment history: {}; "
                    "pass --history FILE to keep it elsewhere",
                    dir, std::strerror(errno)));
  }
  // Exactly 0700 whatever the umask.
  ::chmod(dir.c_str(), 0700);
  return Status::Ok();
}

// Creates the file readable by its owner only (SQLite would use 0644). SQLite
// gives its -wal and -shm files the same permissions as the database.
Status CreateFileIfMissing(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return ConfigError(
        fmt::format("cannot open the deployment history {}: {}; "
                    "pass --history FILE to keep it elsewhere",
                    path, std::strerror(errno)));
  }
  ::close(fd);
  return Status::Ok();
}

Result<int64_t> ReadPragma(SqliteDb& db, std::string_view sql, std::string_view doing) {
  BERTH_ASSIGN_OR_RETURN(SqliteStatement stmt, db.Prepare(sql));
  BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step(doing));
  return row ? stmt.ColumnInt64(0) : 0;
}

Status NotBerthHistory(const std::string& path, std::string_view why) {
  return ConfigError(
      fmt::format("{} is not a berth deployment history ({}): move it aside, or pass "
                  "--history FILE to keep the history elsewhere",
                  path, why));
}

// Turns a failure reading the header of the file (a file that is not SQLite,
// or that berth may not read) into an error that says what to do.
Status HeaderError(const std::string& path, const Status& status) {
  if (status.code() != StatusCode::kConfig) return status;
  return ConfigError(
      fmt::format("cannot read {} as a berth deployment history ({}): move it aside or fix its "
                  "permissions, or pass --history FILE to keep the history elsewhere",
                  path, status.message()));
}

Status CheckHeader(const std::string& path, int64_t application_id, int64_t version) {
  if (application_id != 0 && application_id != kApplicationId) {
    return NotBerthHistory(path, fmt::format("its SQLite application_id is {}", application_id));
  }
  if (version > kSchemaVersion) {
    return ConfigError(
        fmt::format("the deployment history {} has schema version {}, written by a newer berth; this berth "
                    "knows versions up to {}. Upgrade berth, or pass --history FILE to use another history file",
                    path, version, kSchemaVersion));
  }
  return Status::Ok();
}

Status Migrate(SqliteDb& db) {
  // IMMEDIATE takes the write lock now, so two berths opening a new file at
  // once migrate it once: the second sees the first one's user_version.
  BERTH_RETURN_IF_ERROR(db.Exec("BEGIN IMMEDIATE", "locking for schema migration"));
  auto migrate = [&db]() -> Status {
    BERTH_ASSIGN_OR_RETURN(int64_t version, ReadPragma(db, "PRAGMA user_version", "reading the schema version of"));
    BERTH_ASSIGN_OR_RETURN(int64_t app_id, ReadPragma(db, "PRAGMA application_id", "reading the application id of"));
    BERTH_RETURN_IF_ERROR(CheckHeader(db.path(), app_id, version));
    if (version == 0) {
      BERTH_ASSIGN_OR_RETURN(int64_t tables,
                             ReadPragma(db, "SELECT count(*) FROM sqlite_schema", "reading the tables of"));
      if (tables != 0) return NotBerthHistory(db.path(), "it is a SQLite database with other tables");
    }
    for (auto v = static_cast<size_t>(version); v < kMigrations.size(); ++v) {
      BERTH_RETURN_IF_ERROR(db.Exec(kMigrations[v], fmt::format("migrating to schema version {}", v + 1)));
    }
    return Status::Ok();
  };
  Status status = migrate();
  if (!status.ok()) {
    (void)db.Exec("ROLLBACK", "rolling back the schema migration of");
    return status;
  }
  return db.Exec("COMMIT", "committing the schema migration of");
}

Result<DeploymentRecord> ReadRecord(const SqliteStatement& stmt, const std::string& path) {
  DeploymentRecord r;
  r.id = stmt.ColumnInt64(0);
  r.region = stmt.ColumnText(1);
  r.cluster_arn = stmt.ColumnText(2);
  r.service_arn = stmt.ColumnText(3);
  r.service_name = stmt.ColumnText(4);
  r.kind = stmt.ColumnText(5);
  r.deployment_id = stmt.ColumnText(6);
  r.previous_task_definition = stmt.ColumnText(7);
  r.task_definition = stmt.ColumnText(8);
  std::string outcome = stmt.ColumnText(9);
  auto parsed = ParseOutcome(outcome);
  if (!parsed) {
    return ConfigError(
        fmt::format("record {} of the deployment history {} has an unknown outcome \"{}\"; "
                    "upgrade berth, or pass --history FILE to use another history file",
                    r.id, path, outcome));
  }
  r.outcome = *parsed;
  r.reason = stmt.ColumnText(10);
  r.started_at = FromMillis(stmt.ColumnInt64(11));
  if (!stmt.ColumnIsNull(12)) r.finished_at = FromMillis(stmt.ColumnInt64(12));
  return r;
}

}  // namespace

std::string_view OutcomeName(DeploymentOutcome o) {
  switch (o) {
    case DeploymentOutcome::kInProgress: return "IN_PROGRESS";
    case DeploymentOutcome::kSucceeded: return "SUCCEEDED";
    case DeploymentOutcome::kFailed: return "FAILED";
    case DeploymentOutcome::kTimedOut: return "TIMED_OUT";
  }
  return "IN_PROGRESS";
}

std::optional<DeploymentOutcome> ParseOutcome(std::string_view name) {
  for (auto o : {DeploymentOutcome::kInProgress, DeploymentOutcome::kSucceeded, DeploymentOutcome::kFailed,
                 DeploymentOutcome::kTimedOut}) {
    if (OutcomeName(o) == name) return o;
  }
  return std::nullopt;
}

struct SqliteHistory::Impl {
  std::mutex mu;
  std::unique_ptr<SqliteDb> db;
  // Prepared once: the statements berth runs on every deploy.
  SqliteStatement insert;
  SqliteStatement finish;
  SqliteStatement find_by_deployment;
  SqliteStatement list;
  SqliteStatement last_succeeded;

  // Runs a prepared SELECT whose parameters `bind` sets, collecting its rows.
  template <typename BindFn>
  Result<std::vector<DeploymentRecord>> Query(SqliteStatement& stmt, std::string_view doing, BindFn bind) {
    stmt.Reset();
    BERTH_RETURN_IF_ERROR(bind(stmt));
    std::vector<DeploymentRecord> out;
    for (;;) {
      BERTH_ASSIGN_OR_RETURN(bool row, stmt.Step(doing));
      if (!row) break;
      BERTH_ASSIGN_OR_RETURN(DeploymentRecord r, ReadRecord(stmt, db->path()));
      out.push_back(std::move(r));
    }
    stmt.Reset();
    return out;
  }
};

SqliteHistory::SqliteHistory(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteHistory::~SqliteHistory() = default;

Result<std::unique_ptr<SqliteHistory>> SqliteHistory::Open(const std::string& path) {
  if (path.empty()) return ConfigError("the deployment history path is empty; pass --history FILE");
  BERTH_RETURN_IF_ERROR(CreateParentDirs(path));
  BERTH_RETURN_IF_ERROR(CreateFileIfMissing(path));
  auto impl = std::make_unique<Impl>();
  BERTH_ASSIGN_OR_RETURN(impl->db, SqliteDb::Open(path, kBusyTimeoutMs));
  SqliteDb& db = *impl->db;

  // Check what the file is before changing anything in it: the first read
  // is where a file that is not SQLite at all fails (SQLITE_NOTADB).
  auto version = ReadPragma(db, "PRAGMA user_version", "reading the schema version of");
  if (!version.ok()) return HeaderError(path, version.status());
  auto app_id = ReadPragma(db, "PRAGMA application_id", "reading the application id of");
  if (!app_id.ok()) return HeaderError(path, app_id.status());
  BERTH_RETURN_IF_ERROR(CheckHeader(path, *app_id, *version));

  // WAL: readers never block the writer and two berths can record at once.
  // synchronous=NORMAL is durable across a crash of berth; a power cut may
  // lose the last records, which is acceptable for a history.
  BERTH_RETURN_IF_ERROR(db.Exec("PRAGMA journal_mode = WAL", "switching to WAL"));
  BERTH_RETURN_IF_ERROR(db.Exec("PRAGMA synchronous = NORMAL", "setting synchronous mode on"));
  if (*version < kSchemaVersion) BERTH_RETURN_IF_ERROR(Migrate(db));

  BERTH_ASSIGN_OR_RETURN(impl->insert, db.Prepare(kInsertSql));
  BERTH_ASSIGN_OR_RETURN(impl->finish, db.Prepare(kFinishSql));
  BERTH_ASSIGN_OR_RETURN(impl->find_by_deployment, db.Prepare(kFindByDeploymentSql));
  BERTH_ASSIGN_OR_RETURN(impl->list, db.Prepare(kListSql));
  BERTH_ASSIGN_OR_RETURN(impl->last_succeeded, db.Prepare(kLastSucceededSql));
  return std::unique_ptr<SqliteHistory>(new SqliteHistory(std::move(impl)));
}

Result<int64_t> SqliteHistory::Record(const DeploymentRecord& r) {
  std::lock_guard lock(impl_->mu);
  SqliteStatement& stmt = impl_->insert;
  stmt.Reset();
  BERTH_RETURN_IF_ERROR(stmt.BindText(1, r.region));
  BERTH_RETURN_IF_ERROR(stmt.BindText(2, r.cluster_arn));
  BERTH_RETURN_IF_ERROR(stmt.BindText(3, r.service_arn));
  BERTH_RETURN_IF_ERROR(stmt.BindText(4, r.service_name));
  BERTH_RETURN_IF_ERROR(stmt.BindText(5, r.kind));
  BERTH_RETURN_IF_ERROR(stmt.BindText(6, r.deployment_id));
  BERTH_RETURN_IF_ERROR(stmt.BindText(7, r.previous_task_definition));
  BERTH_RETURN_IF_ERROR(stmt.BindText(8, r.task_definition));
  BERTH_RETURN_IF_ERROR(stmt.BindText(9, OutcomeName(r.outcome)));
  BERTH_RETURN_IF_ERROR(stmt.BindText(10, r.reason));
  BERTH_RETURN_IF_ERROR(stmt.BindInt64(11, ToMillis(r.started_at)));
  if (r.finished_at) {
    BERTH_RETURN_IF_ERROR(stmt.BindInt64(12, ToMillis(*r.finished_at)));
  } else {
    BERTH_RETURN_IF_ERROR(stmt.BindNull(12));
  }
  Status status = stmt.Run(fmt::format("recording deployment {} of {} in", r.deployment_id, r.service_arn));
  stmt.Reset();
  BERTH_RETURN_IF_ERROR(status);
  return impl_->db->LastInsertRowId();
}

Status SqliteHistory::Finish(int64_t id, DeploymentOutcome outcome, const std::string& reason, SystemTime finished_at) {
  std::lock_guard lock(impl_->mu);
  SqliteStatement& stmt = impl_->finish;
  stmt.Reset();
  BERTH_RETURN_IF_ERROR(stmt.BindInt64(1, id));
  BERTH_RETURN_IF_ERROR(stmt.BindText(2, OutcomeName(outcome)));
  BERTH_RETURN_IF_ERROR(stmt.BindText(3, reason));
  BERTH_RETURN_IF_ERROR(stmt.BindInt64(4, ToMillis(finished_at)));
  Status status = stmt.Run(fmt::format("recording the outcome of deployment record {} in", id));
  stmt.Reset();
  BERTH_RETURN_IF_ERROR(status);
  if (impl_->db->Changes() == 0) {
    return NotFound(fmt::format("no deployment record {} in the deployment history {}", id, impl_->db->path()));
  }
  return Status::Ok();
}

Result<std::optional<DeploymentRecord>> SqliteHistory::FindByDeployment(const std::string& service_arn,
                                                                        const std::string& deployment_id) {
  std::lock_guard lock(impl_->mu);
  BERTH_ASSIGN_OR_RETURN(
      auto rows,
      impl_->Query(impl_->find_by_deployment, fmt::format("finding deployment {} of {} in", deployment_id, service_arn),
                   [&](SqliteStatement& s) -> Status {
                     BERTH_RETURN_IF_ERROR(s.BindText(1, service_arn));
                     return s.BindText(2, deployment_id);
                   }));
  if (rows.empty()) return std::optional<DeploymentRecord>();
  return std::optional<DeploymentRecord>(std::move(rows.front()));
}

Result<std::vector<DeploymentRecord>> SqliteHistory::List(const std::string& service_arn, int limit) {
  if (limit < 0) return InvalidArgument(fmt::format("history limit must be 0 or more, not {}", limit));
  std::lock_guard lock(impl_->mu);
  return impl_->Query(impl_->list, fmt::format("listing the deployments of {} in", service_arn),
                      [&](SqliteStatement& s) -> Status {
                        BERTH_RETURN_IF_ERROR(s.BindText(1, service_arn));
                        return s.BindInt64(2, limit);
                      });
}

Result<std::optional<DeploymentRecord>> SqliteHistory::LastSucceeded(const std::string& service_arn,
                                                                     const std::string& exclude_task_definition) {
  std::lock_guard lock(impl_->mu);
  BERTH_ASSIGN_OR_RETURN(
      auto rows,
      impl_->Query(impl_->last_succeeded, fmt::format("finding the last successful deployment of {} in", service_arn),
                   [&](SqliteStatement& s) -> Status {
                     BERTH_RETURN_IF_ERROR(s.BindText(1, service_arn));
                     BERTH_RETURN_IF_ERROR(s.BindText(2, OutcomeName(DeploymentOutcome::kSucceeded)));
                     return s.BindText(3, exclude_task_definition);
                   }));
  if (rows.empty()) return std::optional<DeploymentRecord>();
  return std::optional<DeploymentRecord>(std::move(rows.front()));
}

namespace {

// XDG base directories must be absolute; a relative value is ignored.
std::optional<std::string> AbsoluteDir(const Environment& env, std::string_view name) {
  auto v = env.GetNonEmpty(name);
  if (!v || v->front() != '/') return std::nullopt;
  while (v->size() > 1 && v->back() == '/') v->pop_back();
  return v;
}

std::string Join(const std::string& dir, std::string_view rest) {
  return dir == "/" ? fmt::format("/{}", rest) : fmt::format("{}/{}", dir, rest);
}

}  // namespace

Result<std::string> DefaultHistoryPath(const Environment& env) {
  if (auto file = env.GetNonEmpty("BERTH_HISTORY_FILE")) return *file;
  if (auto state = AbsoluteDir(env, "XDG_STATE_HOME")) return Join(*state, "berth/history.db");
  if (auto home = AbsoluteDir(env, "HOME")) return Join(*home, ".local/state/berth/history.db");
  return ConfigError(
      "cannot tell where to keep berth's deployment history: none of BERTH_HISTORY_FILE, XDG_STATE_HOME "
      "or HOME is set; set BERTH_HISTORY_FILE or pass --history FILE");
}

}  // namespace berth::store
