// `berth wait`: follow a deployment that is already under way (one started
// with `berth deploy --no-wait`, by another tool, or by ECS's own rollback)
// to its verdict, with the same rules as `berth deploy`.
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/deploy_flags.h"
#include "cli/service_session.h"

namespace berth::cli {
namespace {

struct WaitOptions {
  std::string cluster;
  std::string service;
  std::string deployment;  // --deployment ID; "" = the PRIMARY deployment
  StateFlags state;        // --state FILE (--history FILE)
  WaitFlags wait;          // --timeout, --poll-interval
};

void AddWaitFlags(ArgParser& parser, WaitOptions* o) {
  AddServiceFlags(parser, &o->cluster, &o->service);
  parser.AddString({"--deployment", "ID", "ecs-svc/... as printed by berth deploy --no-wait"}, &o->deployment);
  AddStateFlags(parser, &o->state);
  AddWaitFlags(parser, &o->wait);
}

}  // namespace

int CmdWait(CommandContext& ctx, const std::vector<std::string>& args) {
  WaitOptions o;
  ArgParser parser(ctx.usage);
  AddWaitFlags(parser, &o);
  std::vector<std::string> positionals;
  if (Status s = parser.Parse(args, &positionals); !s.ok()) return Finish(ctx, s);
  if (!positionals.empty()) return Finish(ctx, parser.UsageError("unexpected argument '" + positionals[0] + "'"));
  auto follow = MakeFollowOptions(o.wait);
  if (!follow.ok()) return Finish(ctx, follow.status());

  auto session = OpenServiceSession(ctx, o.state, true);
  if (!session.ok()) return Finish(ctx, session.status());
  auto result = session->engine->Wait(deploy::WaitRequest{o.cluster, o.service, o.deployment}, *follow);
  if (!result.ok()) return Finish(ctx, result.status());
  const deploy::FollowResult& followed = *result->deployment.result;
  Json out = FollowResultJson(followed);
  out["service"] = result->live.service;
  out["cluster"] = result->live.cluster_arn;
  if (result->outcome == deploy::Outcome::kInterrupted) {
    return FinishInterrupted(ctx, out, result->deployment, o.cluster, o.state);
  }
  Status verdict = VerdictStatus(followed);
  ctx.reporter.Result(out, LiveNow(result->live));
  return Finish(ctx, verdict);
}

ArgSpecs WaitArgSpecs() {
  return DescribeArgs<WaitOptions>(&AddWaitFlags);
}

}  // namespace berth::cli
