// `berth diff`: what `berth deploy` with the same flags would change in the
// task definition and the service settings, normalised for AWS defaults.
// Reads only; never writes to AWS or to the history.
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/deploy_flags.h"
#include "cli/service_session.h"
#include "deploy/rolling/service_update.h"

namespace berth::cli {

int CmdDiff(CommandContext& ctx, const std::vector<std::string>& args) {
  DeployFlags flags;
  bool detailed_exitcode = false;
  ArgParser parser(ctx.usage);
  AddDeployFlags(parser, &flags);
  parser.AddBool("--detailed-exitcode", &detailed_exitcode);
  std::vector<std::string> positionals;
  if (Status s = parser.Parse(args, &positionals); !s.ok()) return Finish(ctx, s);
  if (!positionals.empty()) return Finish(ctx, parser.UsageError("unexpected argument '" + positionals[0] + "'"));
  auto request = MakeDeployRequest(flags, ctx.reporter);
  if (!request.ok()) return Finish(ctx, request.status());
  auto session = OpenServiceSession(ctx, "", false);
  if (!session.ok()) return Finish(ctx, session.status());
  auto plan = deploy::PlanDeploy(*session->ecs, *request);
  if (!plan.ok()) return Finish(ctx, plan.status());

  Json out{{"cluster", plan->service.cluster_arn},
           {"service", plan->service.name},
           {"liveTaskDefinition", plan->live_task_definition},
           {"changes", deploy::ChangesToJson(plan->changes)},
           {"forceNewDeployment", request->force_new_deployment}};
  std::string text = PlanText(
      ctx,
      fmt::format("service {} (live: {})", plan->service.name, deploy::ShortTaskDefinition(plan->live_task_definition)),
      plan->changes);
  if (request->force_new_deployment) text += "\n(--force-new-deployment: the tasks would be replaced)";
  ctx.reporter.Result(out, text);
  return detailed_exitcode && plan->HasChanges() ? 2 : 0;
}

}  // namespace berth::cli
