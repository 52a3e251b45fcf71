// `berth status`: one service at a glance: its deployments with their
// rollout state and counts, its tasks by state and task definition, recent
// service events, and what berth itself deployed there.
#include <nlohmann/json.hpp>

#include <limits>
#include <map>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/deploy_flags.h"
#include "cli/service_session.h"
#include "core/timestamp.h"
#include "deploy/lookup.h"
#include "deploy/watch/stopped_tasks.h"
#include "deploy/watch/verdict.h"

namespace berth::cli {
namespace {

using deploy::ShortTaskDefinition;

struct StatusOptions {
  std::string cluster;
  std::string service;
  std::string events = "10";  // --events N: how many service events to show
  StateFlags state;           // --state FILE (--history FILE)
};

void AddStatusFlags(ArgParser& parser, StatusOptions* o) {
  AddServiceFlags(parser, &o->cluster, &o->service);
  parser.AddString({"--events", "N", "how many of the newest service events to show (default 10)"}, &o->events);
  AddStateFlags(parser, &o->state);
}

std::string IsoTime(const std::optional<SystemTime>& t) {
  return t ? FormatIso8601(*t) : "-";
}

}  // namespace

int CmdStatus(CommandContext& ctx, const std::vector<std::string>& args) {
  StatusOptions o;
  ArgParser parser(ctx.usage);
  AddStatusFlags(parser, &o);
  std::vector<std::string> positionals;
  if (Status s = parser.Parse(args, &positionals); !s.ok()) return Finish(ctx, s);
  if (!positionals.empty()) return Finish(ctx, parser.UsageError("unexpected argument '" + positionals[0] + "'"));
  const std::string &cluster = o.cluster, &service = o.service;
  auto max_events = ParseIntFlag("--events", o.events);
  if (!max_events.ok()) return Finish(ctx, max_events.status());
  if (max_events->value_or(0) < 0) {
    return Finish(ctx, parser.UsageError("--events " + o.events + ": give how many events to show, 0 or more"));
  }
  auto state_path = StateFlagPath(o.state);
  if (!state_path.ok()) return Finish(ctx, state_path.status());
  auto stack = OpenAwsStack(ctx);
  if (!stack.ok()) return Finish(ctx, stack.status());
  aws::HttpEcsApi ecs(*(*stack)->client);
  auto svc = deploy::DescribeOneService(ecs, cluster, service);
  if (!svc.ok()) return Finish(ctx, svc.status());
  // Running tasks, and those stopped within about the last hour.
  auto tasks = deploy::ListServiceTasks(ecs, svc->cluster_arn, svc->name, {"RUNNING", "STOPPED"},
                                        std::numeric_limits<size_t>::max());
  if (!tasks.ok()) return Finish(ctx, tasks.status().WithContext("listing the service's tasks"));

  // The images the service runs now, from its task definition.
  Json images = Json::object();
  std::string image_text;
  if (auto td = ecs.DescribeTaskDefinition(svc->task_definition); td.ok()) {
    for (const auto& [container, image] : td->ContainerImages()) {
      images[container] = image;
      image_text += fmt::format("{}{}={}", image_text.empty() ? "" : ", ", container, image);
    }
  }
  std::string controller = svc->deployment_controller.empty() ? "ECS" : svc->deployment_controller;
  std::string text = fmt::format(
      "service {} in {}: {}, {} desired, {} running, {} pending; controller {}; "
      "task definition {} ({})\n",
      svc->name, svc->cluster_arn, svc->status, svc->desired_count, svc->running_count, svc->pending_count, controller,
      ShortTaskDefinition(svc->task_definition), image_text);
  Json deployments = Json::array();
  if (!svc->deployments.empty()) text += "deployments:\n";
  for (const auto& d : svc->deployments) {
    text += fmt::format("  {:<8} {} {} {} desired {} running {} pending {} failed {}{}\n", d.status, d.id,
                        ShortTaskDefinition(d.task_definition), d.rollout_state.empty() ? "-" : d.rollout_state,
                        d.desired_count, d.running_count, d.pending_count, d.failed_tasks,
                        d.rollout_state_reason.empty() ? "" : " (" + d.rollout_state_reason + ")");
    deployments.push_back({{"id", d.id},
                           {"status", d.status},
                           {"taskDefinition", d.task_definition},
                           {"rolloutState", d.rollout_state},
                           {"rolloutStateReason", d.rollout_state_reason},
                           {"desiredCount", d.desired_count},
                           {"runningCount", d.running_count},
                           {"pendingCount", d.pending_count},
                           {"failedTasks", d.failed_tasks},
                           {"createdAt", IsoTime(d.created_at)}});
  }
  for (const auto& ts : svc->task_sets) {
    text += fmt::format("  task set {} {} {} scale {}% running {} {}\n", ts.status, ts.id,
                        ShortTaskDefinition(ts.task_definition), ts.scale_value, ts.running_count, ts.stability_status);
  }
  // Tasks by state, then by task definition within each state.
  std::map<std::string, std::map<std::string, int>> by_state;
  for (const auto& t : *tasks) by_state[t.last_status][ShortTaskDefinition(t.task_definition_arn)]++;
  Json task_counts = Json::object();
  text += "tasks:";
  if (by_state.empty()) text += " none";
  for (const auto& [state, by_td] : by_state) {
    int total = 0;
    std::string parts;
    for (const auto& [td, n] : by_td) {
      total += n;
      parts += (parts.empty() ? "" : ", ") + fmt::format("{} {}", n, td);
      task_counts[state][td] = n;
    }
    text += fmt::format("\n  {:<12} {} ({})", state, total, parts);
  }
  text += "\n";
  std::vector<std::string> stop_reasons;
  for (const auto& t : *tasks) {
    if (t.last_status == "STOPPED" && !t.stopped_reason.empty() && stop_reasons.size() < 3) {
      stop_reasons.push_back(fmt::format("{}: {}", ShortTaskDefinition(t.task_definition_arn), t.stopped_reason));
    }
  }
  for (const auto& r : stop_reasons) text += "  stopped " + r + "\n";

  Json events = Json::array();
  int limit = max_events->value_or(10);
  if (!svc->events.empty() && limit > 0) text += "recent events:\n";
  for (const auto& e : svc->events) {
    if (static_cast<int>(events.size()) >= limit) break;
    events.push_back({{"createdAt", IsoTime(e.created_at)}, {"message", e.message}});
    text += fmt::format("  {} {}\n", IsoTime(e.created_at), e.message);
  }

  Json berth_history = Json::array();
  auto path = state_path->empty() ? store::DefaultStatePath(ctx.env) : Result<std::string>(*state_path);
  if (path.ok()) {
    auto opened = store::OpenStateStore(*path);
    auto records = opened.ok() ? (*opened)->deployments().List(svc->arn, 5)
                               : Result<std::vector<store::DeploymentRecord>>(opened.status());
    if (records.ok() && !records->empty()) {
      text += "berth deployments:\n";
      for (const auto& r : *records) {
        // No id: the endpoint returned no deployment of it (the record's reason says so).
        text += fmt::format("  {} {:<8} {} {} -> {} {}\n", IsoTime(r.started_at), r.kind,
                            r.deployment_id.empty() ? "-" : r.deployment_id,
                            ShortTaskDefinition(r.previous_task_definition), ShortTaskDefinition(r.task_definition),
                            store::OutcomeName(r.outcome));
        berth_history.push_back({{"startedAt", IsoTime(r.started_at)},
                                 {"kind", r.kind},
                                 {"deploymentId", r.deployment_id},
                                 {"from", r.previous_task_definition},
                                 {"to", r.task_definition},
                                 {"outcome", std::string(store::OutcomeName(r.outcome))},
                                 {"reason", r.reason}});
      }
    } else if (!records.ok()) {
      ctx.reporter.Warn("berth's state database is unreadable: " + records.status().message());
    }
  }
  Json out{{"service", svc->name},
           {"cluster", svc->cluster_arn},
           {"status", svc->status},
           {"deploymentController", controller},
           {"taskDefinition", svc->task_definition},
           {"images", images},
           {"desiredCount", svc->desired_count},
           {"runningCount", svc->running_count},
           {"pendingCount", svc->pending_count},
           {"deployments", deployments},
           {"tasks", task_counts},
           {"events", events},
           {"berthDeployments", berth_history}};
  if (!text.empty() && text.back() == '\n') text.pop_back();
  ctx.reporter.Result(out, text);
  return 0;
}

ArgSpecs StatusArgSpecs() {
  return DescribeArgs(&AddStatusFlags);
}

}  // namespace berth::cli
