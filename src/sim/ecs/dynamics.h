// The ECS scheduler's behaviour, as the simulator models it: launching and
// stopping tasks, their lifecycle on simulated time, rolling replacement
// bounded by minimumHealthyPercent/maximumPercent, the deployment circuit
// breaker with rollback, steady-state detection, task-set scaling, and the
// service events AWS writes while doing so.
//
// Thread-safety: every function requires the World's lock.
#pragma once

#include <optional>
#include <string>

#include "sim/world/world.h"

namespace berth::sim {

// ceil(0.5 * desired) clamped to [3, 200] (facts §5.1).
int CircuitBreakerThreshold(int desired_count);

// Adds "(service <name>) <text>" style events, newest first, capped at 100.
void AddServiceEvent(World& world, Service& service, const std::string& message);

// Fills in AWS's defaults (100/200, circuit breaker off) for the ECS controller.
Json NormalizeDeploymentConfiguration(const Json& in, const std::string& controller);

// nullptr when `ref` (ARN, "family:rev" or "family" = latest ACTIVE) is unknown.
TaskDefinitionRecord* FindTaskDefinition(EcsRegion& ecs, const std::string& ref);

// Marks the deployment finished now and freezes its revisions' task counts.
void FinishDeployment(World& world, Service& service, Deployment& dep);

// Creates a new PRIMARY deployment for the service's current settings; the
// previous primary becomes ACTIVE. Returns the new deployment's id.
std::string StartDeployment(World& world, Service& service);
// Records which of the deployment's alarms are in ALARM as it starts (after
// CreateService or UpdateService started it): AWS does not monitor a
// deployment's alarms when one is.
void SnapshotDeploymentAlarms(World& world, EcsRegion& ecs, Deployment& dep);

// Launches one task of `td_arn` for `service` (nullptr for RunTask).
Task& LaunchTask(World& world, EcsRegion& ecs, Cluster& cluster, Service* service, const std::string& td_arn,
                 const std::string& started_by);

// Asks a task to stop (SIGTERM now, STOPPED after Timings::stopping_seconds).
void StopTask(World& world, EcsRegion& ecs, Cluster& cluster, Task& task, const std::string& reason,
              const std::string& stop_code, std::optional<int> exit_code);

// The TaskSet's computedDesiredCount: ceil(desired * scale%).
int ComputedDesiredCount(int service_desired, double scale_percent);

// One simulated step of every cluster of the Region.
void StepRegion(World& world, EcsRegion& ecs);

}  // namespace berth::sim
