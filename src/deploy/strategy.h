// Strategy: how one kind of ECS service is deployed. The engine
// (deploy/engine.h) runs every deployment through this interface; which
// implementation drives a service is decided once, by ChooseStrategy, from its
// deployment controller and configuration:
//
//   controller ECS, strategy ROLLING (or unset)  rolling/ (UpdateService, followed on deployments[])
//   controller ECS, BLUE_GREEN / LINEAR / CANARY  not yet driven by berth (refused here)
//   controller EXTERNAL                          not yet driven by berth (refused here)
//   controller CODE_DEPLOY                       never: only CodeDeploy deploys it (refused here)
//
// Everything berth cannot drive is refused in ChooseStrategy, with what
// drives it instead, so no command half-applies a change to such a service.
//
// Thread-safety: a Strategy is used by one thread at a time.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "aws/ecs/api.h"
#include "core/result.h"
#include "deploy/events.h"
#include "deploy/request.h"
#include "deploy/rolling/service_update.h"
#include "deploy/watch/watcher.h"

namespace berth::deploy {

// A deployment a strategy started (or, when rolling back, found already under way).
struct Started {
  std::string kind;                      // "deploy" or "rollback"
  std::string deployment_id;             // "" when the endpoint returned none (cannot_follow)
  std::string task_definition;           // ARN the deployment runs
  std::string previous_task_definition;  // ARN that was PRIMARY before
  bool registered = false;               // a new revision was registered for it
  bool following_ecs = false;            // ECS started it (circuit-breaker rollback); berth only follows
  aws::EcsService service;               // the service as the last write (or read) returned it
  // Why it cannot be followed ("" when it can): the write was made but the
  // endpoint returned no deployment of it (Applied::cannot_follow).
  std::string cannot_follow;
};

class Strategy {
 public:
  virtual ~Strategy() = default;
  // "rolling", for messages and records.
  virtual std::string_view name() const = 0;

  // Works out what a deployment would change. Reads only: every input
  // problem is found here, before anything is written.
  virtual Result<DeployPlan> Plan(const aws::EcsService& service, const DeployRequest& request) = 0;
  // Makes the plan's writes. Requires plan.HasChanges().
  virtual Result<Started> Apply(const DeployPlan& plan) = 0;
  // Points the service at `task_definition` (berth rollback).
  virtual Result<Started> Revert(const aws::EcsService& service, const std::string& task_definition) = 0;
  // What the watcher follows for `started`.
  virtual WatchTarget Follow(const Started& started, Duration timeout) = 0;
  // After `failed` ended with `result`: back to the revision that was live
  // before, by following ECS's own rollback when it is already doing exactly
  // that, or by starting one.
  virtual Result<Started> RollBack(const Started& failed, const FollowResult& result) = 0;
};

// The strategy that drives `service`, or kFailedPrecondition saying why berth
// cannot and what does. `ecs` and `events` must outlive the strategy.
Result<std::unique_ptr<Strategy>> ChooseStrategy(const aws::EcsService& service, aws::EcsApi& ecs, EventSink& events);

}  // namespace berth::deploy
