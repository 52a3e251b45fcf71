// FakeEcsApi: an EcsApi for unit tests. Each operation calls the matching
// std::function member when a test sets it, and otherwise fails with
// kInternal ("FakeEcsApi: X not scripted"), so a test states exactly which
// calls it expects. `calls` records every operation name in order.
//
// Include only from *_test.cc files. Thread-safety: none (one test thread).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "aws/ecs/api.h"

namespace berth::aws {

class FakeEcsApi : public EcsApi {
 public:
  template <typename R, typename... A>
  using Fn = std::function<R(const A&...)>;

  Fn<Result<EcsCluster>, CreateClusterRequest> create_cluster;
  Fn<Result<EcsBatch<EcsCluster>>, DescribeClustersRequest> describe_clusters;
  std::function<Result<std::vector<std::string>>()> list_clusters;
  Fn<Result<EcsTaskDefinition>, RegisterTaskDefinitionRequest> register_task_definition;
  Fn<Result<EcsTaskDefinition>, std::string> describe_task_definition;
  Fn<Result<EcsTaskDefinition>, std::string> deregister_task_definition;
  Fn<Result<std::vector<std::string>>, ListTaskDefinitionsRequest> list_task_definitions;
  Fn<Result<EcsService>, CreateServiceRequest> create_service;
  Fn<Result<EcsService>, UpdateServiceRequest> update_service;
  Fn<Result<EcsService>, DeleteServiceRequest> delete_service;
  Fn<Result<EcsBatch<EcsService>>, DescribeServicesRequest> describe_services;
  Fn<Result<std::vector<std::string>>, ListServicesRequest> list_services;
  Fn<Result<std::vector<std::string>>, ListTasksRequest> list_tasks;
  Fn<Result<EcsBatch<EcsTask>>, DescribeTasksRequest> describe_tasks;

  std::vector<std::string> calls;

  Result<EcsCluster> CreateCluster(const CreateClusterRequest& r) override {
    return Run("CreateCluster", create_cluster, r);
  }
  Result<EcsBatch<EcsCluster>> DescribeClusters(const DescribeClustersRequest& r) override {
    return Run("DescribeClusters", describe_clusters, r);
  }
  Result<std::vector<std::string>> ListClusters() override {
    calls.push_back("ListClusters");
    if (!list_clusters) return NotScripted("ListClusters");
    return list_clusters();
  }
  Result<EcsTaskDefinition> RegisterTaskDefinition(const RegisterTaskDefinitionRequest& r) override {
    return Run("RegisterTaskDefinition", register_task_definition, r);
  }
  Result<EcsTaskDefinition> DescribeTaskDefinition(const std::string& td) override {
    return Run("DescribeTaskDefinition", describe_task_definition, td);
  }
  Result<EcsTaskDefinition> DeregisterTaskDefinition(const std::string& td) override {
    return Run("DeregisterTaskDefinition", deregister_task_definition, td);
  }
  Result<std::vector<std::string>> ListTaskDefinitions(const ListTaskDefinitionsRequest& r) override {
    return Run("ListTaskDefinitions", list_task_definitions, r);
  }
  Result<EcsService> CreateService(const CreateServiceRequest& r) override {
    return Run("CreateService", create_service, r);
  }
  Result<EcsService> UpdateService(const UpdateServiceRequest& r) override {
    return Run("UpdateService", update_service, r);
  }
  Result<EcsService> DeleteService(const DeleteServiceRequest& r) override {
    return Run("DeleteService", delete_service, r);
  }
  Result<EcsBatch<EcsService>> DescribeServices(const DescribeServicesRequest& r) override {
    return Run("DescribeServices", describe_services, r);
  }
  Result<std::vector<std::string>> ListServices(const ListServicesRequest& r) override {
    return Run("ListServices", list_services, r);
  }
  Result<std::vector<std::string>> ListTasks(const ListTasksRequest& r) override {
    return Run("ListTasks", list_tasks, r);
  }
  Result<EcsBatch<EcsTask>> DescribeTasks(const DescribeTasksRequest& r) override {
    return Run("DescribeTasks", describe_tasks, r);
  }
  Result<EcsTask> StopTask(const StopTaskRequest&) override { return Unscripted<EcsTask>("StopTask"); }
  Result<EcsTaskSet> CreateTaskSet(const CreateTaskSetRequest&) override {
    return Unscripted<EcsTaskSet>("CreateTaskSet");
  }
  Result<EcsTaskSet> UpdateTaskSet(const UpdateTaskSetRequest&) override {
    return Unscripted<EcsTaskSet>("UpdateTaskSet");
  }
  Result<EcsTaskSet> DeleteTaskSet(const DeleteTaskSetRequest&) override {
    return Unscripted<EcsTaskSet>("DeleteTaskSet");
  }
  Result<EcsBatch<EcsTaskSet>> DescribeTaskSets(const DescribeTaskSetsRequest&) override {
    return Unscripted<EcsBatch<EcsTaskSet>>("DescribeTaskSets");
  }
  Result<EcsTaskSet> UpdateServicePrimaryTaskSet(const UpdateServicePrimaryTaskSetRequest&) override {
    return Unscripted<EcsTaskSet>("UpdateServicePrimaryTaskSet");
  }
  Status TagResource(const std::string&, const TagMap&) override { return Unscripted<bool>("TagResource").status(); }
  Status UntagResource(const std::string&, const std::vector<std::string>&) override {
    return Unscripted<bool>("UntagResource").status();
  }
  Result<TagMap> ListTagsForResource(const std::string&) override { return Unscripted<TagMap>("ListTagsForResource"); }
  Result<std::vector<EcsServiceDeploymentBrief>> ListServiceDeployments(const ListServiceDeploymentsRequest&) override {
    return Unscripted<std::vector<EcsServiceDeploymentBrief>>("ListServiceDeployments");
  }
  Result<EcsBatch<EcsServiceDeployment>> DescribeServiceDeployments(const std::vector<std::string>&) override {
    return Unscripted<EcsBatch<EcsServiceDeployment>>("DescribeServiceDeployments");
  }

 private:
  static Status NotScripted(const char* op) {
    return InternalError(std::string("FakeEcsApi: ") + op + " not scripted");
  }
  template <typename T>
  Result<T> Unscripted(const char* op) {
    calls.push_back(op);
    return NotScripted(op);
  }
  template <typename R, typename A>
  R Run(const char* op, const std::function<R(const A&)>& fn, const A& arg) {
    calls.push_back(op);
    if (!fn) return NotScripted(op);
    return fn(arg);
  }
};

}  // namespace berth::aws
