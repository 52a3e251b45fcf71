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
    dep.finished_at = world.now();
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

// The deploymentConfiguration.alarms.alarmNames of `dep` in ALARM now;
// empty when its alarms are off.
std::vector<std::string> DeploymentAlarmsInAlarm(World& world, EcsRegion& ecs, const Deployment& dep) {
  std::vector<std::string> triggered;
  const Json& cfg = dep.deployment_configuration;
  auto alarms = cfg.find("alarms");
  if (alarms == cfg.end() || !alarms->is_object() || !alarms->value("enable", false)) return triggered;
  auto names = alarms->find("alarmNames");
  if (names == alarms->end() || !names->is_array()) return triggered;
  for (const auto& n : *names) {
    if (!n.is_string()) continue;
    for (auto& h : world.hooks()) {
      std::optional<std::string> state = h->AlarmState(world, ecs, n.get<std::string>());
      if (!state) continue;
      if (*state == "ALARM") triggered.push_back(n.get<std::string>());
      break;
    }
  }
  return triggered;
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
  if (dep.rollout_state != "IN_PROGRESS" || !dep.rollback_of.empty()) return;
  if (!dep.alarms_in_alarm_at_start.empty()) return;
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

void StepTask(World& world, EcsRegion& ecs, Cluster& cluster, Task& t) {
  const Timings& tm = world.timings();
  SystemTime now = world.now();
  // Most tasks have nothing due in a given second: leave before the lookups.
  bool due = t.last_status == "RUNNING" ? (t.desired_status == "RUNNING" &&
                                           ((!t.healthy && now >= t.health_due) || (t.exits_at && now >= *t.exits_at)))
                                        : (t.last_status != "STOPPED" && now >= t.next_transition);
  if (!due) return;
  Service* svc = OwningService(cluster, t);
  if (t.last_status == "PROVISIONING" && now >= t.next_transition) {
    t.last_status = "PENDING";
    t.pull_started_at = now;
    t.next_transition = now + seconds(tm.pending_seconds + t.extra_start_seconds);
    t.version++;
  } else if (t.last_status == "PENDING" && now >= t.next_transition && t.desired_status == "RUNNING") {
    t.pull_stopped_at = now;
    if (t.exits_on_start) {
      t.container_reason = "";
      StopTask(world, ecs, cluster, t, "Essential container in task exited", "EssentialContainerExited",
               t.exit_code_on_start);
      if (svc != nullptr) CountFailure(world, ecs, *svc, t, /*before_running=*/true);
      return;
    }
    if (!t.pull_failure_image.empty()) {
      // AWS's wording for an image that does not exist (stopped-task-error-codes.html).
      t.container_reason = fmt::format(
          "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref {}: "
          "not found",
          t.pull_failure_image);
      StopTask(world, ecs, cluster, t, t.container_reason, "TaskFailedToStart", std::nullopt);
      if (svc != nullptr) CountFailure(world, ecs, *svc, t, /*before_running=*/true);
      return;
    }
    t.last_status = "RUNNING";
    t.started_at = now;
    t.reached_running = true;
    t.health_due = now + seconds(t.health_check_detect_seconds);
    if (t.exits_after_seconds >= 0) t.exits_at = now + seconds(t.exits_after_seconds);
    t.version++;
    if (svc != nullptr) {
      if (Deployment* dep = FindDeployment(*svc, t.started_by); dep != nullptr && dep->breaker_stage == 1) {
        dep->breaker_stage = 2;
        dep->breaker_failures = 0;
        dep->failed_tasks = 0;
      }
      for (auto& h : world.hooks()) h->OnTaskRunning(world, ecs, *svc, t);
    }
  } else if (t.last_status == "RUNNING" && t.desired_status == "RUNNING" && t.exits_at && now >= *t.exits_at) {
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
  } else if (t.last_status == "RUNNING" && t.desired_status == "RUNNING" && !t.healthy && now >= t.health_due) {
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
      return;
    }
    int grace = svc != nullptr ? svc->health_check_grace_period_seconds.value_or(0) : 0;
    SystemTime grace_end = *t.started_at + seconds(grace);
    if (now < grace_end) {
      t.health_due = grace_end;  // ECS ignores unhealthy verdicts during the grace period
      return;
    }
    if (container_fail) t.health_status = "UNHEALTHY";
    std::string reason = container_fail ? "Task failed container health checks" : "Task failed ELB health checks";
    StopTask(world, ecs, cluster, t, reason, "ServiceSchedulerInitiated", 143);
    if (svc != nullptr) {
      AddServiceEvent(world, *svc,
                      fmt::format("(service {}) (task {}) failed {} health checks.", svc->name, t.id,
                                  container_fail ? "container" : "ELB"));
      CountFailure(world, ecs, *svc, t, /*before_running=*/false);
    }
  } else if (t.last_status == "STOPPING" && now >= t.next_transition) {
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
  std::vector<std::string> stopped;
  auto stop = [&](Task* t, const std::string& by) {
    StopTask(world, ecs, cluster, *t, fmt::format("Scaling activity initiated by (deployment {})", by),
             "ServiceSchedulerInitiated", 0);
    stopped.push_back(t->id);
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
  auto& mine = by_dep[primary->id];
  std::vector<Task*> live;
  for (Task* t : mine)
    if (t->active()) live.push_back(t);
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
  if (primary->rollout_state != "FAILED") {
    int n = std::min(desired - static_cast<int>(live.size()), max_total - total_active);
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
  if (!stopped.empty())
    AddServiceEvent(
        world, svc,
        fmt::format("(service {}) has stopped {} running tasks:{}.", svc.name, stopped.size(), TaskIdList(stopped)));

  // Counts, retirement of drained deployments, completion and steady state.
  bool all_primary_healthy = true;
  for (auto& dep : svc.deployments) {
    if (dep.status == "INACTIVE") continue;
    int pending = 0, running = 0, stopping = 0;
    for (Task* tp : tasks) {
      const Task& t = *tp;
      if (t.started_by != dep.id) continue;
      if (t.pending()) pending++;
      if (t.running()) running++;
      if (t.running() && !t.healthy && dep.status == "PRIMARY") all_primary_healthy = false;
      if (t.last_status == "STOPPING") stopping++;
    }
    if (dep.pending_count != pending || dep.running_count != running) dep.updated_at = world.now();
    dep.pending_count = pending;
    dep.running_count = running;
    if (dep.status == "ACTIVE") {
      dep.desired_count = pending + running;
      if (pending + running == 0 && stopping == 0) {
        dep.status = "INACTIVE";
        dep.updated_at = world.now();
        // A rollback in progress is finished by the rollback deployment's completion.
        if (dep.service_deployment_status == "IN_PROGRESS") dep.service_deployment_status = "STOPPED";
      }
    } else {
      dep.desired_count = desired;
    }
  }
  int visible = 0;
  for (auto& dep : svc.deployments)
    if (dep.status != "INACTIVE") visible++;
  bool steady = visible == 1 && primary->running_count == desired && primary->pending_count == 0 &&
                all_primary_healthy && svc.status == "ACTIVE";
  if (steady && primary->rollout_state == "IN_PROGRESS") {
    primary->rollout_state = "COMPLETED";
    primary->rollout_state_reason = fmt::format("ECS deployment {} completed.", primary->id);
    primary->updated_at = world.now();
    primary->finished_at = world.now();
    primary->service_deployment_status = "SUCCESSFUL";
    AddServiceEvent(world, svc,
                    fmt::format("(service {}) (deployment {}) deployment completed.", svc.name, primary->id));
    if (!primary->rollback_of.empty()) {
      if (Deployment* failed = FindDeployment(svc, primary->rollback_of)) {
        failed->service_deployment_status = "ROLLBACK_SUCCESSFUL";
        failed->finished_at = world.now();
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
  std::vector<std::string> started, stopped;
  int desired = svc.status == "ACTIVE" ? svc.desired_count : 0;
  for (auto& ts : svc.task_sets) {
    ts.computed_desired_count = ts.status == "DRAINING" ? 0 : ComputedDesiredCount(desired, ts.scale_value);
    std::vector<Task*> live;
    for (Task* t : tasks)
      if (t->started_by == ts.id && t->active()) live.push_back(t);
    int n = static_cast<int>(live.size());
    if (n < ts.computed_desired_count) {
      for (int i = n; i < ts.computed_desired_count; ++i) {
        Task& launched = LaunchTask(world, ecs, cluster, &svc, ts.task_definition_arn, ts.id);
        tasks.push_back(&launched);
        started.push_back(launched.id);
      }
    } else if (n > ts.computed_desired_count) {
      std::stable_partition(live.begin(), live.end(), [](Task* t) { return !(t->running() && t->healthy); });
      for (int i = 0; i < n - ts.computed_desired_count; ++i) {
        StopTask(world, ecs, cluster, *live[i], fmt::format("Scaling activity initiated by (deployment {})", ts.id),
                 "ServiceSchedulerInitiated", 0);
        stopped.push_back(live[i]->id);
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
      if (t.last_status == "STOPPING") healthy = false;
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
  if (!stopped.empty())
    AddServiceEvent(
        world, svc,
        fmt::format("(service {}) has stopped {} running tasks:{}.", svc.name, stopped.size(), TaskIdList(stopped)));
  bool steady = svc.status == "ACTIVE" && !svc.task_sets.empty();
  for (const auto& ts : svc.task_sets)
    if (ts.stability_status != "STEADY_STATE") steady = false;
  if (steady && !svc.steady) {
    AddServiceEvent(world, svc, fmt::format("(service {}) has reached a steady state.", svc.name));
    svc.last_steady_event = world.now();
  }
  svc.steady = steady;
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
  for (const auto& d : service.deployments)
    if (d.status != "INACTIVE") dep.source_task_definitions.push_back(d.task_definition_arn);
  service.deployments.insert(service.deployments.begin(), std::move(dep));
  service.steady = false;
  return service.deployments.front().id;
}

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
  if (TaskDefinitionRecord* td = FindTaskDefinition(ecs, td_arn)) {
    const Json& doc = td->document;
    if (service == nullptr) t.group = "family:" + doc.value("family", "");
    t.cpu = doc.value("cpu", "");
    t.memory = doc.value("memory", "");
    for (const auto& c : doc.value("containerDefinitions", Json::array())) {
      std::string image = c.value("image", "");
      t.containers.push_back(Json{{"name", c.value("name", "")}, {"image", image}});
      bool essential = c.value("essential", true);
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
      if (c.contains("healthCheck") && c["healthCheck"].is_object()) {
        const Json& hc = c["healthCheck"];
        int interval = hc.value("interval", 30), retries = hc.value("retries", 3), start = hc.value("startPeriod", 0);
        int d = t.fails_health_checks ? start + interval * retries : interval;
        if (!t.has_health_check || d > detect) detect = d;
        t.has_health_check = true;
      }
    }
  }
  t.health_check_detect_seconds = detect;
  std::string id = t.id;
  cluster.tasks.emplace(id, std::move(t));
  return cluster.tasks.at(id);
}

void StopTask(World& world, EcsRegion& ecs, Cluster& cluster, Task& task, const std::string& reason,
              const std::string& stop_code, std::optional<int> exit_code) {
  if (task.desired_status == "STOPPED") return;
  bool was_running = task.last_status == "RUNNING";
  task.desired_status = "STOPPED";
  task.stopping_at = world.now();
  task.stopped_reason = reason;
  task.stop_code = stop_code;
  if (was_running || task.exits_on_start) task.exit_code = exit_code;
  task.last_status = "STOPPING";
  task.next_transition = world.now() + std::chrono::seconds(world.timings().stopping_seconds);
  task.version++;
  if (Service* svc = OwningService(cluster, task); svc != nullptr && was_running)
    for (auto& h : world.hooks()) h->OnTaskStopping(world, ecs, *svc, task);
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
