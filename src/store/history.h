// DeploymentHistory: berth's own record of the deployments it started, per
// service, so that `berth rollback` can return to the last revision berth saw
// succeed (ECS itself keeps no such history) and `berth status` can show what
// berth did.
//
// The default implementation is SQLite (SqliteHistory), one file per user;
// DefaultHistoryPath says where. The schema is versioned (PRAGMA user_version)
// and migrated forward on open. Writers use WAL and a busy timeout, so two
// berth processes deploying different services at once both succeed.
//
// Thread-safety: a SqliteHistory may be used from several threads (it
// serialises on its connection).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/env.h"
#include "core/result.h"

namespace berth::store {

// The outcome berth recorded. kInProgress until the follower decides.
enum class DeploymentOutcome {
  kInProgress,  // "IN_PROGRESS": started, not yet decided (or berth stopped watching: --no-wait)
  kSucceeded,   // "SUCCEEDED": reached COMPLETED as PRIMARY with its task definition
  kFailed,      // "FAILED": FAILED rollout, circuit-breaker rollback, or replaced
  kTimedOut,    // "TIMED_OUT"
};
std::string_view OutcomeName(DeploymentOutcome o);
std::optional<DeploymentOutcome> ParseOutcome(std::string_view name);

struct DeploymentRecord {
  int64_t id = 0;  // assigned by Record
  std::string region;
  std::string cluster_arn;
  std::string service_arn;  // the key: a service is identified by its ARN
  std::string service_name;
  std::string kind;                      // "deploy" or "rollback"
  std::string deployment_id;             // "ecs-svc/..." from UpdateService
  std::string previous_task_definition;  // ARN that was PRIMARY before
  std::string task_definition;           // ARN berth deployed
  DeploymentOutcome outcome = DeploymentOutcome::kInProgress;
  std::string reason;  // why it failed / timed out, or the COMPLETED reason
  SystemTime started_at{};
  std::optional<SystemTime> finished_at;
};

class DeploymentHistory {
 public:
  virtual ~DeploymentHistory() = default;
  // Stores a new record (its id is ignored) and returns the id assigned.
  virtual Result<int64_t> Record(const DeploymentRecord& record) = 0;
  // Sets the outcome, reason and finished_at of record `id`. kNotFound if absent.
  virtual Status Finish(int64_t id, DeploymentOutcome outcome, const std::string& reason, SystemTime finished_at) = 0;
  // The newest record for (service_arn, deployment_id), if any: how `berth
  // wait` finds the record of a --no-wait deploy.
  virtual Result<std::optional<DeploymentRecord>> FindByDeployment(const std::string& service_arn,
                                                                   const std::string& deployment_id) = 0;
  // Newest first, at most `limit`.
  virtual Result<std::vector<DeploymentRecord>> List(const std::string& service_arn, int limit) = 0;
  // The newest kSucceeded record whose task_definition is not
  // `exclude_task_definition` (pass the live one to find where to go back to).
  virtual Result<std::optional<DeploymentRecord>> LastSucceeded(const std::string& service_arn,
                                                                const std::string& exclude_task_definition) = 0;
};

class SqliteHistory final : public DeploymentHistory {
 public:
  // Creates the file and its parent directories (0700) when missing.
  // kConfig with the path and what to do when it cannot be opened or is not a
  // berth history (e.g. a newer schema version than this berth knows).
  static Result<std::unique_ptr<SqliteHistory>> Open(const std::string& path);
  ~SqliteHistory() override;

  Result<int64_t> Record(const DeploymentRecord& record) override;
  Status Finish(int64_t id, DeploymentOutcome outcome, const std::string& reason, SystemTime finished_at) override;
  Result<std::optional<DeploymentRecord>> FindByDeployment(const std::string& service_arn,
                                                           const std::string& deployment_id) override;
  Result<std::vector<DeploymentRecord>> List(const std::string& service_arn, int limit) override;
  Result<std::optional<DeploymentRecord>> LastSucceeded(const std::string& service_arn,
                                                        const std::string& exclude_task_definition) override;

 private:
  struct Impl;
  explicit SqliteHistory(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Where the history lives unless --history FILE says otherwise:
// $BERTH_HISTORY_FILE, else $XDG_STATE_HOME/berth/history.db, else
// $HOME/.local/state/berth/history.db. kConfig when none can be formed.
Result<std::string> DefaultHistoryPath(const Environment& env);

}  // namespace berth::store
