#include "deploy/watch/verdict.h"

#include <algorithm>

#include <fmt/format.h>

namespace berth::deploy {
namespace {

const aws::EcsDeployment* FindDeployment(const aws::EcsService& service, const std::string& id) {
  for (const auto& d : service.deployments) {
    if (d.id == id) return &d;
  }
  return nullptr;
}

// ECS's own account of why a deployment failed, from its service event
// "(service S) (deployment ID) deployment failed: <reason>", or "".
std::string FailureFromEvents(const aws::EcsService& service, const std::string& deployment_id) {
  const std::string marker = "(deployment " + deployment_id + ") deployment failed";
  for (const auto& e : service.events) {  // newest first
    size_t at = e.message.find(marker);
    if (at == std::string::npos) continue;
    std::string rest = e.message.substr(at + marker.size());  // ": tasks failed to start."
    if (!rest.empty() && rest.back() == '.') rest.pop_back();
    return "ECS deployment failed" + rest;
  }
  return "";
}

// "ECS's circuit breaker rolled back: " when the events say it did.
std::string RolledBack(const aws::EcsService& service) {
  for (const auto& e : service.events) {
    if (e.message.find("rolling back to deployment") != std::string::npos) {
      return "the deployment circuit breaker rolled back: ";
    }
  }
  return "";
}

bool BreakerEnabled(const aws::EcsService& service) {
  const Json& cfg = service.deployment_configuration;
  if (!cfg.is_object()) return false;
  auto breaker = cfg.find("deploymentCircuitBreaker");
  if (breaker == cfg.end() || !breaker->is_object()) return false;
  auto enable = breaker->find("enable");
  return enable != breaker->end() && enable->is_boolean() && enable->get<bool>();
}

}  // namespace

int64_t CrashLoopThreshold(int64_t desired_count) {
  // ECS's circuit-breaker threshold: half the desired count, rounded up, at
  // least 3 and at most 200.
  return std::clamp<int64_t>((desired_count + 1) / 2, 3, 200);
}

std::string ShortTaskDefinition(const std::string& arn) {
  size_t slash = arn.rfind('/');
  return slash == std::string::npos ? arn : arn.substr(slash + 1);
}

std::optional<Judgement> Judge(const aws::EcsService& service, const std::string& deployment_id,
                               const std::string& expected_task_definition) {
  if (!service.status.empty() && service.status != "ACTIVE") {
    return Judgement{Verdict::kFailed,
                     fmt::format("service {} is {} (deleted while the deployment ran)", service.name, service.status)};
  }
  const aws::EcsDeployment* ours = FindDeployment(service, deployment_id);
  const aws::EcsDeployment* primary = service.PrimaryDeployment();
  std::string takeover;
  if (primary != nullptr && primary->id != deployment_id) {
    takeover =
        fmt::format("deployment {} ({}) is PRIMARY now", primary->id, ShortTaskDefinition(primary->task_definition));
  }
  if (ours != nullptr && ours->rollout_state == "FAILED") {
    std::string reason =
        ours->rollout_state_reason.empty() ? FailureFromEvents(service, deployment_id) : ours->rollout_state_reason;
    if (reason.empty()) reason = "the rollout FAILED";
    if (!takeover.empty()) reason += "; " + RolledBack(service) + takeover;
    return Judgement{Verdict::kFailed, reason, !takeover.empty()};
  }
  if (ours == nullptr) {
    // ECS drops a failed deployment once its tasks are gone; its events remain.
    std::string why = FailureFromEvents(service, deployment_id);
    return Judgement{Verdict::kFailed,
                     fmt::format("{}{}", why.empty() ? "the deployment is no longer on the service" : why,
                                 takeover.empty() ? "" : "; " + RolledBack(service) + takeover),
                     !takeover.empty()};
  }
  if (!takeover.empty()) {
    return Judgement{Verdict::kFailed, "another deployment replaced it: " + takeover, true, true};
  }
  if (!expected_task_definition.empty() && ours->task_definition != expected_task_definition) {
    return Judgement{Verdict::kFailed,
                     fmt::format("the deployment runs {}, not {}", ShortTaskDefinition(ours->task_definition),
                                 ShortTaskDefinition(expected_task_definition))};
  }
  // Without a circuit breaker ECS starts tasks of a revision that never runs
  // for as long as the deployment lasts: call it failed once as many have
  // failed as the breaker would have allowed, with none running.
  if (!BreakerEnabled(service) && ours->rollout_state != "COMPLETED" && ours->running_count == 0 &&
      ours->failed_tasks >= CrashLoopThreshold(ours->desired_count)) {
    return Judgement{Verdict::kFailed,
                     fmt::format("crash loop: {} tasks of {} failed to start and none is running; the service has "
                                 "no deployment circuit breaker, so ECS would go on starting them",
                                 ours->failed_tasks, ShortTaskDefinition(ours->task_definition))};
  }
  bool alone = service.deployments.size() == 1;
  if (ours->rollout_state == "COMPLETED" && alone) {
    return Judgement{Verdict::kCompleted,
                     ours->rollout_state_reason.empty() ? "ECS deployment completed." : ours->rollout_state_reason};
  }
  // Services behind a Classic Load Balancer report no rolloutState: steady
  // state (one deployment, every task running) is the best evidence there is.
  if (ours->rollout_state.empty() && alone && ours->running_count == ours->desired_count && ours->pending_count == 0) {
    return Judgement{Verdict::kCompleted, "the service reached a steady state on this deployment"};
  }
  return std::nullopt;
}

}  // namespace berth::deploy
