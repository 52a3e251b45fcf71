// RollingStrategy: services on ECS's own deployment controller with the
// ROLLING strategy, the kind `berth deploy` has always driven. One
// UpdateService starts a deployment; it is followed on service.deployments[]
// (watch/verdict.h); a failure is rolled back by following ECS's
// circuit-breaker rollback when it is under way, or by pointing the service
// back at the previous revision.
//
// Thread-safety: used by one thread at a time.
#pragma once

#include "deploy/strategy.h"

namespace berth::deploy {

class RollingStrategy final : public Strategy {
 public:
  RollingStrategy(aws::EcsApi& ecs, EventSink& events) : ecs_(ecs), events_(events) {}

  std::string_view name() const override { return "rolling"; }
  Result<DeployPlan> Plan(const aws::EcsService& service, const DeployRequest& request) override;
  Result<Started> Apply(const DeployPlan& plan) override;
  Result<Started> Revert(const aws::EcsService& service, const std::string& task_definition) override;
  WatchTarget Follow(const Started& started, Duration timeout) override;
  Result<Started> RollBack(const Started& failed, const FollowResult& result) override;

 private:
  aws::EcsApi& ecs_;
  EventSink& events_;
};

}  // namespace berth::deploy
