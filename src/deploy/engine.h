// Engine: the whole job of deploying one service, below any user interface.
//
// Deploy: read the service, choose its strategy (deploy/strategy.h: what
// berth cannot drive is refused there), plan (reads only), apply (the
// writes), record the deployment in the state database, follow it to a
// verdict with the watcher, and, when asked, roll back on failure and follow
// that too. Wait follows a deployment already under way; Rollback returns a
// service to the last revision berth saw succeed there.
//
// Progress goes to the EventSink as typed events; the outcome comes back as
// a structured result, including the service's state at the very end (after
// any rollback), from which every summary is computed. Records move
// IN_PROGRESS -> SUCCEEDED | FAILED | TIMED_OUT | INTERRUPTED with
// compare-and-set updates; a record that cannot be written is a warning
// event, never a failed deployment. A write the endpoint answered without a
// deployment (Outcome::kApplied) is recorded IN_PROGRESS with the reason and
// not followed, so a later Rollback still knows what it changed.
//
// Errors name request fields (Status::fields), never command-line flags.
//
// Thread-safety: an Engine runs one operation at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "aws/ecs/api.h"
#include "core/cancel.h"
#include "core/clock.h"
#include "core/result.h"
#include "deploy/events.h"
#include "deploy/request.h"
#include "deploy/strategy.h"
#include "deploy/watch/watcher.h"
#include "store/state.h"

namespace berth::deploy {

struct EngineDeps {
  aws::EcsApi* ecs = nullptr;           // required
  Clock* clock = nullptr;               // required
  EventSink* events = nullptr;          // required
  store::StateStore* state = nullptr;   // optional: nothing is recorded (and Rollback needs --to) when null
  const CancelToken* cancel = nullptr;  // optional: waits end as kInterrupted when it is cancelled
  std::string region;                   // recorded with each deployment
  std::optional<uint64_t> jitter_seed;  // poll jitter; random when unset
};

// How long and how to follow.
struct FollowOptions {
  Duration timeout = std::chrono::minutes(30);
  WatchOptions watch;
};

struct DeployOptions {
  bool dry_run = false;              // plan only
  bool wait = true;                  // follow the deployment (false: return once it started)
  bool rollback_on_failure = false;  // on failure or timeout, back to the previous revision (needs wait)
  FollowOptions follow;
};

enum class Outcome {
  kUnchanged,  // nothing to deploy
  kPlanned,    // dry run
  kStarted,    // started, not followed
  // Written and recorded, but the endpoint returned no deployment of it to
  // follow (Started::cannot_follow says why): an emulator that does not model
  // ECS deployments. Whether it was asked to follow or not.
  kApplied,
  kCompleted,
  kFailed,
  kTimedOut,
  kInterrupted,  // berth stopped following; ECS goes on
};
// "UNCHANGED", "PLANNED", "STARTED", "APPLIED", "COMPLETED", "FAILED", "TIMED_OUT", "INTERRUPTED".
std::string_view OutcomeName(Outcome o);

// The service as last seen: what is live when the operation ends.
struct LiveState {
  std::string service;
  std::string cluster_arn;
  std::string primary_deployment_id;  // "" when there is no PRIMARY deployment
  std::string primary_task_definition;
};

// One deployment berth started (or found) and followed.
struct Followed {
  Started started;
  std::optional<FollowResult> result;  // unset when not followed
  std::optional<int64_t> record_id;    // unset when not recorded
};

struct DeployResult {
  Outcome outcome = Outcome::kUnchanged;
  DeployPlan plan;
  std::optional<Followed> deployment;
  // Set when a rollback was attempted after a failure: what it did, or the
  // error that stopped it.
  std::optional<Followed> rollback;
  std::optional<Status> rollback_error;
  LiveState live;
};

struct WaitRequest {
  std::string cluster;
  std::string service;
  std::string deployment_id;  // "" follows the PRIMARY deployment
};

struct WaitResult {
  Outcome outcome = Outcome::kCompleted;
  Followed deployment;
  LiveState live;
};

struct RollbackRequest {
  std::string cluster;
  std::string service;
  std::string to;  // "": the last revision berth saw succeed; else a revision number, FAMILY:REV or an ARN
  bool wait = true;
  // Roll back although another deployment is under way (it is replaced and
  // recorded SUPERSEDED), or to a revision of another family.
  bool force = false;
};

struct RollbackResult {
  Outcome outcome = Outcome::kUnchanged;
  std::string from;  // the live revision before
  std::string to;    // the target revision (ARN)
  std::string why;   // how the target was chosen
  std::optional<Followed> deployment;
  LiveState live;
};

class Engine {
 public:
  explicit Engine(EngineDeps deps);

  // Reads only: the plan a deployment of `request` would carry out.
  Result<DeployPlan> Plan(const DeployRequest& request);
  Result<DeployResult> Deploy(const DeployRequest& request, const DeployOptions& options);
  Result<WaitResult> Wait(const WaitRequest& request, const FollowOptions& options);
  Result<RollbackResult> Rollback(const RollbackRequest& request, const FollowOptions& options);

 private:
  struct Planned {
    std::unique_ptr<Strategy> strategy;
    DeployPlan plan;
  };
  // How long a plan without a deployment to follow (berth diff) rides out
  // 5xx, throttling and dropped connections on its first read.
  static constexpr Duration kPlanPatience = std::chrono::minutes(2);
  // Reads the service, riding out what a wait rides out (RideOut) for up to
  // `patience`, with a warning per retry.
  Result<aws::EcsService> ReadService(const std::string& cluster, const std::string& service, Duration patience);
  Result<Planned> PlanWithStrategy(const DeployRequest& request, Duration patience);
  // Records `started` as IN_PROGRESS; a failure is a warning event.
  std::optional<int64_t> RecordStart(const Started& started);
  // Follows one deployment and records its verdict.
  // `events_seen`: ids of service events already shown, not shown again.
  Result<FollowResult> FollowAndRecord(Strategy& strategy, const Started& started, std::optional<int64_t> record_id,
                                       const FollowOptions& options, const std::set<std::string>& events_seen = {});
  void RecordFinish(std::optional<int64_t> record_id, const FollowResult& result);
  void Warn(const std::string& service, std::string text);
  // The deployment under way on `service` that a rollback would cut short;
  // null when the service is settled or berth itself judged it failed.
  const aws::EcsDeployment* AnotherDeploymentUnderWay(const aws::EcsService& service);
  // What to roll back to instead of `bad` (an INACTIVE or missing revision).
  std::string SuggestAnother(const aws::EcsService& service, const std::string& from, const std::string& bad);
  // Finishes berth's IN_PROGRESS or INTERRUPTED record of `deployment_id` as SUPERSEDED.
  void MarkSuperseded(const std::string& service_arn, const std::string& deployment_id, const std::string& by);

  EngineDeps deps_;
};

// The outcome a verdict amounts to.
Outcome OutcomeOf(Verdict verdict);
// The LiveState a follow ended on.
LiveState LiveAfter(const aws::EcsService& service, const FollowResult& result);

}  // namespace berth::deploy
