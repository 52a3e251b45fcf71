#include "aws/ecs/api.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace berth::aws {
namespace {

TEST(EcsRequests, RegisterTaskDefinitionStripsOutputOnlyFieldsAndKeepsUnknownOnes) {
  Json described = Json::parse(R"({
    "taskDefinitionArn": "arn:aws:ecs:us-east-1:1:task-definition/web:7",
    "family": "web", "revision": 7, "status": "ACTIVE",
    "containerDefinitions": [{"name": "app", "image": "nginx:1"}],
    "requiresAttributes": [{"name": "x"}], "compatibilities": ["EC2"],
    "registeredAt": 1.7e9, "registeredBy": "me", "deregisteredAt": 1.8e9,
    "deleteRequestedAt": 1.9e9,
    "someFieldFromTheFuture": {"keep": true}, "cpu": "256"})");
  Json in = BuildRegisterTaskDefinitionInput({described, {{"team", "a"}}});
  EXPECT_EQ(in["family"], "web");
  EXPECT_EQ(in["cpu"], "256");
  EXPECT_EQ(in["someFieldFromTheFuture"]["keep"], true);
  for (const char* gone : {"taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities",
                           "registeredAt", "registeredBy", "deregisteredAt", "deleteRequestedAt"}) {
    EXPECT_FALSE(in.contains(gone)) << gone;
  }
  EXPECT_EQ(in["tags"], Json::parse(R"([{"key":"team","value":"a"}])"));
  // Key order of the document is preserved.
  EXPECT_EQ(in.begin().key(), "family");
}

TEST(EcsRequests, AbsentOptionalMembersAreNotSent) {
  UpdateServiceRequest r;
  r.cluster = "prod";
  r.service = "web";
  r.task_definition = "web:8";
  EXPECT_EQ(BuildUpdateServiceInput(r), Json::parse(R"({"cluster":"prod","service":"web","taskDefinition":"web:8"})"));
  r.force_new_deployment = false;
  r.desired_count = 0;
  Json in = BuildUpdateServiceInput(r);
  EXPECT_EQ(in["forceNewDeployment"], false);
  EXPECT_EQ(in["desiredCount"], 0);
}

TEST(EcsRequests, CreateServiceWrapsDeploymentControllerAndTags) {
  CreateServiceRequest r;
  r.service_name = "web";
  r.deployment_controller = "EXTERNAL";
  r.tags = {{"b", "2"}, {"a", "1"}};
  Json in = BuildCreateServiceInput(r);
  EXPECT_EQ(in["deploymentController"], Json::parse(R"({"type":"EXTERNAL"})"));
  EXPECT_EQ(in["tags"], Json::parse(R"([{"key":"a","value":"1"},{"key":"b","value":"2"}])"));
}

TEST(EcsRequests, TaskSetScaleIsPercent) {
  Json in = BuildUpdateTaskSetInput({"c", "s", "ts-1", 25.5});
  EXPECT_EQ(in["scale"], Json::parse(R"({"value":25.5,"unit":"PERCENT"})"));
}

TEST(EcsRequests, ListServiceDeploymentsSendsEpochSecondsForCreatedAt) {
  ListServiceDeploymentsRequest r;
  r.service = "web";
  r.created_after = SystemTime(std::chrono::seconds(1700000000));
  Json in = BuildListServiceDeploymentsInput(r);
  EXPECT_DOUBLE_EQ(in["createdAt"]["after"].get<double>(), 1700000000.0);
  EXPECT_FALSE(in["createdAt"].contains("before"));
}

TEST(EcsRequests, ChunkSplitsAtTheBatchLimit) {
  std::vector<std::string> names;
  for (int i = 0; i < 23; ++i) names.push_back("s" + std::to_string(i));
  auto chunks = Chunk(names, kDescribeServicesBatch);
  ASSERT_EQ(chunks.size(), 3u);
  EXPECT_EQ(chunks[0].size(), 10u);
  EXPECT_EQ(chunks[2].size(), 3u);
  EXPECT_EQ(chunks[2].back(), "s22");
  DescribeServicesRequest r{"prod", names, true};
  Json in = BuildDescribeServicesInput(r, chunks[1]);
  EXPECT_EQ(in["services"].size(), 10u);
  EXPECT_EQ(in["include"], Json::parse(R"(["TAGS"])"));
}

const char* kServiceJson = R"({
  "services": [{
    "serviceArn": "arn:aws:ecs:us-east-1:1:service/prod/web", "serviceName": "web",
    "clusterArn": "arn:aws:ecs:us-east-1:1:cluster/prod", "status": "ACTIVE",
    "desiredCount": 3, "runningCount": 2, "pendingCount": 1, "launchType": "FARGATE",
    "taskDefinition": "arn:aws:ecs:us-east-1:1:task-definition/web:8",
    "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": true, "rollback": true},
                                "maximumPercent": 200, "minimumHealthyPercent": 100},
    "deployments": [
      {"id": "ecs-svc/222", "status": "PRIMARY", "taskDefinition": "td:8", "desiredCount": 3,
       "pendingCount": 1, "runningCount": 1, "failedTasks": 2, "createdAt": 1700000100.5,
       "updatedAt": 1700000200, "rolloutState": "IN_PROGRESS",
       "rolloutStateReason": "ECS deployment ecs-svc/222 in progress."},
      {"id": "ecs-svc/111", "status": "ACTIVE", "taskDefinition": "td:7", "desiredCount": 3,
       "runningCount": 1, "rolloutState": "COMPLETED"}],
    "events": [{"id": "e1", "createdAt": 1700000300, "message": "service web has started 1 tasks"}],
    "createdAt": 1690000000, "newFieldFromTheFuture": 1}],
  "failures": [{"arn": "arn:aws:ecs:us-east-1:1:service/prod/gone", "reason": "MISSING"}]})";

TEST(EcsResponses, DescribeServicesParsesDeploymentsEventsAndFailures) {
  auto r = ParseDescribeServicesResponse(Json::parse(kServiceJson));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->items.size(), 1u);
  const EcsService& s = r->items[0];
  EXPECT_EQ(s.name, "web");
  EXPECT_EQ(s.deployment_controller, "ECS");
  EXPECT_EQ(s.desired_count, 3);
  EXPECT_TRUE(s.CircuitBreakerEnabled());
  EXPECT_TRUE(s.CircuitBreakerRollback());
  ASSERT_EQ(s.deployments.size(), 2u);
  const EcsDeployment* primary = s.PrimaryDeployment();
  ASSERT_NE(primary, nullptr);
  EXPECT_EQ(primary->id, "ecs-svc/222");
  EXPECT_EQ(primary->failed_tasks, 2);
  EXPECT_EQ(primary->rollout_state, "IN_PROGRESS");
  ASSERT_TRUE(primary->created_at.has_value());
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(primary->created_at->time_since_epoch()).count(),
            1700000100500);
  ASSERT_EQ(s.events.size(), 1u);
  EXPECT_EQ(s.events[0].message, "service web has started 1 tasks");
  EXPECT_EQ(s.raw["newFieldFromTheFuture"], 1);
  ASSERT_EQ(r->failures.size(), 1u);
  EXPECT_EQ(r->failures[0].reason, "MISSING");
}

TEST(EcsResponses, ExternalServiceExposesTaskSetsAndStability) {
  Json svc = Json::parse(R"({"service": {"serviceName": "api",
    "deploymentController": {"type": "EXTERNAL"},
    "taskSets": [
      {"id": "ecs-svc/1", "taskSetArn": "arn:ts/1", "status": "PRIMARY", "computedDesiredCount": 4,
       "runningCount": 4, "pendingCount": 0, "scale": {"value": 100.0, "unit": "PERCENT"},
       "stabilityStatus": "STEADY_STATE", "stabilityStatusAt": 1700000000},
      {"id": "ecs-svc/2", "status": "ACTIVE", "scale": {"value": 10.0, "unit": "PERCENT"},
       "stabilityStatus": "STABILIZING"}]}})");
  auto r = ParseServiceResponse(svc, "UpdateService");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->deployment_controller, "EXTERNAL");
  ASSERT_EQ(r->task_sets.size(), 2u);
  ASSERT_NE(r->PrimaryTaskSet(), nullptr);
  EXPECT_EQ(r->PrimaryTaskSet()->stability_status, "STEADY_STATE");
  EXPECT_DOUBLE_EQ(r->task_sets[1].scale_value, 10.0);
  EXPECT_EQ(r->task_sets[1].stability_status, "STABILIZING");
}

TEST(EcsResponses, ServiceResponseWithoutServiceIsABadResponse) {
  auto r = ParseServiceResponse(Json::parse(R"({"unexpected": 1})"), "UpdateService");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kBadResponse);
  auto not_object = ParseDescribeServicesResponse(Json("<html>"));
  EXPECT_EQ(not_object.status().code(), StatusCode::kBadResponse);
}

TEST(EcsResponses, DescribeTaskDefinitionKeepsDocumentAndTags) {
  auto r = ParseTaskDefinitionResponse(Json::parse(R"({
    "taskDefinition": {"taskDefinitionArn": "arn:td/web:3", "family": "web", "revision": 3,
      "status": "ACTIVE", "containerDefinitions": [{"name": "app", "image": "nginx:1"},
                                                   {"name": "log", "image": "fluent:2"}]},
    "tags": [{"key": "team", "value": "a"}]})"),
                                       "DescribeTaskDefinition");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->revision, 3);
  EXPECT_EQ(r->tags.at("team"), "a");
  auto images = r->ContainerImages();
  ASSERT_EQ(images.size(), 2u);
  EXPECT_EQ(images[1], std::make_pair(std::string("log"), std::string("fluent:2")));
  // Round trip: the described document registers again with its tags.
  Json in = BuildRegisterTaskDefinitionInput({r->raw, r->tags});
  EXPECT_FALSE(in.contains("revision"));
  EXPECT_EQ(in["tags"][0]["key"], "team");
}

TEST(EcsResponses, StoppedTaskCarriesReasonsAndExitCodes) {
  auto r = ParseDescribeTasksResponse(Json::parse(R"({"tasks": [{
    "taskArn": "arn:task/1", "lastStatus": "STOPPED", "desiredStatus": "STOPPED",
    "startedBy": "ecs-svc/222", "stopCode": "EssentialContainerExited",
    "stoppedReason": "Essential container in task exited", "stoppedAt": 1700000000,
    "containers": [{"name": "app", "exitCode": 137, "reason": "OOM"}, {"name": "side"}]}]})"));
  ASSERT_TRUE(r.ok());
  const EcsTask& t = r->items.at(0);
  EXPECT_EQ(t.stop_code, "EssentialContainerExited");
  EXPECT_EQ(t.started_by, "ecs-svc/222");
  ASSERT_EQ(t.containers.size(), 2u);
  EXPECT_EQ(t.containers[0].exit_code, 137);
  EXPECT_FALSE(t.containers[1].exit_code.has_value());
}

TEST(EcsResponses, ServiceDeploymentCarriesCircuitBreakerState) {
  auto r = ParseDescribeServiceDeploymentsResponse(Json::parse(R"({"serviceDeployments": [{
    "serviceDeploymentArn": "arn:sd/1", "status": "ROLLBACK_IN_PROGRESS",
    "targetServiceRevision": {"arn": "arn:rev/2"},
    "deploymentCircuitBreaker": {"status": "TRIGGERED", "failureCount": 3, "threshold": 3},
    "alarms": {"status": "TRIGGERED", "triggeredAlarmNames": ["5xx"]},
    "rollback": {"reason": "circuit breaker", "serviceRevisionArn": "arn:rev/1"}}]})"));
  ASSERT_TRUE(r.ok());
  const auto& d = r->items.at(0);
  EXPECT_EQ(d.circuit_breaker_status, "TRIGGERED");
  EXPECT_EQ(d.circuit_breaker_failure_count, 3);
  EXPECT_EQ(d.target_service_revision_arn, "arn:rev/2");
  EXPECT_EQ(d.rollback_service_revision_arn, "arn:rev/1");
  EXPECT_EQ(d.triggered_alarm_names, std::vector<std::string>{"5xx"});
}

}  // namespace
}  // namespace berth::aws
