#include "cli/render_events.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "cli/service_session.h"
#include "core/duration.h"
#include "deploy/watch/verdict.h"

namespace berth::cli {
namespace {

using deploy::ShortTaskDefinition;

template <typename... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <typename... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

}  // namespace

std::string EventText(const CommandContext& ctx, const deploy::Event& event, bool show_plan) {
  return std::visit(
      Overloaded{
          [&](const deploy::PlanReady& e) {
            if (!show_plan) return std::string();
            return PlanText(
                ctx,
                fmt::format("plan for service {} (live: {})", e.service, ShortTaskDefinition(e.live_task_definition)),
                e.changes);
          },
          [](const deploy::TaskDefinitionRegistered& e) {
            return "registered " + ShortTaskDefinition(e.task_definition);
          },
          [](const deploy::DeploymentStarted& e) {
            // A rollback's start was announced by RollbackStarted.
            if (e.kind != "deploy") return std::string();
            if (e.deployment_id.empty()) {  // the endpoint returned none: the result line says why
              return fmt::format("updated service {} to {}: no deployment of it came back", e.service,
                                 ShortTaskDefinition(e.task_definition));
            }
            return fmt::format("updated service {}: deployment {} of {}", e.service, e.deployment_id,
                               ShortTaskDefinition(e.task_definition));
          },
          [](const deploy::FollowStarted& e) {
            return fmt::format("following deployment {} of service {} (timeout {})", e.deployment_id, e.service,
                               FormatDuration(e.timeout));
          },
          [](const deploy::CountsChanged& e) {
            return fmt::format("{} {}: {} desired, {} running, {} pending, {} failed{} ({} elapsed)", e.service,
                               e.deployment_id, e.desired, e.running, e.pending, e.failed,
                               e.rollout_state.empty() ? "" : ", " + e.rollout_state, FormatDuration(e.elapsed));
          },
          [](const deploy::EcsEventSeen& e) { return "event: " + e.message; },
          [](const deploy::VerdictReached& e) {
            // Failures are the command's error; only success is a line of its own.
            if (e.verdict != deploy::Verdict::kCompleted) return std::string();
            return fmt::format("deployment {} COMPLETED: {} is live on service {}", e.deployment_id,
                               ShortTaskDefinition(e.task_definition), e.service);
          },
          [](const deploy::RollbackStarted& e) {
            if (e.following_ecs) {
              return fmt::format("ECS is already rolling back to {} (deployment {}); following it",
                                 ShortTaskDefinition(e.to), e.deployment_id);
            }
            return fmt::format("rolling service {} back from {} to {}: {}", e.service, ShortTaskDefinition(e.from),
                               ShortTaskDefinition(e.to), e.why);
          },
          [](const deploy::Notice& e) { return e.text; },
      },
      event);
}

void ReporterSink::OnEvent(const deploy::Event& event) {
  Reporter::Line kind = Reporter::Line::kInfo;
  if (std::holds_alternative<deploy::CountsChanged>(event)) kind = Reporter::Line::kProgress;
  if (const auto* n = std::get_if<deploy::Notice>(&event); n && n->level == deploy::Notice::Level::kWarning) {
    kind = Reporter::Line::kWarning;
  }
  ctx_.reporter.Event(kind, EventText(ctx_, event, show_plan_), deploy::EventToJson(event));
}

}  // namespace berth::cli
