#include "aws/ecs/requests.h"

#include <nlohmann/json.hpp>

namespace berth::aws {
namespace {

void PutIncludeTags(Json& j, bool include_tags) {
  if (include_tags) j["include"] = Json::array({"TAGS"});
}

constexpr Field<CreateClusterRequest> kCreateCluster[] = {
    {"clusterName", &CreateClusterRequest::cluster_name},
    {"tags", &CreateClusterRequest::tags},
    {"settings", &CreateClusterRequest::settings},
    {"capacityProviders", &CreateClusterRequest::capacity_providers},
    {"defaultCapacityProviderStrategy", &CreateClusterRequest::default_capacity_provider_strategy},
};

constexpr Field<ListTaskDefinitionsRequest> kListTaskDefinitions[] = {
    {"familyPrefix", &ListTaskDefinitionsRequest::family_prefix},
    {"status", &ListTaskDefinitionsRequest::status},
    {"sort", &ListTaskDefinitionsRequest::sort},
    {"maxResults", &ListTaskDefinitionsRequest::max_results},
};

constexpr Field<CreateServiceRequest> kCreateService[] = {
    {"cluster", &CreateServiceRequest::cluster},
    {"serviceName", &CreateServiceRequest::service_name},
    {"taskDefinition", &CreateServiceRequest::task_definition},
    {"loadBalancers", &CreateServiceRequest::load_balancers},
    {"serviceRegistries", &CreateServiceRequest::service_registries},
    {"desiredCount", &CreateServiceRequest::desired_count},
    {"clientToken", &CreateServiceRequest::client_token},
    {"launchType", &CreateServiceRequest::launch_type},
    {"capacityProviderStrategy", &CreateServiceRequest::capacity_provider_strategy},
    {"platformVersion", &CreateServiceRequest::platform_version},
    {"role", &CreateServiceRequest::role},
    {"deploymentConfiguration", &CreateServiceRequest::deployment_configuration},
    {"placementConstraints", &CreateServiceRequest::placement_constraints},
    {"placementStrategy", &CreateServiceRequest::placement_strategy},
    {"networkConfiguration", &CreateServiceRequest::network_configuration},
    {"healthCheckGracePeriodSeconds", &CreateServiceRequest::health_check_grace_period_seconds},
    {"schedulingStrategy", &CreateServiceRequest::scheduling_strategy},
    {"deploymentController.type", &CreateServiceRequest::deployment_controller},
    {"tags", &CreateServiceRequest::tags},
    {"enableECSManagedTags", &CreateServiceRequest::enable_ecs_managed_tags},
    {"propagateTags", &CreateServiceRequest::propagate_tags},
    {"enableExecuteCommand", &CreateServiceRequest::enable_execute_command},
};

constexpr Field<UpdateServiceRequest> kUpdateService[] = {
    {"cluster", &UpdateServiceRequest::cluster},
    {"service", &UpdateServiceRequest::service},
    {"desiredCount", &UpdateServiceRequest::desired_count},
    {"taskDefinition", &UpdateServiceRequest::task_definition},
    {"capacityProviderStrategy", &UpdateServiceRequest::capacity_provider_strategy},
    {"deploymentConfiguration", &UpdateServiceRequest::deployment_configuration},
    {"networkConfiguration", &UpdateServiceRequest::network_configuration},
    {"placementConstraints", &UpdateServiceRequest::placement_constraints},
    {"placementStrategy", &UpdateServiceRequest::placement_strategy},
    {"platformVersion", &UpdateServiceRequest::platform_version},
    {"forceNewDeployment", &UpdateServiceRequest::force_new_deployment},
    {"healthCheckGracePeriodSeconds", &UpdateServiceRequest::health_check_grace_period_seconds},
    {"enableExecuteCommand", &UpdateServiceRequest::enable_execute_command},
    {"enableECSManagedTags", &UpdateServiceRequest::enable_ecs_managed_tags},
    {"loadBalancers", &UpdateServiceRequest::load_balancers},
    {"propagateTags", &UpdateServiceRequest::propagate_tags},
    {"serviceRegistries", &UpdateServiceRequest::service_registries},
};

constexpr Field<DeleteServiceRequest> kDeleteService[] = {
    {"cluster", &DeleteServiceRequest::cluster},
    {"service", &DeleteServiceRequest::service},
    {"force", &DeleteServiceRequest::force},
};

constexpr Field<ListServicesRequest> kListServices[] = {
    {"cluster", &ListServicesRequest::cluster},
    {"maxResults", &ListServicesRequest::max_results},
    {"launchType", &ListServicesRequest::launch_type},
    {"schedulingStrategy", &ListServicesRequest::scheduling_strategy},
};

constexpr Field<ListTasksRequest> kListTasks[] = {
    {"cluster", &ListTasksRequest::cluster},
    {"containerInstance", &ListTasksRequest::container_instance},
    {"family", &ListTasksRequest::family},
    {"maxResults", &ListTasksRequest::max_results},
    {"startedBy", &ListTasksRequest::started_by},
    {"serviceName", &ListTasksRequest::service_name},
    {"desiredStatus", &ListTasksRequest::desired_status},
    {"launchType", &ListTasksRequest::launch_type},
};

constexpr Field<StopTaskRequest> kStopTask[] = {
    {"cluster", &StopTaskRequest::cluster},
    {"task", &StopTaskRequest::task},
    {"reason", &StopTaskRequest::reason},
};

constexpr Field<CreateTaskSetRequest> kCreateTaskSet[] = {
    {"service", &CreateTaskSetRequest::service},
    {"cluster", &CreateTaskSetRequest::cluster},
    {"externalId", &CreateTaskSetRequest::external_id},
    {"taskDefinition", &CreateTaskSetRequest::task_definition},
    {"networkConfiguration", &CreateTaskSetRequest::network_configuration},
    {"loadBalancers", &CreateTaskSetRequest::load_balancers},
    {"serviceRegistries", &CreateTaskSetRequest::service_registries},
    {"launchType", &CreateTaskSetRequest::launch_type},
    {"capacityProviderStrategy", &CreateTaskSetRequest::capacity_provider_strategy},
    {"platformVersion", &CreateTaskSetRequest::platform_version},
    {"scale.value", &CreateTaskSetRequest::scale_percent},
};

constexpr Field<CreateTaskSetRequest> kCreateTaskSetTail[] = {
    {"clientToken", &CreateTaskSetRequest::client_token},
    {"tags", &CreateTaskSetRequest::tags},
};

// The task-set requests that name their task set by cluster, service and id.
template <typename T>
Json TaskSetRef(const T& r, const char* task_set_member, const std::string& task_set) {
  return Json{{"cluster", r.cluster}, {"service", r.service}, {task_set_member, task_set}};
}

constexpr Field<ListServiceDeploymentsRequest> kListServiceDeployments[] = {
    {"service", &ListServiceDeploymentsRequest::service},
    {"cluster", &ListServiceDeploymentsRequest::cluster},
    {"status", &ListServiceDeploymentsRequest::status},
    // JSON-protocol timestamps travel as epoch seconds.
    {"createdAt.before", &ListServiceDeploymentsRequest::created_before},
    {"createdAt.after", &ListServiceDeploymentsRequest::created_after},
    {"maxResults", &ListServiceDeploymentsRequest::max_results},
};

}  // namespace

const std::vector<std::string> kTaskDefinitionOutputOnlyFields = {
    "taskDefinitionArn", "revision",       "status",       "requiresAttributes", "compatibilities",
    "registeredAt",      "deregisteredAt", "registeredBy", "deleteRequestedAt",
};

Json BuildCreateClusterInput(const CreateClusterRequest& r) {
  return WriteFields(r, kCreateCluster);
}

Json BuildDescribeClustersInput(const DescribeClustersRequest& r) {
  Json j = Json::object();
  PutIf(j, "clusters", r.clusters);
  PutIncludeTags(j, r.include_tags);
  return j;
}

Json BuildListClustersInput(std::optional<int> max_results) {
  Json j = Json::object();
  PutIf(j, "maxResults", max_results);
  return j;
}

Json BuildRegisterTaskDefinitionInput(const RegisterTaskDefinitionRequest& r) {
  Json j = r.task_definition.is_object() ? r.task_definition : Json::object();
  for (const std::string& field : kTaskDefinitionOutputOnlyFields) j.erase(field);
  if (!r.tags.empty()) j["tags"] = TagsToJson(r.tags, false);
  // An empty tags list is accepted by ECS but pointless; keep requests minimal.
  if (j.contains("tags") && j["tags"].is_array() && j["tags"].empty()) j.erase("tags");
  return j;
}

Json BuildDescribeTaskDefinitionInput(const std::string& task_definition, bool include_tags) {
  Json j = {{"taskDefinition", task_definition}};
  PutIncludeTags(j, include_tags);
  return j;
}

Json BuildDeregisterTaskDefinitionInput(const std::string& task_definition) {
  return Json{{"taskDefinition", task_definition}};
}

Json BuildListTaskDefinitionsInput(const ListTaskDefinitionsRequest& r) {
  return WriteFields(r, kListTaskDefinitions);
}

Json BuildCreateServiceInput(const CreateServiceRequest& r) {
  return WriteFields(r, kCreateService);
}

Json BuildUpdateServiceInput(const UpdateServiceRequest& r) {
  return WriteFields(r, kUpdateService);
}

Json BuildDeleteServiceInput(const DeleteServiceRequest& r) {
  return WriteFields(r, kDeleteService);
}

Json BuildDescribeServicesInput(const DescribeServicesRequest& r, const std::vector<std::string>& chunk) {
  Json j = Json::object();
  PutIf(j, "cluster", r.cluster);
  j["services"] = chunk;
  PutIncludeTags(j, r.include_tags);
  return j;
}

Json BuildListServicesInput(const ListServicesRequest& r) {
  return WriteFields(r, kListServices);
}

Json BuildListTasksInput(const ListTasksRequest& r) {
  return WriteFields(r, kListTasks);
}

Json BuildDescribeTasksInput(const DescribeTasksRequest& r, const std::vector<std::string>& chunk) {
  Json j = Json::object();
  PutIf(j, "cluster", r.cluster);
  j["tasks"] = chunk;
  PutIncludeTags(j, r.include_tags);
  return j;
}

Json BuildStopTaskInput(const StopTaskRequest& r) {
  return WriteFields(r, kStopTask);
}

Json BuildCreateTaskSetInput(const CreateTaskSetRequest& r) {
  Json j = WriteFields(r, kCreateTaskSet);
  if (r.scale_percent) j["scale"]["unit"] = "PERCENT";
  WriteFields(j, r, kCreateTaskSetTail);
  return j;
}

Json BuildUpdateTaskSetInput(const UpdateTaskSetRequest& r) {
  Json j = TaskSetRef(r, "taskSet", r.task_set);
  j["scale"] = {{"value", r.scale_percent}, {"unit", "PERCENT"}};
  return j;
}

Json BuildDeleteTaskSetInput(const DeleteTaskSetRequest& r) {
  Json j = TaskSetRef(r, "taskSet", r.task_set);
  PutIf(j, "force", r.force);
  return j;
}

Json BuildDescribeTaskSetsInput(const DescribeTaskSetsRequest& r) {
  Json j = {{"cluster", r.cluster}, {"service", r.service}};
  PutIf(j, "taskSets", r.task_sets);
  PutIncludeTags(j, r.include_tags);
  return j;
}

Json BuildUpdateServicePrimaryTaskSetInput(const UpdateServicePrimaryTaskSetRequest& r) {
  return TaskSetRef(r, "primaryTaskSet", r.primary_task_set);
}

Json BuildTagResourceInput(const std::string& resource_arn, const TagMap& tags) {
  return Json{{"resourceArn", resource_arn}, {"tags", TagsToJson(tags, false)}};
}

Json BuildUntagResourceInput(const std::string& resource_arn, const std::vector<std::string>& keys) {
  return Json{{"resourceArn", resource_arn}, {"tagKeys", keys}};
}

Json BuildListTagsForResourceInput(const std::string& resource_arn) {
  return Json{{"resourceArn", resource_arn}};
}

Json BuildListServiceDeploymentsInput(const ListServiceDeploymentsRequest& r) {
  return WriteFields(r, kListServiceDeployments);
}

Json BuildDescribeServiceDeploymentsInput(const std::vector<std::string>& chunk) {
  return Json{{"serviceDeploymentArns", chunk}};
}

}  // namespace berth::aws
