// `berth sim --state FILE`: a Simulator stopped and started again on the same
// file keeps its ECS world (clusters, task definitions, services with their
// deployments, tasks, image behaviours, simulated time).
// ELBv2 and ECR are covered by state_stores_test.cc; faults and rate-limit
// buckets are not persisted (docs/sim.md). Files written before the
// simulated services became modules still load; a file that does not load is
// left alone; the registry's names cannot collide in the document.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/temp_dir.h"
#include "sim/ecr/api.h"
#include "sim/services.h"
#include "support/sim_fixture.h"

namespace berth::sim {
namespace {

class SimStateFileTest : public testing::SimFixture {
 protected:
  void SetUp() override {
    ASSERT_TRUE(temp_.ok());
    state_file_ = (std::filesystem::path(temp_.path()) / "world.json").string();
  }

  // In-process and without a socket: what is saved does not depend on the front end.
  void StartSimulator() {
    SimOptions o = Options();
    o.state_file = state_file_;
    o.listen = false;
    SimFixture::StartSimulator(o, Via::kInProcess);
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

  void AdvanceMinutes(int minutes) { Advance(std::chrono::minutes(minutes)); }

  Json DescribeWeb() {
    Json out = Ecs("DescribeServices", Json{{"cluster", "prod"}, {"services", {"web"}}});
    return out["services"].size() == 1 ? out["services"][0] : Json();
  }

  TempDir temp_{"berth-state"};
  std::string state_file_;
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
  StopSimulator();
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
  StopSimulator();

  StartSimulator();
  Ecs("UpdateService", Json{{"cluster", "prod"}, {"service", "web"}, {"forceNewDeployment", true}});
  Json service = DescribeWeb();
  ASSERT_EQ(service["deployments"].size(), 2u) << service.dump();
  EXPECT_NE(service["deployments"][0]["id"], service["deployments"][1]["id"]);
}

// `doc` with only the members `shape` has (recursively): what a file written
// before a member was added must load back to, the new members taking their
// defaults beside it.
Json PrunedTo(const Json& doc, const Json& shape) {
  if (shape.is_object() && doc.is_object()) {
    Json out = Json::object();
    for (const auto& [key, value] : shape.items()) {
      if (doc.contains(key)) out[key] = PrunedTo(doc[key], value);
    }
    return out;
  }
  if (shape.is_array() && doc.is_array() && shape.size() == doc.size()) {
    Json out = Json::array();
    for (size_t i = 0; i < doc.size(); ++i) out.push_back(PrunedTo(doc[i], shape[i]));
    return out;
  }
  return doc;
}

TEST_F(SimStateFileTest, AFileWrittenBeforeServicesWereModulesLoadsToTheSameDocument) {
  std::ifstream in(BERTH_SOURCE_DIR "/testdata/sim/state-demo-v1.json");
  ASSERT_TRUE(in) << "testdata/sim/state-demo-v1.json";
  std::stringstream text;
  text << in.rdbuf();
  Json saved = Json::parse(text.str());
  ASSERT_TRUE(saved.contains("elbv2") && saved.contains("ecr"));
  std::ofstream(state_file_) << text.str();

  StartSimulator();
  {
    auto lock = sim_->world().Lock();
    EXPECT_EQ(PrunedTo(sim_->StateDocument(), saved), saved);
  }
  http::Response lbs = CallQuery("Action=DescribeLoadBalancers&Version=2015-12-01", "elasticloadbalancing");
  EXPECT_NE(lbs.body.find("<LoadBalancerName>demo-alb</LoadBalancerName>"), std::string::npos) << lbs.body;
  http::Response repos = CallJson(std::string(kEcrTargetPrefix) + ".DescribeRepositories", "{}", "ecr");
  EXPECT_NE(repos.body.find("\"repositoryName\":\"web\""), std::string::npos) << repos.body;
  Json demo = Ecs("DescribeServices", Json{{"cluster", "demo"}, {"services", {"web"}}});
  ASSERT_EQ(demo["services"].size(), 1u) << demo.dump();
  EXPECT_EQ(demo["services"][0]["runningCount"], 2);
}

TEST_F(SimStateFileTest, AFileThatCannotBeLoadedIsLeftAsItWas) {
  const std::string garbage = "{\"format\": \"berth-sim-state\", \"version\": 1, \"regions\": ";
  std::ofstream(state_file_) << garbage;
  SimOptions o = Options();
  o.state_file = state_file_;
  o.listen = false;
  auto sim = Simulator::Start(o);
  ASSERT_FALSE(sim.ok());
  EXPECT_NE(sim.status().message().find("not valid JSON"), std::string::npos) << sim.status().ToString();
  std::ifstream in(state_file_);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), garbage) << "a simulator that did not start must not save over the file";
}

TEST_F(SimStateFileTest, AMalformedServiceSectionIsAnErrorThatNamesIt) {
  std::ifstream in(BERTH_SOURCE_DIR "/testdata/sim/state-demo-v1.json");
  Json doc = Json::parse(in);
  doc["ecr"]["regions"] = 5;
  std::ofstream(state_file_) << doc.dump();
  SimOptions o = Options();
  o.state_file = state_file_;
  o.listen = false;
  auto sim = Simulator::Start(o);
  ASSERT_FALSE(sim.ok());
  EXPECT_EQ(sim.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(sim.status().message().find("malformed \"ecr\" section"), std::string::npos) << sim.status().ToString();
}

TEST(SimServicesTest, EveryServiceHasItsOwnNameAndNoneIsAMemberOfTheWorldsDocument) {
  ManualClock clock;
  SimClock sim_clock(clock, 0);
  World world(sim_clock, 1);
  CredentialStore credentials;
  Json world_doc = world.ToJson();
  std::set<std::string> names;
  for (const auto& service : MakeSimServices(SimServiceDeps{world, credentials, "us-east-1"})) {
    std::string name(service->name());
    EXPECT_TRUE(names.insert(name).second) << name << " twice";
    EXPECT_FALSE(world_doc.contains(name)) << name << " would overwrite the World's member in --state files";
  }
  EXPECT_EQ(names, (std::set<std::string>{"cloudwatch", "ecr", "ecs", "elbv2", "sts"}));
}

}  // namespace
}  // namespace berth::sim
