// The engine's workflow against a small model of one ECS service behind
// FakeEcsApi (every AWS call recorded, in order) and a real SQLite state
// database: plan, apply, record, follow, roll back, interrupt. The same
// workflow against the simulator over the real client: tests/e2e.
#include "deploy/engine.h"

#include <map>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "core/temp_dir.h"
#include "fakes/fake_ecs.h"
#include "fixtures/overrides.h"

namespace berth::deploy {
namespace {

using std::chrono::seconds;

constexpr const char* kTd7 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7";
constexpr const char* kTd8 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:8";
constexpr const char* kCluster = "arn:aws:ecs:us-east-1:123456789012:cluster/demo";
constexpr const char* kServiceArn = "arn:aws:ecs:us-east-1:123456789012:service/demo/web";

Json TaskDefinitionJson(const std::string& arn, int revision, const std::string& image) {
  return Json{{"taskDefinitionArn", arn},
              {"family", "web"},
              {"revision", revision},
              {"status", "ACTIVE"},
              {"containerDefinitions", Json::array({{{"name", "web"}, {"image", image}, {"essential", true}}})}};
}

Json DeploymentJson(const std::string& id, const std::string& status, const std::string& td, const std::string& rollout,
                    const std::string& reason = "") {
  Json d{{"id", id},          {"status", status},  {"taskDefinition", td}, {"desiredCount", 2},
         {"runningCount", 2}, {"pendingCount", 0}, {"failedTasks", 0},     {"rolloutState", rollout}};
  if (!reason.empty()) d["rolloutStateReason"] = reason;
  return d;
}

// One service and what ECS does with a new deployment of it: `behaviour`
// decides, at each DescribeServices after an UpdateService, what the
// deployments look like.
struct ServiceModel {
  enum class Behaviour {
    kSucceeds,             // the new deployment completes at the second read
    kCircuitBreaker,       // it fails and ECS rolls back to the previous deployment
    kFailsWithoutBreaker,  // it fails; nothing rolls back
    kNeverFinishes,
  };
  Behaviour behaviour = Behaviour::kSucceeds;
  std::string controller = "ECS";
  Json deployments = Json::array({DeploymentJson("ecs-svc/1", "PRIMARY", kTd7, "COMPLETED")});
  std::string task_definition = kTd7;
  int reads_since_update = 0;
  int next_id = 2;
  std::string previous;  // the deployment before the last update

  Json ServiceJson() const {
    return Json{{"serviceName", "web"},
                {"serviceArn", kServiceArn},
                {"clusterArn", kCluster},
                {"status", "ACTIVE"},
                {"taskDefinition", task_definition},
                {"desiredCount", 2},
                {"deploymentController", {{"type", controller}}},
                {"deployments", deployments}};
  }

  void Update(const std::string& td) {
    previous = deployments[0]["taskDefinition"];
    std::string id = "ecs-svc/" + std::to_string(next_id++);
    for (auto& d : deployments) d["status"] = "ACTIVE";
    deployments.insert(deployments.begin(), DeploymentJson(id, "PRIMARY", td, "IN_PROGRESS"));
    task_definition = td;
    reads_since_update = 0;
  }

  void Advance() {
    ++reads_since_update;
    if (deployments.size() < 2 || reads_since_update < 2) return;
    Json& ours = deployments[0];
    switch (behaviour) {
      case Behaviour::kSucceeds:
        ours["rolloutState"] = "COMPLETED";
        deployments = Json::array({ours});
        break;
      case Behaviour::kCircuitBreaker: {
        Json failed = ours;
        failed["status"] = "ACTIVE";
        failed["rolloutState"] = "FAILED";
        failed["rolloutStateReason"] = "ECS deployment circuit breaker: tasks failed to start.";
        std::string back = "ecs-svc/" + std::to_string(next_id++);
        deployments = Json::array({DeploymentJson(back, "PRIMARY", previous, "IN_PROGRESS"), failed});
        task_definition = previous;
        // From now on the rollback completes on the next reads.
        behaviour = Behaviour::kSucceeds;
        reads_since_update = 0;
        break;
      }
      case Behaviour::kFailsWithoutBreaker:
        ours["rolloutState"] = "FAILED";
        ours["rolloutStateReason"] = "tasks failed to start";
        behaviour = Behaviour::kSucceeds;  // a later deployment (berth's rollback) succeeds
        break;
      case Behaviour::kNeverFinishes: break;
    }
  }
};

struct EngineTest : ::testing::Test {
  aws::FakeEcsApi ecs;
  ManualClock clock;
  RecordingEventSink events;
  CancelToken cancel;
  ServiceModel model;
  TempDir dir{"berth-engine"};
  std::unique_ptr<store::StateStore> state;
  std::vector<aws::UpdateServiceRequest> updates;
  int registered = 0;
  std::function<void()> on_describe;  // runs at each DescribeServices

  void SetUp() override {
    auto opened = store::OpenStateStore(dir.path() + "/state.db");
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    state = std::move(opened).value();
    ecs.describe_services = [this](const aws::DescribeServicesRequest&) {
      if (on_describe) on_describe();
      if (!updates.empty()) model.Advance();
      return Result<aws::EcsBatch<aws::EcsService>>(
          aws::EcsBatch<aws::EcsService>{{aws::ParseEcsService(model.ServiceJson())}, {}});
    };
    ecs.describe_task_definition = [](const std::string& name) -> Result<aws::EcsTaskDefinition> {
      if (name == kTd7 || name == "web:7")
        return aws::ParseEcsTaskDefinition(TaskDefinitionJson(kTd7, 7, "r/web:1"), {});
      if (name == kTd8 || name == "web:8")
        return aws::ParseEcsTaskDefinition(TaskDefinitionJson(kTd8, 8, "r/web:2"), {});
      Status s(StatusCode::kAwsError, "Unable to describe task definition.");
      s.SetAwsDetail("ClientException", 400, "req");
      return s;
    };
    ecs.register_task_definition = [this](const aws::RegisterTaskDefinitionRequest& r) {
      ++registered;
      Json td = r.task_definition;
      td["taskDefinitionArn"] = kTd8;
      td["revision"] = 8;
      return Result<aws::EcsTaskDefinition>(aws::ParseEcsTaskDefinition(td, Json::array()));
    };
    ecs.update_service = [this](const aws::UpdateServiceRequest& r) {
      updates.push_back(r);
      model.Update(r.task_definition);
      return Result<aws::EcsService>(aws::ParseEcsService(model.ServiceJson()));
    };
  }

  Engine MakeEngine() {
    EngineDeps deps;
    deps.ecs = &ecs;
    deps.clock = &clock;
    deps.events = &events;
    deps.state = state.get();
    deps.cancel = &cancel;
    deps.region = "us-east-1";
    deps.jitter_seed = 1;
    return Engine(deps);
  }

  static DeployRequest ShipWeb2() {
    DeployRequest r;
    r.cluster = "demo";
    r.service = "web";
    r.images.push_back(testdata::Image("web", "r/web:2"));
    return r;
  }

  DeployOptions Options() {
    DeployOptions o;
    o.follow.timeout = seconds(600);
    return o;
  }

  std::vector<store::DeploymentRecord> Records() { return state->deployments().List(kServiceArn, 10).value(); }
};

TEST_F(EngineTest, ADeployIsPlannedAppliedRecordedAndFollowedToCompletion) {
  auto r = MakeEngine().Deploy(ShipWeb2(), Options());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, Outcome::kCompleted);
  EXPECT_EQ(ecs.calls, (std::vector<std::string>{"DescribeServices", "DescribeTaskDefinition", "RegisterTaskDefinition",
                                                 "UpdateService", "DescribeServices", "DescribeServices"}));
  ASSERT_TRUE(r->deployment.has_value());
  EXPECT_EQ(r->deployment->started.deployment_id, "ecs-svc/2");
  EXPECT_EQ(r->deployment->started.previous_task_definition, kTd7);
  EXPECT_EQ(r->live.primary_task_definition, kTd8);
  auto records = Records();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].outcome, store::DeploymentOutcome::kSucceeded);
  EXPECT_EQ(records[0].kind, "deploy");
  EXPECT_EQ(records[0].region, "us-east-1");
  EXPECT_EQ(records[0].version, 2);
  // The events tell the story in order.
  std::vector<std::string> names;
  for (const Event& e : events.events) names.emplace_back(EventName(e));
  EXPECT_EQ(names, (std::vector<std::string>{"plan_ready", "task_definition_registered", "deployment_started",
                                             "follow_started", "counts_changed", "verdict"}));
}

TEST_F(EngineTest, ADryRunAndAnUnchangedServiceWriteNothing) {
  DeployOptions dry = Options();
  dry.dry_run = true;
  auto planned = MakeEngine().Deploy(ShipWeb2(), dry);
  ASSERT_TRUE(planned.ok());
  EXPECT_EQ(planned->outcome, Outcome::kPlanned);
  EXPECT_FALSE(planned->plan.changes.empty());

  DeployRequest same = ShipWeb2();
  same.images[0] = testdata::Image("web", "r/web:1");
  auto unchanged = MakeEngine().Deploy(same, Options());
  ASSERT_TRUE(unchanged.ok());
  EXPECT_EQ(unchanged->outcome, Outcome::kUnchanged);
  EXPECT_TRUE(updates.empty());
  EXPECT_EQ(registered, 0);
  EXPECT_TRUE(Records().empty());
}

TEST_F(EngineTest, WhatBerthCannotDriveIsRefusedBeforeAnyWrite) {
  for (const char* controller : {"EXTERNAL", "CODE_DEPLOY"}) {
    model.controller = controller;
    auto r = MakeEngine().Deploy(ShipWeb2(), Options());
    ASSERT_FALSE(r.ok()) << controller;
    EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
    EXPECT_NE(r.status().message().find(controller), std::string::npos) << r.status().message();
  }
  EXPECT_EQ(ecs.calls, (std::vector<std::string>{"DescribeServices", "DescribeServices"}));
}

TEST_F(EngineTest, AMissingServiceNamesItsFieldsAndNoFlag) {
  ecs.describe_services = [](const aws::DescribeServicesRequest&) {
    return Result<aws::EcsBatch<aws::EcsService>>(aws::EcsBatch<aws::EcsService>{{}, {}});
  };
  ecs.list_services = [](const aws::ListServicesRequest&) {
    return Result<std::vector<std::string>>(std::vector<std::string>{"arn:aws:ecs:us-east-1:1:service/demo/api"});
  };
  auto r = MakeEngine().Deploy(ShipWeb2(), Options());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("services there: api"), std::string::npos) << r.status().message();
  EXPECT_EQ(r.status().fields(), (std::vector<std::string>{"service", "cluster"}));
  EXPECT_EQ(r.status().message().find("--"), std::string::npos) << r.status().message();
}

TEST_F(EngineTest, WithoutWaitingTheDeploymentIsRecordedInProgress) {
  DeployOptions o = Options();
  o.wait = false;
  auto r = MakeEngine().Deploy(ShipWeb2(), o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->outcome, Outcome::kStarted);
  EXPECT_EQ(Records()[0].outcome, store::DeploymentOutcome::kInProgress);
  EXPECT_EQ(r->live.primary_deployment_id, "ecs-svc/2");
}

TEST_F(EngineTest, ACircuitBreakerRollbackIsFollowedNotRepeated) {
  model.behaviour = ServiceModel::Behaviour::kCircuitBreaker;
  DeployOptions o = Options();
  o.rollback_on_failure = true;
  auto r = MakeEngine().Deploy(ShipWeb2(), o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, Outcome::kFailed);
  ASSERT_TRUE(r->rollback.has_value());
  EXPECT_TRUE(r->rollback->started.following_ecs);
  EXPECT_EQ(updates.size(), 1u) << "berth must not start a second rollback";
  ASSERT_TRUE(r->rollback->result.has_value());
  EXPECT_EQ(r->rollback->result->verdict, Verdict::kCompleted);
  EXPECT_EQ(r->live.primary_task_definition, kTd7);
  auto records = Records();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].kind, "rollback");
  EXPECT_EQ(records[0].outcome, store::DeploymentOutcome::kSucceeded);
  EXPECT_EQ(records[1].outcome, store::DeploymentOutcome::kFailed);
}

TEST_F(EngineTest, WithoutABreakerBerthRollsBackItselfAndTheLiveStateIsTheFinalOne) {
  model.behaviour = ServiceModel::Behaviour::kFailsWithoutBreaker;
  DeployOptions o = Options();
  o.rollback_on_failure = true;
  auto r = MakeEngine().Deploy(ShipWeb2(), o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, Outcome::kFailed);
  ASSERT_EQ(updates.size(), 2u);
  EXPECT_EQ(updates[1].task_definition, kTd7);
  ASSERT_TRUE(r->rollback.has_value());
  EXPECT_FALSE(r->rollback->started.following_ecs);
  // The summary is computed from what is live after the rollback, not before it.
  EXPECT_EQ(r->live.primary_task_definition, kTd7);
  EXPECT_EQ(r->live.primary_deployment_id, r->rollback->started.deployment_id);
  auto rollbacks = events.Of<RollbackStarted>();
  ASSERT_EQ(rollbacks.size(), 1u);
  EXPECT_EQ(rollbacks[0].to, kTd7);
}

TEST_F(EngineTest, AnInterruptionIsRecordedAndTheDeploymentIsLeftRunning) {
  model.behaviour = ServiceModel::Behaviour::kNeverFinishes;
  int reads = 0;
  on_describe = [&] {
    if (!updates.empty() && ++reads == 2) cancel.Cancel(15);
  };
  auto r = MakeEngine().Deploy(ShipWeb2(), Options());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, Outcome::kInterrupted);
  auto records = Records();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].outcome, store::DeploymentOutcome::kInterrupted);
  EXPECT_TRUE(records[0].finished_at.has_value());
  EXPECT_EQ(updates.size(), 1u) << "an interruption writes nothing to AWS";
}

TEST_F(EngineTest, ATimeoutWithRollbackGoesBackAndStillReportsTheTimeout) {
  model.behaviour = ServiceModel::Behaviour::kNeverFinishes;
  DeployOptions o = Options();
  o.follow.timeout = seconds(30);
  o.rollback_on_failure = true;
  // The rollback deployment succeeds.
  on_describe = [&] {
    if (updates.size() == 2) model.behaviour = ServiceModel::Behaviour::kSucceeds;
  };
  auto r = MakeEngine().Deploy(ShipWeb2(), o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, Outcome::kTimedOut);
  ASSERT_TRUE(r->rollback && r->rollback->result);
  EXPECT_EQ(r->rollback->result->verdict, Verdict::kCompleted);
  EXPECT_EQ(Records()[1].outcome, store::DeploymentOutcome::kTimedOut);
}

TEST_F(EngineTest, WaitFindsTheRecordOfADeploymentStartedWithoutWaitingAndFinishesIt) {
  DeployOptions o = Options();
  o.wait = false;
  auto started = MakeEngine().Deploy(ShipWeb2(), o);
  ASSERT_TRUE(started.ok());
  auto waited = MakeEngine().Wait(WaitRequest{"demo", "web", "ecs-svc/2"}, o.follow);
  ASSERT_TRUE(waited.ok()) << waited.status().ToString();
  EXPECT_EQ(waited->outcome, Outcome::kCompleted);
  EXPECT_EQ(waited->deployment.record_id, started->deployment->record_id);
  EXPECT_EQ(Records()[0].outcome, store::DeploymentOutcome::kSucceeded);

  auto gone = MakeEngine().Wait(WaitRequest{"demo", "web", "ecs-svc/99"}, o.follow);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(gone.status().fields(), std::vector<std::string>{"deployment_id"});
}

TEST_F(EngineTest, RollbackGoesToTheLastRevisionBerthSawSucceed) {
  ASSERT_TRUE(MakeEngine().Deploy(ShipWeb2(), Options()).ok());  // web:8 succeeds, web:7 was before
  auto r = MakeEngine().Rollback(RollbackRequest{"demo", "web", "", true}, Options().follow);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->from, kTd8);
  EXPECT_EQ(r->to, kTd7);
  EXPECT_NE(r->why.find("live before"), std::string::npos) << r->why;
  EXPECT_EQ(r->outcome, Outcome::kCompleted);
  EXPECT_EQ(updates.back().task_definition, kTd7);
  EXPECT_EQ(Records()[0].kind, "rollback");
}

TEST_F(EngineTest, RollbackWithNothingOnRecordAsksForARevisionByField) {
  auto r = MakeEngine().Rollback(RollbackRequest{"demo", "web", "", true}, Options().follow);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(r.status().fields(), std::vector<std::string>{"to"});
  EXPECT_TRUE(updates.empty());

  auto to = MakeEngine().Rollback(RollbackRequest{"demo", "web", "8", false}, Options().follow);
  ASSERT_TRUE(to.ok()) << to.status().ToString();
  EXPECT_EQ(to->to, kTd8);
  EXPECT_EQ(to->outcome, Outcome::kStarted);

  auto bad = MakeEngine().Rollback(RollbackRequest{"demo", "web", "42", false}, Options().follow);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().fields(), std::vector<std::string>{"to"});
}

// Rollback checks its target and what is running before it writes anything.
struct RollbackChecksTest : EngineTest {
  std::map<std::string, std::string> status_of;  // "web:6" -> "INACTIVE"; "gone" -> missing

  static std::string Arn(const std::string& short_name) {
    return "arn:aws:ecs:us-east-1:123456789012:task-definition/" + short_name;
  }

  void SetUp() override {
    EngineTest::SetUp();
    auto original = ecs.describe_task_definition;
    ecs.describe_task_definition = [this, original](const std::string& name) -> Result<aws::EcsTaskDefinition> {
      std::string short_name = ShortTaskDefinition(name);
      auto it = status_of.find(short_name);
      if (it == status_of.end()) return original(name);
      if (it->second == "gone") return original("no-such");
      std::string family = short_name.substr(0, short_name.find(':'));
      int revision = std::stoi(short_name.substr(short_name.find(':') + 1));
      Json td = TaskDefinitionJson(Arn(short_name), revision, "r/" + family + ":" + std::to_string(revision));
      td["family"] = family;
      td["status"] = it->second;
      return aws::ParseEcsTaskDefinition(td, {});
    };
  }

  // A deployment berth recorded as SUCCEEDED, `age` hours ago.
  void Succeeded(const std::string& short_name, int age) {
    store::DeploymentRecord r;
    r.service_arn = kServiceArn;
    r.cluster_arn = kCluster;
    r.service_name = "web";
    r.kind = "deploy";
    r.deployment_id = "ecs-svc/old-" + short_name;
    r.task_definition = Arn(short_name);
    r.outcome = store::DeploymentOutcome::kSucceeded;
    r.started_at = SystemTime{} + std::chrono::hours(1000 - age);
    r.finished_at = r.started_at;
    ASSERT_TRUE(state->deployments().Insert(r).ok());
  }

  void LiveOn(const std::string& td) {
    model.deployments = Json::array({DeploymentJson("ecs-svc/1", "PRIMARY", td, "COMPLETED")});
    model.task_definition = td;
  }
};

TEST_F(RollbackChecksTest, AnInactiveTargetNamesItsStateAndTheNextRevisionThatSucceeded) {
  Succeeded("web:5", 3);
  Succeeded("web:6", 2);
  LiveOn(kTd8);
  status_of = {{"web:6", "INACTIVE"}, {"web:5", "ACTIVE"}};
  auto r = MakeEngine().Rollback(RollbackRequest{"demo", "web", "", true}, Options().follow);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("web:6 is INACTIVE"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("before it, web:5, is ACTIVE"), std::string::npos) << r.status().message();
  EXPECT_EQ(r.status().fields(), std::vector<std::string>{"to"});
  EXPECT_TRUE(updates.empty());

  // The same check when the revision is named.
  auto named = MakeEngine().Rollback(RollbackRequest{"demo", "web", "6", true}, Options().follow);
  ASSERT_FALSE(named.ok());
  EXPECT_NE(named.status().message().find("web:6 is INACTIVE"), std::string::npos) << named.status().message();
  EXPECT_TRUE(updates.empty());

  // Nothing else on record: the advice is to name one.
  status_of["web:5"] = "INACTIVE";
  auto none = MakeEngine().Rollback(RollbackRequest{"demo", "web", "", true}, Options().follow);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("name an ACTIVE revision"), std::string::npos) << none.status().message();
  EXPECT_TRUE(updates.empty());
}

TEST_F(RollbackChecksTest, AMissingTargetIsNotFoundAndNothingIsWritten) {
  Succeeded("web:6", 2);
  LiveOn(kTd8);
  status_of = {{"web:6", "gone"}};
  auto r = MakeEngine().Rollback(RollbackRequest{"demo", "web", "", true}, Options().follow);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("web:6"), std::string::npos) << r.status().message();
  EXPECT_NE(r.status().message().find("does not exist any more"), std::string::npos) << r.status().message();
  EXPECT_TRUE(updates.empty());
}

TEST_F(RollbackChecksTest, ANetworkErrorReadingTheTargetIsNotCalledMissing) {
  LiveOn(kTd8);
  ecs.describe_task_definition = [](const std::string&) -> Result<aws::EcsTaskDefinition> {
    return Status(StatusCode::kNetwork, "connection refused");
  };
  auto r = MakeEngine().Rollback(RollbackRequest{"demo", "web", "7", true}, Options().follow);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNetwork) << r.status().ToString();
  EXPECT_EQ(r.status().message().find("no such task definition"), std::string::npos) << r.status().message();
  EXPECT_TRUE(updates.empty());
}

TEST_F(RollbackChecksTest, AnotherFamilyNeedsForce) {
  LiveOn(kTd8);
  status_of = {{"api:3", "ACTIVE"}};
  auto r = MakeEngine().Rollback(RollbackRequest{"demo", "web", "api:3", false}, Options().follow);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("api:3 is of family api"), std::string::npos) << r.status().message();
  EXPECT_EQ(r.status().fields(), (std::vector<std::string>{"to", "force"}));
  EXPECT_TRUE(updates.empty());

  auto forced = MakeEngine().Rollback(RollbackRequest{"demo", "web", "api:3", false, true}, Options().follow);
  ASSERT_TRUE(forced.ok()) << forced.status().ToString();
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_EQ(updates[0].task_definition, Arn("api:3"));
}

TEST_F(RollbackChecksTest, ADeploymentUnderWayNeedsForceAndIsRecordedSuperseded) {
  // Someone's deployment of web:8 is running (berth started it without waiting).
  DeployOptions no_wait = Options();
  no_wait.wait = false;
  model.behaviour = ServiceModel::Behaviour::kNeverFinishes;
  auto started = MakeEngine().Deploy(ShipWeb2(), no_wait);
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  ASSERT_EQ(updates.size(), 1u);

  auto r = MakeEngine().Rollback(RollbackRequest{"demo", "web", "7", true}, Options().follow);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("is still IN_PROGRESS"), std::string::npos) << r.status().message();
  EXPECT_EQ(r.status().fields(), std::vector<std::string>{"force"});
  EXPECT_EQ(updates.size(), 1u) << "refused before any write";

  on_describe = [&] {
    if (updates.size() == 2) model.behaviour = ServiceModel::Behaviour::kSucceeds;  // the rollback succeeds
  };
  auto forced = MakeEngine().Rollback(RollbackRequest{"demo", "web", "7", true, true}, Options().follow);
  ASSERT_TRUE(forced.ok()) << forced.status().ToString();
  EXPECT_EQ(forced->outcome, Outcome::kCompleted);
  EXPECT_EQ(updates.size(), 2u);
  bool warned = false;
  for (const auto& n : events.Of<Notice>()) warned = warned || n.text.find("rolling back anyway") != std::string::npos;
  EXPECT_TRUE(warned);
  auto records = Records();  // newest first
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].outcome, store::DeploymentOutcome::kSucceeded);
  EXPECT_EQ(records[1].outcome, store::DeploymentOutcome::kSuperseded);
  EXPECT_NE(records[1].reason.find(records[0].deployment_id), std::string::npos) << records[1].reason;
}

TEST_F(RollbackChecksTest, ADeploymentBerthJudgedTimedOutIsRolledBackWithoutForce) {
  model.behaviour = ServiceModel::Behaviour::kNeverFinishes;
  DeployOptions o = Options();
  o.follow.timeout = seconds(30);
  auto timed_out = MakeEngine().Deploy(ShipWeb2(), o);
  ASSERT_TRUE(timed_out.ok()) << timed_out.status().ToString();
  ASSERT_EQ(timed_out->outcome, Outcome::kTimedOut);

  model.behaviour = ServiceModel::Behaviour::kSucceeds;
  auto r = MakeEngine().Rollback(RollbackRequest{"demo", "web", "", true}, Options().follow);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, Outcome::kCompleted);
  EXPECT_EQ(updates.back().task_definition, kTd7);
}

TEST_F(RollbackChecksTest, ARollbackThatAnotherDeploymentReplacesIsRecordedSuperseded) {
  ASSERT_TRUE(MakeEngine().Deploy(ShipWeb2(), Options()).ok());
  model.behaviour = ServiceModel::Behaviour::kNeverFinishes;
  int reads = 0;
  size_t before = 0;
  on_describe = [&] {
    if (updates.size() == 2 && ++reads == 2) {
      before = updates.size();
      model.Update(kTd8);  // someone deploys web:8 again while the rollback runs
    }
  };
  auto r = MakeEngine().Rollback(RollbackRequest{"demo", "web", "", true}, Options().follow);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(before, 2u);
  EXPECT_EQ(r->outcome, Outcome::kFailed);
  auto records = Records();
  ASSERT_GE(records.size(), 1u);
  EXPECT_EQ(records[0].kind, "rollback");
  EXPECT_EQ(records[0].outcome, store::DeploymentOutcome::kSuperseded);
  EXPECT_NE(records[0].reason.find("another deployment replaced it"), std::string::npos) << records[0].reason;
}

// As moto answers: UpdateService points the service at the new revision and
// returns the deployments as they were (the one the service was created with).
struct NoDeploymentsEngineTest : EngineTest {
  void SetUp() override {
    EngineTest::SetUp();
    ecs.update_service = [this](const aws::UpdateServiceRequest& r) {
      updates.push_back(r);
      model.task_definition = r.task_definition;
      return Result<aws::EcsService>(aws::ParseEcsService(model.ServiceJson()));
    };
  }
};

TEST_F(NoDeploymentsEngineTest, AWriteAnsweredWithoutItsDeploymentIsRecordedAndNotFollowed) {
  for (bool wait : {false, true}) {
    SCOPED_TRACE(wait ? "waiting" : "not waiting");
    model.task_definition = kTd7;
    updates.clear();
    ecs.calls.clear();
    DeployOptions o = Options();
    o.wait = wait;
    auto r = MakeEngine().Deploy(ShipWeb2(), o);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->outcome, Outcome::kApplied);
    EXPECT_EQ(OutcomeName(r->outcome), "APPLIED");
    ASSERT_TRUE(r->deployment.has_value());
    const Started& started = r->deployment->started;
    EXPECT_EQ(started.deployment_id, "");
    EXPECT_EQ(started.task_definition, kTd8);
    EXPECT_EQ(started.previous_task_definition, kTd7);
    EXPECT_NE(started.cannot_follow.find("returned no deployment of it (its answer holds only deployment ecs-svc/1 of "
                                         "web:7, the one it had before)"),
              std::string::npos)
        << started.cannot_follow;
    EXPECT_NE(started.cannot_follow.find("does not model ECS deployments"), std::string::npos);
    EXPECT_EQ(started.cannot_follow.find("--"), std::string::npos) << "names no flag";
    EXPECT_FALSE(r->deployment->result.has_value());
    EXPECT_EQ(r->live.primary_task_definition, kTd8);
    // Nothing is followed: no DescribeServices after the write.
    EXPECT_EQ(ecs.calls.back(), "UpdateService");
    auto records = Records();
    ASSERT_FALSE(records.empty());
    EXPECT_EQ(records[0].outcome, store::DeploymentOutcome::kInProgress);
    EXPECT_EQ(records[0].deployment_id, "");
    EXPECT_EQ(records[0].previous_task_definition, kTd7);
    EXPECT_EQ(records[0].task_definition, kTd8);
    EXPECT_EQ(records[0].reason, started.cannot_follow);
  }
}

TEST_F(NoDeploymentsEngineTest, RollbackUndoesTheRecordedChangeThoughNeitherCanBeFollowed) {
  model.deployments = Json::array();  // an endpoint that returns no deployments at all
  DeployOptions o = Options();
  o.wait = false;
  auto deployed = MakeEngine().Deploy(ShipWeb2(), o);
  ASSERT_TRUE(deployed.ok()) << deployed.status().ToString();
  EXPECT_NE(deployed->deployment->started.cannot_follow.find("(its answer holds no deployments at all)"),
            std::string::npos)
      << deployed->deployment->started.cannot_follow;
  auto back = MakeEngine().Rollback(RollbackRequest{"demo", "web", "", true}, Options().follow);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->from, kTd8);
  EXPECT_EQ(back->to, kTd7);
  EXPECT_EQ(back->outcome, Outcome::kApplied);
  EXPECT_NE(back->why.find("before berth's last deployment"), std::string::npos) << back->why;
  ASSERT_EQ(updates.size(), 2u);
  EXPECT_EQ(updates[1].task_definition, kTd7);
  EXPECT_EQ(model.task_definition, kTd7);
  auto records = Records();
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].kind, "rollback");
  EXPECT_EQ(records[0].previous_task_definition, kTd8);
  EXPECT_EQ(records[0].task_definition, kTd7);
  EXPECT_FALSE(records[0].reason.empty());
}

TEST_F(NoDeploymentsEngineTest, TheServiceNotItsStaleDeploymentSaysWhichRevisionIsLive) {
  DeployOptions o = Options();
  o.wait = false;
  ASSERT_TRUE(MakeEngine().Deploy(ShipWeb2(), o).ok());
  // The answer's PRIMARY deployment still runs web:7 but the service runs
  // web:8: the rollback goes from web:8, and the next plan starts from web:8.
  auto plan = MakeEngine().Plan(ShipWeb2());
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->live_task_definition, kTd8);
  auto back = MakeEngine().Rollback(RollbackRequest{"demo", "web", "", true}, Options().follow);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->from, kTd8);
  EXPECT_EQ(back->to, kTd7);
  // Back on web:7 the answer's stale deployment runs the revision again, as on
  // moto, but it is the one from before the write: not followed.
  EXPECT_EQ(back->outcome, Outcome::kApplied);
  ASSERT_TRUE(back->deployment.has_value());
  EXPECT_NE(back->deployment->started.cannot_follow.find("only deployment ecs-svc/1 of web:7, the one it had before"),
            std::string::npos)
      << back->deployment->started.cannot_follow;
  EXPECT_EQ(Records()[0].outcome, store::DeploymentOutcome::kInProgress);
}

TEST_F(EngineTest, AWriteThatKeepsTheRevisionFollowsTheDeploymentECSKeeps) {
  // A desired count alone: ECS updates its PRIMARY deployment rather than
  // starting one, and that deployment is berth's to follow.
  ecs.update_service = [this](const aws::UpdateServiceRequest& r) {
    updates.push_back(r);
    return Result<aws::EcsService>(aws::ParseEcsService(model.ServiceJson()));
  };
  DeployRequest scale;
  scale.cluster = "demo";
  scale.service = "web";
  scale.desired_count = 3;
  auto r = MakeEngine().Deploy(scale, Options());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->outcome, Outcome::kCompleted);
  EXPECT_EQ(r->deployment->started.deployment_id, "ecs-svc/1");
}

}  // namespace
}  // namespace berth::deploy
