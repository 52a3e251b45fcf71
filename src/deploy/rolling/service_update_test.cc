#include "deploy/rolling/service_update.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "deploy/taskdef/task_definition_file.h"
#include "fakes/fake_ecs.h"
#include "fixtures/overrides.h"

namespace berth::deploy {
namespace {

constexpr const char* kLiveTd = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7";
constexpr const char* kNewTd = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:8";
constexpr const char* kCluster = "arn:aws:ecs:us-east-1:123456789012:cluster/demo";

Json LiveServiceJson(const std::string& controller = "ECS") {
  return Json{{"serviceName", "web"},
              {"serviceArn", "arn:aws:ecs:us-east-1:123456789012:service/demo/web"},
              {"clusterArn", kCluster},
              {"status", "ACTIVE"},
              {"taskDefinition", kLiveTd},
              {"desiredCount", 2},
              {"deploymentController", {{"type", controller}}},
              {"deploymentConfiguration",
               {{"maximumPercent", 200},
                {"minimumHealthyPercent", 100},
                {"deploymentCircuitBreaker", {{"enable", true}, {"rollback", true}}}}},
              {"deployments", Json::array({{{"id", "ecs-svc/1"},
                                            {"status", "PRIMARY"},
                                            {"taskDefinition", kLiveTd},
                                            {"rolloutState", "COMPLETED"}}})}};
}

Json LiveTaskDefinitionJson() {
  return Json{
      {"taskDefinitionArn", kLiveTd},
      {"family", "web"},
      {"revision", 7},
      {"status", "ACTIVE"},
      {"containerDefinitions", Json::array({{{"name", "web"}, {"image", "repo/web:1.0.0"}, {"essential", true}},
                                            {{"name", "envoy"}, {"image", "repo/envoy:1.30"}, {"essential", true}}})},
      {"cpu", "256"},
      {"memory", "512"},
      {"registeredAt", 1700000000},
      {"someFutureField", {{"kept", true}}}};
}

struct ServiceUpdateTest : ::testing::Test {
  aws::FakeEcsApi ecs;
  Json service = LiveServiceJson();
  std::vector<aws::RegisterTaskDefinitionRequest> registered;
  std::vector<aws::UpdateServiceRequest> updates;

  void SetUp() override {
    ecs.describe_services = [this](const aws::DescribeServicesRequest&) {
      return Result<aws::EcsBatch<aws::EcsService>>(
          aws::EcsBatch<aws::EcsService>{{aws::ParseEcsService(service)}, {}});
    };
    ecs.describe_task_definition = [](const std::string& name) -> Result<aws::EcsTaskDefinition> {
      if (name != kLiveTd) return NotFound("no such task definition " + name);
      return aws::ParseEcsTaskDefinition(LiveTaskDefinitionJson(), Json::array({{{"key", "team"}, {"value", "web"}}}));
    };
    ecs.register_task_definition = [this](const aws::RegisterTaskDefinitionRequest& r) {
      registered.push_back(r);
      Json td = r.task_definition;
      td["taskDefinitionArn"] = kNewTd;
      td["revision"] = 8;
      return Result<aws::EcsTaskDefinition>(aws::ParseEcsTaskDefinition(td, Json::array()));
    };
    ecs.update_service = [this](const aws::UpdateServiceRequest& r) {
      updates.push_back(r);
      Json s = service;
      s["taskDefinition"] = r.task_definition;
      s["deployments"] = Json::array({{{"id", "ecs-svc/2"},
                                       {"status", "PRIMARY"},
                                       {"taskDefinition", r.task_definition},
                                       {"rolloutState", "IN_PROGRESS"}},
                                      service["deployments"][0]});
      return Result<aws::EcsService>(aws::ParseEcsService(s));
    };
  }

  // The rolling plan for the service as it is in `service` (DescribeServices
  // is the engine's: here the test passes the service in).
  Result<DeployPlan> Plan(const DeployRequest& r) { return PlanDeploy(ecs, aws::ParseEcsService(service), r); }

  DeployRequest Request(std::vector<std::pair<std::string, std::string>> images) {
    DeployRequest r;
    r.cluster = "demo";
    r.service = "web";
    for (auto& [c, i] : images) r.images.push_back(testdata::Image(c, i));
    return r;
  }
};

TEST_F(ServiceUpdateTest, ShipsANewImageInThreeCallsAfterTheServiceReadKeepingEverythingElse) {
  auto plan = Plan(Request({{"web", "repo/web:1.1.0"}}));
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  ASSERT_TRUE(plan->HasChanges());
  auto applied = ApplyPlan(ecs, *plan);
  ASSERT_TRUE(applied.ok()) << applied.status().message();
  EXPECT_EQ(ecs.calls, (std::vector<std::string>{"DescribeTaskDefinition", "RegisterTaskDefinition", "UpdateService"}));
  ASSERT_EQ(registered.size(), 1u);
  const Json& td = registered[0].task_definition;
  EXPECT_EQ(td["containerDefinitions"][0]["image"], "repo/web:1.1.0");
  EXPECT_EQ(td["containerDefinitions"][1]["image"], "repo/envoy:1.30");
  EXPECT_EQ(td["someFutureField"]["kept"], true);
  EXPECT_FALSE(td.contains("taskDefinitionArn"));
  EXPECT_EQ(registered[0].tags.at("team"), "web");
  EXPECT_EQ(applied->deployment_id, "ecs-svc/2");
  EXPECT_EQ(applied->task_definition, kNewTd);
  EXPECT_EQ(applied->previous_task_definition, kLiveTd);
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_EQ(updates[0].service, "web");
  EXPECT_EQ(updates[0].cluster, kCluster);
  EXPECT_FALSE(updates[0].desired_count.has_value());
}

TEST_F(ServiceUpdateTest, AnUnknownContainerFailsBeforeAnyWriteAndListsTheContainers) {
  auto plan = Plan(Request({{"wbe", "repo/web:1.1.0"}}));
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(plan.status().message().find("web, envoy"), std::string::npos) << plan.status().message();
  EXPECT_TRUE(registered.empty());
  EXPECT_TRUE(updates.empty());
}

TEST_F(ServiceUpdateTest, TheSameImageChangesNothingAndRegistersNothing) {
  auto plan = Plan(Request({{"web", "repo/web:1.0.0"}}));
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  EXPECT_FALSE(plan->HasChanges());
  EXPECT_TRUE(plan->register_input.is_null());
}

// What `aws ecs describe-task-definition --include TAGS` prints for the live
// revision, as a file: unwrapped by the loader, tags moved in.
Json DescribeOutputFile(Json tags) {
  Json out = {{"taskDefinition", LiveTaskDefinitionJson()}};
  if (!tags.is_null()) out["tags"] = std::move(tags);
  auto loaded = ParseTaskDefinitionDocument(out.dump(), "td.json");
  EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
  return loaded.ok() ? loaded->document : Json();
}

DeployRequest FileRequest(Json document) {
  DeployRequest r;
  r.cluster = "demo";
  r.service = "web";
  r.task_definition = std::move(document);
  return r;
}

TEST_F(ServiceUpdateTest, TheLiveRevisionAsAFileWithItsTagsChangesNothing) {
  auto plan = Plan(FileRequest(DescribeOutputFile(Json::array({{{"key", "team"}, {"value", "web"}}}))));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_FALSE(plan->HasChanges()) << plan->changes.size() << " changes, first: " << plan->changes[0].path;
}

TEST_F(ServiceUpdateTest, AFileWithoutTagsKeepsTheLiveTags) {
  auto plan = Plan(FileRequest(DescribeOutputFile(Json())));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_FALSE(plan->HasChanges());
  Json file = DescribeOutputFile(Json());
  file["cpu"] = "512";
  auto changed = Plan(FileRequest(file));
  ASSERT_TRUE(changed.ok()) << changed.status().ToString();
  ASSERT_TRUE(ApplyPlan(ecs, *changed).ok());
  ASSERT_EQ(registered.size(), 1u);
  EXPECT_EQ(registered[0].tags, (aws::TagMap{{"team", "web"}}));
}

TEST_F(ServiceUpdateTest, ChangedOrDroppedTagsAreInThePlanAndRegistered) {
  auto changed = Plan(FileRequest(DescribeOutputFile(Json::array({{{"key", "team"}, {"value", "shop"}}}))));
  ASSERT_TRUE(changed.ok()) << changed.status().ToString();
  ASSERT_EQ(changed->changes.size(), 1u);
  EXPECT_EQ(changed->changes[0].path, "tags[team]");
  EXPECT_EQ(changed->changes[0].after, "shop");
  ASSERT_TRUE(ApplyPlan(ecs, *changed).ok());
  ASSERT_EQ(registered.size(), 1u);
  EXPECT_EQ(aws::BuildRegisterTaskDefinitionInput(registered[0])["tags"],
            Json::array({{{"key", "team"}, {"value", "shop"}}}));

  Json dropped = DescribeOutputFile(Json());
  dropped["tags"] = Json::array();
  auto plan = Plan(FileRequest(dropped));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->changes.size(), 1u);
  EXPECT_EQ(plan->changes[0].path, "tags[team]");
  EXPECT_EQ(plan->changes[0].before, "web");
  ASSERT_TRUE(ApplyPlan(ecs, *plan).ok());
  ASSERT_EQ(registered.size(), 2u);
  EXPECT_FALSE(aws::BuildRegisterTaskDefinitionInput(registered[1]).contains("tags"));
}

TEST_F(ServiceUpdateTest, ForcingANewDeploymentOfAnUnchangedServiceReusesItsRevision) {
  DeployRequest r = Request({{"web", "repo/web:1.0.0"}});
  r.force_new_deployment = true;
  auto plan = Plan(r);
  ASSERT_TRUE(plan.ok());
  ASSERT_TRUE(plan->HasChanges());
  auto applied = ApplyPlan(ecs, *plan);
  ASSERT_TRUE(applied.ok()) << applied.status().message();
  EXPECT_TRUE(registered.empty());
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_TRUE(updates[0].force_new_deployment.value_or(false));
}

TEST_F(ServiceUpdateTest, PercentagesKeepTheRestOfTheDeploymentConfiguration) {
  DeployRequest r = Request({});
  r.max_percent = 150;
  auto plan = Plan(r);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  const Json& config = plan->update.deployment_configuration;
  EXPECT_EQ(config["maximumPercent"], 150);
  EXPECT_EQ(config["minimumHealthyPercent"], 100);
  EXPECT_EQ(config["deploymentCircuitBreaker"]["rollback"], true);
  ASSERT_EQ(plan->changes.size(), 1u);
  EXPECT_EQ(plan->changes[0].path, "service.deploymentConfiguration.maximumPercent");
}

TEST_F(ServiceUpdateTest, OutOfRangeSettingsAreRejectedBeforeAnyCall) {
  DeployRequest r = Request({});
  r.min_healthy_percent = 101;
  auto plan = Plan(r);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(plan.status().fields(), std::vector<std::string>{"min_healthy_percent"});
  EXPECT_EQ(plan.status().message().find("--"), std::string::npos) << plan.status().message();
  EXPECT_TRUE(ecs.calls.empty());
}

TEST_F(ServiceUpdateTest, ARevisionOverEcssSizeLimitIsRefusedAfterThePlanAndBeforeAnyWrite) {
  DeployRequest r = Request({});
  // 10,000 overrides: about 400 KiB of environment, planned (linearly) and
  // then refused, as ECS would refuse it, without a write.
  for (int i = 0; i < 10'000; ++i) r.envs.push_back({"web", "VARIABLE_" + std::to_string(i), "some value"});
  auto plan = Plan(r);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(plan.status().message().find("over ECS's limit of 64 KiB; nothing was registered"), std::string::npos)
      << plan.status().message();
  EXPECT_EQ(plan.status().fields(), std::vector<std::string>{"envs"});
  EXPECT_EQ(ecs.calls, std::vector<std::string>{"DescribeTaskDefinition"});
  EXPECT_TRUE(registered.empty());
}

}  // namespace
}  // namespace berth::deploy
