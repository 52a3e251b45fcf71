// `berth wait`: follow a deployment that is already under way (one started
// with `berth deploy --no-wait`, by another tool, or by ECS's own rollback)
// to its verdict, with the same rules as `berth deploy`.
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/service_session.h"

namespace berth::cli {

int CmdWait(CommandContext& ctx, const std::vector<std::string>& args) {
  std::string cluster, service, deployment;
  WaitFlags wait;
  StateFlags state;
  ArgParser parser(ctx.usage);
  parser.AddString("--cluster", &cluster);
  parser.AddString("--service", &service);
  parser.AddString("--deployment", &deployment);
  AddStateFlags(parser, &state);
  AddWaitFlags(parser, &wait);
  std::vector<std::string> positionals;
  if (Status s = parser.Parse(args, &positionals); !s.ok()) return Finish(ctx, s);
  if (!positionals.empty()) return Finish(ctx, parser.UsageError("unexpected argument '" + positionals[0] + "'"));
  auto follow = MakeFollowOptions(wait);
  if (!follow.ok()) return Finish(ctx, follow.status());

  auto session = OpenServiceSession(ctx, state, true);
  if (!session.ok()) return Finish(ctx, session.status());
  auto result = session->engine->Wait(deploy::WaitRequest{cluster, service, deployment}, *follow);
  if (!result.ok()) return Finish(ctx, result.status());
  const deploy::FollowResult& followed = *result->deployment.result;
  Json out = FollowResultJson(followed);
  out["service"] = result->live.service;
  out["cluster"] = result->live.cluster_arn;
  if (result->outcome == deploy::Outcome::kInterrupted) {
    return FinishInterrupted(ctx, out, result->deployment, cluster, state);
  }
  Status verdict = VerdictStatus(followed);
  ctx.reporter.Result(out, LiveNow(result->live));
  return Finish(ctx, verdict);
}

}  // namespace berth::cli
