#include "aws/ecs/requests.h"

#include <algorithm>
#include <chrono>

#include <nlohmann/json.hpp>

namespace berth::aws {
namespace {

void PutTags(Json& j, const TagMap& tags) {
  if (!tags.empty()) j["tags"] = TagsToJson(tags, /*capitalized=*/false);
}
void PutIncludeTags(Json& j, bool include_tags) {
  if (include_tags) j["include"] = Json::array({"TAGS"});
}
double EpochSeconds(SystemTime t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

}  // namespace

const std::vector<std::string> kTaskDefinitionOutputOnlyFields = {
    "taskDefinitionArn", "revision",       "status",       "requiresAttributes", "compatibilities",
    "registeredAt",      "deregisteredAt", "registeredBy", "deleteRequestedAt",
};

Json BuildCreateClusterInput(const CreateClusterRequest& r) {
  Json j = Json::object();
  PutIf(j, "clusterName", r.cluster_name);
  PutTags(j, r.tags);
  PutIf(j, "settings", r.settings);
  PutIf(j, "capacityProviders", r.capacity_providers);
  PutIf(j, "defaultCapacityProviderStrategy", r.default_capacity_provider_strategy);
  return j;
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
  Json j = Json::object();
  PutIf(j, "familyPrefix", r.family_prefix);
  PutIf(j, "status", r.status);
  PutIf(j, "sort", r.sort);
  PutIf(j, "maxResults", r.max_results);
  return j;
}

Json BuildCreateServiceInput(const CreateServiceRequest& r) {
  Json j = Json::object();
  PutIf(j, "cluster", r.cluster);
  PutIf(j, "serviceName", r.service_name);
  PutIf(j, "taskDefinition", r.task_definition);
  PutIf(j, "loadBalancers", r.load_balancers);
  PutIf(j, "serviceRegistries", r.service_registries);
  PutIf(j, "desiredCount", r.desired_count);
  PutIf(j, "clientToken", r.client_token);
  PutIf(j, "launchType", r.launch_type);
  PutIf(j, "capacityProviderStrategy", r.capacity_provider_strategy);
  PutIf(j, "platformVersion", r.platform_version);
  PutIf(j, "role", r.role);
  PutIf(j, "deploymentConfiguration", r.deployment_configuration);
  PutIf(j, "placementConstraints", r.placement_constraints);
  PutIf(j, "placementStrategy", r.placement_strategy);
  PutIf(j, "networkConfiguration", r.network_configuration);
  PutIf(j, "healthCheckGracePeriodSeconds", r.health_check_grace_period_seconds);
  PutIf(j, "schedulingStrategy", r.scheduling_strategy);
  if (!r.deployment_controller.empty()) {
    j["deploymentController"] = {{"type", r.deployment_controller}};
  }
  PutTags(j, r.tags);
  PutIf(j, "enableECSManagedTags", r.enable_ecs_managed_tags);
  PutIf(j, "propagateTags", r.propagate_tags);
  PutIf(j, "enableExecuteCommand", r.enable_execute_command);
  return j;
}

Json BuildUpdateServiceInput(const UpdateServiceRequest& r) {
  Json j = Json::object();
  PutIf(j, "cluster", r.cluster);
  PutIf(j, "service", r.service);
  PutIf(j, "desiredCount", r.desired_count);
  PutIf(j, "taskDefinition", r.task_definition);
  PutIf(j, "capacityProviderStrategy", r.capacity_provider_strategy);
  PutIf(j, "deploymentConfiguration", r.deployment_configuration);
  PutIf(j, "networkConfiguration", r.network_configuration);
  PutIf(j, "placementConstraints", r.placement_constraints);
  PutIf(j, "placementStrategy", r.placement_strategy);
  PutIf(j, "platformVersion", r.platform_version);
  PutIf(j, "forceNewDeployment", r.force_new_deployment);
  PutIf(j, "healthCheckGracePeriodSeconds", r.health_check_grace_period_seconds);
  PutIf(j, "enableExecuteCommand", r.enable_execute_command);
  PutIf(j, "enableECSManagedTags", r.enable_ecs_managed_tags);
  PutIf(j, "loadBalancers", r.load_balancers);
  PutIf(j, "propagateTags", r.propagate_tags);
  PutIf(j, "serviceRegistries", r.service_registries);
  return j;
}

Json BuildDeleteServiceInput(const DeleteServiceRequest& r) {
  Json j = Json::object();
  PutIf(j, "cluster", r.cluster);
  PutIf(j, "service", r.service);
  PutIf(j, "force", r.force);
  return j;
}

Json BuildDescribeServicesInput(const DescribeServicesRequest& r, const std::vector<std::string>& chunk) {
  Json j = Json::object();
  PutIf(j, "cluster", r.cluster);
  j["services"] = chunk;
  PutIncludeTags(j, r.include_tags);
  return j;
}

Json BuildListServicesInput(const ListServicesRequest& r) {
  Json j = Json::object();
  PutIf(j, "cluster", r.cluster);
  PutIf(j, "maxResults", r.max_results);
  PutIf(j, "launchType", r.launch_type);
  PutIf(j, "schedulingStrategy", r.scheduling_strategy);
  return j;
}

Json BuildListTasksInput(const ListTasksRequest& r) {
  Json j = Json::object();
  PutIf(j, "cluster", r.cluster);
  PutIf(j, "containerInstance", r.container_instance);
  PutIf(j, "family", r.family);
  PutIf(j, "maxResults", r.max_results);
  PutIf(j, "startedBy", r.started_by);
  PutIf(j, "serviceName", r.service_name);
  PutIf(j, "desiredStatus", r.desired_status);
  PutIf(j, "launchType", r.launch_type);
  return j;
}

Json BuildDescribeTasksInput(const DescribeTasksRequest& r, const std::vector<std::string>& chunk) {
  Json j = Json::object();
  PutIf(j, "cluster", r.cluster);
  j["tasks"] = chunk;
  PutIncludeTags(j, r.include_tags);
  return j;
}

Json BuildStopTaskInput(const StopTaskRequest& r) {
  Json j = Json::object();
  PutIf(j, "cluster", r.cluster);
  PutIf(j, "task", r.task);
  PutIf(j, "reason", r.reason);
  return j;
}

Json BuildCreateTaskSetInput(const CreateTaskSetRequest& r) {
  Json j = Json::object();
  PutIf(j, "service", r.service);
  PutIf(j, "cluster", r.cluster);
  PutIf(j, "externalId", r.external_id);
  PutIf(j, "taskDefinition", r.task_definition);
  PutIf(j, "networkConfiguration", r.network_configuration);
  PutIf(j, "loadBalancers", r.load_balancers);
  PutIf(j, "serviceRegistries", r.service_registries);
  PutIf(j, "launchType", r.launch_type);
  PutIf(j, "capacityProviderStrategy", r.capacity_provider_strategy);
  PutIf(j, "platformVersion", r.platform_version);
  if (r.scale_percent) j["scale"] = {{"value", *r.scale_percent}, {"unit", "PERCENT"}};
  PutIf(j, "clientToken", r.client_token);
  PutTags(j, r.tags);
  return j;
}

Json BuildUpdateTaskSetInput(const UpdateTaskSetRequest& r) {
  return Json{{"cluster", r.cluster},
              {"service", r.service},
              {"taskSet", r.task_set},
              {"scale", {{"value", r.scale_percent}, {"unit", "PERCENT"}}}};
}

Json BuildDeleteTaskSetInput(const DeleteTaskSetRequest& r) {
  Json j = {{"cluster", r.cluster}, {"service", r.service}, {"taskSet", r.task_set}};
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
  return Json{{"cluster", r.cluster}, {"service", r.service}, {"primaryTaskSet", r.primary_task_set}};
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
  Json j = Json::object();
  PutIf(j, "service", r.service);
  PutIf(j, "cluster", r.cluster);
  PutIf(j, "status", r.status);
  if (r.created_after || r.created_before) {
    Json created = Json::object();
    // JSON-protocol timestamps travel as epoch seconds.
    if (r.created_before) created["before"] = EpochSeconds(*r.created_before);
    if (r.created_after) created["after"] = EpochSeconds(*r.created_after);
    j["createdAt"] = created;
  }
  PutIf(j, "maxResults", r.max_results);
  return j;
}

Json BuildDescribeServiceDeploymentsInput(const std::vector<std::string>& chunk) {
  return Json{{"serviceDeploymentArns", chunk}};
}

}  // namespace berth::aws
