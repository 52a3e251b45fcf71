// `berth sim --state FILE`: a Simulator stopped and started again on the same
// file keeps its ECS world (clusters, task definitions, services with their
// deployments, tasks, image behaviours, simulated time).
// ELBv2 and ECR are covered by state_stores_test.cc; faults and rate-limit
// buckets are not persisted (docs/sim.md).
#include <gtest/gtest.h>
#include <stdlib.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>

#include "aws/auth/sigv4.h"
#include "core/temp_dir.h"
#include "http/transport.h"
#include "sim/front/server.h"

namespace berth::sim {
namespace {

class SimStateFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(temp_.ok());
    dir_ = temp_.path();
    state_file_ = (std::filesystem::path(dir_) / "world.json").string();
  }
  void TearDown() override {
    if (sim_) sim_->Stop();
  }

  void StartSimulator() {
    SimOptions o;
    o.time_scale = 0;
    o.base_clock = &clock_;
    o.state_file = state_file_;
    o.threads = 2;
    auto sim = Simulator::Start(o);
    ASSERT_TRUE(sim.ok()) << sim.status().ToString();
    sim_ = std::move(sim).value();
  }

  Json Ecs(const std::string& op, const Json& body) {
    http::Request req;
    req.url = sim_->endpoint() + "/";
    req.headers = {{"X-Amz-Target", std::string(kEcsTargetPrefix) + "." + op},
                   {"Content-Type", "application/x-amz-json-1.1"}};
    req.body = body.dump();
    EXPECT_TRUE(aws::SignRequest(req, creds_, aws::SigningParams{"us-east-1", "ecs", clock_.Now()}).ok());
    SimRequest sim_req;
    sim_req.headers = req.headers;
    sim_req.body = req.body;
    SimResponse res = sim_->HandleForTest(sim_req);
    EXPECT_EQ(res.status, 200) << op << ": " << res.body;
    return Json::parse(res.body, nullptr, false);
  }

  void RegisterApp(const std::string& image) {
    Ecs("RegisterTaskDefinition",
        Json{{"family", "app"},
             {"networkMode", "awsvpc"},
             {"requiresCompatibilities", {"FARGATE"}},
             {"cpu", "256"},
             {"memory", "512"},
             {"containerDefinitions", {{{"name", "app"}, {"image", image}, {"essential", true}}}}});
  }

  void AdvanceMinutes(int minutes) {
    sim_->clock().Advance(std::chrono::minutes(minutes));
    auto lock = sim_->world().Lock();
    sim_->world().AdvanceToNow();
  }

  Json DescribeWeb() {
    Json out = Ecs("DescribeServices", Json{{"cluster", "prod"}, {"services", {"web"}}});
    return out["services"].size() == 1 ? out["services"][0] : Json();
  }

  TempDir temp_{"berth-state"};
  std::string dir_;
  std::string state_file_;
  ManualClock clock_;
  std::unique_ptr<Simulator> sim_;
  aws::Credentials creds_{kDefaultAccessKeyId, kDefaultSecretAccessKey, "", std::nullopt, "test"};
};

TEST_F(SimStateFileTest, ServiceDeploymentsAndTaskDefinitionsSurviveARestart) {
  StartSimulator();
  RegisterApp("app:v1");
  RegisterApp("app:v2");
  Ecs("CreateCluster", Json{{"clusterName", "prod"}});
  Ecs("CreateService", Json{{"cluster", "prod"},
                            {"serviceName", "web"},
                            {"taskDefinition", "app:1"},
                            {"desiredCount", 2},
                            {"launchType", "FARGATE"},
                            {"networkConfiguration",
                             {{"awsvpcConfiguration", {{"subnets", {"subnet-1"}}, {"assignPublicIp", "DISABLED"}}}}}});
  AdvanceMinutes(3);
  Ecs("UpdateService", Json{{"cluster", "prod"}, {"service", "web"}, {"taskDefinition", "app:2"}});
  {
    auto lock = sim_->world().Lock();
    sim_->world().SetImageBehaviour("app:v3", ImageBehaviour{ImageBehaviour::Kind::kExitOnStart});
  }
  Json before = DescribeWeb();
  ASSERT_EQ(before["deployments"].size(), 2u) << before.dump();
  SystemTime saved_now = sim_->clock().Now();
  sim_->Stop();
  sim_.reset();
  ASSERT_TRUE(std::filesystem::exists(state_file_));

  // However long the second start takes (and a ManualClock base moves on
  // meanwhile), the saved instant is where the world resumes.
  clock_.Advance(std::chrono::minutes(5));
  StartSimulator();
  Json after = DescribeWeb();
  ASSERT_FALSE(after.is_null()) << "service prod/web is gone after the restart";
  EXPECT_EQ(after["status"], "ACTIVE");
  EXPECT_EQ(after["serviceArn"], before["serviceArn"]);
  EXPECT_EQ(after["taskDefinition"], before["taskDefinition"]);
  EXPECT_EQ(after["desiredCount"], 2);
  // The restored world resumes at exactly the saved instant, so the service
  // is exactly as it was: same deployments, same counts, same events.
  EXPECT_EQ(sim_->clock().Now(), saved_now);
  EXPECT_EQ(after["deployments"], before["deployments"]);
  EXPECT_EQ(after["events"], before["events"]);
  EXPECT_EQ(after["runningCount"], before["runningCount"]);
  EXPECT_EQ(after["pendingCount"], before["pendingCount"]);

  for (const char* revision : {"app:1", "app:2"}) {
    Json td = Ecs("DescribeTaskDefinition", Json{{"taskDefinition", revision}});
    EXPECT_EQ(td["taskDefinition"]["status"], "ACTIVE") << revision;
  }
  EXPECT_GE(Ecs("ListTasks", Json{{"cluster", "prod"}})["taskArns"].size(), 2u);
  {
    auto lock = sim_->world().Lock();
    EXPECT_EQ(sim_->world().BehaviourFor("app:v3").kind, ImageBehaviour::Kind::kExitOnStart);
  }

  // The restored world keeps moving: the rolling deployment finishes.
  AdvanceMinutes(10);
  Json done = DescribeWeb();
  ASSERT_EQ(done["deployments"].size(), 1u) << done.dump();
  EXPECT_EQ(done["deployments"][0]["rolloutState"], "COMPLETED");
  EXPECT_EQ(done["runningCount"], 2);
}

TEST_F(SimStateFileTest, NewIdsAfterARestartDoNotCollideWithSavedOnes) {
  StartSimulator();
  RegisterApp("app:v1");
  Ecs("CreateCluster", Json{{"clusterName", "prod"}});
  Ecs("CreateService", Json{{"cluster", "prod"},
                            {"serviceName", "web"},
                            {"taskDefinition", "app:1"},
                            {"desiredCount", 1},
                            {"launchType", "FARGATE"},
                            {"networkConfiguration",
                             {{"awsvpcConfiguration", {{"subnets", {"subnet-1"}}, {"assignPublicIp", "DISABLED"}}}}}});
  sim_->Stop();
  sim_.reset();

  StartSimulator();
  Ecs("UpdateService", Json{{"cluster", "prod"}, {"service", "web"}, {"forceNewDeployment", true}});
  Json service = DescribeWeb();
  ASSERT_EQ(service["deployments"].size(), 2u) << service.dump();
  EXPECT_NE(service["deployments"][0]["id"], service["deployments"][1]["id"]);
}

}  // namespace
}  // namespace berth::sim
