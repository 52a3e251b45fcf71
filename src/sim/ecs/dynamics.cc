#include "sim/ecs/dynamics.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "core/strings.h"

namespace berth::sim {
namespace {

using std::chrono::seconds;

std::string TaskIdList(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += fmt::format(" (task {})", id);
  return out;
}

Deployment* Primary(Service& s) {
  for (auto& d : s.deployments)
    if (d.status == "PRIMARY") return &d;
  return nullptr;
}

Deployment* FindDeployment(Service& s, const std::string& id) {
  for (auto& d : s.deployments)
    if (d.id == id) return &d;
  return nullptr;
}

Service* OwningService(Cluster& c, const Task& t) {
  if (t.service.empty()) return nullptr;
  auto it = c.services.find(t.service);
  return it == c.services.end() ? nullptr : &it->second;
}

// Records a failed task against its deployment and trips the circuit breaker.
void CountFailure(World& world, EcsRegion& ecs, Service& service, const Task& task, bool before_running);

// Fails `dep` (rolloutState FAILED) and, when `rollback`, starts a deployment
// of the last COMPLETED one. `mechanism` names what failed it in the reasons
// ("ECS deployment circuit breaker", "ECS deployment alarms").
void FailDeployment(World& world, Service& service, Deployment& dep, const std::string& mechanism,
                    const std::string& reason, const std::string& event_detail, bool rollback) {
  dep.rollout_state = "FAILED";
  dep.rollout_state_reason = reason;
  dep.updated_at = world.now();
  AddServiceEvent(
      world, service,
      fmt::format("(service {}) (deployment {}) deployment failed: {}", service.name, dep.id, event_detail));
  if (!rollback) {
    dep.service_deployment_status = "STOPPED";
    dep.service_deployment_reason = dep.rollout_state_reason;
    FinishDeployment(world, service, dep);
    return;
  }
  const Deployment* target = nullptr;
  for (const auto& d : service.deployments)
    if (d.id != dep.id && d.rollout_state == "COMPLETED") {
      target = &d;
      break;
    }
  if (target == nullptr) {
    // ECS has nothing to roll back to: the deployment stays FAILED and stalls.
    dep.service_deployment_status = "ROLLBACK_FAILED";
    dep.service_deployment_reason = "No completed deployment to roll back to.";
    return;
  }
  std::string target_id = target->id;
  service.task_definition_arn = target->task_definition_arn;
  service.network_configuration = target->network_configuration;
  dep.service_deployment_status = "ROLLBACK_IN_PROGRESS";
  dep.rollback_started_at = world.now();
  dep.rollback_target = target_id;
  dep.rollback_reason = dep.rollout_state_reason;
  std::string failed_id = dep.id;  // `dep` is invalidated by StartDeployment
  std::string new_id = StartDeployment(world, service);
  Deployment* rb = FindDeployment(service, new_id);
  rb->rollback_of = failed_id;
  rb->rollout_state_reason = fmt::format("{}: rolling back to deploymentId {}.", mechanism, target_id);
  AddServiceEvent(world, service, fmt::format("(service {}) rolling back to deployment {}.", service.name, target_id));
}

void TripBreaker(World& world, EcsRegion& ecs, Service& service, Deployment& dep) {
  (void)ecs;
  FailDeployment(world, service, dep, "ECS deployment circuit breaker",
                 "ECS deployment circuit breaker: tasks failed to start.", "tasks failed to start.",
                 dep.deployment_configuration.value("/deploymentCircuitBreaker/rollback"_json_pointer, false));
}

// The deploymentConfiguration.alarms.alarmNames of `dep` that exist, with
// what CloudWatch says of each; empty when its alarms are off.
std::vector<std::pair<std::string, AlarmView>> DeploymentAlarms(World& world, EcsRegion& ecs, const Deployment& dep) {
  std::vector<std::pair<std::string, AlarmView>> out;
  const Json& cfg = dep.deployment_configuration;
  auto alarms = cfg.find("alarms");
  if (alarms == cfg.end() || !alarms->is_object() || !alarms->value("enable", false)) return out;
  auto names = alarms->find("alarmNames");
  if (names == alarms->end() || !names->is_array()) return out;
  for (const auto& n : *names) {
    if (!n.is_string()) continue;
    for (auto& h : world.hooks())
      if (std::optional<AlarmView> view = h->Alarm(world, ecs, n.get<std::string>())) {
        out.emplace_back(n.get<std::string>(), *view);
        break;
      }
  }
  return out;
}

// The names of `dep`'s deployment alarms in ALARM now.
std::vector<std::string> DeploymentAlarmsInAlarm(World& world, EcsRegion& ecs, const Deployment& dep) {
  std::vector<std::string> triggered;
  for (const auto& [name, view] : DeploymentAlarms(world, ecs, dep))
    if (view.state == "ALARM") triggered.push_back(name);
  return triggered;
}

// Whether ECS watches `dep`'s alarms at all: enabled, none in ALARM when it
// started, and not a rollback.
bool AlarmsMonitored(const Deployment& dep) {
  return dep.deployment_configuration.value("/alarms/enable"_json_pointer, false) &&
         dep.alarms_in_alarm_at_start.empty() && dep.rollback_of.empty();
}

// The bake time of a deployment whose alarms ECS monitors. AWS computes it
// "based on the alarm configuration" without publishing the formula; the
// simulator takes the longest alarm's evaluation window (Period x
// EvaluationPeriods), so an alarm has had the chance to see the new version
// through one whole window. 0 without monitored alarms.
int BakeSeconds(World& world, EcsRegion& ecs, const Deployment& dep) {
  if (!AlarmsMonitored(dep)) return 0;
  int bake = 0;
  for (const auto& [name, view] : DeploymentAlarms(world, ecs, dep)) bake = std::max(bake, view.window_seconds);
  return bake;
}

}  // namespace

void SnapshotDeploymentAlarms(World& world, EcsRegion& ecs, Deployment& dep) {
  dep.alarms_in_alarm_at_start = DeploymentAlarmsInAlarm(world, ecs, dep);
}

namespace {

// Deployment alarms: while the primary (not a rollback) is IN_PROGRESS, any of
// deploymentConfiguration.alarms.alarmNames in ALARM fails it, unless one was
// in ALARM already when it started (then ECS does not monitor them).
void CheckDeploymentAlarms(World& world, EcsRegion& ecs, Service& service, Deployment& dep) {
  if (dep.rollout_state != "IN_PROGRESS" || !AlarmsMonitored(dep)) return;
  std::vector<std::string> triggered = DeploymentAlarmsInAlarm(world, ecs, dep);
  if (triggered.empty()) return;
  dep.triggered_alarms = triggered;
  std::string list = Join(triggered, ", ");
  FailDeployment(world, service, dep, "ECS deployment alarms",
                 fmt::format("ECS deployment alarms: CloudWatch alarm(s) in ALARM state: {}.", list),
                 fmt::format("CloudWatch alarm(s) {} in ALARM state.", list),
                 dep.deployment_configuration.value("/alarms/rollback"_json_pointer, false));
}

void CountFailure(World& world, EcsRegion& ecs, Service& service, const Task& task, bool before_running) {
  Deployment* dep = FindDeployment(service, task.started_by);
  if (dep == nullptr || dep->rollout_state != "IN_PROGRESS") return;
  // Stage 1 counts tasks that never reach RUNNING; stage 2 counts health-check replacements.
  if ((dep->breaker_stage == 1) != before_running) return;
  dep->failed_tasks++;
  dep->breaker_failures++;
  dep->updated_at = world.now();
  bool enabled = dep->deployment_configuration.value("/deploymentCircuitBreaker/enable"_json_pointer, false);
  if (enabled && dep->status == "PRIMARY" && dep->breaker_failures >= CircuitBreakerThreshold(service.desired_count)) {
    TripBreaker(world, ecs, service, *dep);
  }
}

// Task-launch throttling (service-throttle-logic): after kThrottleAfter tasks
// of a service in a row stop before RUNNING, the scheduler waits before each
// next launch, doubling from kThrottleFirstSeconds up to AWS's 15 minutes.
// AWS documents the cap, not the steps; these are the simulator's.
constexpr int kThrottleAfter = 3;
constexpr int kThrottleFirstSeconds = 30;
constexpr int kThrottleMaxSeconds = 15 * 60;

// The wait before the next launch after `failures` failed starts in a row.
seconds ThrottleWait(int failures) {
  if (failures < kThrottleAfter) return seconds(0);
  int steps = std::min(failures - kThrottleAfter, 10);
  return seconds(std::min(kThrottleMaxSeconds, kThrottleFirstSeconds << steps));
}

// Throttled, the scheduler launches one task per wait, so the next launch
// waits too (whether or not this one fails).
void NoteThrottledLaunch(World& world, Service& svc) {
  if (svc.start_failures >= kThrottleAfter) svc.launch_not_before = world.now() + ThrottleWait(svc.start_failures);
}

void CountStartFailure(World& world, Service& svc) {
  svc.start_failures++;
  if (svc.start_failures < kThrottleAfter) return;
  svc.launch_not_before = world.now() + ThrottleWait(svc.start_failures);
  if (svc.start_failures == kThrottleAfter)
    AddServiceEvent(world, svc,
                    fmt::format("(service {}) is unable to consistently start tasks successfully.", svc.name));
}

// Into STOPPING: SIGTERM now; the app exits stopping_seconds later, or is
// killed at the container's stopTimeout if that comes first.
void EnterStopping(World& world, Service* svc, Task& t) {
  t.last_status = "STOPPING";
  t.next_transition = world.now() + seconds(std::min(world.timings().stopping_seconds, t.stop_timeout_seconds));
  t.version++;
  if (svc != nullptr && t.announce_stop) svc->pending_events.stopped.push_back(t.id);
}

void EnterRunning(World& world, Service* svc, Task& t) {
  SystemTime now = world.now();
  t.last_status = "RUNNING";
  t.started_at = now;
  t.reached_running = true;
  t.health_due = now + seconds(t.health_check_detect_seconds);
  if (t.exits_after_seconds >= 0) t.exits_at = now + seconds(t.exits_after_seconds);
  t.version++;
  if (svc == nullptr) return;
  svc->start_failures = 0;
  svc->launch_not_before = SystemTime{};
  if (Deployment* dep = FindDeployment(*svc, t.started_by); dep != nullptr && dep->breaker_stage == 1) {
    dep->breaker_stage = 2;
    dep->breaker_failures = 0;
    dep->failed_tasks = 0;
  }
}

// The end of PENDING: the task starts, or fails to (an image behaviour).
void FinishPending(World& world, EcsRegion& ecs, Cluster& cluster, Service* svc, Task& t) {
  t.pull_stopped_at = world.now();
  if (t.exits_on_start || !t.pull_failure_image.empty()) {
    if (t.exits_on_start) {
      t.container_reason = "";
      StopTask(world, ecs, cluster, t, "Essential container in task exited", "EssentialContainerExited",
               t.exit_code_on_start);
    } else {
      // AWS's wording for an image that does not exist (stopped-task-error-codes.html).
      t.container_reason = fmt::format(
          "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref {}: "
          "not found",
          t.pull_failure_image);
      StopTask(world, ecs, cluster, t, t.container_reason, "TaskFailedToStart", std::nullopt);
    }
    if (svc != nullptr) {
      // Throttling first: a breaker rollback it may trip starts unthrottled.
      CountStartFailure(world, *svc);
      CountFailure(world, ecs, *svc, t, /*before_running=*/true);
    }
    return;
  }
  // ACTIVATING: ECS registers the task with its target groups before RUNNING.
  std::vector<std::string> groups;
  if (svc != nullptr)
    for (auto& h : world.hooks())
      for (auto& arn : h->OnTaskActivating(world, ecs, *svc, t)) groups.push_back(std::move(arn));
  if (groups.empty()) {
    EnterRunning(world, svc, t);
    return;
  }
  for (const auto& arn : groups) svc->pending_events.registered[arn]++;
  t.last_status = "ACTIVATING";
  t.next_transition = world.now() + seconds(world.timings().activating_seconds);
  t.version++;
}

void StepTask(World& world, EcsRegion& ecs, Cluster& cluster, Task& t) {
  const Timings& tm = world.timings();
  SystemTime now = world.now();
  // Most tasks have nothing due in a given second: leave before the lookups.
  bool due = t.last_status == "RUNNING"
                 ? (t.desired_status == "RUNNING" && ((!t.healthy && t.replace_reason.empty() && now >= t.health_due) ||
                                                      (t.exits_at && now >= *t.exits_at)))
                 : (t.last_status != "STOPPED" && now >= t.next_transition);
  if (!due) return;
  Service* svc = OwningService(cluster, t);
  if (t.last_status == "PROVISIONING") {
    t.last_status = "PENDING";
    t.pull_started_at = now;
    t.next_transition = now + seconds(tm.pending_seconds + t.extra_start_seconds);
    t.version++;
  } else if (t.last_status == "PENDING" && t.desired_status == "RUNNING") {
    FinishPending(world, ecs, cluster, svc, t);
  } else if (t.last_status == "ACTIVATING" && t.desired_status == "RUNNING") {
    EnterRunning(world, svc, t);
  } else if (t.last_status == "RUNNING" && t.exits_at && now >= *t.exits_at) {
    // A crashing app: it did reach RUNNING. Whether ECS's circuit breaker
    // counts it is not documented; AWS staff describe it as counted when the
    // task has health checks and exits before it is healthy, and the
    // deployment's failed count as reset once a task ran (no health checks:
    // never counted). Modelled so (docs/sim.md).
    bool counted = t.has_health_check && !t.healthy;
    t.exits_at.reset();
    StopTask(world, ecs, cluster, t, "Essential container in task exited", "EssentialContainerExited",
             t.exit_code_on_start);
    if (svc != nullptr && counted) CountFailure(world, ecs, *svc, t, /*before_running=*/false);
  } else if (t.last_status == "RUNNING" && !t.healthy && t.replace_reason.empty() && now >= t.health_due) {
    using LbState = LoadBalancerVerdict::State;
    LoadBalancerVerdict lb;
    if (svc != nullptr)
      for (auto& h : world.hooks())
        if (auto v = h->LoadBalancerHealth(world, ecs, *svc, t); v.state != LbState::kNotBehindOne) lb = v;
    bool container_fail = t.fails_health_checks && t.has_health_check;
    bool lb_fail = lb.state == LbState::kUnhealthy;
    if (!container_fail && lb.state == LbState::kNotKnownYet) {
      // ELB's health checks have not passed (or failed) yet: ask again then.
      t.health_due = std::max(lb.known_at, now + seconds(1));
      return;
    }
    if (!container_fail && !lb_fail) {
      t.healthy = true;
      if (t.has_health_check) t.health_status = "HEALTHY";
      t.version++;
      // AWS counts consecutive failures: a healthy task resets the count.
      if (Deployment* dep = svc != nullptr ? FindDeployment(*svc, t.started_by) : nullptr;
          dep != nullptr && dep->rollout_state == "IN_PROGRESS" && dep->breaker_stage == 2) {
        dep->breaker_failures = 0;
        dep->failed_tasks = 0;
      }
      return;
    }
    int grace = svc != nullptr ? svc->health_check_grace_period_seconds.value_or(0) : 0;
    SystemTime grace_end = *t.started_at + seconds(grace);
    if (now < grace_end) {
      t.health_due = grace_end;  // ECS ignores unhealthy verdicts during the grace period
      return;
    }
    if (container_fail) t.health_status = "UNHEALTHY";
    if (svc != nullptr)
      AddServiceEvent(world, *svc,
                      container_fail
                          ? fmt::format("(service {}) (task {}) failed container health checks.", svc->name, t.id)
                          : fmt::format("(service {}) (port {}) is unhealthy in (target-group {}) due "
                                        "to (reason {}).",
                                        svc->name, lb.port, lb.target_group_arn, lb.reason));
    std::string reason = container_fail
                             ? std::string("Task failed container health checks")
                             : fmt::format("Task failed ELB health checks in (target-group {})", lb.target_group_arn);
    if (svc != nullptr && svc->controller == "ECS" &&
        svc->deployment_configuration.value("maximumPercent", 200) > 100) {
      // AWS replaces an unhealthy task start-first when maximumPercent
      // allows: the rolling step launches its replacement and stops it once
      // the replacement runs (StepRollingService).
      t.replace_reason = reason;  // the verdict is in: not asked again (StepTask's `due`)
      t.version++;
    } else {
      StopTask(world, ecs, cluster, t, reason, "ServiceSchedulerInitiated", 143);
    }
    if (svc != nullptr) CountFailure(world, ecs, *svc, t, /*before_running=*/false);
  } else if (t.last_status == "DEACTIVATING") {
    EnterStopping(world, svc, t);  // the targets have drained
  } else if (t.last_status == "STOPPING") {
    t.execution_stopped_at = now;
    t.version++;
    if (!t.eni_id.empty()) {
      t.last_status = "DEPROVISIONING";  // detaching the task's network interface
      t.next_transition = now + seconds(tm.deprovisioning_seconds);
    } else {
      t.last_status = "STOPPED";
      t.stopped_at = now;
    }
  } else if (t.last_status == "DEPROVISIONING") {
    t.last_status = "STOPPED";
    t.stopped_at = now;
    t.version++;
  }
}

// Rolling replacement for the ECS controller.
// `tasks` holds every task of the service (StepRegion indexes them once per step).
void StepRollingService(World& world, EcsRegion& ecs, Cluster& cluster, Service& svc, std::vector<Task*>& tasks) {
  Deployment* primary = Primary(svc);
  if (primary == nullptr) return;
  for (auto& dep : svc.deployments)
    if (dep.service_deployment_status == "PENDING") dep.service_deployment_status = "IN_PROGRESS";
  CheckDeploymentAlarms(world, ecs, svc, *primary);
  primary = Primary(svc);  // a rollback started a new primary
  const Json& cfg = svc.deployment_configuration;
  int desired = svc.status == "ACTIVE" ? svc.desired_count : 0;
  int max_pct = cfg.value("maximumPercent", 200);
  int min_pct = cfg.value("minimumHealthyPercent", 100);
  int max_total = static_cast<int>(std::floor(desired * max_pct / 100.0));
  int min_healthy = static_cast<int>(std::ceil(desired * min_pct / 100.0));

  std::map<std::string, std::vector<Task*>> by_dep;
  int healthy_total = 0;
  for (Task* tp : tasks) {
    Task& t = *tp;
    if (!t.active()) continue;
    by_dep[t.started_by].push_back(&t);
    if (t.running() && t.healthy) healthy_total++;
  }
  int stopped = 0;
  auto stop = [&](Task* t, const std::string& by) {
    StopTask(world, ecs, cluster, *t, fmt::format("Scaling activity initiated by (deployment {})", by),
             "ServiceSchedulerInitiated", 0);
    stopped++;
  };
  // Old deployments: unhealthy or pending tasks go first, healthy ones only
  // while the service keeps minimumHealthyPercent.
  for (auto& dep : svc.deployments) {
    if (dep.status != "ACTIVE") continue;
    auto& tasks = by_dep[dep.id];
    std::stable_partition(tasks.begin(), tasks.end(), [](Task* t) { return !(t->running() && t->healthy); });
    for (Task* t : tasks) {
      bool counts = t->running() && t->healthy;
      if (counts && healthy_total - 1 < min_healthy) break;
      if (counts) healthy_total--;
      stop(t, primary->id);
    }
  }
  // Scale-in of the primary (desired count lowered): pending tasks first.
  // Unhealthy tasks waiting for their replacement are not counted: they go.
  auto& mine = by_dep[primary->id];
  std::vector<Task*> live, replaced;
  for (Task* t : mine)
    if (t->active()) (t->replace_reason.empty() ? live : replaced).push_back(t);
  if (static_cast<int>(live.size()) > desired) {
    std::stable_partition(live.begin(), live.end(), [](Task* t) { return !(t->running() && t->healthy); });
    int excess = static_cast<int>(live.size()) - desired;
    for (int i = 0; i < excess; ++i) stop(live[i], primary->id);
    live.erase(live.begin(), live.begin() + excess);
  }
  // Launch for the primary within maximumPercent. A FAILED deployment launches nothing.
  int total_active = 0;
  for (Task* t : tasks)
    if (t->active()) total_active++;
  std::vector<std::string> started;
  int missing = desired - static_cast<int>(live.size());
  bool throttled = world.now() < svc.launch_not_before;
  if (primary->rollout_state != "FAILED" && !throttled) {
    int n = std::min(missing, max_total - total_active);
    // Throttled launches go one at a time, each waiting its turn.
    if (svc.start_failures >= kThrottleAfter) n = std::min(n, 1);
    if (n > 0) NoteThrottledLaunch(world, svc);
    for (int i = 0; i < n; ++i) {
      Task& launched = LaunchTask(world, ecs, cluster, &svc, primary->task_definition_arn, primary->id);
      tasks.push_back(&launched);
      started.push_back(launched.id);
    }
  }
  if (!started.empty())
    AddServiceEvent(
        world, svc,
        fmt::format("(service {}) has started {} tasks:{}.", svc.name, started.size(), TaskIdList(started)));
  // Start-first replacement: an unhealthy task stops once enough of the
  // others run (its replacement among them), or at once when there was no
  // room to start one, or when the deployment launches nothing more.
  int running_live = 0;
  for (Task* t : live)
    if (t->running()) running_live++;
  bool no_room = missing > 0 && started.empty();
  for (Task* t : replaced)
    if (running_live >= desired || no_room || primary->rollout_state == "FAILED") {
      std::string reason = t->replace_reason;
      t->replace_reason.clear();
      StopTask(world, ecs, cluster, *t, reason, "ServiceSchedulerInitiated", 143);
    }

  // Counts, retirement of drained deployments, completion and steady state.
  // An old deployment stays ACTIVE until its last task is STOPPED (draining
  // included), so COMPLETED implies the old targets have drained.
  bool all_primary_healthy = true;
  bool any_stopping = false;
  std::vector<Deployment*> drained;
  for (auto& dep : svc.deployments) {
    if (dep.status == "INACTIVE") continue;
    int pending = 0, running = 0, stopping = 0;
    for (Task* tp : tasks) {
      const Task& t = *tp;
      if (t.started_by != dep.id) continue;
      if (t.pending()) pending++;
      if (t.running()) running++;
      if (t.running() && !t.healthy && dep.status == "PRIMARY") all_primary_healthy = false;
      if (t.stopping()) stopping++;
    }
    if (stopping > 0) any_stopping = true;
    if (dep.pending_count != pending || dep.running_count != running) dep.updated_at = world.now();
    dep.pending_count = pending;
    dep.running_count = running;
    if (dep.status == "ACTIVE") {
      dep.desired_count = pending + running;
      if (pending + running == 0 && stopping == 0) drained.push_back(&dep);
    } else {
      dep.desired_count = desired;
    }
  }
  int visible = 0;
  for (auto& dep : svc.deployments)
    if (dep.status != "INACTIVE") visible++;
  bool scaled =
      primary->running_count == desired && primary->pending_count == 0 && all_primary_healthy && svc.status == "ACTIVE";
  // Bake time: with monitored deployment alarms, once the new version has
  // scaled out and the old one in, ECS keeps the old deployment ACTIVE and the
  // new one IN_PROGRESS, still watching the alarms, for the bake time.
  // Until then a drained old deployment is kept, however early its tasks
  // stopped (minimumHealthyPercent below 100 stops them before the new ones
  // are healthy), so the bake cannot be skipped.
  bool baking = false;
  if (primary->rollout_state == "IN_PROGRESS" && AlarmsMonitored(*primary)) {
    if (!primary->bake_started_at) {
      baking = !drained.empty();  // hold them until the new version is scaled out
      if (scaled && visible == 1 + static_cast<int>(drained.size()) && !drained.empty()) {
        primary->bake_seconds = BakeSeconds(world, ecs, *primary);
        if (primary->bake_seconds > 0) primary->bake_started_at = world.now();
        baking = primary->bake_seconds > 0;
      }
    } else {
      baking = world.now() < *primary->bake_started_at + seconds(primary->bake_seconds);
    }
  }
  if (!baking)
    for (Deployment* dep : drained) {
      dep->status = "INACTIVE";
      dep->updated_at = world.now();
      visible--;
      // A rollback in progress is finished by the rollback deployment's completion.
      if (dep->service_deployment_status == "IN_PROGRESS" || dep->service_deployment_status == "PENDING") {
        dep->service_deployment_status = "STOPPED";
        FinishDeployment(world, svc, *dep);
      }
    }
  // Neither a stop nor a start is allowed (say minimum and maximum both 100):
  // AWS says so in an event (service-event-messages) and the deployment waits.
  if (primary->rollout_state == "IN_PROGRESS" && started.empty() && stopped == 0 && !any_stopping && missing > 0 &&
      total_active >= max_total && !primary->config_stall_reported) {
    primary->config_stall_reported = true;
    AddServiceEvent(world, svc,
                    fmt::format("service {} was unable to stop or start tasks during a deployment because of the "
                                "service deployment configuration. Update the minimumHealthyPercent or "
                                "maximumPercent value and try again.",
                                svc.name));
  }
  bool steady = visible == 1 && scaled;
  if (steady && primary->rollout_state == "IN_PROGRESS") {
    primary->rollout_state = "COMPLETED";
    primary->rollout_state_reason = fmt::format("ECS deployment {} completed.", primary->id);
    primary->updated_at = world.now();
    primary->service_deployment_status = "SUCCESSFUL";
    FinishDeployment(world, svc, *primary);
    AddServiceEvent(world, svc,
                    fmt::format("(service {}) (deployment {}) deployment completed.", svc.name, primary->id));
    if (!primary->rollback_of.empty()) {
      if (Deployment* failed = FindDeployment(svc, primary->rollback_of)) {
        failed->service_deployment_status = "ROLLBACK_SUCCESSFUL";
        FinishDeployment(world, svc, *failed);
      }
    }
  }
  bool repeat = steady && svc.steady &&
                world.now() - svc.last_steady_event >= seconds(world.timings().steady_state_repeat_seconds);
  if ((steady && !svc.steady) || repeat) {
    AddServiceEvent(world, svc, fmt::format("(service {}) has reached a steady state.", svc.name));
    svc.last_steady_event = world.now();
  }
  svc.steady = steady;
}

// Task-set scaling for the EXTERNAL and CODE_DEPLOY controllers.
void StepTaskSetService(World& world, EcsRegion& ecs, Cluster& cluster, Service& svc, std::vector<Task*>& tasks) {
  std::vector<std::string> started;
  int desired = svc.status == "ACTIVE" ? svc.desired_count : 0;
  for (auto& ts : svc.task_sets) {
    ts.computed_desired_count = ts.status == "DRAINING" ? 0 : ComputedDesiredCount(desired, ts.scale_value);
    std::vector<Task*> live;
    for (Task* t : tasks)
      if (t->started_by == ts.id && t->active()) live.push_back(t);
    int n = static_cast<int>(live.size());
    if (n < ts.computed_desired_count && world.now() >= svc.launch_not_before) {
      int launch = ts.computed_desired_count - n;
      if (svc.start_failures >= kThrottleAfter) launch = 1;  // throttled: one at a time
      NoteThrottledLaunch(world, svc);
      for (int i = 0; i < launch; ++i) {
        Task& launched = LaunchTask(world, ecs, cluster, &svc, ts.task_definition_arn, ts.id);
        tasks.push_back(&launched);
        started.push_back(launched.id);
      }
    } else if (n > ts.computed_desired_count) {
      std::stable_partition(live.begin(), live.end(), [](Task* t) { return !(t->running() && t->healthy); });
      for (int i = 0; i < n - ts.computed_desired_count; ++i) {
        StopTask(world, ecs, cluster, *live[i], fmt::format("Scaling activity initiated by (deployment {})", ts.id),
                 "ServiceSchedulerInitiated", 0);
      }
    }
    int pending = 0, running = 0;
    bool healthy = true;
    for (Task* tp : tasks) {
      const Task& t = *tp;
      if (t.started_by != ts.id) continue;
      if (t.pending()) pending++;
      if (t.running()) running++;
      if (t.running() && !t.healthy) healthy = false;
      if (t.stopping()) healthy = false;
    }
    ts.pending_count = pending;
    ts.running_count = running;
    std::string stability =
        (running == ts.computed_desired_count && pending == 0 && healthy) ? "STEADY_STATE" : "STABILIZING";
    if (stability != ts.stability_status) {
      ts.stability_status = stability;
      ts.stability_status_at = world.now();
      ts.updated_at = world.now();
    }
  }
  if (!started.empty())
    AddServiceEvent(
        world, svc,
        fmt::format("(service {}) has started {} tasks:{}.", svc.name, started.size(), TaskIdList(started)));
  bool steady = svc.status == "ACTIVE" && !svc.task_sets.empty();
  for (const auto& ts : svc.task_sets)
    if (ts.stability_status != "STEADY_STATE") steady = false;
  if (steady && !svc.steady) {
    AddServiceEvent(world, svc, fmt::format("(service {}) has reached a steady state.", svc.name));
    svc.last_steady_event = world.now();
  }
  svc.steady = steady;
}

// Writes the events gathered during the step, in the order AWS writes them:
// registrations, then draining and deregistration, then the stops.
void FlushPendingEvents(World& world, Service& svc) {
  PendingServiceEvents& p = svc.pending_events;
  if (p.empty()) return;
  for (const auto& [arn, n] : p.registered)
    AddServiceEvent(world, svc,
                    fmt::format("(service {}) registered {} targets in (target-group {})", svc.name, n, arn));
  for (const auto& [task_set, n] : p.draining)
    AddServiceEvent(world, svc,
                    task_set.empty()
                        ? fmt::format("(service {}) has begun draining connections on {} tasks.", svc.name, n)
                        : fmt::format("(service {}, taskSet {}) has begun draining connections on {} tasks.", svc.name,
                                      task_set, n));
  for (const auto& [arn, n] : p.deregistered)
    AddServiceEvent(world, svc,
                    fmt::format("(service {}) deregistered {} targets in (target-group {})", svc.name, n, arn));
  if (!p.stopped.empty())
    AddServiceEvent(world, svc,
                    fmt::format("(service {}) has stopped {} running tasks:{}.", svc.name, p.stopped.size(),
                                TaskIdList(p.stopped)));
  p = PendingServiceEvents{};
}

// When the cluster next has something to do on its own, if nothing calls the
// API: epoch 0 (= next second) while any service is not steady or any task is
// between states; otherwise the first stopped-task expiry or steady-state
// reminder. Only timers that fire without an API call matter here.
SystemTime QuietUntil(World& world, const Cluster& cluster) {
  const Timings& tm = world.timings();
  SystemTime next = SystemTime::max();
  for (const auto& [id, t] : cluster.tasks) {
    if (t.last_status == "STOPPED") {
      if (t.stopped_at) next = std::min(next, *t.stopped_at + seconds(tm.stopped_retention_seconds + 1));
      continue;
    }
    bool settled = t.last_status == "RUNNING" && t.desired_status == "RUNNING" && t.healthy;
    if (!settled) return SystemTime{};
  }
  for (const auto& [name, svc] : cluster.services) {
    if (svc.status == "INACTIVE") continue;
    if (!svc.steady || svc.status != "ACTIVE") return SystemTime{};
    next = std::min(next, svc.last_steady_event + seconds(tm.steady_state_repeat_seconds));
  }
  return next;
}

}  // namespace

int CircuitBreakerThreshold(int desired_count) {
  int t = static_cast<int>(std::ceil(0.5 * desired_count));
  return std::clamp(t, 3, 200);
}

int ComputedDesiredCount(int service_desired, double scale_percent) {
  // Guard against 0.1 + 0.2 style noise before rounding up.
  double v = service_desired * scale_percent / 100.0;
  return static_cast<int>(std::ceil(v - 1e-9));
}

void AddServiceEvent(World& world, Service& service, const std::string& message) {
  service.events.push_front(ServiceEvent{world.ids().Uuid(), world.now(), message});
  while (service.events.size() > 100) service.events.pop_back();
}

Json NormalizeDeploymentConfiguration(const Json& in, const std::string& controller) {
  Json out = in.is_object() ? in : Json::object();
  if (!out.contains("maximumPercent")) out["maximumPercent"] = 200;
  if (!out.contains("minimumHealthyPercent")) out["minimumHealthyPercent"] = 100;
  if (controller == "ECS" && !out.contains("deploymentCircuitBreaker"))
    out["deploymentCircuitBreaker"] = Json{{"enable", false}, {"rollback", false}};
  return out;
}

TaskDefinitionRecord* FindTaskDefinition(EcsRegion& ecs, const std::string& ref) {
  std::string spec = ref;
  if (StartsWith(spec, "arn:")) {
    auto pos = spec.find(":task-definition/");
    if (pos == std::string::npos) return nullptr;
    spec = spec.substr(pos + 17);
  }
  std::string family = spec;
  int revision = 0;
  if (auto colon = spec.rfind(':'); colon != std::string::npos) {
    family = spec.substr(0, colon);
    try {
      revision = std::stoi(spec.substr(colon + 1));
    } catch (...) {
      return nullptr;
    }
    if (revision <= 0) return nullptr;
  }
  auto it = ecs.families.find(family);
  if (it == ecs.families.end()) return nullptr;
  auto& revs = it->second;
  if (revision > 0) return revision <= static_cast<int>(revs.size()) ? &revs[revision - 1] : nullptr;
  for (auto r = revs.rbegin(); r != revs.rend(); ++r)
    if (r->active()) return &*r;
  return nullptr;
}

void FinishDeployment(World& world, Service& service, Deployment& dep) {
  dep.finished_at = world.now();
  auto counts = [](const Deployment& d) { return Json::array({d.desired_count, d.running_count, d.pending_count}); };
  Json sources = Json::object();
  for (const auto& id : dep.source_deployment_ids)
    for (const auto& d : service.deployments)
      if (d.id == id) sources[id] = counts(d);
  dep.frozen_revisions = Json{{"target", counts(dep)}, {"sources", sources}};
}

std::string StartDeployment(World& world, Service& service) {
  for (auto& d : service.deployments)
    if (d.status == "PRIMARY") {
      d.status = "ACTIVE";
      d.updated_at = world.now();
    }
  Deployment dep;
  dep.id = world.ids().DeploymentId();
  dep.task_definition_arn = service.task_definition_arn;
  dep.desired_count = service.desired_count;
  dep.created_at = dep.updated_at = world.now();
  dep.launch_type = service.launch_type;
  dep.platform_version = service.platform_version;
  dep.network_configuration = service.network_configuration;
  dep.deployment_configuration = service.deployment_configuration;
  dep.rollout_state_reason = fmt::format("ECS deployment {} in progress.", dep.id);
  // PENDING until the scheduler first acts on it (the next simulated second).
  dep.service_deployment_status = "PENDING";
  for (const auto& d : service.deployments)
    if (d.status != "INACTIVE") {
      dep.source_task_definitions.push_back(d.task_definition_arn);
      dep.source_deployment_ids.push_back(d.id);
    }
  service.deployments.insert(service.deployments.begin(), std::move(dep));
  service.steady = false;
  service.start_failures = 0;  // a new deployment starts launching at full speed
  service.launch_not_before = SystemTime{};
  return service.deployments.front().id;
}

namespace {

// An awsvpc task's elastic network interface: a private IP handed out in
// order from 10.0.0.10 (unique among the Region's tasks until 65,000 later
// ones have been launched), in one of the service's subnets, round robin.
void AttachNetworkInterface(EcsRegion& ecs, const Service* service, Task& t) {
  uint32_t n = ecs.next_ip++ % (254u * 256u - 10u) + 9u;  // 10.0.0.10 first
  t.private_ip = fmt::format("10.0.{}.{}", n / 254, n % 254 + 1);
  // Derived from the task id rather than drawn from the id source, so the
  // sequence of task and deployment ids stays what it was.
  t.eni_id = "eni-" + t.id.substr(0, 17);
  std::string mac = t.id.substr(17, 10);
  t.mac_address = fmt::format("0e:{}:{}:{}:{}:{}", mac.substr(0, 2), mac.substr(2, 2), mac.substr(4, 2),
                              mac.substr(6, 2), mac.substr(8, 2));
  // The network configuration of the task set that started it, else the service's.
  const Json* net = service != nullptr ? &service->network_configuration : nullptr;
  if (service != nullptr)
    for (const auto& ts : service->task_sets)
      if (ts.id == t.started_by && ts.network_configuration.is_object()) net = &ts.network_configuration;
  const Json* subnets = nullptr;
  if (net != nullptr && net->is_object())
    if (auto it = net->find("awsvpcConfiguration"); it != net->end() && it->is_object() && it->contains("subnets") &&
                                                    (*it)["subnets"].is_array() && !(*it)["subnets"].empty())
      subnets = &(*it)["subnets"];
  t.subnet_id = subnets != nullptr ? (*subnets)[n % subnets->size()].get<std::string>() : "subnet-0a1b2c3d";
}

// A container's runtimeId as Fargate shows it: "<task id>-<10 digits>".
std::string RuntimeId(const std::string& task_id, size_t index) {
  uint64_t n = std::stoull(task_id.substr(index % 16, 12), nullptr, 16) % 10000000000ULL;
  return fmt::format("{}-{:010d}", task_id, n);
}

}  // namespace

Task& LaunchTask(World& world, EcsRegion& ecs, Cluster& cluster, Service* service, const std::string& td_arn,
                 const std::string& started_by) {
  Task t;
  t.id = world.ids().TaskId();
  auto slash = cluster.arn.find('/');
  t.arn = fmt::format("arn:aws:ecs:{}:{}:task/{}/{}", ecs.region, ecs.account_id, cluster.arn.substr(slash + 1), t.id);
  t.cluster_arn = cluster.arn;
  t.task_definition_arn = td_arn;
  t.started_by = started_by;
  t.created_at = world.now();
  t.next_transition = world.now() + std::chrono::seconds(world.timings().provisioning_seconds);
  if (service != nullptr) {
    t.service = service->name;
    t.group = "service:" + service->name;
    t.launch_type = service->launch_type;
  }
  int detect = world.timings().no_health_check_healthy_seconds;
  bool awsvpc = t.launch_type == "FARGATE";
  int longest_stop_timeout = 0;
  if (TaskDefinitionRecord* td = FindTaskDefinition(ecs, td_arn)) {
    const Json& doc = td->document;
    if (service == nullptr) t.group = "family:" + doc.value("family", "");
    t.cpu = doc.value("cpu", "");
    t.memory = doc.value("memory", "");
    awsvpc = awsvpc || doc.value("networkMode", "") == "awsvpc";
    for (const auto& c : doc.value("containerDefinitions", Json::array())) {
      std::string image = c.value("image", "");
      bool essential = c.value("essential", true);
      bool checked = c.contains("healthCheck") && c["healthCheck"].is_object();
      t.containers.push_back(Json{{"name", c.value("name", "")},
                                  {"image", image},
                                  {"essential", essential},
                                  {"healthCheck", checked},
                                  {"runtimeId", RuntimeId(t.id, t.containers.size())}});
      // The task stops when its last container has: the longest stopTimeout (30 s when unset).
      int timeout = c.contains("stopTimeout") && c["stopTimeout"].is_number_integer()
                        ? std::max(0, c["stopTimeout"].get<int>())
                        : 30;
      longest_stop_timeout = std::max(longest_stop_timeout, timeout);
      ImageBehaviour b = world.BehaviourFor(image);
      if (essential && b.kind == ImageBehaviour::Kind::kExitOnStart) {
        t.exits_on_start = true;
        t.exit_code_on_start = b.exit_code;
      }
      if (essential && b.kind == ImageBehaviour::Kind::kExitAfterStart) {
        t.exits_after_seconds = std::max(0, b.start_seconds);
        t.exit_code_on_start = b.exit_code;
      }
      // Any container's image failing to pull stops the task before it starts.
      if (b.kind == ImageBehaviour::Kind::kPullFailure && t.pull_failure_image.empty()) t.pull_failure_image = image;
      if (essential && b.kind == ImageBehaviour::Kind::kFailHealthChecks) t.fails_health_checks = true;
      if (b.kind == ImageBehaviour::Kind::kSlowStart)
        t.extra_start_seconds = std::max(t.extra_start_seconds, b.start_seconds);
      // A task's health is its essential containers' (a non-essential
      // container's health check does not make the task HEALTHY or UNHEALTHY).
      if (essential && checked) {
        const Json& hc = c["healthCheck"];
        int interval = hc.value("interval", 30), retries = hc.value("retries", 3), start = hc.value("startPeriod", 0);
        int d = t.fails_health_checks ? start + interval * retries : interval;
        if (!t.has_health_check || d > detect) detect = d;
        t.has_health_check = true;
      }
    }
  }
  t.health_check_detect_seconds = detect;
  if (longest_stop_timeout > 0) t.stop_timeout_seconds = longest_stop_timeout;
  if (awsvpc) AttachNetworkInterface(ecs, service, t);
  std::string id = t.id;
  cluster.tasks.emplace(id, std::move(t));
  return cluster.tasks.at(id);
}

void StopTask(World& world, EcsRegion& ecs, Cluster& cluster, Task& task, const std::string& reason,
              const std::string& stop_code, std::optional<int> exit_code) {
  if (task.desired_status == "STOPPED") return;
  bool was_up = task.last_status == "RUNNING" || task.last_status == "ACTIVATING";
  task.desired_status = "STOPPED";
  task.stopping_at = world.now();
  task.stopped_reason = reason;
  task.stop_code = stop_code;
  if (was_up || task.exits_on_start) task.exit_code = exit_code;
  task.announce_stop = stop_code == "ServiceSchedulerInitiated";
  Service* svc = OwningService(cluster, task);
  Deregistration dereg;
  if (svc != nullptr && was_up)
    for (auto& h : world.hooks()) {
      Deregistration d = h->OnTaskStopping(world, ecs, *svc, task);
      for (auto& arn : d.target_group_arns) {
        svc->pending_events.deregistered[arn]++;
        dereg.target_group_arns.push_back(std::move(arn));
      }
      dereg.drained_at = std::max(dereg.drained_at, d.drained_at);
    }
  // A task behind a load balancer is DEACTIVATING until its targets have
  // drained (the deregistration delay), serving what is in flight; only then
  // does ECS send SIGTERM. An app that exited by itself has nothing to wait for.
  bool exited = stop_code == "EssentialContainerExited" || stop_code == "TaskFailedToStart";
  if (!dereg.target_group_arns.empty() && !exited) {
    task.last_status = "DEACTIVATING";
    task.next_transition = std::max(dereg.drained_at, world.now());
    task.version++;
    svc->pending_events.draining[svc->controller == "ECS" ? std::string() : task.started_by]++;
    return;
  }
  EnterStopping(world, svc, task);
}

void StepRegion(World& world, EcsRegion& ecs) {
  for (auto& [name, cluster] : ecs.clusters) {
    if (!world.changed() && world.now() < cluster.quiet_until) continue;
    for (auto it = cluster.tasks.begin(); it != cluster.tasks.end();) {
      Task& t = it->second;
      if (t.last_status == "STOPPED" && t.stopped_at &&
          world.now() - *t.stopped_at > std::chrono::seconds(world.timings().stopped_retention_seconds)) {
        it = cluster.tasks.erase(it);
        continue;
      }
      StepTask(world, ecs, cluster, t);
      ++it;
    }
    // Each service's tasks, indexed once per step instead of scanning the
    // cluster per service (the scan dominated a 2,000-service deployment).
    std::unordered_map<std::string_view, std::vector<Task*>> by_service;
    for (auto& [id, t] : cluster.tasks)
      if (!t.service.empty()) by_service[t.service].push_back(&t);
    for (auto& [sname, svc] : cluster.services) {
      if (svc.status == "INACTIVE") continue;
      std::vector<Task*>& tasks = by_service[sname];
      if (svc.controller == "ECS")
        StepRollingService(world, ecs, cluster, svc, tasks);
      else
        StepTaskSetService(world, ecs, cluster, svc, tasks);
      FlushPendingEvents(world, svc);
      if (svc.status == "DRAINING") {
        bool any = false;
        for (Task* t : tasks)
          if (t->last_status != "STOPPED") any = true;
        if (!any) svc.status = "INACTIVE";
      }
    }
    cluster.quiet_until = QuietUntil(world, cluster);
  }
}

}  // namespace berth::sim
