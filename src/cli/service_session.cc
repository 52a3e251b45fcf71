#include "cli/service_session.h"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <charconv>

#include <fmt/format.h>

#include "cli/signals.h"
#include "core/duration.h"

namespace berth::cli {

using deploy::ShortTaskDefinition;

void AddStateFlags(ArgParser& parser, StateFlags* flags) {
  parser.AddString({.name = "--state",
                    .value = "FILE",
                    .help = "berth's state database (default: $BERTH_STATE or ~/.local/state/berth/state.db)",
                    .complete = ValueCompletion::kFiles},
                   &flags->state);
  parser.AddString(
      {.name = "--history", .value = "FILE", .help = "the older name of --state", .complete = ValueCompletion::kFiles},
      &flags->history);
}

Result<std::string> StateFlagPath(const StateFlags& flags) {
  if (!flags.state.empty() && !flags.history.empty() && flags.state != flags.history) {
    return InvalidArgument(
        fmt::format("--state {} and --history {} name two files; --history is the older name of "
                    "--state: give one",
                    flags.state, flags.history));
  }
  return flags.state.empty() ? flags.history : flags.state;
}

Result<std::unique_ptr<aws::AwsStack>> OpenAwsStack(const CommandContext& ctx) {
  aws::StackOptions options;
  options.flags = aws::SettingsFlags{ctx.globals.profile, ctx.globals.region, ctx.globals.endpoint_url,
                                     ctx.globals.request_timeout};
  if (ctx.deps.transport) options.transport = ctx.deps.transport();
  options.clock = ctx.deps.clock;
  options.cancel = ctx.deps.cancel;
  return aws::MakeAwsStack(ctx.env, std::move(options));
}

Result<ServiceSession> OpenServiceSession(CommandContext& ctx, const StateFlags& state, bool with_state,
                                          bool show_plan) {
  ServiceSession session;
  if (with_state) {
    BERTH_ASSIGN_OR_RETURN(std::string path, StateFlagPath(state));
    if (path.empty()) {
      BERTH_ASSIGN_OR_RETURN(path, store::DefaultStatePath(ctx.env));
    }
    BERTH_ASSIGN_OR_RETURN(session.state, store::OpenStateStore(path));
  }
  BERTH_ASSIGN_OR_RETURN(session.aws, OpenAwsStack(ctx));
  session.ecs = std::make_unique<aws::HttpEcsApi>(*session.aws->client);
  session.events = std::make_unique<ReporterSink>(ctx, show_plan);
  deploy::EngineDeps deps;
  deps.ecs = session.ecs.get();
  deps.clock = session.aws->clock;
  deps.events = session.events.get();
  deps.state = session.state.get();
  deps.cancel = ctx.deps.cancel;
  deps.region = session.aws->settings.region;
  session.engine = std::make_unique<deploy::Engine>(deps);
  return session;
}

void AddWaitFlags(ArgParser& parser, WaitFlags* flags) {
  parser.AddString({"--timeout", "DURATION", "how long to follow the deployment (default 30m)"}, &flags->timeout);
  parser.AddString({"--poll-interval", "DURATION", "DescribeServices every DURATION, +-20% jitter (default 5s)"},
                   &flags->poll_interval);
}

Result<deploy::FollowOptions> MakeFollowOptions(const WaitFlags& flags) {
  deploy::FollowOptions options;
  auto timeout = ParseDuration(flags.timeout);
  if (!timeout || timeout->count() <= 0) {
    return InvalidArgument(fmt::format("--timeout {}: give a duration such as 30m, 90s or 1h30m", flags.timeout));
  }
  // A week is longer than any CI job runs; longer is a typo, not a wait.
  constexpr Duration kMaxTimeout = std::chrono::hours(168);
  if (*timeout > kMaxTimeout) {
    return InvalidArgument(
        fmt::format("--timeout {} is longer than berth follows a deployment (at most 168h)", flags.timeout));
  }
  auto interval = ParseDuration(flags.poll_interval);
  if (!interval || interval->count() < 50) {
    return InvalidArgument(
        fmt::format("--poll-interval {}: give a duration of at least 50ms, such as 5s", flags.poll_interval));
  }
  options.timeout = *timeout;
  options.watch.poll_interval = *interval;
  options.watch.max_poll_interval = std::max(options.watch.max_poll_interval, *interval);
  return options;
}

namespace {

// "\nstopped tasks:\n  task ... stopped: ..." for a failure message; "" when none.
std::string StoppedTasksText(const deploy::FollowResult& result) {
  if (result.stopped_tasks.empty()) return "";
  std::string text = "\nstopped tasks (newest first):";
  for (const deploy::StoppedTask& t : result.stopped_tasks) text += "\n  " + deploy::DescribeStoppedTask(t);
  return text;
}

}  // namespace

Status VerdictStatus(const deploy::FollowResult& result, const deploy::FollowResult* rollback) {
  switch (result.verdict) {
    case deploy::Verdict::kCompleted: return Status::Ok();
    case deploy::Verdict::kFailed: {
      std::string message = fmt::format("deployment {} FAILED: {}", result.deployment_id, result.reason);
      message += StoppedTasksText(result);
      if (!result.events.empty()) {
        message += "\nservice events:";
        size_t from = result.events.size() > 5 ? result.events.size() - 5 : 0;
        for (size_t i = from; i < result.events.size(); ++i) message += "\n  " + result.events[i];
      }
      return Status(StatusCode::kDeploymentFailed, message);
    }
    case deploy::Verdict::kTimedOut: {
      std::string message = fmt::format("deployment {} TIMED OUT: {}", result.deployment_id, result.reason);
      // After berth's own rollback the deployment that timed out is gone:
      // the hint is about the rollback's deployment, as it ended.
      std::string hint =
          rollback == nullptr
              ? "; it is still running in ECS: `berth wait` follows it again, `berth rollback` goes back"
          : rollback->verdict == deploy::Verdict::kCompleted
              ? fmt::format("; berth rolled the service back (deployment {} COMPLETED)", rollback->deployment_id)
              : fmt::format(
                    "; berth's rollback, deployment {}, is still running in ECS: "
                    "`berth wait --deployment {}` follows it",
                    rollback->deployment_id, rollback->deployment_id);
      return TimeoutError(message + hint + StoppedTasksText(result));
    }
    case deploy::Verdict::kInterrupted:
      return Cancelled(fmt::format("stopped following deployment {}: {}", result.deployment_id, result.reason));
  }
  return InternalError("unknown verdict");
}

std::string LiveNow(const deploy::LiveState& live) {
  if (live.primary_deployment_id.empty()) return fmt::format("service {} has no PRIMARY deployment", live.service);
  return fmt::format("service {} is on {} now (PRIMARY deployment {})", live.service,
                     ShortTaskDefinition(live.primary_task_definition), live.primary_deployment_id);
}

Json FollowResultJson(const deploy::FollowResult& result) {
  Json j{{"deploymentId", result.deployment_id},
         {"outcome", std::string(deploy::VerdictName(result.verdict))},
         {"reason", result.reason},
         {"replaced", result.replaced},
         {"primaryDeploymentId", result.primary_deployment_id},
         {"primaryTaskDefinition", result.primary_task_definition},
         {"polls", result.polls},
         {"events", result.events}};
  Json stopped = Json::array();
  for (const deploy::StoppedTask& t : result.stopped_tasks) stopped.push_back(deploy::StoppedTaskJson(t));
  j["stoppedTasks"] = std::move(stopped);
  if (result.deployment) {
    const aws::EcsDeployment& d = *result.deployment;
    j["deployment"] = {{"taskDefinition", d.task_definition}, {"status", d.status},
                       {"rolloutState", d.rollout_state},     {"desiredCount", d.desired_count},
                       {"runningCount", d.running_count},     {"pendingCount", d.pending_count},
                       {"failedTasks", d.failed_tasks}};
  }
  return j;
}

int FinishInterrupted(CommandContext& ctx, Json out, const deploy::Followed& followed, const std::string& cluster,
                      const StateFlags& state) {
  int signal = ctx.deps.cancel != nullptr ? ctx.deps.cancel->signal() : 0;
  const std::string& service = followed.started.service.name;
  std::string resume = fmt::format("berth wait --cluster {} --service {} --deployment {}",
                                   cluster.empty() ? "default" : cluster, service, followed.started.deployment_id);
  auto path = StateFlagPath(state);
  if (path.ok() && !path->empty()) resume += " --state " + *path;
  out["outcome"] = "INTERRUPTED";
  out["resume"] = resume;
  out["signal"] = signal;
  ctx.reporter.Result(out, fmt::format("interrupted: berth stopped following deployment {} of service {} and "
                                       "recorded it as INTERRUPTED; ECS goes on deploying it.\n"
                                       "follow it again with: {}",
                                       followed.started.deployment_id, service, resume));
  return InterruptedExitCode(signal);
}

int FinishApplied(CommandContext& ctx, Json out, const deploy::Started& started, std::string_view what, bool waited) {
  const std::string recorded = what == "rollback"
                                   ? fmt::format("berth recorded the rollback from {} to {}",
                                                 ShortTaskDefinition(started.previous_task_definition),
                                                 ShortTaskDefinition(started.task_definition))
                                   : fmt::format("berth recorded the change from {} to {} (`berth rollback` goes back)",
                                                 ShortTaskDefinition(started.previous_task_definition),
                                                 ShortTaskDefinition(started.task_definition));
  if (!waited) {
    out["outcome"] = "APPLIED";
    out["reason"] = started.cannot_follow;
    ctx.reporter.Result(out, fmt::format("{}. {} and cannot follow it.", started.cannot_follow, recorded));
    return 0;
  }
  return Finish(ctx, Status(StatusCode::kBadResponse,
                            fmt::format("{}. {}, but cannot follow it, so it cannot tell whether it succeeds; against "
                                        "such an endpoint, {} with --no-wait (exit 0)",
                                        started.cannot_follow, recorded, what)));
}

std::string PlanText(const CommandContext& ctx, const std::string& header, const std::vector<deploy::Change>& changes) {
  bool color =
      !ctx.globals.no_color && DetectReporterOptions(ctx.globals.output, ctx.env, isatty(STDOUT_FILENO) != 0).color;
  std::string text = header + ":";
  std::string rendered = deploy::RenderChanges(changes, color);
  size_t start = 0;
  while (start < rendered.size()) {
    size_t end = rendered.find('\n', start);
    if (end == std::string::npos) end = rendered.size();
    text += "\n  " + rendered.substr(start, end - start);
    start = end + 1;
  }
  return text;
}

Result<std::optional<int>> ParseIntFlag(const char* flag, const std::string& value) {
  if (value.empty()) return std::optional<int>();
  int n = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || end != value.data() + value.size()) {
    return InvalidArgument(fmt::format("{} {}: expected a whole number", flag, value));
  }
  return std::optional<int>(n);
}

}  // namespace berth::cli
