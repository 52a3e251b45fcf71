#include "aws/ecs/api.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "aws/call/client.h"
#include "aws/call/response_fields.h"
#include "aws/call/typed_call.h"
#include "core/strings.h"

namespace berth::aws {
namespace {

constexpr std::string_view kEcs = "ecs";

template <typename T>
void Append(EcsBatch<T>& into, EcsBatch<T>&& from) {
  for (auto& item : from.items) into.items.push_back(std::move(item));
  for (auto& f : from.failures) into.failures.push_back(std::move(f));
}

// `operation`'s output through `parse(output, operation)`, or the call's error.
template <typename Parse>
auto Parsed(Result<Json> output, std::string_view operation, Parse parse) -> decltype(parse(Json(), operation)) {
  if (!output.ok()) return std::move(output).status();
  return parse(*output, operation);
}

// A Describe* over any number of names: one call per chunk of `size`
// (`build` makes each chunk's input), the batches merged.
template <typename T, typename Build>
Result<EcsBatch<T>> DescribeInChunks(AwsClient& client, std::string_view operation,
                                     const std::vector<std::string>& names, size_t size, Build build,
                                     Result<EcsBatch<T>> (*parse)(const Json&)) {
  EcsBatch<T> all;
  for (const auto& chunk : Chunk(names, size)) {
    BERTH_ASSIGN_OR_RETURN(Json out, CallService(client, kEcs, operation, build(chunk)));
    BERTH_ASSIGN_OR_RETURN(auto batch, parse(out));
    Append(all, std::move(batch));
  }
  return all;
}

// True when every member `sent` has is in `got` with the same value: what
// ECS returns is what was sent plus the defaults it fills in (essential,
// cpu 0, portMappings' protocol, ...). Lists must have the same length and
// match element by element (ECS keeps their order). Linear: ordered_json
// finds a member by searching, so a large object (dockerLabels, a map) is
// looked up through a hash index of `got`.
bool SentIsContained(const Json& sent, const Json& got) {
  if (sent.is_null()) return true;
  if (sent.is_object()) {
    if (!got.is_object()) return false;
    std::unordered_map<std::string_view, const Json*> index;
    if (got.size() > 8) {
      index.reserve(got.size());
      for (const auto& [key, value] : got.items()) index.emplace(key, &value);
    }
    for (const auto& [key, value] : sent.items()) {
      if (value.is_null()) continue;
      const Json* other = nullptr;
      if (index.empty()) {
        auto it = got.find(key);
        if (it != got.end()) other = &*it;
      } else if (auto it = index.find(key); it != index.end()) {
        other = it->second;
      }
      if (other == nullptr || !SentIsContained(value, *other)) return false;
    }
    return true;
  }
  if (sent.is_array()) {
    if (!got.is_array() || got.size() != sent.size()) return false;
    for (size_t i = 0; i < sent.size(); ++i) {
      if (!SentIsContained(sent[i], got[i])) return false;
    }
    return true;
  }
  if (sent.is_number() && got.is_number()) return sent.get<double>() == got.get<double>();
  return sent == got;
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

// Every RegisterTaskDefinition registers a new revision, so one whose
// outcome is unknown is read back first: the family's newest revision, if it
// holds everything that was sent (tags too), is the one that call made.
Result<EcsTaskDefinition> HttpEcsApi::RegisterTaskDefinition(const RegisterTaskDefinitionRequest& r) {
  Json input = BuildRegisterTaskDefinitionInput(r);
  WriteOnce once;
  std::string family = input.value("family", "");
  if (!family.empty()) {
    once.read_back = [&]() -> Result<std::optional<Json>> {
      auto latest = Call("DescribeTaskDefinition", BuildDescribeTaskDefinitionInput(family, /*tags=*/true));
      if (!latest.ok()) {
        // No revision at all: the first one was not registered.
        if (latest.status().code() == StatusCode::kNotFound || latest.status().aws_code() == "ClientException") {
          return std::optional<Json>();
        }
        return latest.status();
      }
      Json sent = input;
      Json sent_tags = sent.contains("tags") ? sent["tags"] : Json::array();
      sent.erase("tags");
      Json got_tags = latest->contains("tags") ? (*latest)["tags"] : Json::array();
      const Json* td = latest->contains("taskDefinition") ? &(*latest)["taskDefinition"] : nullptr;
      if (td == nullptr || !SentIsContained(sent, *td) || TagsFromJson(sent_tags) != TagsFromJson(got_tags)) {
        return std::optional<Json>();
      }
      return std::optional<Json>(*latest);
    };
  }
  return Parsed(CallService(client_, kEcs, "RegisterTaskDefinition", input, once), "RegisterTaskDefinition",
                ParseTaskDefinitionResponse);
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
  return Parsed(Call("CreateService", BuildCreateServiceInput(r)), "CreateService", ParseServiceResponse);
}

Result<EcsService> HttpEcsApi::UpdateService(const UpdateServiceRequest& r) {
  WriteOnce once;
  if (r.deployments_before && !r.task_definition.empty()) {
    once.read_back = [&]() -> Result<std::optional<Json>> {
      DescribeServicesRequest describe;
      describe.cluster = r.cluster;
      BERTH_ASSIGN_OR_RETURN(Json out, Call("DescribeServices", BuildDescribeServicesInput(describe, {r.service})));
      const Json* services = out.contains("services") ? &out["services"] : nullptr;
      if (services == nullptr || !services->is_array() || services->empty()) return std::optional<Json>();
      const Json& service = (*services)[0];
      for (const Json& d : service.value("deployments", Json::array())) {
        if (d.value("status", "") != "PRIMARY") continue;
        std::string id = d.value("id", "");
        const auto& before = *r.deployments_before;
        bool is_new = std::find(before.begin(), before.end(), id) == before.end();
        bool ours = d.value("taskDefinition", "") == r.task_definition ||
                    EndsWith(d.value("taskDefinition", ""), "/" + r.task_definition);
        if (is_new && ours) return std::optional<Json>(Json{{"service", service}});
      }
      return std::optional<Json>();
    };
  }
  return Parsed(CallService(client_, kEcs, "UpdateService", BuildUpdateServiceInput(r), once), "UpdateService",
                ParseServiceResponse);
}

Result<EcsService> HttpEcsApi::DeleteService(const DeleteServiceRequest& r) {
  return Parsed(Call("DeleteService", BuildDeleteServiceInput(r)), "DeleteService", ParseServiceResponse);
}

Result<EcsBatch<EcsService>> HttpEcsApi::DescribeServices(const DescribeServicesRequest& r) {
  return DescribeInChunks<EcsService>(
      client_, "DescribeServices", r.services, kDescribeServicesBatch,
      [&](const auto& chunk) { return BuildDescribeServicesInput(r, chunk); }, ParseDescribeServicesResponse);
}

Result<std::vector<std::string>> HttpEcsApi::ListServices(const ListServicesRequest& r) {
  return ListAll("ListServices", BuildListServicesInput(r), "serviceArns");
}

Result<std::vector<std::string>> HttpEcsApi::ListTasks(const ListTasksRequest& r) {
  return ListAll("ListTasks", BuildListTasksInput(r), "taskArns");
}

Result<EcsBatch<EcsTask>> HttpEcsApi::DescribeTasks(const DescribeTasksRequest& r) {
  return DescribeInChunks<EcsTask>(
      client_, "DescribeTasks", r.tasks, kDescribeTasksBatch,
      [&](const auto& chunk) { return BuildDescribeTasksInput(r, chunk); }, ParseDescribeTasksResponse);
}

Result<EcsTask> HttpEcsApi::StopTask(const StopTaskRequest& r) {
  BERTH_ASSIGN_OR_RETURN(Json out, Call("StopTask", BuildStopTaskInput(r)));
  return ParseStopTaskResponse(out);
}

Result<EcsTaskSet> HttpEcsApi::CreateTaskSet(const CreateTaskSetRequest& r) {
  return Parsed(Call("CreateTaskSet", BuildCreateTaskSetInput(r)), "CreateTaskSet", ParseTaskSetResponse);
}

Result<EcsTaskSet> HttpEcsApi::UpdateTaskSet(const UpdateTaskSetRequest& r) {
  return Parsed(Call("UpdateTaskSet", BuildUpdateTaskSetInput(r)), "UpdateTaskSet", ParseTaskSetResponse);
}

Result<EcsTaskSet> HttpEcsApi::DeleteTaskSet(const DeleteTaskSetRequest& r) {
  return Parsed(Call("DeleteTaskSet", BuildDeleteTaskSetInput(r)), "DeleteTaskSet", ParseTaskSetResponse);
}

Result<EcsBatch<EcsTaskSet>> HttpEcsApi::DescribeTaskSets(const DescribeTaskSetsRequest& r) {
  BERTH_ASSIGN_OR_RETURN(Json out, Call("DescribeTaskSets", BuildDescribeTaskSetsInput(r)));
  return ParseDescribeTaskSetsResponse(out);
}

Result<EcsTaskSet> HttpEcsApi::UpdateServicePrimaryTaskSet(const UpdateServicePrimaryTaskSetRequest& r) {
  return Parsed(Call("UpdateServicePrimaryTaskSet", BuildUpdateServicePrimaryTaskSetInput(r)),
                "UpdateServicePrimaryTaskSet", ParseTaskSetResponse);
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
  return DescribeInChunks<EcsServiceDeployment>(client_, "DescribeServiceDeployments", arns,
                                                kDescribeServiceDeploymentsBatch, BuildDescribeServiceDeploymentsInput,
                                                ParseDescribeServiceDeploymentsResponse);
}

}  // namespace berth::aws
