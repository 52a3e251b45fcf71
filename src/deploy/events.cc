#include "deploy/events.h"

#include <nlohmann/json.hpp>

namespace berth::deploy {
namespace {

template <typename... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <typename... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

double Seconds(Duration d) {
  return static_cast<double>(d.count()) / 1000.0;
}

}  // namespace

std::string_view VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kCompleted: return "COMPLETED";
    case Verdict::kFailed: return "FAILED";
    case Verdict::kTimedOut: return "TIMED_OUT";
    case Verdict::kInterrupted: return "INTERRUPTED";
  }
  return "UNKNOWN";
}

std::string_view EventName(const Event& event) {
  return std::visit(Overloaded{
                        [](const PlanReady&) { return std::string_view("plan_ready"); },
                        [](const TaskDefinitionRegistered&) { return std::string_view("task_definition_registered"); },
                        [](const DeploymentStarted&) { return std::string_view("deployment_started"); },
                        [](const FollowStarted&) { return std::string_view("follow_started"); },
                        [](const CountsChanged&) { return std::string_view("counts_changed"); },
                        [](const EcsEventSeen&) { return std::string_view("ecs_event"); },
                        [](const VerdictReached&) { return std::string_view("verdict"); },
                        [](const RollbackStarted&) { return std::string_view("rollback_started"); },
                        [](const Notice&) { return std::string_view("notice"); },
                    },
                    event);
}

Json EventToJson(const Event& event) {
  Json j = std::visit(
      Overloaded{
          [](const PlanReady& e) {
            return Json{{"service", e.service},
                        {"liveTaskDefinition", e.live_task_definition},
                        {"changes", ChangesToJson(e.changes)},
                        {"forceNewDeployment", e.force_new_deployment}};
          },
          [](const TaskDefinitionRegistered& e) {
            return Json{{"service", e.service}, {"taskDefinition", e.task_definition}};
          },
          [](const DeploymentStarted& e) {
            return Json{{"service", e.service},
                        {"kind", e.kind},
                        {"deploymentId", e.deployment_id},
                        {"taskDefinition", e.task_definition},
                        {"previousTaskDefinition", e.previous_task_definition}};
          },
          [](const FollowStarted& e) {
            return Json{
                {"service", e.service}, {"deploymentId", e.deployment_id}, {"timeoutSeconds", Seconds(e.timeout)}};
          },
          [](const CountsChanged& e) {
            return Json{{"service", e.service},
                        {"deploymentId", e.deployment_id},
                        {"desiredCount", e.desired},
                        {"runningCount", e.running},
                        {"pendingCount", e.pending},
                        {"failedTasks", e.failed},
                        {"rolloutState", e.rollout_state},
                        {"elapsedSeconds", Seconds(e.elapsed)}};
          },
          [](const EcsEventSeen& e) {
            Json j{{"service", e.service}, {"message", e.message}};
            // Epoch seconds, as AWS's JSON protocols send times.
            if (e.created_at)
              j["createdAt"] = Seconds(std::chrono::duration_cast<Duration>(e.created_at->time_since_epoch()));
            return j;
          },
          [](const VerdictReached& e) {
            return Json{{"service", e.service},
                        {"deploymentId", e.deployment_id},
                        {"outcome", std::string(VerdictName(e.verdict))},
                        {"reason", e.reason},
                        {"taskDefinition", e.task_definition}};
          },
          [](const RollbackStarted& e) {
            return Json{{"service", e.service},
                        {"from", e.from},
                        {"to", e.to},
                        {"followingEcs", e.following_ecs},
                        {"deploymentId", e.deployment_id},
                        {"why", e.why}};
          },
          [](const Notice& e) {
            return Json{{"service", e.service},
                        {"level", e.level == Notice::Level::kWarning ? "warning" : "info"},
                        {"text", e.text}};
          },
      },
      event);
  Json out{{"event", std::string(EventName(event))}};
  for (auto& [k, v] : j.items()) out[k] = v;
  return out;
}

}  // namespace berth::deploy
