// `berth deploy`: ship new images (or a task definition file) to an existing
// ECS service, follow the deployment berth started, and tell the truth about
// it. The steps live in deploy/ (plan, apply, follow); this file is the flags,
// the history and the report.
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/deploy_flags.h"
#include "cli/service_session.h"
#include "deploy/rolling/service_update.h"

namespace berth::cli {
namespace {

using deploy::ShortTaskDefinition;

struct DeployOptions {
  DeployFlags what;  // what to deploy, shared with diff
  WaitFlags wait;    // --timeout, --poll-interval
  bool no_wait = false;
  bool dry_run = false;
  bool rollback_on_failure = false;
  std::string history;  // --history FILE; "" = the default path
};

// The deploy command's flags: the shared groups plus its own.
void AddDeployFlags(ArgParser& parser, DeployOptions* o) {
  AddDeployFlags(parser, &o->what);
  AddWaitFlags(parser, &o->wait);
  parser.AddBool({"--no-wait", "", "return after UpdateService with the deployment id"}, &o->no_wait);
  parser.AddBool({"--dry-run", "", "print the plan (a semantic diff) and change nothing"}, &o->dry_run);
  parser.AddBool({"--rollback-on-failure", "", "on failure or timeout, go back to the revision live before"},
                 &o->rollback_on_failure);
  AddHistoryFlag(parser, &o->history);
}

Json PlanJson(const deploy::DeployPlan& plan) {
  return Json{{"cluster", plan.service.cluster_arn},
              {"service", plan.service.name},
              {"liveTaskDefinition", plan.live_task_definition},
              {"baseTaskDefinition", plan.base.arn},
              {"registersTaskDefinition", !plan.register_input.is_null()},
              {"changes", deploy::ChangesToJson(plan.changes)}};
}

void ReportPlan(CommandContext& ctx, const deploy::DeployPlan& plan) {
  ctx.reporter.Info(PlanText(
      ctx,
      fmt::format("plan for service {} (live: {})", plan.service.name, ShortTaskDefinition(plan.live_task_definition)),
      plan.changes));
}

// After a failed or timed-out deployment: back to the task definition that
// was PRIMARY before, and wait for that too. ECS's circuit breaker may already
// be doing exactly that; then berth follows ECS's rollback instead of starting
// another.
Result<Json> RollBack(CommandContext& ctx, ServiceSession& session, const deploy::DeployPlan& plan,
                      const deploy::Applied& applied, const deploy::FollowResult& failed,
                      deploy::FollowOptions options) {
  const std::string& previous = applied.previous_task_definition;
  std::string deployment_id;
  if (failed.replaced && failed.primary_task_definition == previous) {
    deployment_id = failed.primary_deployment_id;
    ctx.reporter.Info(fmt::format("ECS is already rolling back to {} (deployment {}); following it",
                                  ShortTaskDefinition(previous), deployment_id));
  } else {
    ctx.reporter.Info(fmt::format("rolling back service {} to {}", plan.service.name, ShortTaskDefinition(previous)));
    BERTH_ASSIGN_OR_RETURN(
        auto back, deploy::UpdateServiceTaskDefinition(*session.ecs, plan.update.cluster, plan.service, previous));
    deployment_id = back.deployment_id;
  }
  auto record_id = RecordStart(
      ctx, session, NewRecord(session, plan.service, "rollback", deployment_id, applied.task_definition, previous));
  options.deployment_id = deployment_id;
  options.task_definition = previous;
  BERTH_ASSIGN_OR_RETURN(auto result, FollowAndRecord(ctx, session, options, record_id));
  return FollowResultJson(result);
}

}  // namespace

int CmdDeploy(CommandContext& ctx, const std::vector<std::string>& args) {
  DeployOptions o;
  ArgParser parser(ctx.usage);
  AddDeployFlags(parser, &o);
  std::vector<std::string> positionals;
  if (Status s = parser.Parse(args, &positionals); !s.ok()) return Finish(ctx, s);
  const DeployFlags& flags = o.what;
  const WaitFlags& wait = o.wait;
  const bool no_wait = o.no_wait, dry_run = o.dry_run, rollback_on_failure = o.rollback_on_failure;
  const std::string& history = o.history;
  if (!positionals.empty()) return Finish(ctx, parser.UsageError("unexpected argument '" + positionals[0] + "'"));
  if (no_wait && rollback_on_failure) {
    return Finish(ctx, parser.UsageError("--rollback-on-failure needs berth to wait: drop --no-wait"));
  }
  auto request = MakeDeployRequest(flags, ctx.reporter);
  if (!request.ok()) return Finish(ctx, request.status());
  auto options = MakeFollowOptions(wait, flags.cluster, flags.service);
  if (!options.ok()) return Finish(ctx, options.status());

  auto session = OpenServiceSession(ctx, history, !dry_run);
  if (!session.ok()) return Finish(ctx, session.status());
  auto plan = deploy::PlanDeploy(*session->ecs, *request);
  if (!plan.ok()) return Finish(ctx, plan.status());
  ReportPlan(ctx, *plan);
  Json out = PlanJson(*plan);
  if (dry_run) {
    ctx.reporter.Result(out, plan->HasChanges() ? "dry run: nothing was changed" : "dry run: nothing to deploy");
    return 0;
  }
  if (!plan->HasChanges()) {
    out["outcome"] = "UNCHANGED";
    ctx.reporter.Result(out, fmt::format("nothing to deploy: service {} already runs {} with these settings "
                                         "(--force-new-deployment replaces its tasks anyway)",
                                         plan->service.name, ShortTaskDefinition(plan->live_task_definition)));
    return 0;
  }

  auto applied = deploy::ApplyPlan(*session->ecs, *plan);
  if (!applied.ok()) return Finish(ctx, applied.status());
  if (applied->registered) ctx.reporter.Info("registered " + ShortTaskDefinition(applied->task_definition));
  ctx.reporter.Info(fmt::format("updated service {}: deployment {} of {}", plan->service.name, applied->deployment_id,
                                ShortTaskDefinition(applied->task_definition)));
  auto record_id = RecordStart(ctx, *session,
                               NewRecord(*session, applied->service, "deploy", applied->deployment_id,
                                         applied->previous_task_definition, applied->task_definition));
  out["deploymentId"] = applied->deployment_id;
  out["taskDefinition"] = applied->task_definition;
  out["previousTaskDefinition"] = applied->previous_task_definition;
  if (no_wait) {
    out["outcome"] = "STARTED";
    ctx.reporter.Result(out, fmt::format("deployment {} started; follow it with: berth wait --cluster {} "
                                         "--service {} --deployment {}",
                                         applied->deployment_id, flags.cluster.empty() ? "default" : flags.cluster,
                                         plan->service.name, applied->deployment_id));
    return 0;
  }

  options->deployment_id = applied->deployment_id;
  options->task_definition = applied->task_definition;
  auto followed = FollowAndRecord(ctx, *session, *options, record_id);
  if (!followed.ok()) return Finish(ctx, followed.status());
  out["outcome"] = std::string(deploy::VerdictName(followed->verdict));
  out["follow"] = FollowResultJson(*followed);
  Status verdict = VerdictStatus(*followed);
  std::string summary = LiveNow(plan->service.name, *followed);
  if (!verdict.ok() && rollback_on_failure) {
    ctx.reporter.Warn(verdict.message().substr(0, verdict.message().find('\n')));
    auto rolled = RollBack(ctx, *session, *plan, *applied, *followed, *options);
    if (!rolled.ok()) {
      ctx.reporter.Warn("the rollback could not be completed: " + rolled.status().message());
      out["rollback"] = {{"outcome", "ERROR"}, {"reason", rolled.status().message()}};
    } else {
      out["rollback"] = *rolled;
      summary +=
          (*rolled)["outcome"] == "COMPLETED"
              ? fmt::format("; the rollback to {} COMPLETED", ShortTaskDefinition(applied->previous_task_definition))
              : fmt::format("; the rollback to {} did NOT complete: {}",
                            ShortTaskDefinition(applied->previous_task_definition),
                            (*rolled)["reason"].get<std::string>());
    }
  }
  ctx.reporter.Result(out, summary);
  return Finish(ctx, verdict);
}

ArgSpecs DeployArgSpecs() {
  return DescribeArgs<DeployOptions>(&AddDeployFlags);
}

}  // namespace berth::cli
