// `berth rollback`: put a service back on the last task definition berth saw
// succeed there (from berth's deployment history), or on the revision given
// with --to, and follow that deployment.
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/deploy_flags.h"
#include "cli/service_session.h"
#include "deploy/rolling/service_update.h"

namespace berth::cli {
namespace {

struct RollbackOptions {
  std::string cluster;
  std::string service;
  std::string to;       // --to REVISION; "" = from the history
  std::string history;  // --history FILE; "" = the default path
  bool no_wait = false;
  WaitFlags wait;  // --timeout, --poll-interval
};

void AddRollbackFlags(ArgParser& parser, RollbackOptions* o) {
  AddServiceFlags(parser, &o->cluster, &o->service);
  parser.AddString({"--to", "REVISION", "7 (of the live family), web:7, or a task definition ARN"}, &o->to);
  AddHistoryFlag(parser, &o->history);
  parser.AddBool({"--no-wait", "", "return after UpdateService with the deployment id"}, &o->no_wait);
  AddWaitFlags(parser, &o->wait);
}

// --to 7 (a revision of the live family), web:7, or a full ARN.
std::string ResolveTo(const std::string& to, const std::string& live_arn) {
  if (!to.empty() && to.find_first_not_of("0123456789") == std::string::npos) {
    std::string family = deploy::ShortTaskDefinition(live_arn);
    family = family.substr(0, family.rfind(':'));
    return family + ":" + to;
  }
  return to;
}

struct Target {
  std::string task_definition;
  std::string why;
};

Result<Target> ChooseTarget(ServiceSession& session, const aws::EcsService& service, const std::string& live,
                            const std::string& to) {
  if (!to.empty()) {
    auto td = session.ecs->DescribeTaskDefinition(ResolveTo(to, live));
    if (!td.ok()) {
      return NotFound(
          fmt::format("--to {}: no such task definition ({}); give a revision number of the live "
                      "family, FAMILY:REVISION, or an ARN",
                      to, td.status().message()));
    }
    return Target{td->arn, "as asked with --to"};
  }
  BERTH_ASSIGN_OR_RETURN(auto good, session.history->LastSucceeded(service.arn, live));
  if (good) {
    return Target{good->task_definition,
                  fmt::format("the last revision berth saw succeed on this service ({} deployment {})", good->kind,
                              good->deployment_id)};
  }
  BERTH_ASSIGN_OR_RETURN(auto recent, session.history->List(service.arn, 1));
  if (!recent.empty() && !recent[0].previous_task_definition.empty() && recent[0].previous_task_definition != live) {
    return Target{
        recent[0].previous_task_definition,
        fmt::format("the revision that was live before berth's last deployment ({})", recent[0].deployment_id)};
  }
  return FailedPrecondition(
      fmt::format("berth has no deployment history to roll service {} back with (history: {}): pass --to REVISION, "
                  "e.g. --to {}",
                  service.name, session.history_path, deploy::ShortTaskDefinition(live)));
}

}  // namespace

int CmdRollback(CommandContext& ctx, const std::vector<std::string>& args) {
  RollbackOptions o;
  ArgParser parser(ctx.usage);
  AddRollbackFlags(parser, &o);
  std::vector<std::string> positionals;
  if (Status s = parser.Parse(args, &positionals); !s.ok()) return Finish(ctx, s);
  const std::string &cluster = o.cluster, &service = o.service, &to = o.to, &history = o.history;
  const WaitFlags& wait = o.wait;
  const bool no_wait = o.no_wait;
  if (!positionals.empty()) return Finish(ctx, parser.UsageError("unexpected argument '" + positionals[0] + "'"));
  auto options = MakeFollowOptions(wait, cluster, service);
  if (!options.ok()) return Finish(ctx, options.status());

  auto session = OpenServiceSession(ctx, history, true);
  if (!session.ok()) return Finish(ctx, session.status());
  auto svc = deploy::DescribeOneService(*session->ecs, cluster, service);
  if (!svc.ok()) return Finish(ctx, svc.status());
  if (svc->deployment_controller == "EXTERNAL" || svc->deployment_controller == "CODE_DEPLOY") {
    return Finish(ctx, FailedPrecondition(fmt::format("service {} uses the {} deployment controller; berth "
                                                      "rollback handles ECS-controller services only",
                                                      svc->name, svc->deployment_controller)));
  }
  const aws::EcsDeployment* primary = svc->PrimaryDeployment();
  std::string live = primary != nullptr ? primary->task_definition : svc->task_definition;
  auto target = ChooseTarget(*session, *svc, live, to);
  if (!target.ok()) return Finish(ctx, target.status());
  Json out{{"service", svc->name},
           {"cluster", svc->cluster_arn},
           {"from", live},
           {"to", target->task_definition},
           {"why", target->why}};
  if (target->task_definition == live) {
    out["outcome"] = "UNCHANGED";
    ctx.reporter.Result(out, fmt::format("service {} already runs {}; nothing to roll back", svc->name,
                                         deploy::ShortTaskDefinition(live)));
    return 0;
  }
  ctx.reporter.Info(fmt::format("rolling service {} back from {} to {}: {}", svc->name,
                                deploy::ShortTaskDefinition(live), deploy::ShortTaskDefinition(target->task_definition),
                                target->why));
  auto applied = deploy::UpdateServiceTaskDefinition(*session->ecs, cluster, *svc, target->task_definition);
  if (!applied.ok()) return Finish(ctx, applied.status());
  auto record_id = RecordStart(
      ctx, *session, NewRecord(*session, *svc, "rollback", applied->deployment_id, live, target->task_definition));
  out["deploymentId"] = applied->deployment_id;
  if (no_wait) {
    out["outcome"] = "STARTED";
    ctx.reporter.Result(out, fmt::format("rollback deployment {} started; follow it with: berth wait "
                                         "--cluster {} --service {} --deployment {}",
                                         applied->deployment_id, cluster.empty() ? "default" : cluster, svc->name,
                                         applied->deployment_id));
    return 0;
  }
  options->deployment_id = applied->deployment_id;
  options->task_definition = target->task_definition;
  auto followed = FollowAndRecord(ctx, *session, *options, record_id);
  if (!followed.ok()) return Finish(ctx, followed.status());
  out["outcome"] = std::string(deploy::VerdictName(followed->verdict));
  out["follow"] = FollowResultJson(*followed);
  Status verdict = VerdictStatus(*followed);
  ctx.reporter.Result(out, LiveNow(svc->name, *followed));
  return Finish(ctx, verdict);
}

ArgSpecs RollbackArgSpecs() {
  return DescribeArgs(&AddRollbackFlags);
}

}  // namespace berth::cli
