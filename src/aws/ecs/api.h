// EcsApi: the Amazon ECS operations berth uses, as an interface so domain code
// can run against HttpEcsApi (the real API through AwsClient, or `berth sim`)
// or a fake in tests.
//
// List* operations return every page (they paginate with nextToken through
// AwsClient::Paginate); Describe* operations that take many names split them
// into the API's batch sizes (DescribeServices 10, DescribeTasks 100,
// DescribeServiceDeployments 20) and merge the results and failures.
// Errors are the Status from AwsClient (kNotFound, kAwsError with the ECS error
// code in aws_code(), kThrottled, ...) with the operation as context, or
// kBadResponse when the response is not a JSON object.
//
// Request types and builders: requests.h. Response types: types.h.
//
// Thread-safety: HttpEcsApi is as thread-safe as its AwsClient (fully).
#pragma once

#include <string>
#include <vector>

#include "aws/ecs/requests.h"
#include "aws/ecs/types.h"
#include "core/result.h"

namespace berth::aws {

class AwsClient;
struct ServiceInfo;

class EcsApi {
 public:
  virtual ~EcsApi() = default;

  virtual Result<EcsCluster> CreateCluster(const CreateClusterRequest& r) = 0;
  virtual Result<EcsBatch<EcsCluster>> DescribeClusters(const DescribeClustersRequest& r) = 0;
  virtual Result<std::vector<std::string>> ListClusters() = 0;

  virtual Result<EcsTaskDefinition> RegisterTaskDefinition(const RegisterTaskDefinitionRequest& r) = 0;
  // Always asks for TAGS, so the result can be re-registered with its tags.
  virtual Result<EcsTaskDefinition> DescribeTaskDefinition(const std::string& task_definition) = 0;
  virtual Result<EcsTaskDefinition> DeregisterTaskDefinition(const std::string& task_definition) = 0;
  virtual Result<std::vector<std::string>> ListTaskDefinitions(const ListTaskDefinitionsRequest& r) = 0;

  virtual Result<EcsService> CreateService(const CreateServiceRequest& r) = 0;
  virtual Result<EcsService> UpdateService(const UpdateServiceRequest& r) = 0;
  virtual Result<EcsService> DeleteService(const DeleteServiceRequest& r) = 0;
  virtual Result<EcsBatch<EcsService>> DescribeServices(const DescribeServicesRequest& r) = 0;
  virtual Result<std::vector<std::string>> ListServices(const ListServicesRequest& r) = 0;

  virtual Result<std::vector<std::string>> ListTasks(const ListTasksRequest& r) = 0;
  virtual Result<EcsBatch<EcsTask>> DescribeTasks(const DescribeTasksRequest& r) = 0;
  virtual Result<EcsTask> StopTask(const StopTaskRequest& r) = 0;

  virtual Result<EcsTaskSet> CreateTaskSet(const CreateTaskSetRequest& r) = 0;
  virtual Result<EcsTaskSet> UpdateTaskSet(const UpdateTaskSetRequest& r) = 0;
  virtual Result<EcsTaskSet> DeleteTaskSet(const DeleteTaskSetRequest& r) = 0;
  virtual Result<EcsBatch<EcsTaskSet>> DescribeTaskSets(const DescribeTaskSetsRequest& r) = 0;
  virtual Result<EcsTaskSet> UpdateServicePrimaryTaskSet(const UpdateServicePrimaryTaskSetRequest& r) = 0;

  virtual Status TagResource(const std::string& resource_arn, const TagMap& tags) = 0;
  virtual Status UntagResource(const std::string& resource_arn, const std::vector<std::string>& keys) = 0;
  virtual Result<TagMap> ListTagsForResource(const std::string& resource_arn) = 0;

  virtual Result<std::vector<EcsServiceDeploymentBrief>> ListServiceDeployments(
      const ListServiceDeploymentsRequest& r) = 0;
  virtual Result<EcsBatch<EcsServiceDeployment>> DescribeServiceDeployments(const std::vector<std::string>& arns) = 0;
};

class HttpEcsApi final : public EcsApi {
 public:
  // `client` must outlive this object.
  explicit HttpEcsApi(AwsClient& client);

  Result<EcsCluster> CreateCluster(const CreateClusterRequest& r) override;
  Result<EcsBatch<EcsCluster>> DescribeClusters(const DescribeClustersRequest& r) override;
  Result<std::vector<std::string>> ListClusters() override;
  Result<EcsTaskDefinition> RegisterTaskDefinition(const RegisterTaskDefinitionRequest& r) override;
  Result<EcsTaskDefinition> DescribeTaskDefinition(const std::string& task_definition) override;
  Result<EcsTaskDefinition> DeregisterTaskDefinition(const std::string& task_definition) override;
  Result<std::vector<std::string>> ListTaskDefinitions(const ListTaskDefinitionsRequest& r) override;
  Result<EcsService> CreateService(const CreateServiceRequest& r) override;
  Result<EcsService> UpdateService(const UpdateServiceRequest& r) override;
  Result<EcsService> DeleteService(const DeleteServiceRequest& r) override;
  Result<EcsBatch<EcsService>> DescribeServices(const DescribeServicesRequest& r) override;
  Result<std::vector<std::string>> ListServices(const ListServicesRequest& r) override;
  Result<std::vector<std::string>> ListTasks(const ListTasksRequest& r) override;
  Result<EcsBatch<EcsTask>> DescribeTasks(const DescribeTasksRequest& r) override;
  Result<EcsTask> StopTask(const StopTaskRequest& r) override;
  Result<EcsTaskSet> CreateTaskSet(const CreateTaskSetRequest& r) override;
  Result<EcsTaskSet> UpdateTaskSet(const UpdateTaskSetRequest& r) override;
  Result<EcsTaskSet> DeleteTaskSet(const DeleteTaskSetRequest& r) override;
  Result<EcsBatch<EcsTaskSet>> DescribeTaskSets(const DescribeTaskSetsRequest& r) override;
  Result<EcsTaskSet> UpdateServicePrimaryTaskSet(const UpdateServicePrimaryTaskSetRequest& r) override;
  Status TagResource(const std::string& resource_arn, const TagMap& tags) override;
  Status UntagResource(const std::string& resource_arn, const std::vector<std::string>& keys) override;
  Result<TagMap> ListTagsForResource(const std::string& resource_arn) override;
  Result<std::vector<EcsServiceDeploymentBrief>> ListServiceDeployments(
      const ListServiceDeploymentsRequest& r) override;
  Result<EcsBatch<EcsServiceDeployment>> DescribeServiceDeployments(const std::vector<std::string>& arns) override;

 private:
  Result<Json> Call(std::string_view operation, const Json& input);
  // Collects the string list `list_member` from every page.
  Result<std::vector<std::string>> ListAll(std::string_view operation, Json input, std::string_view list_member);

  AwsClient& client_;
};

}  // namespace berth::aws
