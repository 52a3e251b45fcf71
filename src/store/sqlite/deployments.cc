#include "store/sqlite/deployments.h"

#include <fmt/format.h>

namespace berth::store {
namespace {

// The column list is pasted at compile time so ReadRecord's column numbers
// hold for every SELECT.
#define BERTH_DEPLOYMENT_COLUMNS                                                       \
  "id, version, region, cluster_arn, service_arn, service_name, kind, deployment_id, " \
  "previous_task_definition, task_definition, outcome, reason, started_at_ms, finished_at_ms"

// "Newest" is insertion order: ids only grow (AUTOINCREMENT), whatever the
// clocks of the processes that wrote the records said.
constexpr std::string_view kInsertSql =
    "INSERT INTO deployments (region, cluster_arn, service_arn, service_name, kind, deployment_id, "
    "previous_task_definition, task_definition, outcome, reason, started_at_ms, finished_at_ms, version) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1)";
// Compare-and-set: only the version that was read may be replaced.
constexpr std::string_view kUpdateSql =
    "UPDATE deployments SET region = ?1, cluster_arn = ?2, service_arn = ?3, service_name = ?4, kind = ?5, "
    "deployment_id = ?6, previous_task_definition = ?7, task_definition = ?8, outcome = ?9, reason = ?10, "
    "started_at_ms = ?11, finished_at_ms = ?12, version = version + 1 WHERE id = ?13 AND version = ?14";
constexpr std::string_view kGetSql = "SELECT " BERTH_DEPLOYMENT_COLUMNS " FROM deployments WHERE id = ?1";
constexpr std::string_view kFindByDeploymentSql =
    "SELECT " BERTH_DEPLOYMENT_COLUMNS
    " FROM deployments WHERE service_arn = ?1 AND deployment_id = ?2 ORDER BY id DESC LIMIT 1";
constexpr std::string_view kListSql =
    "SELECT " BERTH_DEPLOYMENT_COLUMNS " FROM deployments WHERE service_arn = ?1 ORDER BY id DESC LIMIT ?2";
constexpr std::string_view kLastSucceededSql =
    "SELECT " BERTH_DEPLOYMENT_COLUMNS
    " FROM deployments WHERE service_arn = ?1 AND outcome = ?2 AND task_definition <> ?3"
    " ORDER BY id DESC LIMIT 1";
#undef BERTH_DEPLOYMENT_COLUMNS

int64_t ToMillis(SystemTime t) {
  // floor, not duration_cast: a time before the epoch rounds down like any other.
  return std::chrono::floor<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

SystemTime FromMillis(int64_t ms) {
  return SystemTime(std::chrono::milliseconds(ms));
}

Result<DeploymentRecord> ReadRecord(const SqliteStatement& stmt, const std::string& path) {
  DeploymentRecord r;
  r.id = stmt.ColumnInt64(0);
  r.version = stmt.ColumnInt64(1);
  r.region = stmt.ColumnText(2);
  r.cluster_arn = stmt.ColumnText(3);
  r.service_arn = stmt.ColumnText(4);
  r.service_name = stmt.ColumnText(5);
  r.kind = stmt.ColumnText(6);
  r.deployment_id = stmt.ColumnText(7);
  r.previous_task_definition = stmt.ColumnText(8);
  r.task_definition = stmt.ColumnText(9);
  std::string outcome = stmt.ColumnText(10);
  auto parsed = ParseOutcome(outcome);
  if (!parsed) {
    return ConfigError(fmt::format("deployment record {} of the state database {} has an unknown outcome \"{}\" "
                                   "(written by a newer berth?); upgrade berth, or use another state file",
                                   r.id, path, outcome))
        .AddField("state");
  }
  r.outcome = *parsed;
  r.reason = stmt.ColumnText(11);
  r.started_at = FromMillis(stmt.ColumnInt64(12));
  if (!stmt.ColumnIsNull(13)) r.finished_at = FromMillis(stmt.ColumnInt64(13));
  return r;
}

std::optional<DeploymentRecord> First(std::vector<DeploymentRecord> rows) {
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

}  // namespace

Result<std::unique_ptr<SqliteDeployments>> SqliteDeployments::Prepare(SqliteDb& db) {
  std::unique_ptr<SqliteDeployments> repo(new SqliteDeployments(db));
  BERTH_ASSIGN_OR_RETURN(repo->insert_, db.Prepare(kInsertSql));
  BERTH_ASSIGN_OR_RETURN(repo->update_, db.Prepare(kUpdateSql));
  BERTH_ASSIGN_OR_RETURN(repo->get_, db.Prepare(kGetSql));
  BERTH_ASSIGN_OR_RETURN(repo->find_by_deployment_, db.Prepare(kFindByDeploymentSql));
  BERTH_ASSIGN_OR_RETURN(repo->list_, db.Prepare(kListSql));
  BERTH_ASSIGN_OR_RETURN(repo->last_succeeded_, db.Prepare(kLastSucceededSql));
  return repo;
}

Status SqliteDeployments::BindRecord(SqliteStatement& stmt, const DeploymentRecord& r) {
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
  return r.finished_at ? stmt.BindInt64(12, ToMillis(*r.finished_at)) : stmt.BindNull(12);
}

Result<int64_t> SqliteDeployments::Insert(const DeploymentRecord& r) {
  insert_.Reset();
  BERTH_RETURN_IF_ERROR(BindRecord(insert_, r));
  Status status = insert_.Run(fmt::format("recording deployment {} of {} in", r.deployment_id, r.service_arn));
  insert_.Reset();
  BERTH_RETURN_IF_ERROR(status);
  return db_.LastInsertRowId();
}

Result<int64_t> SqliteDeployments::Update(const DeploymentRecord& r) {
  update_.Reset();
  BERTH_RETURN_IF_ERROR(BindRecord(update_, r));
  BERTH_RETURN_IF_ERROR(update_.BindInt64(13, r.id));
  BERTH_RETURN_IF_ERROR(update_.BindInt64(14, r.version));
  Status status = update_.Run(fmt::format("updating deployment record {} in", r.id));
  update_.Reset();
  BERTH_RETURN_IF_ERROR(status);
  if (db_.Changes() == 1) return r.version + 1;
  BERTH_ASSIGN_OR_RETURN(auto now, Get(r.id));
  if (!now) return NotFound(fmt::format("no deployment record {} in the state database {}", r.id, db_.path()));
  return Conflict(
      fmt::format("deployment record {} in {} was changed by another berth process since it was read "
                  "(version {} read, {} stored)",
                  r.id, db_.path(), r.version, now->version));
}

Result<std::vector<DeploymentRecord>> SqliteDeployments::Query(SqliteStatement& stmt, std::string_view doing,
                                                               const std::function<Status(SqliteStatement&)>& bind) {
  stmt.Reset();
  BERTH_RETURN_IF_ERROR(bind(stmt));
  std::vector<DeploymentRecord> out;
  for (;;) {
    auto row = stmt.Step(doing);
    if (!row.ok()) {
      stmt.Reset();
      return row.status();
    }
    if (!*row) break;
    auto record = ReadRecord(stmt, db_.path());
    if (!record.ok()) {
      stmt.Reset();
      return record.status();
    }
    out.push_back(std::move(record).value());
  }
  stmt.Reset();
  return out;
}

Result<std::optional<DeploymentRecord>> SqliteDeployments::Get(int64_t id) {
  BERTH_ASSIGN_OR_RETURN(auto rows, Query(get_, fmt::format("reading deployment record {} in", id),
                                          [&](SqliteStatement& s) { return s.BindInt64(1, id); }));
  return First(std::move(rows));
}

Result<std::optional<DeploymentRecord>> SqliteDeployments::FindByDeployment(const std::string& service_arn,
                                                                            const std::string& deployment_id) {
  BERTH_ASSIGN_OR_RETURN(
      auto rows, Query(find_by_deployment_, fmt::format("finding deployment {} of {} in", deployment_id, service_arn),
                       [&](SqliteStatement& s) -> Status {
                         BERTH_RETURN_IF_ERROR(s.BindText(1, service_arn));
                         return s.BindText(2, deployment_id);
                       }));
  return First(std::move(rows));
}

Result<std::vector<DeploymentRecord>> SqliteDeployments::List(const std::string& service_arn, int limit) {
  if (limit < 0) return InvalidArgument(fmt::format("a list limit must be 0 or more, not {}", limit));
  return Query(list_, fmt::format("listing the deployments of {} in", service_arn), [&](SqliteStatement& s) -> Status {
    BERTH_RETURN_IF_ERROR(s.BindText(1, service_arn));
    return s.BindInt64(2, limit);
  });
}

Result<std::optional<DeploymentRecord>> SqliteDeployments::LastSucceeded(const std::string& service_arn,
                                                                         const std::string& exclude_task_definition) {
  BERTH_ASSIGN_OR_RETURN(
      auto rows, Query(last_succeeded_, fmt::format("finding the last successful deployment of {} in", service_arn),
                       [&](SqliteStatement& s) -> Status {
                         BERTH_RETURN_IF_ERROR(s.BindText(1, service_arn));
                         BERTH_RETURN_IF_ERROR(s.BindText(2, OutcomeName(DeploymentOutcome::kSucceeded)));
                         return s.BindText(3, exclude_task_definition);
                       }));
  return First(std::move(rows));
}

}  // namespace berth::store
