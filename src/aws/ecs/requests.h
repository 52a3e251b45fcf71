// ECS operation inputs: typed parameters and the pure builders that turn them
// into the JSON input exactly as botocore's model names its members.
//
// Conventions: an empty string, empty vector, nullopt or null Json means "do
// not send the member". Nested documents berth passes through from a service
// definition (networkConfiguration, loadBalancers, deploymentConfiguration,
// capacityProviderStrategy, ...) are Json, sent as given. Every builder is
// checked against botocore's model in tests/conformance/botocore_model_test.cc.
//
// Thread-safety: value types and pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "aws/call/response_fields.h"
#include "core/clock.h"
#include "core/json.h"

namespace berth::aws {

struct CreateClusterRequest {
  std::string cluster_name;
  TagMap tags;
  Json settings;  // [{name: "containerInsights", value: "enabled"}]
  std::vector<std::string> capacity_providers;
  Json default_capacity_provider_strategy;
};

struct DescribeClustersRequest {
  std::vector<std::string> clusters;  // names or ARNs; empty: the default cluster
  bool include_tags = false;
};

// Registers a task definition document. `task_definition` may be a register
// input or the `taskDefinition` of a DescribeTaskDefinition response: the
// output-only members (kTaskDefinitionOutputOnlyFields) are removed and every
// other member passes through untouched, so fields ECS adds later still work.
struct RegisterTaskDefinitionRequest {
  Json task_definition;
  TagMap tags;  // replaces any `tags` member of the document when non-empty
};

// TaskDefinition members that RegisterTaskDefinition does not accept (the
// model's TaskDefinition minus RegisterTaskDefinitionRequest; checked against
// botocore by tests/conformance/botocore_model_test.cc).
extern const std::vector<std::string> kTaskDefinitionOutputOnlyFields;

struct ListTaskDefinitionsRequest {
  std::string family_prefix;
  std::string status;              // ACTIVE (default), INACTIVE, DELETE_IN_PROGRESS
  std::string sort;                // ASC (default), DESC
  std::optional<int> max_results;  // 1-100 per page
};

struct CreateServiceRequest {
  std::string cluster;
  std::string service_name;  // required
  std::string task_definition;
  std::optional<int> desired_count;
  std::string launch_type;
  Json capacity_provider_strategy;
  std::string platform_version;
  std::string scheduling_strategy;    // REPLICA, DAEMON
  std::string deployment_controller;  // ECS, CODE_DEPLOY, EXTERNAL
  Json deployment_configuration;
  Json network_configuration;
  Json load_balancers;
  Json service_registries;
  Json placement_constraints;
  Json placement_strategy;
  std::optional<int> health_check_grace_period_seconds;
  std::optional<bool> enable_ecs_managed_tags;
  std::optional<bool> enable_execute_command;
  std::string propagate_tags;  // TASK_DEFINITION, SERVICE, NONE
  std::string role;
  std::string client_token;
  TagMap tags;
};

struct UpdateServiceRequest {
  std::string cluster;
  std::string service;  // required
  // Not sent. The ids of the service's deployments before this call: when
  // set, an UpdateService whose outcome is unknown (the connection dropped)
  // is read back before it is retried, and a new PRIMARY deployment on
  // `task_definition` that is not among these means it was applied (so a
  // forced new deployment is not started twice).
  std::optional<std::vector<std::string>> deployments_before;
  std::string task_definition;
  std::optional<int> desired_count;
  std::optional<bool> force_new_deployment;
  Json capacity_provider_strategy;
  std::string platform_version;
  Json deployment_configuration;
  Json network_configuration;
  Json load_balancers;
  Json service_registries;
  Json placement_constraints;
  Json placement_strategy;
  std::optional<int> health_check_grace_period_seconds;
  std::optional<bool> enable_ecs_managed_tags;
  std::optional<bool> enable_execute_command;
  std::string propagate_tags;
};

struct DeleteServiceRequest {
  std::string cluster;
  std::string service;
  std::optional<bool> force;
};

struct DescribeServicesRequest {
  std::string cluster;
  std::vector<std::string> services;  // any number: split into calls of 10
  bool include_tags = false;
};

struct ListServicesRequest {
  std::string cluster;
  std::string launch_type;
  std::string scheduling_strategy;
  std::optional<int> max_results;  // 1-100 per page (ECS default 10)
};

struct ListTasksRequest {
  std::string cluster;
  std::string service_name;
  std::string family;
  std::string started_by;      // must be the only filter when given (ECS rule)
  std::string desired_status;  // RUNNING (ECS default), PENDING, STOPPED
  std::string launch_type;
  std::string container_instance;
  std::optional<int> max_results;  // 1-100 per page
};

struct DescribeTasksRequest {
  std::string cluster;
  std::vector<std::string> tasks;  // any number: split into calls of 100
  bool include_tags = false;
};

struct StopTaskRequest {
  std::string cluster;
  std::string task;
  std::string reason;
};

struct CreateTaskSetRequest {
  std::string cluster;          // required
  std::string service;          // required
  std::string task_definition;  // required
  std::string external_id;
  Json network_configuration;
  Json load_balancers;
  Json service_registries;
  std::string launch_type;
  Json capacity_provider_strategy;
  std::string platform_version;
  std::optional<double> scale_percent;  // 0-100
  std::string client_token;             // idempotency: <= 36 printable ASCII
  TagMap tags;
};

struct UpdateTaskSetRequest {
  std::string cluster;
  std::string service;
  std::string task_set;
  double scale_percent = 100;
};

struct DeleteTaskSetRequest {
  std::string cluster;
  std::string service;
  std::string task_set;
  std::optional<bool> force;
};

struct DescribeTaskSetsRequest {
  std::string cluster;
  std::string service;
  std::vector<std::string> task_sets;  // empty: all
  bool include_tags = false;
};

struct UpdateServicePrimaryTaskSetRequest {
  std::string cluster;
  std::string service;
  std::string primary_task_set;
};

struct ListServiceDeploymentsRequest {
  std::string cluster;
  std::string service;              // required
  std::vector<std::string> status;  // PENDING, IN_PROGRESS, SUCCESSFUL, ...
  std::optional<SystemTime> created_after;
  std::optional<SystemTime> created_before;
  std::optional<int> max_results;  // 1-100 per page
};

// Builders. Batching operations take the chunk to send.
Json BuildCreateClusterInput(const CreateClusterRequest& r);
Json BuildDescribeClustersInput(const DescribeClustersRequest& r);
Json BuildListClustersInput(std::optional<int> max_results);
Json BuildRegisterTaskDefinitionInput(const RegisterTaskDefinitionRequest& r);
Json BuildDescribeTaskDefinitionInput(const std::string& task_definition, bool include_tags);
Json BuildDeregisterTaskDefinitionInput(const std::string& task_definition);
Json BuildListTaskDefinitionsInput(const ListTaskDefinitionsRequest& r);
Json BuildCreateServiceInput(const CreateServiceRequest& r);
Json BuildUpdateServiceInput(const UpdateServiceRequest& r);
Json BuildDeleteServiceInput(const DeleteServiceRequest& r);
Json BuildDescribeServicesInput(const DescribeServicesRequest& r, const std::vector<std::string>& chunk);
Json BuildListServicesInput(const ListServicesRequest& r);
Json BuildListTasksInput(const ListTasksRequest& r);
Json BuildDescribeTasksInput(const DescribeTasksRequest& r, const std::vector<std::string>& chunk);
Json BuildStopTaskInput(const StopTaskRequest& r);
Json BuildCreateTaskSetInput(const CreateTaskSetRequest& r);
Json BuildUpdateTaskSetInput(const UpdateTaskSetRequest& r);
Json BuildDeleteTaskSetInput(const DeleteTaskSetRequest& r);
Json BuildDescribeTaskSetsInput(const DescribeTaskSetsRequest& r);
Json BuildUpdateServicePrimaryTaskSetInput(const UpdateServicePrimaryTaskSetRequest& r);
Json BuildTagResourceInput(const std::string& resource_arn, const TagMap& tags);
Json BuildUntagResourceInput(const std::string& resource_arn, const std::vector<std::string>& keys);
Json BuildListTagsForResourceInput(const std::string& resource_arn);
Json BuildListServiceDeploymentsInput(const ListServiceDeploymentsRequest& r);
Json BuildDescribeServiceDeploymentsInput(const std::vector<std::string>& chunk);

// Batch limits from the model documentation (aws-api-facts.md §4.5).
inline constexpr size_t kDescribeServicesBatch = 10;
inline constexpr size_t kDescribeTasksBatch = 100;
inline constexpr size_t kDescribeServiceDeploymentsBatch = 20;
inline constexpr size_t kDescribeClustersBatch = 100;

}  // namespace berth::aws
