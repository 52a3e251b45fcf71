// The records berth keeps in its state database (store/state.h).
//
// A record carries a `version` that the store increments on every update:
// repositories update with compare-and-set on it, so two berth processes (or,
// later, two server replicas) advancing the same record cannot both win.
//
// Thread-safety: value types and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace berth::store {

// What berth recorded about a deployment it started or followed.
enum class DeploymentOutcome {
  kInProgress,   // "IN_PROGRESS": started and being followed (or started with --no-wait)
  kSucceeded,    // "SUCCEEDED": reached COMPLETED as PRIMARY with its task definition
  kFailed,       // "FAILED": FAILED rollout or circuit-breaker rollback
  kTimedOut,     // "TIMED_OUT": berth stopped following at its deadline; ECS may go on
  kInterrupted,  // "INTERRUPTED": berth was stopped (Ctrl-C, SIGTERM) while following; ECS goes on
  // "SUPERSEDED": another deployment (someone else's, or a forced berth
  // rollback) became PRIMARY before this one had failed or succeeded.
  kSuperseded,
};
std::string_view OutcomeName(DeploymentOutcome o);
std::optional<DeploymentOutcome> ParseOutcome(std::string_view name);
// Whether berth has decided the deployment: neither in progress nor interrupted.
bool IsFinal(DeploymentOutcome o);

struct DeploymentRecord {
  int64_t id = 0;       // assigned by Insert
  int64_t version = 0;  // 1 after Insert, +1 on every Update
  std::string region;
  std::string cluster_arn;
  std::string service_arn;  // the key: a service is identified by its ARN
  std::string service_name;
  std::string kind;                      // "deploy" or "rollback"
  std::string deployment_id;             // "ecs-svc/..." from UpdateService; "" when it returned none
  std::string previous_task_definition;  // ARN that was PRIMARY before
  std::string task_definition;           // ARN berth deployed
  DeploymentOutcome outcome = DeploymentOutcome::kInProgress;
  // Why it failed, timed out or was interrupted, or the COMPLETED reason; on
  // an IN_PROGRESS record, why berth could not follow it (an endpoint that
  // returned no deployment), else "".
  std::string reason;
  SystemTime started_at{};
  std::optional<SystemTime> finished_at;
};

}  // namespace berth::store
