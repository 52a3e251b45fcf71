#include "deploy/watch/follower.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/duration.h"
#include "core/log.h"

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

bool Transient(StatusCode code) {
  return code == StatusCode::kNetwork || code == StatusCode::kBadResponse;
}

}  // namespace

std::string ShortTaskDefinition(const std::string& arn) {
  size_t slash = arn.rfind('/');
  return slash == std::string::npos ? arn : arn.substr(slash + 1);
}

std::string_view VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kCompleted: return "COMPLETED";
    case Verdict::kFailed: return "FAILED";
    case Verdict::kTimedOut: return "TIMED_OUT";
  }
  return "UNKNOWN";
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
    return Judgement{Verdict::kFailed, "another deployment replaced it: " + takeover, true};
  }
  if (!expected_task_definition.empty() && ours->task_definition != expected_task_definition) {
    return Judgement{Verdict::kFailed,
                     fmt::format("the deployment runs {}, not {}", ShortTaskDefinition(ours->task_definition),
                                 ShortTaskDefinition(expected_task_definition))};
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

Follower::Follower(aws::EcsApi& ecs, Clock& clock, Reporter& reporter, uint64_t seed)
    : ecs_(ecs), clock_(clock), reporter_(reporter), rng_(seed) {}

Duration Follower::Jittered(Duration d) {
  std::uniform_real_distribution<double> factor(0.8, 1.2);
  return Duration(static_cast<int64_t>(static_cast<double>(d.count()) * factor(rng_)));
}

Result<FollowResult> Follower::Follow(const FollowOptions& options) {
  if (options.deployment_id.empty()) return InvalidArgument("no deployment id to follow");
  FollowResult result;
  result.deployment_id = options.deployment_id;
  const auto start = clock_.Steady();
  const auto deadline = start + options.timeout;
  Duration interval = options.poll_interval;
  int transient_errors = 0;
  std::set<std::string> seen_events;
  std::optional<SystemTime> since;
  std::vector<std::string> events;  // oldest first
  std::string last_progress;

  while (true) {
    ++result.polls;
    auto described = ecs_.DescribeServices({options.cluster, {options.service}, false});
    if (!described.ok()) {
      const Status& s = described.status();
      if (s.code() == StatusCode::kThrottled) {
        ++result.throttled_polls;
        interval = std::min(interval * 2, options.max_poll_interval);
        BERTH_LOG_INFO("DescribeServices throttled; polling every {} for now", FormatDuration(interval));
      } else if (Transient(s.code()) && ++transient_errors <= options.max_transient_errors) {
        interval = std::min(interval * 2, options.max_poll_interval);
        reporter_.Warn(
            fmt::format("could not read the service ({}); trying again in {}", s.message(), FormatDuration(interval)));
      } else {
        return s.WithContext(fmt::format("following deployment {}", options.deployment_id));
      }
    } else if (described->items.empty()) {
      return NotFound(fmt::format("service {} is gone from cluster {} while deployment {} ran", options.service,
                                  options.cluster, options.deployment_id));
    } else {
      transient_errors = 0;
      interval = options.poll_interval;
      const aws::EcsService& service = described->items.front();
      const aws::EcsDeployment* ours = FindDeployment(service, options.deployment_id);
      if (ours != nullptr) result.deployment = *ours;
      if (!since) {
        // Events from before the deployment started are history, not news.
        since = ours != nullptr && ours->created_at ? *ours->created_at - std::chrono::seconds(1)
                                                    : clock_.Now() - std::chrono::seconds(1);
      }
      for (auto it = service.events.rbegin(); it != service.events.rend(); ++it) {
        if (!seen_events.insert(it->id).second) continue;
        if (it->created_at && *it->created_at < *since) continue;
        events.push_back(it->message);
        reporter_.Info("event: " + it->message);
      }
      const aws::EcsDeployment* primary = service.PrimaryDeployment();
      result.primary_deployment_id = primary != nullptr ? primary->id : "";
      result.primary_task_definition = primary != nullptr ? primary->task_definition : "";
      if (auto judged = Judge(service, options.deployment_id, options.task_definition)) {
        result.verdict = judged->verdict;
        result.reason = judged->reason;
        result.replaced = judged->replaced;
        break;
      }
      if (ours != nullptr) {
        std::string progress =
            fmt::format("{} {}: {} desired, {} running, {} pending, {} failed{} ({} elapsed)", options.service,
                        options.deployment_id, ours->desired_count, ours->running_count, ours->pending_count,
                        ours->failed_tasks, ours->rollout_state.empty() ? "" : ", " + ours->rollout_state,
                        FormatDuration(std::chrono::duration_cast<Duration>(clock_.Steady() - start)));
        reporter_.Progress(progress);
      }
    }
    auto now = clock_.Steady();
    if (now >= deadline) {
      result.verdict = Verdict::kTimedOut;
      result.reason =
          fmt::format("deployment {} did not finish within {}", options.deployment_id, FormatDuration(options.timeout));
      break;
    }
    Duration left = std::chrono::duration_cast<Duration>(deadline - now);
    clock_.SleepFor(std::min(Jittered(interval), left));
  }
  size_t keep = std::min<size_t>(events.size(), 20);
  result.events.assign(events.end() - static_cast<std::ptrdiff_t>(keep), events.end());
  return result;
}

}  // namespace berth::deploy
