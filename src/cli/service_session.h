// What the service commands (deploy, wait, rollback, diff, status) share:
// the AWS stack and its ECS API, berth's state database, the deploy engine
// (deploy/engine.h) with its events rendered through the Reporter, the wait
// flags, and how the engine's results read on the command line.
//
// Thread-safety: one session per command run.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "aws/ecs/api.h"
#include "aws/stack.h"
#include "cli/args.h"
#include "cli/command.h"
#include "cli/render_events.h"
#include "deploy/engine.h"
#include "store/state.h"

namespace berth::cli {

struct ServiceSession {
  std::unique_ptr<aws::AwsStack> aws;
  std::unique_ptr<aws::EcsApi> ecs;
  std::unique_ptr<store::StateStore> state;  // null unless asked for
  std::unique_ptr<ReporterSink> events;
  std::unique_ptr<deploy::Engine> engine;
};

// --state FILE, and --history FILE, its name from when the file held only the
// deployment history (kept working as an alias).
struct StateFlags {
  std::string state;
  std::string history;
};
void AddStateFlags(ArgParser& parser, StateFlags* flags);
// The path the flags name ("" when none: the default, store::DefaultStatePath).
// kInvalidArgument when both are given and differ.
Result<std::string> StateFlagPath(const StateFlags& flags);

// Opens the state database first (when `with_state`: a bad --state fails
// before any AWS call), then the AWS stack, and wires the engine to both.
// `show_plan`: the plan is printed as an event (deploy), or left to the
// command (diff).
Result<ServiceSession> OpenServiceSession(CommandContext& ctx, const StateFlags& state, bool with_state,
                                          bool show_plan = true);

// The AWS stack alone, wired as the run asks (berth api, berth status).
Result<std::unique_ptr<aws::AwsStack>> OpenAwsStack(const CommandContext& ctx);

// --timeout and --poll-interval, shared by deploy, wait and rollback.
struct WaitFlags {
  std::string timeout = "30m";
  std::string poll_interval = "5s";
};
void AddWaitFlags(ArgParser& parser, WaitFlags* flags);
Result<deploy::FollowOptions> MakeFollowOptions(const WaitFlags& flags);

// kOk for COMPLETED; kDeploymentFailed (reason plus the events that explain
// it) for FAILED; kTimeout for TIMED_OUT. `rollback`: the follow of berth's
// own rollback after `result`, when there was one; the hints then speak of
// it, since the deployment that failed or timed out is gone.
Status VerdictStatus(const deploy::FollowResult& result, const deploy::FollowResult* rollback = nullptr);
Json FollowResultJson(const deploy::FollowResult& result);
// "service web is on web:7 now (PRIMARY deployment ecs-svc/...)": the truth
// at the end, whatever the verdict.
std::string LiveNow(const deploy::LiveState& live);

// When the engine's outcome is INTERRUPTED: prints what was interrupted, that
// ECS goes on, and the `berth wait` line that resumes following; returns the
// exit code (130 for SIGINT, 143 for SIGTERM). `out` is the command's JSON
// result so far.
int FinishInterrupted(CommandContext& ctx, Json out, const deploy::Followed& followed, const std::string& cluster,
                      const StateFlags& state);

// When the engine's outcome is APPLIED: the endpoint accepted the write but
// returned no deployment of it (an emulator that does not model ECS
// deployments, such as moto), so there is nothing to follow. The change is in
// berth's state database either way. With `waited` false (--no-wait) that is
// all that was asked: prints what happened and returns 0; otherwise the
// deployment could not be followed: one kBadResponse error saying so and what
// to do (exit 11). `what` is "deploy" or "rollback".
int FinishApplied(CommandContext& ctx, Json out, const deploy::Started& started, std::string_view what, bool waited);

// The plan as people read it: "<header>:" then each change indented, coloured
// when the output is a terminal that wants colour.
std::string PlanText(const CommandContext& ctx, const std::string& header, const std::vector<deploy::Change>& changes);

// Parses an integer flag value; kInvalidArgument naming the flag.
Result<std::optional<int>> ParseIntFlag(const char* flag, const std::string& value);

}  // namespace berth::cli
