// World: everything the simulator knows (ECS state per Region, image
// behaviours, timings) and the tick that moves it along simulated time.
//
// Time advances lazily: every request (and the server's background ticker)
// calls AdvanceToNow(), which replays the dynamics in steps of one simulated
// second up to SimClock::Now(). Nothing happens between two looks, exactly as
// nothing observable happens in AWS between two API calls.
//
// Extension points for the other simulated services (ELBv2, CloudWatch):
// TaskLifecycleHooks are told when a service task activates and when ECS stops
// it, are asked whether a task is healthy behind its load balancer, and what
// a deployment alarm says.
//
// Thread-safety: callers hold the lock returned by Lock() for every access to
// the state (including AdvanceToNow); the World itself takes no other locks.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "sim/ecs/model.h"
#include "sim/world/ids.h"
#include "sim/world/sim_clock.h"

namespace berth::sim {

// How a container image behaves when the simulator "runs" it.
struct ImageBehaviour {
  enum class Kind {
    kHealthy,
    kExitOnStart,  // the essential container exits before RUNNING (berth's older model of a crash)
    kFailHealthChecks,
    kSlowStart,
    kServeErrors,
    kExitAfterStart,  // RUNNING, then the essential container exits after start_seconds (a crashing app)
    kPullFailure,     // the image cannot be pulled: TaskFailedToStart, CannotPullContainerError
  };
  Kind kind = Kind::kHealthy;
  int start_seconds = 0;  // kSlowStart: extra seconds spent in PENDING; kExitAfterStart: seconds it runs
  int error_percent = 0;  // kServeErrors: share of requests answered with 5xx (for load balancer hooks)
  int exit_code = 1;      // kExitOnStart, kExitAfterStart: the essential container's exit code
};
std::string_view BehaviourKindName(ImageBehaviour::Kind kind);
std::optional<ImageBehaviour::Kind> ParseBehaviourKind(std::string_view name);

// Default timings of the task lifecycle, in simulated seconds.
struct Timings {
  int provisioning_seconds = 3;  // PROVISIONING -> PENDING (ENI attachment)
  int pending_seconds = 10;      // PENDING -> RUNNING (image pull, container start)
  // ACTIVATING -> RUNNING for a task behind a load balancer (its targets are
  // registered as it enters ACTIVATING); other tasks skip ACTIVATING.
  int activating_seconds = 1;
  // A task without container health checks counts as healthy this long after RUNNING
  // (facts §5.1: "counts as healthy 40 s after RUNNING" without a load balancer).
  int no_health_check_healthy_seconds = 40;
  // STOPPING -> DEPROVISIONING: the app exits this long after SIGTERM (or is
  // killed at the container's stopTimeout, if that is shorter).
  int stopping_seconds = 5;
  int deprovisioning_seconds = 3;        // DEPROVISIONING -> STOPPED (ENI detached)
  int stopped_retention_seconds = 3600;  // STOPPED tasks stay visible this long
  int steady_state_repeat_seconds = 6 * 3600;
};

// What the load balancers in front of a task say about it.
struct LoadBalancerVerdict {
  enum class State {
    kNotBehindOne,  // no target group of the task's service or task set exists
    kNotKnownYet,   // registered, health checks still running (ELB "initial")
    kHealthy,
    kUnhealthy,
  };
  State state = State::kNotBehindOne;
  SystemTime known_at{};  // kNotKnownYet: when the verdict will be known
  // kUnhealthy: the target group that failed it, the target's port and ELB's
  // reason (for the service event and the stopped reason AWS writes).
  std::string target_group_arn;
  int port = 0;
  std::string reason;
};

// What deregistering a stopping task from its target groups started.
struct Deregistration {
  std::vector<std::string> target_group_arns;  // empty: the task was behind none
  SystemTime drained_at{};                     // when the last target leaves `draining`
};

// A deployment alarm as ECS sees it.
struct AlarmView {
  std::string state;       // OK, ALARM, INSUFFICIENT_DATA
  int window_seconds = 0;  // Period x EvaluationPeriods: what ECS's bake time is computed from
};

// What the load balancers know about one target group, for ECS's checks of a
// service's loadBalancers (CreateService, UpdateService).
struct TargetGroupView {
  std::string target_type;      // "ip", "instance", "lambda", "alb"
  int load_balancer_count = 0;  // load balancers whose listeners or rules forward to it
};

class World;
class TaskLifecycleHooks {
 public:
  virtual ~TaskLifecycleHooks() = default;
  // The task enters ACTIVATING: register it with its target groups; returns
  // the ARNs of the groups it was registered in.
  virtual std::vector<std::string> OnTaskActivating(World&, EcsRegion&, Service&, Task&) { return {}; }
  // ECS decided to stop a task that was running: deregister it. The task
  // stays DEACTIVATING until the returned drained_at.
  virtual Deregistration OnTaskStopping(World&, EcsRegion&, Service&, Task&) { return {}; }
  // Health behind the service's load balancers. ECS counts a task behind one
  // as healthy only once it is kHealthy, and asks again at known_at while
  // the verdict is not known yet.
  virtual LoadBalancerVerdict LoadBalancerHealth(World&, EcsRegion&, const Service&, const Task&) { return {}; }
  // The CloudWatch alarm `name` in the service's account and Region, or
  // nullopt when these hooks do not know it (ECS deployment alarms and their
  // bake time, see sim/ecs/dynamics.cc).
  virtual std::optional<AlarmView> Alarm(World&, const EcsRegion&, const std::string& /*name*/) { return std::nullopt; }
  // Whether these hooks keep target groups at all (ELBv2 does), and then the
  // target group `arn` of the service's account and Region, or nullopt when
  // it does not exist. ECS checks loadBalancers only against hooks that know.
  virtual bool KnowsTargetGroups() const { return false; }
  virtual std::optional<TargetGroupView> TargetGroup(World&, const EcsRegion&, const std::string& /*arn*/) {
    return std::nullopt;
  }
};

class World {
 public:
  static constexpr const char* kDefaultAccount = "123456789012";

  World(SimClock& clock, uint64_t seed);

  std::unique_lock<std::mutex> Lock() { return std::unique_lock<std::mutex>(mu_); }

  // --- Everything below requires the lock. ---

  // Replays the dynamics up to the clock's now.
  void AdvanceToNow();
  // Drops all state (keeps behaviours' defaults and hooks), reseeding ids.
  void Reset(uint64_t seed);

  // The ECS state of one account in one Region (created empty on first use).
  EcsRegion& Ecs(const std::string& account_id, const std::string& region);
  // Keyed by "<account>/<region>".
  std::map<std::string, EcsRegion>& regions() { return regions_; }
  // Moves the world's "now" back by `d` so the next AdvanceToNow replays `d`
  // of dynamics (seeding a world whose services are already steady).
  void Rewind(Duration d) {
    now_ -= d;
    changed_ = true;
    for (auto& [key, region] : regions_)
      for (auto& [name, cluster] : region.clusters) cluster.quiet_until = SystemTime{};
  }
  SystemTime now() const { return now_; }
  SimClock& clock() { return clock_; }
  IdSource& ids() { return ids_; }
  Timings& timings() { return timings_; }
  const std::string& account_id() const { return account_id_; }

  void SetImageBehaviour(const std::string& image, ImageBehaviour b) { behaviours_[image] = b; }
  void ClearImageBehaviours() { behaviours_.clear(); }
  // Exact reference first, then the repository without tag or digest.
  ImageBehaviour BehaviourFor(const std::string& image) const;
  const std::map<std::string, ImageBehaviour>& behaviours() const { return behaviours_; }

  void AddHooks(std::shared_ptr<TaskLifecycleHooks> hooks) { hooks_.push_back(std::move(hooks)); }
  const std::vector<std::shared_ptr<TaskLifecycleHooks>>& hooks() const { return hooks_; }

  // Whole-world JSON (admin dump and --state files). FromJson replaces the state.
  Json ToJson() const;
  Status FromJson(const Json& doc);

  // One simulated step at `now_` (exposed for tests; AdvanceToNow calls it).
  void Step();
  // Something outside the tick (an API call, a test) changed the state: the
  // next step visits every cluster, including quiet ones.
  void MarkChanged() { changed_ = true; }
  bool changed() const { return changed_; }

 private:
  SimClock& clock_;
  std::mutex mu_;
  IdSource ids_;
  Timings timings_;
  std::string account_id_ = kDefaultAccount;
  SystemTime now_;
  std::map<std::string, EcsRegion> regions_;
  std::map<std::string, ImageBehaviour> behaviours_;
  std::vector<std::shared_ptr<TaskLifecycleHooks>> hooks_;
  bool changed_ = true;
};

}  // namespace berth::sim
