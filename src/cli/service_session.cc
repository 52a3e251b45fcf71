#include "cli/service_session.h"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <charconv>

#include <fmt/format.h>

#include "core/duration.h"

namespace berth::cli {

using deploy::ShortTaskDefinition;

Result<ServiceSession> OpenServiceSession(CommandContext& ctx, const std::string& history_flag, bool with_history) {
  ServiceSession session;
  if (with_history) {
    // The history is opened first: a bad --history fails before any AWS call.
    if (history_flag.empty()) {
      BERTH_ASSIGN_OR_RETURN(session.history_path, store::DefaultHistoryPath(ctx.env));
    } else {
      session.history_path = history_flag;
    }
    BERTH_ASSIGN_OR_RETURN(auto history, store::SqliteHistory::Open(session.history_path));
    session.history = std::move(history);
  }
  BERTH_ASSIGN_OR_RETURN(session.aws, MakeAwsContext(ctx.globals, ctx.env));
  session.ecs = std::make_unique<aws::HttpEcsApi>(*session.aws->client);
  return session;
}

void AddWaitFlags(ArgParser& parser, WaitFlags* flags) {
  parser.AddString({"--timeout", "DURATION", "how long to follow the deployment (default 30m)"}, &flags->timeout);
  parser.AddString({"--poll-interval", "DURATION", "DescribeServices every DURATION, +-20% jitter (default 5s)"},
                   &flags->poll_interval);
}

Result<deploy::FollowOptions> MakeFollowOptions(const WaitFlags& flags, std::string cluster, std::string service) {
  deploy::FollowOptions options;
  options.cluster = std::move(cluster);
  options.service = std::move(service);
  auto timeout = ParseDuration(flags.timeout);
  if (!timeout || timeout->count() <= 0) {
    return InvalidArgument(fmt::format("--timeout {}: give a duration such as 30m, 90s or 1h30m", flags.timeout));
  }
  auto interval = ParseDuration(flags.poll_interval);
  if (!interval || interval->count() < 50) {
    return InvalidArgument(
        fmt::format("--poll-interval {}: give a duration of at least 50ms, such as 5s", flags.poll_interval));
  }
  options.timeout = *timeout;
  options.poll_interval = *interval;
  options.max_poll_interval = std::max(options.max_poll_interval, *interval);
  return options;
}

store::DeploymentRecord NewRecord(const ServiceSession& session, const aws::EcsService& service, std::string kind,
                                  std::string deployment_id, std::string previous_task_definition,
                                  std::string task_definition) {
  store::DeploymentRecord record;
  record.region = session.aws->settings.region;
  record.cluster_arn = service.cluster_arn;
  record.service_arn = service.arn;
  record.service_name = service.name;
  record.kind = std::move(kind);
  record.deployment_id = std::move(deployment_id);
  record.previous_task_definition = std::move(previous_task_definition);
  record.task_definition = std::move(task_definition);
  record.started_at = session.aws->clock->Now();
  return record;
}

std::optional<int64_t> RecordStart(CommandContext& ctx, ServiceSession& session,
                                   const store::DeploymentRecord& record) {
  if (session.history == nullptr) return std::nullopt;
  auto id = session.history->Record(record);
  if (!id.ok()) {
    ctx.reporter.Warn(
        fmt::format("could not write the deployment history ({}): `berth rollback` will not "
                    "know about this deployment",
                    id.status().message()));
    return std::nullopt;
  }
  return *id;
}

Result<deploy::FollowResult> FollowAndRecord(CommandContext& ctx, ServiceSession& session,
                                             const deploy::FollowOptions& options, std::optional<int64_t> record_id) {
  deploy::Follower follower(*session.ecs, *session.aws->clock, ctx.reporter);
  ctx.reporter.Info(fmt::format("following deployment {} of service {} (timeout {})", options.deployment_id,
                                options.service, FormatDuration(options.timeout)));
  BERTH_ASSIGN_OR_RETURN(deploy::FollowResult result, follower.Follow(options));
  if (record_id && session.history != nullptr) {
    store::DeploymentOutcome outcome =
        result.verdict == deploy::Verdict::kCompleted ? store::DeploymentOutcome::kSucceeded
        : result.verdict == deploy::Verdict::kFailed  ? store::DeploymentOutcome::kFailed
                                                      : store::DeploymentOutcome::kTimedOut;
    Status s = session.history->Finish(*record_id, outcome, result.reason, session.aws->clock->Now());
    if (!s.ok()) ctx.reporter.Warn(fmt::format("could not update the deployment history: {}", s.message()));
  }
  if (result.verdict == deploy::Verdict::kCompleted) {
    std::string td =
        ShortTaskDefinition(result.deployment ? result.deployment->task_definition : options.task_definition);
    ctx.reporter.Info(
        fmt::format("deployment {} COMPLETED: {} is live on service {}", options.deployment_id, td, options.service));
  }
  return result;
}

Status VerdictStatus(const deploy::FollowResult& result) {
  switch (result.verdict) {
    case deploy::Verdict::kCompleted: return Status::Ok();
    case deploy::Verdict::kFailed: {
      std::string message = fmt::format("deployment {} FAILED: {}", result.deployment_id, result.reason);
      if (!result.events.empty()) {
        message += "\nservice events:";
        size_t from = result.events.size() > 5 ? result.events.size() - 5 : 0;
        for (size_t i = from; i < result.events.size(); ++i) message += "\n  " + result.events[i];
      }
      return Status(StatusCode::kDeploymentFailed, message);
    }
    case deploy::Verdict::kTimedOut:
      return TimeoutError(fmt::format("deployment {} TIMED OUT: ", result.deployment_id) + result.reason +
                          "; it is still running in ECS: `berth wait` follows it again, "
                          "`berth rollback` goes back");
  }
  return InternalError("unknown verdict");
}

std::string LiveNow(const std::string& service, const deploy::FollowResult& result) {
  if (result.primary_deployment_id.empty()) return fmt::format("service {} has no PRIMARY deployment", service);
  return fmt::format("service {} is on {} now (PRIMARY deployment {})", service,
                     ShortTaskDefinition(result.primary_task_definition), result.primary_deployment_id);
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
  if (result.deployment) {
    const aws::EcsDeployment& d = *result.deployment;
    j["deployment"] = {{"taskDefinition", d.task_definition}, {"status", d.status},
                       {"rolloutState", d.rollout_state},     {"desiredCount", d.desired_count},
                       {"runningCount", d.running_count},     {"pendingCount", d.pending_count},
                       {"failedTasks", d.failed_tasks}};
  }
  return j;
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
