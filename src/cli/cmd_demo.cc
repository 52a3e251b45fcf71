// `berth demo`: berth's main job on the embedded default, the simulator.
//
// It starts `berth sim` in-process with the demo seed, points berth's real AWS
// stack at it (settings, credentials chain, SigV4, rate limits, retries) and
// runs the same commands a user would:
//   1. berth deploy  web=demo-web:1.1.0         a healthy image: COMPLETED, exit 0
//   2. berth deploy  web=demo-unhealthy:1.2.0   fails its health checks: ECS's
//                                               circuit breaker rolls it back;
//                                               berth says FAILED, exit 13
//   3. berth wait                               follows ECS's rollback to its end
//   4. berth status                             the service, healthy on 1.1.0
// The demo's state database is a temporary file, not the user's.
#include <nlohmann/json.hpp>

#include <cstdlib>

#include <fmt/format.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "core/temp_dir.h"
#include "sim/front/server.h"

namespace berth::cli {
namespace {

constexpr const char* kCluster = "demo";
constexpr const char* kService = "web";

struct DemoOptions {
  std::string time_scale;  // --time-scale X: simulated seconds per real second; default 120
};

void AddDemoFlags(ArgParser& parser, DemoOptions* o) {
  parser.AddString({"--time-scale", "X", "simulated seconds per real second (default 120)"}, &o->time_scale);
}

struct Step {
  std::string title;
  CommandFn fn;
  std::vector<std::string> args;
  int expected_exit;
};

}  // namespace

int CmdDemo(CommandContext& ctx, const std::vector<std::string>& args) {
  DemoOptions options;
  ArgParser parser(ctx.usage);
  AddDemoFlags(parser, &options);
  std::vector<std::string> positionals;
  if (Status s = parser.Parse(args, &positionals); !s.ok()) return Finish(ctx, s);
  if (!positionals.empty()) return Finish(ctx, InvalidArgument("berth demo takes no arguments"));
  double time_scale = 120;  // two simulated minutes per second: a rollout takes seconds
  if (const std::string& flag = options.time_scale; !flag.empty()) {
    char* end = nullptr;
    time_scale = std::strtod(flag.c_str(), &end);
    if (end == flag.c_str() || *end != '\0' || time_scale <= 0) {
      return Finish(ctx, InvalidArgument("--time-scale must be a positive number, e.g. --time-scale 60"));
    }
  }

  Reporter& out = ctx.reporter;
  TempDir dir("berth-demo");
  if (!dir.ok()) return Finish(ctx, InternalError("could not create a temporary directory for the demo"));
  sim::SimOptions sim_options;
  sim_options.time_scale = time_scale;
  sim_options.seed = "demo";
  auto started = sim::Simulator::Start(sim_options);
  if (!started.ok()) return Finish(ctx, started.status().WithContext("starting the simulator"));
  std::unique_ptr<sim::Simulator> simulator = std::move(started).value();
  out.Info(fmt::format("simulator at {} (time x{}): cluster {}, services web, api, worker", simulator->endpoint(),
                       time_scale, kCluster));

  // The simulator's documented credentials, and nothing from the user's own
  // AWS configuration: the demo must never touch a real account.
  MapEnvironment env({{"AWS_ACCESS_KEY_ID", "AKIDSIMULATOR"},
                      {"AWS_SECRET_ACCESS_KEY", "berth-simulator-secret"},
                      {"AWS_REGION", "us-east-1"},
                      {"AWS_CONFIG_FILE", "/dev/null"},
                      {"AWS_SHARED_CREDENTIALS_FILE", "/dev/null"},
                      {"BERTH_STATE", dir.path() + "/state.db"}});
  GlobalOptions globals = ctx.globals;
  globals.endpoint_url = simulator->endpoint();
  globals.profile.reset();
  globals.region.reset();

  const std::vector<std::string> service{"--cluster", kCluster, "--service", kService};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> all = service;
    all.insert(all.end(), extra.begin(), extra.end());
    return all;
  };
  const std::vector<Step> steps = {
      {"1/4 berth deploy: ship a healthy image", &CmdDeploy,
       with({"--image", "web=public.ecr.aws/berth/demo-web:1.1.0", "--poll-interval", "250ms", "--timeout", "2m"}), 0},
      {"2/4 berth deploy: ship an image that fails its health checks", &CmdDeploy,
       with(
           {"--image", "web=public.ecr.aws/berth/demo-unhealthy:1.2.0", "--poll-interval", "250ms", "--timeout", "2m"}),
       ExitCodeFor(StatusCode::kDeploymentFailed)},
      {"3/4 berth wait: follow ECS's rollback to its end", &CmdWait,
       with({"--poll-interval", "250ms", "--timeout", "2m"}), 0},
      {"4/4 berth status", &CmdStatus, with({"--events", "5"}), 0},
  };
  Json results = Json::array();
  bool as_scripted = true;
  for (const Step& step : steps) {
    out.Info("");
    out.Info("step " + step.title);
    const CommandSpec* spec = nullptr;
    for (const CommandSpec& c : Commands()) {
      if (c.fn == step.fn) spec = &c;
    }
    CommandContext step_ctx{globals, out, env, spec != nullptr ? spec->usage : "", ctx.deps};
    int code = step.fn(step_ctx, step.args);
    bool ok = code == step.expected_exit;
    as_scripted = as_scripted && ok;
    if (step.expected_exit != 0 && ok) {
      out.Info(fmt::format("exit code {} for this step, as expected: berth reported the rollback as a failure", code));
    }
    results.push_back({{"step", step.title}, {"exitCode", code}, {"expectedExitCode", step.expected_exit}});
    if (!ok) out.Warn(fmt::format("step {} exited {}, expected {}", step.title, code, step.expected_exit));
  }
  simulator->Stop();
  out.Result(Json{{"steps", results}, {"asScripted", as_scripted}},
             as_scripted ? "\ndemo finished as scripted: the good version shipped, the bad one was caught and "
                           "rolled back, and the service is healthy on the good version"
                         : "\ndemo did NOT go as scripted");
  return as_scripted ? 0 : ExitCodeFor(StatusCode::kInternal);
}

ArgSpecs DemoArgSpecs() {
  return DescribeArgs(&AddDemoFlags);
}

}  // namespace berth::cli
