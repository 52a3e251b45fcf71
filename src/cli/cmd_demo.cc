// `berth demo`: berth's main job on the embedded default, the simulator.
//
// Until `berth deploy` lands (issue 4) this is the simulator smoke scenario:
// it starts `berth sim` in-process with the demo seed, then drives it through
// berth's own AWS stack (settings, credentials chain, SigV4, rate limits,
// retries, typed ECS API) exactly as it would drive AWS:
//   1. ship web:1.1.0, a healthy image, and follow that deployment to COMPLETED;
//   2. ship an image that fails its health checks: ECS's circuit breaker fails
//      the deployment and rolls back, and the demo reports that as a failure;
//   3. show the service healthy on the good version.
// The follower here is deliberately small; the real one lives in deploy/.
#include <nlohmann/json.hpp>

#include <chrono>
#include <set>

#include <fmt/format.h>

#include "aws/ecs.h"
#include "cli/args.h"
#include "cli/aws_context.h"
#include "cli/commands.h"
#include "sim/server.h"

namespace berth::cli {
namespace {

constexpr const char* kCluster = "demo";
constexpr const char* kService = "web";

struct DemoOptions {
  double time_scale = 120;        // simulated seconds per real second
  int step_timeout_seconds = 60;  // real seconds per deployment
};

enum class Outcome { kCompleted, kFailed, kTimedOut };

struct FollowResult {
  Outcome outcome = Outcome::kTimedOut;
  std::string reason;
  std::string replaced_by;  // the PRIMARY deployment that took over (ECS's rollback), if any
};

// Registers a copy of the service's task definition with `image` in its first
// container and points the service at it. Returns the new deployment's id.
Result<std::string> ShipImage(aws::EcsApi& ecs, const std::string& image, Reporter& reporter) {
  BERTH_ASSIGN_OR_RETURN(auto batch, ecs.DescribeServices({kCluster, {kService}, false}));
  if (batch.items.empty()) return NotFound("the demo service is missing from the simulator");
  BERTH_ASSIGN_OR_RETURN(auto current, ecs.DescribeTaskDefinition(batch.items[0].task_definition));
  Json doc = current.raw;
  auto& containers = doc["containerDefinitions"];
  if (!containers.is_array() || containers.empty()) return InternalError("demo task definition has no containers");
  containers[0]["image"] = image;
  BERTH_ASSIGN_OR_RETURN(auto registered, ecs.RegisterTaskDefinition({doc, current.tags}));
  reporter.Info(fmt::format("registered {}:{} with image {}", registered.family, registered.revision, image));

  aws::UpdateServiceRequest update;
  update.cluster = kCluster;
  update.service = kService;
  update.task_definition = registered.arn;
  BERTH_ASSIGN_OR_RETURN(auto updated, ecs.UpdateService(update));
  const aws::EcsDeployment* primary = updated.PrimaryDeployment();
  if (primary == nullptr) return BadResponse("UpdateService returned no PRIMARY deployment");
  reporter.Info(fmt::format("updated service {}: deployment {}", kService, primary->id));
  return primary->id;
}

// Polls until deployment `id` completes, fails, or is replaced as PRIMARY.
Result<FollowResult> Follow(aws::EcsApi& ecs, const std::string& id, const DemoOptions& options,
                            Reporter& reporter) {
  Clock& clock = DefaultClock();
  auto deadline = clock.Steady() + std::chrono::seconds(options.step_timeout_seconds);
  std::set<std::string> seen_events;
  bool first = true;
  while (clock.Steady() < deadline) {
    BERTH_ASSIGN_OR_RETURN(auto batch, ecs.DescribeServices({kCluster, {kService}, false}));
    if (batch.items.empty()) return NotFound("the demo service disappeared");
    const aws::EcsService& svc = batch.items[0];
    // Events come newest first; print the new ones oldest first, once.
    for (auto it = svc.events.rbegin(); it != svc.events.rend(); ++it) {
      if (!seen_events.insert(it->id).second || first) continue;
      reporter.Info("  event: " + it->message);
    }
    first = false;
    const aws::EcsDeployment* ours = nullptr;
    for (const auto& d : svc.deployments) {
      if (d.id == id) ours = &d;
    }
    const aws::EcsDeployment* primary = svc.PrimaryDeployment();
    std::string replaced_by = primary != nullptr && primary->id != id ? primary->id : "";
    if (ours != nullptr && ours->rollout_state == "FAILED") {
      std::string reason = ours->rollout_state_reason;
      if (primary != nullptr && !replaced_by.empty()) {
        reason += fmt::format("; ECS rolled back to {}", primary->task_definition);
      }
      return FollowResult{Outcome::kFailed, reason, replaced_by};
    }
    if (ours == nullptr || !replaced_by.empty()) {
      return FollowResult{Outcome::kFailed,
                          fmt::format("deployment {} is no longer PRIMARY: ECS rolled back to {}", id,
                                      primary ? primary->task_definition : "an earlier revision"),
                          replaced_by};
    }
    if (ours->rollout_state == "COMPLETED" && svc.deployments.size() == 1) {
      return FollowResult{Outcome::kCompleted, ours->rollout_state_reason, ""};
    }
    reporter.Progress(fmt::format("{}: desired {} running {} pending {} failed {} ({})", id, ours->desired_count,
                                  ours->running_count, ours->pending_count, ours->failed_tasks,
                                  ours->rollout_state));
    clock.SleepFor(std::chrono::milliseconds(500));
  }
  return FollowResult{Outcome::kTimedOut, "the deployment did not finish in time", ""};
}

}  // namespace

int CmdDemo(CommandContext& ctx, const std::vector<std::string>& args) {
  DemoOptions options;
  std::string time_scale;
  ArgParser parser("berth demo [--time-scale X]");
  parser.AddString("--time-scale", &time_scale);
  std::vector<std::string> positionals;
  if (Status s = parser.Parse(args, &positionals); !s.ok()) return Finish(ctx, s);
  if (!positionals.empty()) return Finish(ctx, InvalidArgument("berth demo takes no arguments"));
  if (!time_scale.empty()) {
    try {
      options.time_scale = std::stod(time_scale);
    } catch (const std::exception&) {
      options.time_scale = 0;
    }
    if (options.time_scale <= 0) {
      return Finish(ctx, InvalidArgument("--time-scale must be a positive number, e.g. --time-scale 60"));
    }
  }

  Reporter& out = ctx.reporter;
  sim::SimOptions sim_options;
  sim_options.time_scale = options.time_scale;
  sim_options.seed = "demo";
  auto started = sim::Simulator::Start(sim_options);
  if (!started.ok()) return Finish(ctx, started.status().WithContext("starting the simulator"));
  std::unique_ptr<sim::Simulator> simulator = std::move(started).value();
  out.Info(fmt::format("simulator at {} (time x{}): cluster {}, services web, api, worker", simulator->endpoint(),
                       options.time_scale, kCluster));

  // berth's real AWS stack, pointed at the simulator with its documented credentials.
  MapEnvironment env({{"AWS_ACCESS_KEY_ID", "AKIDSIMULATOR"},
                      {"AWS_SECRET_ACCESS_KEY", "berth-simulator-secret"},
                      {"AWS_REGION", "us-east-1"},
                      {"AWS_CONFIG_FILE", "/dev/null"},
                      {"AWS_SHARED_CREDENTIALS_FILE", "/dev/null"}});
  GlobalOptions globals = ctx.globals;
  globals.endpoint_url = simulator->endpoint();
  globals.profile.reset();
  globals.region.reset();
  auto aws_ctx = MakeAwsContext(globals, env);
  if (!aws_ctx.ok()) return Finish(ctx, aws_ctx.status());
  aws::HttpEcsApi ecs(*aws_ctx.value()->client);

  struct Step {
    std::string title;
    std::string image;
    Outcome expected;
  };
  const Step steps[] = {
      {"1/2 ship a healthy image", "public.ecr.aws/berth/demo-web:1.1.0", Outcome::kCompleted},
      {"2/2 ship an image that fails its health checks", "public.ecr.aws/berth/demo-unhealthy:1.2.0",
       Outcome::kFailed},
  };
  Json results = Json::array();
  bool as_scripted = true;
  for (const Step& step : steps) {
    out.Info("step " + step.title);
    auto id = ShipImage(ecs, step.image, out);
    if (!id.ok()) return Finish(ctx, id.status());
    auto followed = Follow(ecs, *id, options, out);
    if (!followed.ok()) return Finish(ctx, followed.status());
    const FollowResult& r = *followed;
    if (r.outcome == Outcome::kCompleted) {
      out.Info(fmt::format("deployment {} COMPLETED: {} is live", *id, step.image));
    } else if (r.outcome == Outcome::kFailed) {
      out.Warn(fmt::format("deployment {} FAILED (exit code {} for this step): {}", *id,
                           ExitCodeFor(StatusCode::kDeploymentFailed), r.reason));
    } else {
      out.Warn(fmt::format("deployment {} timed out: {}", *id, r.reason));
    }
    as_scripted = as_scripted && r.outcome == step.expected;
    if (!r.replaced_by.empty()) {
      out.Info(fmt::format("waiting for ECS's rollback deployment {} to settle", r.replaced_by));
      auto rollback = Follow(ecs, r.replaced_by, options, out);
      if (!rollback.ok()) return Finish(ctx, rollback.status());
      as_scripted = as_scripted && rollback->outcome == Outcome::kCompleted;
    }
    results.push_back({{"image", step.image},
                       {"deployment", *id},
                       {"outcome", r.outcome == Outcome::kCompleted ? "COMPLETED"
                                   : r.outcome == Outcome::kFailed  ? "FAILED"
                                                                    : "TIMED_OUT"},
                       {"reason", r.reason}});
  }

  auto final_state = ecs.DescribeServices({kCluster, {kService}, false});
  if (!final_state.ok()) return Finish(ctx, final_state.status());
  const aws::EcsService& svc = final_state->items.at(0);
  auto td = ecs.DescribeTaskDefinition(svc.task_definition);
  if (!td.ok()) return Finish(ctx, td.status());
  std::string image = td->ContainerImages().empty() ? "" : td->ContainerImages()[0].second;
  std::string summary = fmt::format("service {}: {} of {} tasks running on {} ({})", kService, svc.running_count,
                                    svc.desired_count, image, svc.task_definition);
  simulator->Stop();
  Json doc{{"steps", results},
           {"service", {{"name", kService}, {"runningCount", svc.running_count},
                        {"desiredCount", svc.desired_count}, {"image", image}}},
           {"asScripted", as_scripted}};
  out.Result(doc, summary + (as_scripted ? "\ndemo finished as scripted" : "\ndemo did NOT go as scripted"));
  return as_scripted ? 0 : ExitCodeFor(StatusCode::kInternal);
}

}  // namespace berth::cli
