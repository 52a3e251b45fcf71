// SqliteDeployments: the deployments table of the SQLite state database.
//
// Every statement is fixed SQL prepared once; values are bound, never pasted
// into SQL. It takes no locks and opens no transactions itself: the
// SqliteStateStore that owns it does both around every call.
//
// Thread-safety: none; used under the owning store's mutex.
#pragma once

#include "store/sqlite/db.h"
#include "store/state.h"

namespace berth::store {

class SqliteDeployments final : public DeploymentRepository {
 public:
  // Prepares the statements; the database must be at the current schema.
  static Result<std::unique_ptr<SqliteDeployments>> Prepare(SqliteDb& db);

  Result<int64_t> Insert(const DeploymentRecord& record) override;
  Result<int64_t> Update(const DeploymentRecord& record) override;
  Result<std::optional<DeploymentRecord>> Get(int64_t id) override;
  Result<std::optional<DeploymentRecord>> FindByDeployment(const std::string& service_arn,
                                                           const std::string& deployment_id) override;
  Result<std::vector<DeploymentRecord>> List(const std::string& service_arn, int limit) override;
  Result<std::optional<DeploymentRecord>> LastSucceeded(const std::string& service_arn,
                                                        const std::string& exclude_task_definition) override;

 private:
  explicit SqliteDeployments(SqliteDb& db) : db_(db) {}
  // Runs a prepared SELECT whose parameters `bind` sets, collecting its rows.
  Result<std::vector<DeploymentRecord>> Query(SqliteStatement& stmt, std::string_view doing,
                                              const std::function<Status(SqliteStatement&)>& bind);
  Status BindRecord(SqliteStatement& stmt, const DeploymentRecord& r);

  SqliteDb& db_;
  SqliteStatement insert_;
  SqliteStatement update_;
  SqliteStatement get_;
  SqliteStatement find_by_deployment_;
  SqliteStatement list_;
  SqliteStatement last_succeeded_;
};

}  // namespace berth::store
