// The simulated ECS state of one account in one Region: clusters, task
// definitions, services (with their deployments or task sets) and tasks.
//
// Plain data. Documents AWS treats as opaque to the scheduler (task
// definitions, network configuration, load balancers, tags, ...) are kept as
// JSON exactly as received, so every field a client sends comes back.
//
// Thread-safety: none; the World's lock guards every instance.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/json.h"

namespace berth::sim {

struct TaskDefinitionRecord {
  Json document;  // the full TaskDefinition output shape (input fields + output-only fields)
  Json tags = Json::array();
  bool active() const { return document.value("status", "") == "ACTIVE"; }
};

struct Task {
  std::string id;
  std::string arn;
  std::string cluster_arn;
  std::string task_definition_arn;
  std::string service;     // owning service name, "" for RunTask tasks
  std::string started_by;  // deployment or task set id
  std::string group;       // "service:web"
  std::string launch_type = "FARGATE";
  std::string last_status = "PROVISIONING";
  std::string desired_status = "RUNNING";
  std::string health_status = "UNKNOWN";
  bool has_health_check = false;
  bool healthy = false;  // counts as healthy for deployments
  bool reached_running = false;
  SystemTime created_at{};
  SystemTime next_transition{};  // when lastStatus next changes
  SystemTime health_due{};       // when the health verdict is known (RUNNING only)
  std::optional<SystemTime> pull_started_at, pull_stopped_at, started_at, stopping_at, stopped_at;
  std::string stopped_reason;
  std::string stop_code;
  std::optional<int> exit_code;
  std::string container_reason;
  Json containers = Json::array();  // [{name, image}] from the task definition
  std::string cpu, memory;
  Json tags = Json::array();
  Json overrides = Json::object();
  int64_t version = 1;
  // What the image behaviours decided at launch.
  bool exits_on_start = false;
  int exit_code_on_start = 1;
  bool fails_health_checks = false;
  int extra_start_seconds = 0;
  int health_check_detect_seconds = 0;  // RUNNING -> health verdict
  int exits_after_seconds = -1;         // exit-after-start: RUNNING for this long, then exits; -1: no
  std::optional<SystemTime> exits_at;   // when it does (set on RUNNING)
  std::string pull_failure_image;       // pull-failure: the image that cannot be pulled; "": none
  // Stopping: ECS's scheduler stopped it (the "has stopped N running tasks"
  // event is written when it enters STOPPING, after any draining).
  bool announce_stop = false;
  // Failed its health checks; stopped (with this reason) once its
  // replacement runs. "": not waiting to be replaced.
  std::string replace_reason;
  int stop_timeout_seconds = 30;  // the longest container stopTimeout (SIGKILL after it)
  std::optional<SystemTime> execution_stopped_at;
  // Networking (awsvpc): unique within the Region while the task lives.
  std::string private_ip, subnet_id, eni_id, mac_address;

  bool active() const { return desired_status == "RUNNING" && last_status != "STOPPED"; }
  // PENDING for the service's counts: PROVISIONING, PENDING and ACTIVATING.
  bool pending() const {
    return active() && (last_status == "PROVISIONING" || last_status == "PENDING" || last_status == "ACTIVATING");
  }
  bool running() const { return active() && last_status == "RUNNING"; }
  // Told to stop, not STOPPED yet: DEACTIVATING, STOPPING or DEPROVISIONING.
  bool stopping() const { return desired_status == "STOPPED" && last_status != "STOPPED"; }
};

struct Deployment {
  std::string id;
  std::string status = "PRIMARY";  // PRIMARY, ACTIVE, INACTIVE
  std::string task_definition_arn;
  int desired_count = 0;
  int pending_count = 0;
  int running_count = 0;
  int failed_tasks = 0;
  SystemTime created_at{};
  SystemTime updated_at{};
  std::string launch_type = "FARGATE";
  std::string platform_version;
  Json network_configuration;                 // null when absent
  std::string rollout_state = "IN_PROGRESS";  // IN_PROGRESS, COMPLETED, FAILED
  std::string rollout_state_reason;
  // Circuit breaker: stage 1 until a task of this deployment reaches RUNNING.
  int breaker_stage = 1;
  int breaker_failures = 0;
  Json deployment_configuration;  // as it was when the deployment started
  // ServiceDeployment view (ListServiceDeployments / DescribeServiceDeployments).
  std::string service_deployment_status = "IN_PROGRESS";
  std::string service_deployment_reason;
  std::optional<SystemTime> finished_at;
  std::optional<SystemTime> rollback_started_at;
  std::string rollback_reason;
  std::string rollback_of;                    // this deployment rolls back deployment <id>
  std::vector<std::string> triggered_alarms;  // deployment alarms that failed it (empty: not failed by alarms)
  // Deployment alarms already in ALARM when the deployment started: as in
  // AWS, the deployment's alarms are then not monitored at all.
  std::vector<std::string> alarms_in_alarm_at_start;
  std::vector<std::string> source_task_definitions;
  std::vector<std::string> source_deployment_ids;  // the deployments it replaces (its sourceServiceRevisions)
  std::string rollback_target;                     // failed and rolled back: the deployment it went back to
  // The task counts of the target and source revisions when it finished
  // (AWS's counts say what the deployment left, not what later ones did);
  // null while it runs. {"target": [requested, running, pending], "sources": {id: [...]}}
  Json frozen_revisions;
  // Bake time (deployment alarms monitored): when the new tasks were all
  // healthy and the old ones gone; the deployment completes bake_seconds later.
  std::optional<SystemTime> bake_started_at;
  int bake_seconds = 0;
  bool config_stall_reported = false;  // the "unable to stop or start tasks" event was written
};

struct TaskSet {
  std::string id;
  std::string arn;
  std::string status = "ACTIVE";  // PRIMARY, ACTIVE, DRAINING
  std::string task_definition_arn;
  std::string external_id;
  std::string started_by;
  double scale_value = 100.0;
  std::string scale_unit = "PERCENT";
  int computed_desired_count = 0;
  int pending_count = 0;
  int running_count = 0;
  std::string stability_status = "STABILIZING";
  SystemTime stability_status_at{};
  SystemTime created_at{};
  SystemTime updated_at{};
  std::string launch_type = "FARGATE";
  std::string platform_version;
  Json network_configuration;
  Json load_balancers = Json::array();
  Json service_registries = Json::array();
  Json tags = Json::array();
};

struct ServiceEvent {
  std::string id;
  SystemTime created_at{};
  std::string message;
};

// Service events gathered during one step and written at its end, so that a
// batch of tasks is one event ("has stopped 2 running tasks: ..."), as in AWS.
// Not saved: every step empties it.
struct PendingServiceEvents {
  std::vector<std::string> stopped;         // task ids entering STOPPING on the scheduler's decision
  std::map<std::string, int> registered;    // targets registered, by target group ARN
  std::map<std::string, int> deregistered;  // targets deregistered, by target group ARN
  std::map<std::string, int> draining;      // tasks that began draining, by task set id ("" rolling)
  bool empty() const { return stopped.empty() && registered.empty() && deregistered.empty() && draining.empty(); }
};

struct Service {
  std::string name;
  std::string arn;
  std::string cluster_arn;
  std::string status = "ACTIVE";  // ACTIVE, DRAINING, INACTIVE
  int desired_count = 0;
  std::string task_definition_arn;
  std::string controller = "ECS";  // ECS, EXTERNAL, CODE_DEPLOY
  std::string launch_type = "FARGATE";
  std::string platform_version;
  std::string scheduling_strategy = "REPLICA";
  Json deployment_configuration = Json::object();
  Json load_balancers = Json::array();
  Json service_registries = Json::array();
  Json network_configuration;  // null when absent
  std::optional<int> health_check_grace_period_seconds;
  // Input members the scheduler does not interpret, returned as given.
  Json passthrough = Json::object();
  Json tags = Json::array();
  std::string created_by;
  SystemTime created_at{};
  std::deque<ServiceEvent> events;      // newest first, at most 100
  std::vector<Deployment> deployments;  // every deployment ever, newest first (INACTIVE ones hidden)
  std::vector<TaskSet> task_sets;
  bool steady = false;  // last tick found the service steady
  SystemTime last_steady_event{};
  // Task-launch throttling: tasks of the service that stopped before RUNNING
  // in a row, and the earliest time the scheduler launches the next one.
  int start_failures = 0;
  SystemTime launch_not_before{};
  PendingServiceEvents pending_events;
};

struct Cluster {
  std::string name;
  std::string arn;
  std::string status = "ACTIVE";
  Json tags = Json::array();
  Json settings = Json::array();
  Json passthrough = Json::object();
  std::map<std::string, Service> services;  // by name (INACTIVE ones kept)
  std::map<std::string, Task> tasks;        // by task id
  // Not saved: until this time the scheduler has nothing to do in the cluster
  // (every service steady, every task settled), so the tick skips it unless an
  // API call changed the world (World::MarkChanged). Epoch 0: step it.
  SystemTime quiet_until{};
};

struct EcsRegion {
  std::string region;
  std::string account_id;
  uint32_t next_ip = 0;                     // task private IPs are handed out in order from 10.0.0.10
  std::map<std::string, Cluster> clusters;  // by name
  std::map<std::string, std::vector<TaskDefinitionRecord>> families;  // revision r at index r-1
};

}  // namespace berth::sim
