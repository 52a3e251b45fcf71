// `berth rollback`: put a service back on the last task definition berth saw
// succeed there (from berth's state database), or on the revision given with
// --to, and follow that deployment. The choice and the deployment are the
// deploy engine's (deploy/engine.h).
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/deploy_flags.h"
#include "cli/service_session.h"

namespace berth::cli {
namespace {

struct RollbackOptions {
  std::string cluster;
  std::string service;
  std::string to;    // --to REVISION; "" = from berth's records
  StateFlags state;  // --state FILE (--history FILE)
  bool no_wait = false;
  bool force = false;
  WaitFlags wait;  // --timeout, --poll-interval
};

void AddRollbackFlags(ArgParser& parser, RollbackOptions* o) {
  AddServiceFlags(parser, &o->cluster, &o->service);
  parser.AddString({"--to", "REVISION", "7 (of the live family), web:7, or a task definition ARN"}, &o->to);
  AddStateFlags(parser, &o->state);
  parser.AddBool({"--no-wait", "", "return after UpdateService with the deployment id"}, &o->no_wait);
  parser.AddBool(
      {"--force", "", "roll back although another deployment is under way (it is replaced), or to another family"},
      &o->force);
  AddWaitFlags(parser, &o->wait);
}

}  // namespace

int CmdRollback(CommandContext& ctx, const std::vector<std::string>& args) {
  RollbackOptions o;
  ArgParser parser(ctx.usage);
  AddRollbackFlags(parser, &o);
  std::vector<std::string> positionals;
  if (Status s = parser.Parse(args, &positionals); !s.ok()) return Finish(ctx, s);
  if (!positionals.empty()) return Finish(ctx, parser.UsageError("unexpected argument '" + positionals[0] + "'"));
  auto follow = MakeFollowOptions(o.wait);
  if (!follow.ok()) return Finish(ctx, follow.status());

  auto session = OpenServiceSession(ctx, o.state, true);
  if (!session.ok()) return Finish(ctx, session.status());
  auto result =
      session->engine->Rollback(deploy::RollbackRequest{o.cluster, o.service, o.to, !o.no_wait, o.force}, *follow);
  if (!result.ok()) return Finish(ctx, result.status());
  const deploy::RollbackResult& r = *result;
  Json out{
      {"service", r.live.service}, {"cluster", r.live.cluster_arn}, {"from", r.from}, {"to", r.to}, {"why", r.why}};
  if (r.outcome == deploy::Outcome::kUnchanged) {
    out["outcome"] = "UNCHANGED";
    ctx.reporter.Result(out, fmt::format("service {} already runs {}; nothing to roll back", r.live.service,
                                         deploy::ShortTaskDefinition(r.from)));
    return 0;
  }
  const deploy::Started& started = r.deployment->started;
  out["deploymentId"] = started.deployment_id;
  if (r.outcome == deploy::Outcome::kApplied) return FinishApplied(ctx, out, started, "rollback", !o.no_wait);
  if (r.outcome == deploy::Outcome::kStarted) {
    out["outcome"] = "STARTED";
    ctx.reporter.Result(out, fmt::format("rollback deployment {} started; follow it with: berth wait "
                                         "--cluster {} --service {} --deployment {}",
                                         started.deployment_id, o.cluster.empty() ? "default" : o.cluster,
                                         r.live.service, started.deployment_id));
    return 0;
  }
  const deploy::FollowResult& followed = *r.deployment->result;
  out["outcome"] = std::string(deploy::VerdictName(followed.verdict));
  out["follow"] = FollowResultJson(followed);
  if (r.outcome == deploy::Outcome::kInterrupted) return FinishInterrupted(ctx, out, *r.deployment, o.cluster, o.state);
  Status verdict = VerdictStatus(followed);
  ctx.reporter.Result(out, LiveNow(r.live));
  return Finish(ctx, verdict);
}

ArgSpecs RollbackArgSpecs() {
  return DescribeArgs<RollbackOptions>(&AddRollbackFlags);
}

}  // namespace berth::cli
