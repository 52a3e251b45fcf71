// What the service commands (deploy, wait, rollback, diff, status) share:
// the AWS context and ECS API, berth's deployment history, the wait flags,
// and following a deployment to its verdict while keeping the history true.
//
// Thread-safety: one session per command run.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "aws/ecs/api.h"
#include "cli/args.h"
#include "cli/aws_context.h"
#include "cli/command.h"
#include "deploy/taskdef/diff.h"
#include "deploy/watch/follower.h"
#include "store/history.h"

namespace berth::cli {

struct ServiceSession {
  std::unique_ptr<AwsContext> aws;
  std::unique_ptr<aws::EcsApi> ecs;
  std::unique_ptr<store::DeploymentHistory> history;  // null unless asked for
  std::string history_path;
};

// `history_flag` is --history FILE ("" = store::DefaultHistoryPath).
Result<ServiceSession> OpenServiceSession(CommandContext& ctx, const std::string& history_flag, bool with_history);

// --timeout and --poll-interval, shared by deploy, wait and rollback.
struct WaitFlags {
  std::string timeout = "30m";
  std::string poll_interval = "5s";
};
void AddWaitFlags(ArgParser& parser, WaitFlags* flags);
Result<deploy::FollowOptions> MakeFollowOptions(const WaitFlags& flags, std::string cluster, std::string service);

// A history record for a deployment berth just started.
store::DeploymentRecord NewRecord(const ServiceSession& session, const aws::EcsService& service, std::string kind,
                                  std::string deployment_id, std::string previous_task_definition,
                                  std::string task_definition);
// Records it (a history failure is a warning: the deployment itself went ahead).
std::optional<int64_t> RecordStart(CommandContext& ctx, ServiceSession& session, const store::DeploymentRecord& record);

// Follows `options`, then sets the outcome of history record `record_id`
// (when given) and reports the verdict line.
Result<deploy::FollowResult> FollowAndRecord(CommandContext& ctx, ServiceSession& session,
                                             const deploy::FollowOptions& options, std::optional<int64_t> record_id);

// kOk for COMPLETED; kDeploymentFailed (reason plus the events that explain
// it) for FAILED; kTimeout for TIMED_OUT.
Status VerdictStatus(const deploy::FollowResult& result);
Json FollowResultJson(const deploy::FollowResult& result);
// "service web is on web:7 now (PRIMARY deployment ecs-svc/...)": the truth
// after a follow, whatever the verdict.
std::string LiveNow(const std::string& service, const deploy::FollowResult& result);

// The plan as people read it: "<header>:" then each change indented, coloured
// when the output is a terminal that wants colour.
std::string PlanText(const CommandContext& ctx, const std::string& header, const std::vector<deploy::Change>& changes);

// Parses an integer flag value; kInvalidArgument naming the flag.
Result<std::optional<int>> ParseIntFlag(const char* flag, const std::string& value);

}  // namespace berth::cli
