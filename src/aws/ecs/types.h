// Typed views of ECS response documents, and their parsers.
//
// ECS objects stay JSON documents at heart: every struct keeps the object it
// was read from in `raw`, so fields berth does not model (and fields AWS adds
// tomorrow) pass through untouched. The typed members are the ones berth makes
// decisions on: deployments and their rollout state, events, task sets and
// their stability, task lifecycle. Parsers accept any JSON (missing members read
// as empty) and fail only when the response is not an object.
//
// Thread-safety: value types and pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "aws/call/response_fields.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/result.h"

namespace berth::aws {

// One entry of `failures[]` (DescribeServices, DescribeTasks, ...): reason
// "MISSING" means the named resource does not exist.
struct EcsFailure {
  std::string arn;
  std::string reason;
  std::string detail;
};

struct EcsCluster {
  Json raw;
  std::string arn;
  std::string name;
  std::string status;  // ACTIVE, PROVISIONING, DEPROVISIONING, FAILED, INACTIVE
  int64_t running_tasks_count = 0;
  int64_t pending_tasks_count = 0;
  int64_t active_services_count = 0;
  TagMap tags;
};

// A registered task definition. `raw` is the full `taskDefinition` document.
struct EcsTaskDefinition {
  Json raw;
  std::string arn;
  std::string family;
  int64_t revision = 0;
  std::string status;  // ACTIVE, INACTIVE, DELETE_IN_PROGRESS
  TagMap tags;         // from the response's top-level `tags` (DescribeTaskDefinition include=TAGS)

  // Images of the container definitions, by container name, in order.
  std::vector<std::pair<std::string, std::string>> ContainerImages() const;
};

// service.deployments[] (ECS rolling controller only).
struct EcsDeployment {
  Json raw;
  std::string id;      // "ecs-svc/<digits>"
  std::string status;  // PRIMARY, ACTIVE, INACTIVE
  std::string task_definition;
  int64_t desired_count = 0;
  int64_t running_count = 0;
  int64_t pending_count = 0;
  int64_t failed_tasks = 0;
  std::string rollout_state;  // IN_PROGRESS, COMPLETED, FAILED; empty when not reported
  std::string rollout_state_reason;
  std::optional<SystemTime> created_at;
  std::optional<SystemTime> updated_at;
};

struct EcsServiceEvent {
  std::string id;
  std::optional<SystemTime> created_at;
  std::string message;
};

struct EcsTaskSet {
  Json raw;
  std::string id;
  std::string arn;
  std::string status;  // PRIMARY, ACTIVE, DRAINING
  std::string task_definition;
  std::string external_id;
  std::string started_by;
  int64_t computed_desired_count = 0;
  int64_t running_count = 0;
  int64_t pending_count = 0;
  double scale_value = 0;        // percent
  std::string scale_unit;        // "PERCENT"
  std::string stability_status;  // STEADY_STATE, STABILIZING
  std::optional<SystemTime> stability_status_at;
  std::optional<SystemTime> created_at;
  std::optional<SystemTime> updated_at;
  TagMap tags;
};

struct EcsService {
  Json raw;
  std::string arn;
  std::string name;
  std::string cluster_arn;
  std::string status;  // ACTIVE, DRAINING, INACTIVE
  std::string task_definition;
  int64_t desired_count = 0;
  int64_t running_count = 0;
  int64_t pending_count = 0;
  std::string launch_type;
  std::string scheduling_strategy;         // REPLICA, DAEMON
  std::string deployment_controller;       // ECS (default when absent), CODE_DEPLOY, EXTERNAL
  Json deployment_configuration;           // object; {} when absent
  Json load_balancers;                     // array
  Json network_configuration;              // object; {} when absent
  std::string current_service_deployment;  // ARN, newer accounts only
  std::vector<EcsDeployment> deployments;  // ECS controller only
  std::vector<EcsServiceEvent> events;     // newest first, at most 100
  std::vector<EcsTaskSet> task_sets;       // EXTERNAL / CODE_DEPLOY controllers
  std::optional<SystemTime> created_at;
  TagMap tags;

  // The deployment with status PRIMARY, or nullptr.
  const EcsDeployment* PrimaryDeployment() const;
  // The task set with status PRIMARY, or nullptr.
  const EcsTaskSet* PrimaryTaskSet() const;
  // deploymentConfiguration.deploymentCircuitBreaker.{enable,rollback}.
  bool CircuitBreakerEnabled() const;
  bool CircuitBreakerRollback() const;
};

struct EcsContainer {
  std::string name;
  std::string image;
  std::string last_status;
  std::optional<int64_t> exit_code;
  std::string reason;
  std::string health_status;
};

struct EcsTask {
  Json raw;
  std::string arn;
  std::string task_definition_arn;
  std::string cluster_arn;
  std::string last_status;     // PROVISIONING, PENDING, ..., RUNNING, ..., STOPPED
  std::string desired_status;  // RUNNING, STOPPED
  std::string health_status;   // HEALTHY, UNHEALTHY, UNKNOWN
  std::string started_by;      // "ecs-svc/<digits>" for service tasks
  std::string group;           // "service:<name>"
  std::string stop_code;
  std::string stopped_reason;
  std::optional<SystemTime> created_at;
  std::optional<SystemTime> started_at;
  std::optional<SystemTime> stopped_at;
  std::vector<EcsContainer> containers;
  TagMap tags;
};

// ListServiceDeployments entries (ServiceDeploymentBrief).
struct EcsServiceDeploymentBrief {
  Json raw;
  std::string arn;
  std::string service_arn;
  std::string cluster_arn;
  std::string status;  // PENDING, IN_PROGRESS, SUCCESSFUL, STOPPED, ROLLBACK_*, ...
  std::string status_reason;
  std::string target_service_revision_arn;
  std::optional<SystemTime> created_at;
  std::optional<SystemTime> started_at;
  std::optional<SystemTime> finished_at;
};

// DescribeServiceDeployments entries (ServiceDeployment).
struct EcsServiceDeployment {
  Json raw;
  std::string arn;
  std::string service_arn;
  std::string cluster_arn;
  std::string status;
  std::string status_reason;
  std::string target_service_revision_arn;
  std::string circuit_breaker_status;  // TRIGGERED, MONITORING, MONITORING_COMPLETE, DISABLED
  int64_t circuit_breaker_failure_count = 0;
  int64_t circuit_breaker_threshold = 0;
  std::string alarms_status;
  std::vector<std::string> triggered_alarm_names;
  std::string rollback_service_revision_arn;
  std::optional<SystemTime> created_at;
  std::optional<SystemTime> started_at;
  std::optional<SystemTime> finished_at;
};

template <typename T>
struct EcsBatch {
  std::vector<T> items;
  std::vector<EcsFailure> failures;
};

// Object parsers (one element of a response).
EcsCluster ParseEcsCluster(const Json& j);
EcsTaskDefinition ParseEcsTaskDefinition(const Json& task_definition, const Json& tags);
EcsDeployment ParseEcsDeployment(const Json& j);
EcsTaskSet ParseEcsTaskSet(const Json& j);
EcsService ParseEcsService(const Json& j);
EcsTask ParseEcsTask(const Json& j);
EcsServiceDeploymentBrief ParseEcsServiceDeploymentBrief(const Json& j);
EcsServiceDeployment ParseEcsServiceDeployment(const Json& j);
std::vector<EcsFailure> ParseEcsFailures(const Json& response);

// Response parsers (the whole output of one operation).
Result<EcsCluster> ParseCreateClusterResponse(const Json& r);
Result<EcsBatch<EcsCluster>> ParseDescribeClustersResponse(const Json& r);
// RegisterTaskDefinition, DescribeTaskDefinition and DeregisterTaskDefinition.
Result<EcsTaskDefinition> ParseTaskDefinitionResponse(const Json& r, std::string_view operation);
// CreateService, UpdateService and DeleteService.
Result<EcsService> ParseServiceResponse(const Json& r, std::string_view operation);
Result<EcsBatch<EcsService>> ParseDescribeServicesResponse(const Json& r);
Result<EcsBatch<EcsTask>> ParseDescribeTasksResponse(const Json& r);
Result<EcsTask> ParseStopTaskResponse(const Json& r);
// CreateTaskSet, UpdateTaskSet, DeleteTaskSet and UpdateServicePrimaryTaskSet.
Result<EcsTaskSet> ParseTaskSetResponse(const Json& r, std::string_view operation);
Result<EcsBatch<EcsTaskSet>> ParseDescribeTaskSetsResponse(const Json& r);
Result<TagMap> ParseListTagsForResourceResponse(const Json& r);
Result<EcsBatch<EcsServiceDeployment>> ParseDescribeServiceDeploymentsResponse(const Json& r);

}  // namespace berth::aws
