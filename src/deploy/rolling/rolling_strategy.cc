#include "deploy/rolling/rolling_strategy.h"

#include <fmt/format.h>

namespace berth::deploy {
namespace {

Started FromApplied(std::string kind, Applied applied) {
  Started s;
  s.kind = std::move(kind);
  s.deployment_id = std::move(applied.deployment_id);
  s.task_definition = std::move(applied.task_definition);
  s.previous_task_definition = std::move(applied.previous_task_definition);
  s.registered = applied.registered;
  s.service = std::move(applied.service);
  s.cannot_follow = std::move(applied.cannot_follow);
  return s;
}

}  // namespace

Result<DeployPlan> RollingStrategy::Plan(const aws::EcsService& service, const DeployRequest& request) {
  return PlanDeploy(ecs_, service, request);
}

Result<Started> RollingStrategy::Apply(const DeployPlan& plan) {
  BERTH_ASSIGN_OR_RETURN(Applied applied, ApplyPlan(ecs_, plan));
  if (applied.registered) events_.OnEvent(TaskDefinitionRegistered{plan.service.name, applied.task_definition});
  Started started = FromApplied("deploy", std::move(applied));
  events_.OnEvent(DeploymentStarted{plan.service.name, started.kind, started.deployment_id, started.task_definition,
                                    started.previous_task_definition});
  return started;
}

Result<Started> RollingStrategy::Revert(const aws::EcsService& service, const std::string& task_definition) {
  BERTH_ASSIGN_OR_RETURN(Applied applied,
                         UpdateServiceTaskDefinition(ecs_, service.cluster_arn, service, task_definition));
  Started started = FromApplied("rollback", std::move(applied));
  events_.OnEvent(DeploymentStarted{service.name, started.kind, started.deployment_id, started.task_definition,
                                    started.previous_task_definition});
  return started;
}

WatchTarget RollingStrategy::Follow(const Started& started, Duration timeout) {
  WatchTarget target;
  target.cluster = started.service.cluster_arn;
  target.service = started.service.name;
  target.deployment_id = started.deployment_id;
  target.task_definition = started.task_definition;
  target.timeout = timeout;
  return target;
}

Result<Started> RollingStrategy::RollBack(const Started& failed, const FollowResult& result) {
  const std::string& previous = failed.previous_task_definition;
  const std::string& service = failed.service.name;
  if (result.replaced && result.primary_task_definition == previous) {
    // ECS's circuit breaker is already doing exactly this: follow it rather
    // than start a second deployment of the same revision.
    Started s;
    s.kind = "rollback";
    s.deployment_id = result.primary_deployment_id;
    s.task_definition = previous;
    s.previous_task_definition = failed.task_definition;
    s.following_ecs = true;
    s.service = failed.service;
    events_.OnEvent(RollbackStarted{service, failed.task_definition, previous, true, s.deployment_id,
                                    "ECS is already rolling back"});
    return s;
  }
  events_.OnEvent(
      RollbackStarted{service, failed.task_definition, previous, false, "", "the deployment did not succeed"});
  // Read again: the failed deployment changed the service since it was applied.
  return Revert(failed.service, previous);
}

}  // namespace berth::deploy
