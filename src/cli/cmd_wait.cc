// `berth wait`: follow a deployment that is already under way (one started
// with `berth deploy --no-wait`, by another tool, or by ECS's own rollback)
// to its verdict, with the same rules as `berth deploy`.
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/deploy_flags.h"
#include "cli/service_session.h"
#include "deploy/rolling/service_update.h"

namespace berth::cli {
namespace {

struct WaitOptions {
  std::string cluster;
  std::string service;
  std::string deployment;  // --deployment ID; "" = the PRIMARY deployment
  std::string history;     // --history FILE; "" = the default path
  WaitFlags wait;          // --timeout, --poll-interval
};

void AddWaitFlags(ArgParser& parser, WaitOptions* o) {
  AddServiceFlags(parser, &o->cluster, &o->service);
  parser.AddString({"--deployment", "ID", "ecs-svc/... as printed by berth deploy --no-wait"}, &o->deployment);
  AddHistoryFlag(parser, &o->history);
  AddWaitFlags(parser, &o->wait);
}

}  // namespace

int CmdWait(CommandContext& ctx, const std::vector<std::string>& args) {
  WaitOptions o;
  ArgParser parser(ctx.usage);
  AddWaitFlags(parser, &o);
  std::vector<std::string> positionals;
  if (Status s = parser.Parse(args, &positionals); !s.ok()) return Finish(ctx, s);
  const std::string &cluster = o.cluster, &service = o.service, &deployment = o.deployment, &history = o.history;
  const WaitFlags& wait = o.wait;
  if (!positionals.empty()) return Finish(ctx, parser.UsageError("unexpected argument '" + positionals[0] + "'"));
  auto options = MakeFollowOptions(wait, cluster, service);
  if (!options.ok()) return Finish(ctx, options.status());

  auto session = OpenServiceSession(ctx, history, true);
  if (!session.ok()) return Finish(ctx, session.status());
  auto svc = deploy::DescribeOneService(*session->ecs, cluster, service);
  if (!svc.ok()) return Finish(ctx, svc.status());
  const aws::EcsDeployment* target = nullptr;
  if (deployment.empty()) {
    target = svc->PrimaryDeployment();
    if (target == nullptr) {
      return Finish(ctx, FailedPrecondition(fmt::format(
                             "service {} has no PRIMARY deployment to follow (is it an EXTERNAL or CODE_DEPLOY "
                             "service? their deployments are task sets)",
                             svc->name)));
    }
  } else {
    for (const auto& d : svc->deployments) {
      if (d.id == deployment) target = &d;
    }
    if (target == nullptr) {
      std::string there;
      for (const auto& d : svc->deployments) there += (there.empty() ? "" : ", ") + d.id + " " + d.status;
      return Finish(ctx, NotFound(fmt::format("deployment {} is not on service {} (deployments there: {}); "
                                              "ECS drops finished deployments, so `berth status` shows what "
                                              "became of it",
                                              deployment, svc->name, there.empty() ? "none" : there)));
    }
  }
  options->deployment_id = target->id;
  options->task_definition = target->task_definition;
  std::optional<int64_t> record_id;
  auto record = session->history->FindByDeployment(svc->arn, target->id);
  if (record.ok() && record->has_value()) record_id = (*record)->id;

  auto followed = FollowAndRecord(ctx, *session, *options, record_id);
  if (!followed.ok()) return Finish(ctx, followed.status());
  Json out = FollowResultJson(*followed);
  out["service"] = svc->name;
  out["cluster"] = svc->cluster_arn;
  Status verdict = VerdictStatus(*followed);
  ctx.reporter.Result(out, LiveNow(svc->name, *followed));
  return Finish(ctx, verdict);
}

ArgSpecs WaitArgSpecs() {
  return DescribeArgs<WaitOptions>(&AddWaitFlags);
}

}  // namespace berth::cli
