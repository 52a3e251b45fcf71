#include "aws/ecs/types.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace berth::aws {
namespace {

Json ArrayOr(const Json& j, std::string_view key) {
  return ListField(j, key);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> EcsTaskDefinition::ContainerImages() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Json& c : ListField(raw, "containerDefinitions")) {
    out.emplace_back(StrField(c, "name"), StrField(c, "image"));
  }
  return out;
}

const EcsDeployment* EcsService::PrimaryDeployment() const {
  for (const auto& d : deployments) {
    if (d.status == "PRIMARY") return &d;
  }
  return nullptr;
}

const EcsTaskSet* EcsService::PrimaryTaskSet() const {
  for (const auto& t : task_sets) {
    if (t.status == "PRIMARY") return &t;
  }
  return nullptr;
}

bool EcsService::CircuitBreakerEnabled() const {
  return BoolField(ObjField(deployment_configuration, "deploymentCircuitBreaker"), "enable");
}

bool EcsService::CircuitBreakerRollback() const {
  return BoolField(ObjField(deployment_configuration, "deploymentCircuitBreaker"), "rollback");
}

EcsCluster ParseEcsCluster(const Json& j) {
  EcsCluster c;
  c.raw = j;
  c.arn = StrField(j, "clusterArn");
  c.name = StrField(j, "clusterName");
  c.status = StrField(j, "status");
  c.running_tasks_count = IntField(j, "runningTasksCount");
  c.pending_tasks_count = IntField(j, "pendingTasksCount");
  c.active_services_count = IntField(j, "activeServicesCount");
  c.tags = TagsFromJson(ArrayOr(j, "tags"));
  return c;
}

EcsTaskDefinition ParseEcsTaskDefinition(const Json& task_definition, const Json& tags) {
  EcsTaskDefinition td;
  td.raw = task_definition.is_object() ? task_definition : Json::object();
  td.arn = StrField(td.raw, "taskDefinitionArn");
  td.family = StrField(td.raw, "family");
  td.revision = IntField(td.raw, "revision");
  td.status = StrField(td.raw, "status");
  td.tags = TagsFromJson(tags);
  return td;
}

EcsDeployment ParseEcsDeployment(const Json& j) {
  EcsDeployment d;
  d.raw = j;
  d.id = StrField(j, "id");
  d.status = StrField(j, "status");
  d.task_definition = StrField(j, "taskDefinition");
  d.desired_count = IntField(j, "desiredCount");
  d.running_count = IntField(j, "runningCount");
  d.pending_count = IntField(j, "pendingCount");
  d.failed_tasks = IntField(j, "failedTasks");
  d.rollout_state = StrField(j, "rolloutState");
  d.rollout_state_reason = StrField(j, "rolloutStateReason");
  d.created_at = TimeField(j, "createdAt");
  d.updated_at = TimeField(j, "updatedAt");
  return d;
}

EcsTaskSet ParseEcsTaskSet(const Json& j) {
  EcsTaskSet t;
  t.raw = j;
  t.id = StrField(j, "id");
  t.arn = StrField(j, "taskSetArn");
  t.status = StrField(j, "status");
  t.task_definition = StrField(j, "taskDefinition");
  t.external_id = StrField(j, "externalId");
  t.started_by = StrField(j, "startedBy");
  t.computed_desired_count = IntField(j, "computedDesiredCount");
  t.running_count = IntField(j, "runningCount");
  t.pending_count = IntField(j, "pendingCount");
  Json scale = ObjField(j, "scale");
  t.scale_value = DoubleField(scale, "value");
  t.scale_unit = StrField(scale, "unit");
  t.stability_status = StrField(j, "stabilityStatus");
  t.stability_status_at = TimeField(j, "stabilityStatusAt");
  t.created_at = TimeField(j, "createdAt");
  t.updated_at = TimeField(j, "updatedAt");
  t.tags = TagsFromJson(ArrayOr(j, "tags"));
  return t;
}

EcsService ParseEcsService(const Json& j) {
  EcsService s;
  s.raw = j;
  s.arn = StrField(j, "serviceArn");
  s.name = StrField(j, "serviceName");
  s.cluster_arn = StrField(j, "clusterArn");
  s.status = StrField(j, "status");
  s.task_definition = StrField(j, "taskDefinition");
  s.desired_count = IntField(j, "desiredCount");
  s.running_count = IntField(j, "runningCount");
  s.pending_count = IntField(j, "pendingCount");
  s.launch_type = StrField(j, "launchType");
  s.scheduling_strategy = StrField(j, "schedulingStrategy");
  s.deployment_controller = StrField(ObjField(j, "deploymentController"), "type");
  if (s.deployment_controller.empty()) s.deployment_controller = "ECS";
  s.deployment_configuration = ObjField(j, "deploymentConfiguration");
  s.load_balancers = ArrayOr(j, "loadBalancers");
  s.network_configuration = ObjField(j, "networkConfiguration");
  s.current_service_deployment = StrField(j, "currentServiceDeployment");
  for (const Json& d : ArrayOr(j, "deployments")) s.deployments.push_back(ParseEcsDeployment(d));
  for (const Json& e : ArrayOr(j, "events")) {
    s.events.push_back({StrField(e, "id"), TimeField(e, "createdAt"), StrField(e, "message")});
  }
  for (const Json& t : ArrayOr(j, "taskSets")) s.task_sets.push_back(ParseEcsTaskSet(t));
  s.created_at = TimeField(j, "createdAt");
  s.tags = TagsFromJson(ArrayOr(j, "tags"));
  return s;
}

EcsTask ParseEcsTask(const Json& j) {
  EcsTask t;
  t.raw = j;
  t.arn = StrField(j, "taskArn");
  t.task_definition_arn = StrField(j, "taskDefinitionArn");
  t.cluster_arn = StrField(j, "clusterArn");
  t.last_status = StrField(j, "lastStatus");
  t.desired_status = StrField(j, "desiredStatus");
  t.health_status = StrField(j, "healthStatus");
  t.started_by = StrField(j, "startedBy");
  t.group = StrField(j, "group");
  t.stop_code = StrField(j, "stopCode");
  t.stopped_reason = StrField(j, "stoppedReason");
  t.created_at = TimeField(j, "createdAt");
  t.started_at = TimeField(j, "startedAt");
  t.stopped_at = TimeField(j, "stoppedAt");
  for (const Json& c : ArrayOr(j, "containers")) {
    t.containers.push_back({StrField(c, "name"), StrField(c, "image"), StrField(c, "lastStatus"),
                            OptIntField(c, "exitCode"), StrField(c, "reason"), StrField(c, "healthStatus")});
  }
  t.tags = TagsFromJson(ArrayOr(j, "tags"));
  return t;
}

EcsServiceDeploymentBrief ParseEcsServiceDeploymentBrief(const Json& j) {
  EcsServiceDeploymentBrief b;
  b.raw = j;
  b.arn = StrField(j, "serviceDeploymentArn");
  b.service_arn = StrField(j, "serviceArn");
  b.cluster_arn = StrField(j, "clusterArn");
  b.status = StrField(j, "status");
  b.status_reason = StrField(j, "statusReason");
  b.target_service_revision_arn = StrField(j, "targetServiceRevisionArn");
  b.created_at = TimeField(j, "createdAt");
  b.started_at = TimeField(j, "startedAt");
  b.finished_at = TimeField(j, "finishedAt");
  return b;
}

EcsServiceDeployment ParseEcsServiceDeployment(const Json& j) {
  EcsServiceDeployment d;
  d.raw = j;
  d.arn = StrField(j, "serviceDeploymentArn");
  d.service_arn = StrField(j, "serviceArn");
  d.cluster_arn = StrField(j, "clusterArn");
  d.status = StrField(j, "status");
  d.status_reason = StrField(j, "statusReason");
  d.target_service_revision_arn = StrField(ObjField(j, "targetServiceRevision"), "arn");
  Json breaker = ObjField(j, "deploymentCircuitBreaker");
  d.circuit_breaker_status = StrField(breaker, "status");
  d.circuit_breaker_failure_count = IntField(breaker, "failureCount");
  d.circuit_breaker_threshold = IntField(breaker, "threshold");
  Json alarms = ObjField(j, "alarms");
  d.alarms_status = StrField(alarms, "status");
  d.triggered_alarm_names = StrListField(alarms, "triggeredAlarmNames");
  d.rollback_service_revision_arn = StrField(ObjField(j, "rollback"), "serviceRevisionArn");
  d.created_at = TimeField(j, "createdAt");
  d.started_at = TimeField(j, "startedAt");
  d.finished_at = TimeField(j, "finishedAt");
  return d;
}

std::vector<EcsFailure> ParseEcsFailures(const Json& response) {
  std::vector<EcsFailure> out;
  for (const Json& f : ArrayOr(response, "failures")) {
    out.push_back({StrField(f, "arn"), StrField(f, "reason"), StrField(f, "detail")});
  }
  return out;
}

Result<EcsCluster> ParseCreateClusterResponse(const Json& r) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, "CreateCluster"));
  return ParseEcsCluster(ObjField(r, "cluster"));
}

Result<EcsBatch<EcsCluster>> ParseDescribeClustersResponse(const Json& r) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, "DescribeClusters"));
  EcsBatch<EcsCluster> out;
  for (const Json& c : ArrayOr(r, "clusters")) out.items.push_back(ParseEcsCluster(c));
  out.failures = ParseEcsFailures(r);
  return out;
}

Result<EcsTaskDefinition> ParseTaskDefinitionResponse(const Json& r, std::string_view operation) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, operation));
  Json td = ObjField(r, "taskDefinition");
  if (td.empty()) {
    return BadResponse(
        fmt::format("{} returned no taskDefinition; the endpoint is not ECS or "
                    "answered incompletely",
                    operation));
  }
  return ParseEcsTaskDefinition(td, ArrayOr(r, "tags"));
}

Result<EcsService> ParseServiceResponse(const Json& r, std::string_view operation) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, operation));
  Json s = ObjField(r, "service");
  if (s.empty()) {
    return BadResponse(
        fmt::format("{} returned no service; the endpoint is not ECS or "
                    "answered incompletely",
                    operation));
  }
  return ParseEcsService(s);
}

Result<EcsBatch<EcsService>> ParseDescribeServicesResponse(const Json& r) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, "DescribeServices"));
  EcsBatch<EcsService> out;
  for (const Json& s : ArrayOr(r, "services")) out.items.push_back(ParseEcsService(s));
  out.failures = ParseEcsFailures(r);
  return out;
}

Result<EcsBatch<EcsTask>> ParseDescribeTasksResponse(const Json& r) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, "DescribeTasks"));
  EcsBatch<EcsTask> out;
  for (const Json& t : ArrayOr(r, "tasks")) out.items.push_back(ParseEcsTask(t));
  out.failures = ParseEcsFailures(r);
  return out;
}

Result<EcsTask> ParseStopTaskResponse(const Json& r) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, "StopTask"));
  return ParseEcsTask(ObjField(r, "task"));
}

Result<EcsTaskSet> ParseTaskSetResponse(const Json& r, std::string_view operation) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, operation));
  Json t = ObjField(r, "taskSet");
  if (t.empty()) {
    return BadResponse(
        fmt::format("{} returned no taskSet; the endpoint is not ECS or "
                    "answered incompletely",
                    operation));
  }
  return ParseEcsTaskSet(t);
}

Result<EcsBatch<EcsTaskSet>> ParseDescribeTaskSetsResponse(const Json& r) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, "DescribeTaskSets"));
  EcsBatch<EcsTaskSet> out;
  for (const Json& t : ArrayOr(r, "taskSets")) out.items.push_back(ParseEcsTaskSet(t));
  out.failures = ParseEcsFailures(r);
  return out;
}

Result<TagMap> ParseListTagsForResourceResponse(const Json& r) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, "ListTagsForResource"));
  return TagsFromJson(ArrayOr(r, "tags"));
}

Result<EcsBatch<EcsServiceDeployment>> ParseDescribeServiceDeploymentsResponse(const Json& r) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, "DescribeServiceDeployments"));
  EcsBatch<EcsServiceDeployment> out;
  for (const Json& d : ArrayOr(r, "serviceDeployments")) {
    out.items.push_back(ParseEcsServiceDeployment(d));
  }
  out.failures = ParseEcsFailures(r);
  return out;
}

}  // namespace berth::aws
