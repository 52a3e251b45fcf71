#include "aws/ecs/types.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace berth::aws {
namespace {

constexpr Field<EcsCluster> kCluster[] = {
    {"clusterArn", &EcsCluster::arn},
    {"clusterName", &EcsCluster::name},
    {"status", &EcsCluster::status},
    {"runningTasksCount", &EcsCluster::running_tasks_count},
    {"pendingTasksCount", &EcsCluster::pending_tasks_count},
    {"activeServicesCount", &EcsCluster::active_services_count},
    {"tags", &EcsCluster::tags},
};

constexpr Field<EcsTaskDefinition> kTaskDefinition[] = {
    {"taskDefinitionArn", &EcsTaskDefinition::arn},
    {"family", &EcsTaskDefinition::family},
    {"revision", &EcsTaskDefinition::revision},
    {"status", &EcsTaskDefinition::status},
};

constexpr Field<EcsDeployment> kDeployment[] = {
    {"id", &EcsDeployment::id},
    {"status", &EcsDeployment::status},
    {"taskDefinition", &EcsDeployment::task_definition},
    {"desiredCount", &EcsDeployment::desired_count},
    {"runningCount", &EcsDeployment::running_count},
    {"pendingCount", &EcsDeployment::pending_count},
    {"failedTasks", &EcsDeployment::failed_tasks},
    {"rolloutState", &EcsDeployment::rollout_state},
    {"rolloutStateReason", &EcsDeployment::rollout_state_reason},
    {"createdAt", &EcsDeployment::created_at},
    {"updatedAt", &EcsDeployment::updated_at},
};

constexpr Field<EcsServiceEvent> kServiceEvent[] = {
    {"id", &EcsServiceEvent::id},
    {"createdAt", &EcsServiceEvent::created_at},
    {"message", &EcsServiceEvent::message},
};

constexpr Field<EcsTaskSet> kTaskSet[] = {
    {"id", &EcsTaskSet::id},
    {"taskSetArn", &EcsTaskSet::arn},
    {"status", &EcsTaskSet::status},
    {"taskDefinition", &EcsTaskSet::task_definition},
    {"externalId", &EcsTaskSet::external_id},
    {"startedBy", &EcsTaskSet::started_by},
    {"computedDesiredCount", &EcsTaskSet::computed_desired_count},
    {"runningCount", &EcsTaskSet::running_count},
    {"pendingCount", &EcsTaskSet::pending_count},
    {"scale.value", &EcsTaskSet::scale_value},
    {"scale.unit", &EcsTaskSet::scale_unit},
    {"stabilityStatus", &EcsTaskSet::stability_status},
    {"stabilityStatusAt", &EcsTaskSet::stability_status_at},
    {"createdAt", &EcsTaskSet::created_at},
    {"updatedAt", &EcsTaskSet::updated_at},
    {"tags", &EcsTaskSet::tags},
};

constexpr Field<EcsService> kService[] = {
    {"serviceArn", &EcsService::arn},
    {"serviceName", &EcsService::name},
    {"clusterArn", &EcsService::cluster_arn},
    {"status", &EcsService::status},
    {"taskDefinition", &EcsService::task_definition},
    {"desiredCount", &EcsService::desired_count},
    {"runningCount", &EcsService::running_count},
    {"pendingCount", &EcsService::pending_count},
    {"launchType", &EcsService::launch_type},
    {"schedulingStrategy", &EcsService::scheduling_strategy},
    {"deploymentController.type", &EcsService::deployment_controller},
    {"deploymentConfiguration", &EcsService::deployment_configuration},
    {"loadBalancers", &EcsService::load_balancers, FieldRule::kList},
    {"networkConfiguration", &EcsService::network_configuration},
    {"currentServiceDeployment", &EcsService::current_service_deployment},
    {"createdAt", &EcsService::created_at},
    {"tags", &EcsService::tags},
};

constexpr Field<EcsContainer> kContainer[] = {
    {"name", &EcsContainer::name},
    {"image", &EcsContainer::image},
    {"lastStatus", &EcsContainer::last_status},
    {"exitCode", &EcsContainer::exit_code},
    {"reason", &EcsContainer::reason},
    {"healthStatus", &EcsContainer::health_status},
};

constexpr Field<EcsTask> kTask[] = {
    {"taskArn", &EcsTask::arn},
    {"taskDefinitionArn", &EcsTask::task_definition_arn},
    {"clusterArn", &EcsTask::cluster_arn},
    {"lastStatus", &EcsTask::last_status},
    {"desiredStatus", &EcsTask::desired_status},
    {"healthStatus", &EcsTask::health_status},
    {"startedBy", &EcsTask::started_by},
    {"group", &EcsTask::group},
    {"stopCode", &EcsTask::stop_code},
    {"stoppedReason", &EcsTask::stopped_reason},
    {"createdAt", &EcsTask::created_at},
    {"startedAt", &EcsTask::started_at},
    {"stoppedAt", &EcsTask::stopped_at},
    {"tags", &EcsTask::tags},
};

constexpr Field<EcsServiceDeploymentBrief> kServiceDeploymentBrief[] = {
    {"serviceDeploymentArn", &EcsServiceDeploymentBrief::arn},
    {"serviceArn", &EcsServiceDeploymentBrief::service_arn},
    {"clusterArn", &EcsServiceDeploymentBrief::cluster_arn},
    {"status", &EcsServiceDeploymentBrief::status},
    {"statusReason", &EcsServiceDeploymentBrief::status_reason},
    {"targetServiceRevisionArn", &EcsServiceDeploymentBrief::target_service_revision_arn},
    {"createdAt", &EcsServiceDeploymentBrief::created_at},
    {"startedAt", &EcsServiceDeploymentBrief::started_at},
    {"finishedAt", &EcsServiceDeploymentBrief::finished_at},
};

constexpr Field<EcsServiceDeployment> kServiceDeployment[] = {
    {"serviceDeploymentArn", &EcsServiceDeployment::arn},
    {"serviceArn", &EcsServiceDeployment::service_arn},
    {"clusterArn", &EcsServiceDeployment::cluster_arn},
    {"status", &EcsServiceDeployment::status},
    {"statusReason", &EcsServiceDeployment::status_reason},
    {"targetServiceRevision.arn", &EcsServiceDeployment::target_service_revision_arn},
    {"deploymentCircuitBreaker.status", &EcsServiceDeployment::circuit_breaker_status},
    {"deploymentCircuitBreaker.failureCount", &EcsServiceDeployment::circuit_breaker_failure_count},
    {"deploymentCircuitBreaker.threshold", &EcsServiceDeployment::circuit_breaker_threshold},
    {"alarms.status", &EcsServiceDeployment::alarms_status},
    {"alarms.triggeredAlarmNames", &EcsServiceDeployment::triggered_alarm_names},
    {"rollback.serviceRevisionArn", &EcsServiceDeployment::rollback_service_revision_arn},
    {"createdAt", &EcsServiceDeployment::created_at},
    {"startedAt", &EcsServiceDeployment::started_at},
    {"finishedAt", &EcsServiceDeployment::finished_at},
};

constexpr Field<EcsFailure> kFailure[] = {
    {"arn", &EcsFailure::arn},
    {"reason", &EcsFailure::reason},
    {"detail", &EcsFailure::detail},
};

// One object member of a response, or BadResponse naming it when it is
// missing or empty (the endpoint is not ECS, or answered incompletely).
Result<Json> RequiredObject(const Json& r, std::string_view member, std::string_view operation) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, operation));
  Json o = ObjField(r, member);
  if (o.empty()) {
    return BadResponse(
        fmt::format("{} returned no {}; the endpoint is not ECS or answered incompletely", operation, member));
  }
  return o;
}

// A Describe* response: items of `list_member` through `parse`, and failures[].
template <typename T, typename Parse>
Result<EcsBatch<T>> ParseBatch(const Json& r, std::string_view operation, std::string_view list_member, Parse parse) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, operation));
  return EcsBatch<T>{ReadList(r, list_member, parse), ParseEcsFailures(r)};
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
  return ReadShape(j, kCluster);
}

EcsTaskDefinition ParseEcsTaskDefinition(const Json& task_definition, const Json& tags) {
  EcsTaskDefinition td = ReadShape(task_definition.is_object() ? task_definition : Json::object(), kTaskDefinition);
  td.tags = TagsFromJson(tags);
  return td;
}

EcsDeployment ParseEcsDeployment(const Json& j) {
  return ReadShape(j, kDeployment);
}

EcsTaskSet ParseEcsTaskSet(const Json& j) {
  return ReadShape(j, kTaskSet);
}

EcsService ParseEcsService(const Json& j) {
  EcsService s = ReadShape(j, kService);
  if (s.deployment_controller.empty()) s.deployment_controller = "ECS";
  s.deployments = ReadList(j, "deployments", ParseEcsDeployment);
  s.events = ReadList(j, "events", [](const Json& e) { return ReadShape(e, kServiceEvent); });
  s.task_sets = ReadList(j, "taskSets", ParseEcsTaskSet);
  return s;
}

EcsTask ParseEcsTask(const Json& j) {
  EcsTask t = ReadShape(j, kTask);
  t.containers = ReadList(j, "containers", [](const Json& c) { return ReadShape(c, kContainer); });
  return t;
}

EcsServiceDeploymentBrief ParseEcsServiceDeploymentBrief(const Json& j) {
  return ReadShape(j, kServiceDeploymentBrief);
}

EcsServiceDeployment ParseEcsServiceDeployment(const Json& j) {
  return ReadShape(j, kServiceDeployment);
}

std::vector<EcsFailure> ParseEcsFailures(const Json& response) {
  return ReadList(response, "failures", [](const Json& f) { return ReadShape(f, kFailure); });
}

Result<EcsCluster> ParseCreateClusterResponse(const Json& r) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, "CreateCluster"));
  return ParseEcsCluster(ObjField(r, "cluster"));
}

Result<EcsBatch<EcsCluster>> ParseDescribeClustersResponse(const Json& r) {
  return ParseBatch<EcsCluster>(r, "DescribeClusters", "clusters", ParseEcsCluster);
}

Result<EcsTaskDefinition> ParseTaskDefinitionResponse(const Json& r, std::string_view operation) {
  BERTH_ASSIGN_OR_RETURN(Json td, RequiredObject(r, "taskDefinition", operation));
  return ParseEcsTaskDefinition(td, ListField(r, "tags"));
}

Result<EcsService> ParseServiceResponse(const Json& r, std::string_view operation) {
  BERTH_ASSIGN_OR_RETURN(Json s, RequiredObject(r, "service", operation));
  return ParseEcsService(s);
}

Result<EcsBatch<EcsService>> ParseDescribeServicesResponse(const Json& r) {
  return ParseBatch<EcsService>(r, "DescribeServices", "services", ParseEcsService);
}

Result<EcsBatch<EcsTask>> ParseDescribeTasksResponse(const Json& r) {
  return ParseBatch<EcsTask>(r, "DescribeTasks", "tasks", ParseEcsTask);
}

Result<EcsTask> ParseStopTaskResponse(const Json& r) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, "StopTask"));
  return ParseEcsTask(ObjField(r, "task"));
}

Result<EcsTaskSet> ParseTaskSetResponse(const Json& r, std::string_view operation) {
  BERTH_ASSIGN_OR_RETURN(Json t, RequiredObject(r, "taskSet", operation));
  return ParseEcsTaskSet(t);
}

Result<EcsBatch<EcsTaskSet>> ParseDescribeTaskSetsResponse(const Json& r) {
  return ParseBatch<EcsTaskSet>(r, "DescribeTaskSets", "taskSets", ParseEcsTaskSet);
}

Result<TagMap> ParseListTagsForResourceResponse(const Json& r) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, "ListTagsForResource"));
  return TagsFromJson(ListField(r, "tags"));
}

Result<EcsBatch<EcsServiceDeployment>> ParseDescribeServiceDeploymentsResponse(const Json& r) {
  return ParseBatch<EcsServiceDeployment>(r, "DescribeServiceDeployments", "serviceDeployments",
                                          ParseEcsServiceDeployment);
}

}  // namespace berth::aws
