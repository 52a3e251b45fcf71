// `berth deploy`: ship new images (or a task definition file) to an existing
// ECS service, follow the deployment berth started, and tell the truth about
// it. The whole job is the deploy engine's (deploy/engine.h); this file is
// the flags, and the result as a line and a JSON document.
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/deploy_flags.h"
#include "cli/service_session.h"

namespace berth::cli {
namespace {

using deploy::ShortTaskDefinition;

struct DeployOptions {
  DeployFlags what;  // what to deploy, shared with diff
  WaitFlags wait;    // --timeout, --poll-interval
  StateFlags state;  // --state FILE (--history FILE)
  bool no_wait = false;
  bool dry_run = false;
  bool rollback_on_failure = false;
};

// The deploy command's flags: the shared groups plus its own.
void AddDeployFlags(ArgParser& parser, DeployOptions* o) {
  AddDeployFlags(parser, &o->what);
  AddWaitFlags(parser, &o->wait);
  parser.AddBool({"--no-wait", "", "return after UpdateService with the deployment id"}, &o->no_wait);
  parser.AddBool({"--dry-run", "", "print the plan (a semantic diff) and change nothing"}, &o->dry_run);
  parser.AddBool({"--rollback-on-failure", "", "on failure or timeout, go back to the revision live before"},
                 &o->rollback_on_failure);
  AddStateFlags(parser, &o->state);
}

Json PlanJson(const deploy::DeployPlan& plan) {
  return Json{{"cluster", plan.service.cluster_arn},
              {"service", plan.service.name},
              {"liveTaskDefinition", plan.live_task_definition},
              {"baseTaskDefinition", plan.base.arn},
              {"registersTaskDefinition", !plan.register_input.is_null()},
              {"changes", deploy::ChangesToJson(plan.changes)}};
}

// The rollback after a failure, as the result document and the summary say it.
void AddRollback(const deploy::DeployResult& r, Json& out, std::string& summary) {
  const std::string to = ShortTaskDefinition(r.deployment->started.previous_task_definition);
  if (r.rollback_error) {
    out["rollback"] = {{"outcome", "ERROR"}, {"reason", r.rollback_error->message()}};
    summary += fmt::format("; the rollback to {} could not be completed: {}", to, r.rollback_error->message());
    return;
  }
  if (!r.rollback || !r.rollback->result) return;
  const deploy::FollowResult& back = *r.rollback->result;
  out["rollback"] = FollowResultJson(back);
  summary += back.verdict == deploy::Verdict::kCompleted
                 ? fmt::format("; the rollback to {} COMPLETED", to)
                 : fmt::format("; the rollback to {} did NOT complete: {}", to, back.reason);
}

}  // namespace

int CmdDeploy(CommandContext& ctx, const std::vector<std::string>& args) {
  DeployOptions o;
  ArgParser parser(ctx.usage);
  AddDeployFlags(parser, &o);
  std::vector<std::string> positionals;
  if (Status s = parser.Parse(args, &positionals); !s.ok()) return Finish(ctx, s);
  if (!positionals.empty()) return Finish(ctx, parser.UsageError("unexpected argument '" + positionals[0] + "'"));
  const DeployFlags& flags = o.what;
  if (o.no_wait && o.rollback_on_failure) {
    return Finish(ctx, parser.UsageError("--rollback-on-failure needs berth to wait: drop --no-wait"));
  }
  auto request = MakeDeployRequest(flags, ctx.reporter);
  if (!request.ok()) return Finish(ctx, request.status());
  auto follow = MakeFollowOptions(o.wait);
  if (!follow.ok()) return Finish(ctx, follow.status());
  deploy::DeployOptions options;
  options.dry_run = o.dry_run;
  options.wait = !o.no_wait;
  options.rollback_on_failure = o.rollback_on_failure;
  options.follow = *follow;

  auto session = OpenServiceSession(ctx, o.state, !o.dry_run);
  if (!session.ok()) return Finish(ctx, session.status());
  auto result = session->engine->Deploy(*request, options);
  if (!result.ok()) return Finish(ctx, result.status());
  const deploy::DeployResult& r = *result;
  Json out = PlanJson(r.plan);
  const std::string& service = r.plan.service.name;
  switch (r.outcome) {
    case deploy::Outcome::kPlanned:
      ctx.reporter.Result(out, r.plan.HasChanges() ? "dry run: nothing was changed" : "dry run: nothing to deploy");
      return 0;
    case deploy::Outcome::kUnchanged:
      out["outcome"] = "UNCHANGED";
      ctx.reporter.Result(out, fmt::format("nothing to deploy: service {} already runs {} with these settings "
                                           "(--force-new-deployment replaces its tasks anyway)",
                                           service, ShortTaskDefinition(r.plan.live_task_definition)));
      return 0;
    default: break;
  }
  const deploy::Started& started = r.deployment->started;
  out["deploymentId"] = started.deployment_id;
  out["taskDefinition"] = started.task_definition;
  out["previousTaskDefinition"] = started.previous_task_definition;
  if (r.outcome == deploy::Outcome::kApplied) return FinishApplied(ctx, out, started, "deploy", !o.no_wait);
  if (r.outcome == deploy::Outcome::kStarted) {
    out["outcome"] = "STARTED";
    ctx.reporter.Result(out, fmt::format("deployment {} started; follow it with: berth wait --cluster {} "
                                         "--service {} --deployment {}",
                                         started.deployment_id, flags.cluster.empty() ? "default" : flags.cluster,
                                         service, started.deployment_id));
    return 0;
  }
  const deploy::FollowResult& followed = *r.deployment->result;
  out["outcome"] = std::string(deploy::VerdictName(followed.verdict));
  out["follow"] = FollowResultJson(followed);
  if (r.outcome == deploy::Outcome::kInterrupted) {
    const deploy::Followed& last = r.rollback && r.rollback->result ? *r.rollback : *r.deployment;
    return FinishInterrupted(ctx, out, last, flags.cluster, o.state);
  }
  const deploy::FollowResult* rollback = r.rollback && r.rollback->result ? &*r.rollback->result : nullptr;
  Status verdict = VerdictStatus(followed, rollback);
  std::string summary = LiveNow(r.live);
  if (r.rollback || r.rollback_error) AddRollback(r, out, summary);
  ctx.reporter.Result(out, summary);
  return Finish(ctx, verdict);
}

ArgSpecs DeployArgSpecs() {
  return DescribeArgs<DeployOptions>(&AddDeployFlags);
}

}  // namespace berth::cli
