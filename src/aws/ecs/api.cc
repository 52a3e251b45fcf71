#include "aws/ecs/api.h"

#include <nlohmann/json.hpp>

#include "aws/call/client.h"
#include "aws/call/typed_call.h"

namespace berth::aws {
namespace {

constexpr std::string_view kEcs = "ecs";

template <typename T>
void Append(EcsBatch<T>& into, EcsBatch<T>&& from) {
  for (auto& item : from.items) into.items.push_back(std::move(item));
  for (auto& f : from.failures) into.failures.push_back(std::move(f));
}

}  // namespace

HttpEcsApi::HttpEcsApi(AwsClient& client) : client_(client) {}

Result<Json> HttpEcsApi::Call(std::string_view operation, const Json& input) {
  return CallService(client_, kEcs, operation, input);
}

Result<std::vector<std::string>> HttpEcsApi::ListAll(std::string_view operation, Json input,
                                                     std::string_view list_member) {
  std::vector<std::string> out;
  BERTH_RETURN_IF_ERROR(PaginateService(client_, kEcs, operation, std::move(input), "nextToken", "nextToken",
                                        [&](const Json& page) -> Status {
                                          BERTH_RETURN_IF_ERROR(ExpectObject(page, operation));
                                          for (std::string& s : StrListField(page, list_member))
                                            out.push_back(std::move(s));
                                          return Status::Ok();
                                        }));
  return out;
}

Result<EcsCluster> HttpEcsApi::CreateCluster(const CreateClusterRequest& r) {
  BERTH_ASSIGN_OR_RETURN(Json out, Call("CreateCluster", BuildCreateClusterInput(r)));
  return ParseCreateClusterResponse(out);
}

Result<EcsBatch<EcsCluster>> HttpEcsApi::DescribeClusters(const DescribeClustersRequest& r) {
  if (r.clusters.size() <= kDescribeClustersBatch) {
    BERTH_ASSIGN_OR_RETURN(Json out, Call("DescribeClusters", BuildDescribeClustersInput(r)));
    return ParseDescribeClustersResponse(out);
  }
  EcsBatch<EcsCluster> all;
  for (const auto& chunk : Chunk(r.clusters, kDescribeClustersBatch)) {
    DescribeClustersRequest part = r;
    part.clusters = chunk;
    BERTH_ASSIGN_OR_RETURN(Json out, Call("DescribeClusters", BuildDescribeClustersInput(part)));
    BERTH_ASSIGN_OR_RETURN(auto batch, ParseDescribeClustersResponse(out));
    Append(all, std::move(batch));
  }
  return all;
}

Result<std::vector<std::string>> HttpEcsApi::ListClusters() {
  return ListAll("ListClusters", BuildListClustersInput(std::nullopt), "clusterArns");
}

Result<EcsTaskDefinition> HttpEcsApi::RegisterTaskDefinition(const RegisterTaskDefinitionRequest& r) {
  BERTH_ASSIGN_OR_RETURN(Json out, Call("RegisterTaskDefinition", BuildRegisterTaskDefinitionInput(r)));
  return ParseTaskDefinitionResponse(out, "RegisterTaskDefinition");
}

Result<EcsTaskDefinition> HttpEcsApi::DescribeTaskDefinition(const std::string& task_definition) {
  BERTH_ASSIGN_OR_RETURN(Json out, Call("DescribeTaskDefinition", BuildDescribeTaskDefinitionInput(task_definition,
                                                                                                   /*tags=*/true)));
  return ParseTaskDefinitionResponse(out, "DescribeTaskDefinition");
}

Result<EcsTaskDefinition> HttpEcsApi::DeregisterTaskDefinition(const std::string& task_definition) {
  BERTH_ASSIGN_OR_RETURN(Json out,
                         Call("DeregisterTaskDefinition", BuildDeregisterTaskDefinitionInput(task_definition)));
  return ParseTaskDefinitionResponse(out, "DeregisterTaskDefinition");
}

Result<std::vector<std::string>> HttpEcsApi::ListTaskDefinitions(const ListTaskDefinitionsRequest& r) {
  return ListAll("ListTaskDefinitions", BuildListTaskDefinitionsInput(r), "taskDefinitionArns");
}

Result<EcsService> HttpEcsApi::CreateService(const CreateServiceRequest& r) {
  BERTH_ASSIGN_OR_RETURN(Json out, Call("CreateService", BuildCreateServiceInput(r)));
  return ParseServiceResponse(out, "CreateService");
}

Result<EcsService> HttpEcsApi::UpdateService(const UpdateServiceRequest& r) {
  BERTH_ASSIGN_OR_RETURN(Json out, Call("UpdateService", BuildUpdateServiceInput(r)));
  return ParseServiceResponse(out, "UpdateService");
}

Result<EcsService> HttpEcsApi::DeleteService(const DeleteServiceRequest& r) {
  BERTH_ASSIGN_OR_RETURN(Json out, Call("DeleteService", BuildDeleteServiceInput(r)));
  return ParseServiceResponse(out, "DeleteService");
}

Result<EcsBatch<EcsService>> HttpEcsApi::DescribeServices(const DescribeServicesRequest& r) {
  EcsBatch<EcsService> all;
  for (const auto& chunk : Chunk(r.services, kDescribeServicesBatch)) {
    BERTH_ASSIGN_OR_RETURN(Json out, Call("DescribeServices", BuildDescribeServicesInput(r, chunk)));
    BERTH_ASSIGN_OR_RETURN(auto batch, ParseDescribeServicesResponse(out));
    Append(all, std::move(batch));
  }
  return all;
}

Result<std::vector<std::string>> HttpEcsApi::ListServices(const ListServicesRequest& r) {
  return ListAll("ListServices", BuildListServicesInput(r), "serviceArns");
}

Result<std::vector<std::string>> HttpEcsApi::ListTasks(const ListTasksRequest& r) {
  return ListAll("ListTasks", BuildListTasksInput(r), "taskArns");
}

Result<EcsBatch<EcsTask>> HttpEcsApi::DescribeTasks(const DescribeTasksRequest& r) {
  EcsBatch<EcsTask> all;
  for (const auto& chunk : Chunk(r.tasks, kDescribeTasksBatch)) {
    BERTH_ASSIGN_OR_RETURN(Json out, Call("DescribeTasks", BuildDescribeTasksInput(r, chunk)));
    BERTH_ASSIGN_OR_RETURN(auto batch, ParseDescribeTasksResponse(out));
    Append(all, std::move(batch));
  }
  return all;
}

Result<EcsTask> HttpEcsApi::StopTask(const StopTaskRequest& r) {
  BERTH_ASSIGN_OR_RETURN(Json out, Call("StopTask", BuildStopTaskInput(r)));
  return ParseStopTaskResponse(out);
}

Result<EcsTaskSet> HttpEcsApi::CreateTaskSet(const CreateTaskSetRequest& r) {
  BERTH_ASSIGN_OR_RETURN(Json out, Call("CreateTaskSet", BuildCreateTaskSetInput(r)));
  return ParseTaskSetResponse(out, "CreateTaskSet");
}

Result<EcsTaskSet> HttpEcsApi::UpdateTaskSet(const UpdateTaskSetRequest& r) {
  BERTH_ASSIGN_OR_RETURN(Json out, Call("UpdateTaskSet", BuildUpdateTaskSetInput(r)));
  return ParseTaskSetResponse(out, "UpdateTaskSet");
}

Result<EcsTaskSet> HttpEcsApi::DeleteTaskSet(const DeleteTaskSetRequest& r) {
  BERTH_ASSIGN_OR_RETURN(Json out, Call("DeleteTaskSet", BuildDeleteTaskSetInput(r)));
  return ParseTaskSetResponse(out, "DeleteTaskSet");
}

Result<EcsBatch<EcsTaskSet>> HttpEcsApi::DescribeTaskSets(const DescribeTaskSetsRequest& r) {
  BERTH_ASSIGN_OR_RETURN(Json out, Call("DescribeTaskSets", BuildDescribeTaskSetsInput(r)));
  return ParseDescribeTaskSetsResponse(out);
}

Result<EcsTaskSet> HttpEcsApi::UpdateServicePrimaryTaskSet(const UpdateServicePrimaryTaskSetRequest& r) {
  BERTH_ASSIGN_OR_RETURN(Json out, Call("UpdateServicePrimaryTaskSet", BuildUpdateServicePrimaryTaskSetInput(r)));
  return ParseTaskSetResponse(out, "UpdateServicePrimaryTaskSet");
}

Status HttpEcsApi::TagResource(const std::string& resource_arn, const TagMap& tags) {
  return Call("TagResource", BuildTagResourceInput(resource_arn, tags)).status();
}

Status HttpEcsApi::UntagResource(const std::string& resource_arn, const std::vector<std::string>& keys) {
  return Call("UntagResource", BuildUntagResourceInput(resource_arn, keys)).status();
}

Result<TagMap> HttpEcsApi::ListTagsForResource(const std::string& resource_arn) {
  BERTH_ASSIGN_OR_RETURN(Json out, Call("ListTagsForResource", BuildListTagsForResourceInput(resource_arn)));
  return ParseListTagsForResourceResponse(out);
}

Result<std::vector<EcsServiceDeploymentBrief>> HttpEcsApi::ListServiceDeployments(
    const ListServiceDeploymentsRequest& r) {
  std::vector<EcsServiceDeploymentBrief> out;
  BERTH_RETURN_IF_ERROR(PaginateService(client_, kEcs, "ListServiceDeployments", BuildListServiceDeploymentsInput(r),
                                        "nextToken", "nextToken", [&](const Json& page) -> Status {
                                          BERTH_RETURN_IF_ERROR(ExpectObject(page, "ListServiceDeployments"));
                                          for (const Json& b : ListField(page, "serviceDeployments")) {
                                            out.push_back(ParseEcsServiceDeploymentBrief(b));
                                          }
                                          return Status::Ok();
                                        }));
  return out;
}

Result<EcsBatch<EcsServiceDeployment>> HttpEcsApi::DescribeServiceDeployments(const std::vector<std::string>& arns) {
  EcsBatch<EcsServiceDeployment> all;
  for (const auto& chunk : Chunk(arns, kDescribeServiceDeploymentsBatch)) {
    BERTH_ASSIGN_OR_RETURN(Json out, Call("DescribeServiceDeployments", BuildDescribeServiceDeploymentsInput(chunk)));
    BERTH_ASSIGN_OR_RETURN(auto batch, ParseDescribeServiceDeploymentsResponse(out));
    Append(all, std::move(batch));
  }
  return all;
}

}  // namespace berth::aws
