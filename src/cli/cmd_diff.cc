// `berth diff`: what `berth deploy` with the same flags would change in the
// task definition and the service settings, normalised for AWS defaults.
// Reads only; never writes to AWS or to the state database.
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/deploy_flags.h"
#include "cli/service_session.h"

namespace berth::cli {
namespace {

struct DiffOptions {
  DeployFlags what;  // the "what to deploy" flags of deploy
  bool detailed_exitcode = false;
};

void AddDiffFlags(ArgParser& parser, DiffOptions* o) {
  AddDeployFlags(parser, &o->what);
  parser.AddBool({"--detailed-exitcode", "", "exit 0 when nothing would change, 2 when something would"},
                 &o->detailed_exitcode);
}

}  // namespace

int CmdDiff(CommandContext& ctx, const std::vector<std::string>& args) {
  DiffOptions o;
  ArgParser parser(ctx.usage);
  AddDiffFlags(parser, &o);
  std::vector<std::string> positionals;
  if (Status s = parser.Parse(args, &positionals); !s.ok()) return Finish(ctx, s);
  if (!positionals.empty()) return Finish(ctx, parser.UsageError("unexpected argument '" + positionals[0] + "'"));
  auto request = MakeDeployRequest(o.what, ctx.reporter);
  if (!request.ok()) return Finish(ctx, request.status());
  auto session = OpenServiceSession(ctx, StateFlags{}, false, /*show_plan=*/false);
  if (!session.ok()) return Finish(ctx, session.status());
  auto plan = session->engine->Plan(*request);
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
  return o.detailed_exitcode && plan->HasChanges() ? 2 : 0;
}

ArgSpecs DiffArgSpecs() {
  return DescribeArgs(&AddDiffFlags);
}

}  // namespace berth::cli
