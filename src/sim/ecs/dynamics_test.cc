// Dynamics of the simulated ECS scheduler on a hand-moved clock.
#include "sim/ecs/dynamics.h"

#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "sim/ecs/api.h"
#include "sim/wire/api_error.h"

namespace berth::sim {
namespace {

class EcsDynamicsTest : public ::testing::Test {
 protected:
  EcsDynamicsTest() : clock_(base_, 0.0), world_(clock_, 1) {}

  Json Call(const std::string& op, const Json& in) { return HandleEcs(world_, op, in, ctx_); }
  void Tick(int seconds) {
    for (int i = 0; i < seconds; ++i) {
      clock_.Advance(std::chrono::seconds(1));
      world_.AdvanceToNow();
    }
  }
  void Register(const std::string& family, const std::string& image, bool health_check = false) {
    Json c{{"name", "app"}, {"image", image}};
    if (health_check) c["healthCheck"] = Json{{"command", {"CMD", "true"}}, {"interval", 10}, {"retries", 2}};
    Call("RegisterTaskDefinition", Json{{"family", family}, {"containerDefinitions", Json::array({c})}});
  }
  void CreateService(int desired, int min_pct, int max_pct, bool breaker = false) {
    Call("CreateCluster", Json{{"clusterName", "c"}});
    Call("CreateService", Json{{"cluster", "c"},
                               {"serviceName", "web"},
                               {"taskDefinition", "app:1"},
                               {"desiredCount", desired},
                               {"deploymentConfiguration",
                                {{"minimumHealthyPercent", min_pct},
                                 {"maximumPercent", max_pct},
                                 {"deploymentCircuitBreaker", {{"enable", breaker}, {"rollback", breaker}}}}}});
  }
  Json Service() { return Call("DescribeServices", Json{{"cluster", "c"}, {"services", {"web"}}})["services"][0]; }
  Cluster& cluster() { return world_.Ecs(ctx_.account_id, ctx_.region).clusters.at("c"); }

  ManualClock base_;
  SimClock clock_;
  World world_;
  RequestContext ctx_;
};

TEST(CircuitBreakerThresholdTest, IsHalfTheDesiredCountClampedToThreeAndTwoHundred) {
  EXPECT_EQ(CircuitBreakerThreshold(1), 3);
  EXPECT_EQ(CircuitBreakerThreshold(25), 13);
  EXPECT_EQ(CircuitBreakerThreshold(400), 200);
  EXPECT_EQ(CircuitBreakerThreshold(800), 200);
}

TEST(ComputedDesiredCountTest, RoundsUp) {
  EXPECT_EQ(ComputedDesiredCount(3, 50), 2);
  EXPECT_EQ(ComputedDesiredCount(10, 10), 1);
  EXPECT_EQ(ComputedDesiredCount(10, 0), 0);
}

TEST_F(EcsDynamicsTest, NewServiceReachesSteadyStateWithAwsEvents) {
  Register("app", "img:1");
  CreateService(2, 100, 200);
  Tick(120);
  Json s = Service();
  EXPECT_EQ(s["runningCount"], 2);
  ASSERT_EQ(s["deployments"].size(), 1u);
  EXPECT_EQ(s["deployments"][0]["rolloutState"], "COMPLETED");
  EXPECT_EQ(s["events"][0]["message"], "(service web) has reached a steady state.");
  std::string started = s["events"].back()["message"];
  EXPECT_EQ(started.rfind("(service web) has started 2 tasks: (task ", 0), 0u) << started;
}

TEST_F(EcsDynamicsTest, RollingUpdateRespectsMinimumHealthyAndMaximumPercentAtEveryTick) {
  Register("app", "img:1");
  CreateService(4, 50, 150);
  Tick(120);
  Register("app", "img:2");
  Call("UpdateService", Json{{"cluster", "c"}, {"service", "web"}, {"taskDefinition", "app:2"}});
  bool saw_two_deployments = false;
  for (int i = 0; i < 300; ++i) {
    Tick(1);
    int active = 0, healthy = 0;
    for (const auto& [id, t] : cluster().tasks) {
      if (t.active()) active++;
      if (t.running() && t.healthy) healthy++;
    }
    EXPECT_LE(active, 6) << "maximumPercent 150 of 4 allows 6 tasks, tick " << i;
    EXPECT_GE(healthy, 2) << "minimumHealthyPercent 50 of 4 needs 2 healthy tasks, tick " << i;
    if (Service()["deployments"].size() == 2) saw_two_deployments = true;
  }
  EXPECT_TRUE(saw_two_deployments);
  Json s = Service();
  ASSERT_EQ(s["deployments"].size(), 1u);
  EXPECT_EQ(s["deployments"][0]["taskDefinition"], "arn:aws:ecs:us-east-1:123456789012:task-definition/app:2");
  EXPECT_EQ(s["deployments"][0]["rolloutState"], "COMPLETED");
  EXPECT_EQ(s["runningCount"], 4);
}

TEST_F(EcsDynamicsTest, CircuitBreakerFailsAtThresholdAndRollsBackToLastCompletedDeployment) {
  Register("app", "img:1");
  CreateService(2, 100, 200, /*breaker=*/true);
  Tick(120);
  std::string good = Service()["deployments"][0]["id"];
  world_.SetImageBehaviour("img:bad", ImageBehaviour{ImageBehaviour::Kind::kExitOnStart});
  Register("app", "img:bad");
  Json updated = Call("UpdateService", Json{{"cluster", "c"}, {"service", "web"}, {"taskDefinition", "app:2"}});
  std::string bad = updated["service"]["deployments"][0]["id"];
  // Stopped-task failures count up to the threshold (3 for desired 2).
  int max_failed = 0;
  for (int i = 0; i < 200 && Service()["deployments"][0]["id"] == bad; ++i) {
    Tick(1);
    max_failed = std::max(max_failed, Service()["deployments"][0]["failedTasks"].get<int>());
  }
  EXPECT_EQ(max_failed, 2) << "the breaker trips on the third failure, so 2 is the most ever shown while IN_PROGRESS";
  Json s = Service();
  // The rollback (PRIMARY), the failed deployment, and the old one still holding its tasks.
  ASSERT_EQ(s["deployments"].size(), 3u);
  EXPECT_EQ(s["deployments"][1]["id"], bad);
  EXPECT_EQ(s["deployments"][2]["id"], good);
  EXPECT_EQ(s["deployments"][1]["rolloutState"], "FAILED");
  EXPECT_EQ(s["deployments"][1]["rolloutStateReason"], "ECS deployment circuit breaker: tasks failed to start.");
  EXPECT_EQ(s["deployments"][0]["taskDefinition"], "arn:aws:ecs:us-east-1:123456789012:task-definition/app:1");
  EXPECT_EQ(s["taskDefinition"], "arn:aws:ecs:us-east-1:123456789012:task-definition/app:1");
  bool failed_event = false, rollback_event = false;
  for (const auto& e : s["events"]) {
    std::string m = e["message"];
    if (m == "(service web) (deployment " + bad + ") deployment failed: tasks failed to start.") failed_event = true;
    if (m == "(service web) rolling back to deployment " + good + ".") rollback_event = true;
  }
  EXPECT_TRUE(failed_event);
  EXPECT_TRUE(rollback_event);
  Tick(200);
  s = Service();
  ASSERT_EQ(s["deployments"].size(), 1u);
  EXPECT_EQ(s["deployments"][0]["rolloutState"], "COMPLETED");
  Json stopped = Call("ListTasks", Json{{"cluster", "c"}, {"desiredStatus", "STOPPED"}});
  ASSERT_FALSE(stopped["taskArns"].empty());
  Json task = Call("DescribeTasks", Json{{"cluster", "c"}, {"tasks", {stopped["taskArns"][0]}}})["tasks"][0];
  EXPECT_EQ(task["stopCode"], "EssentialContainerExited");
  EXPECT_EQ(task["containers"][0]["exitCode"], 1);
}

TEST_F(EcsDynamicsTest, HealthCheckFailuresAreIgnoredDuringTheGracePeriod) {
  world_.SetImageBehaviour("img:sick", ImageBehaviour{ImageBehaviour::Kind::kFailHealthChecks});
  Register("app", "img:sick", /*health_check=*/true);
  Call("CreateCluster", Json{{"clusterName", "c"}});
  Call("CreateService", Json{{"cluster", "c"},
                             {"serviceName", "web"},
                             {"taskDefinition", "app:1"},
                             {"desiredCount", 1},
                             {"healthCheckGracePeriodSeconds", 120}});
  Tick(100);  // RUNNING after ~13 s; checks fail after 20 s more, but the grace period lasts 120 s
  EXPECT_EQ(Service()["runningCount"], 1);
  Tick(60);
  Json stopped = Call("ListTasks", Json{{"cluster", "c"}, {"desiredStatus", "STOPPED"}});
  ASSERT_EQ(stopped["taskArns"].size(), 1u);
  Json task = Call("DescribeTasks", Json{{"cluster", "c"}, {"tasks", stopped["taskArns"]}})["tasks"][0];
  EXPECT_EQ(task["stoppedReason"], "Task failed container health checks");
  EXPECT_EQ(task["healthStatus"], "UNHEALTHY");
}

TEST_F(EcsDynamicsTest, TaskSetsScaleToComputedDesiredCountAndReportStability) {
  Register("app", "img:1");
  Call("CreateCluster", Json{{"clusterName", "c"}});
  Call("CreateService", Json{{"cluster", "c"},
                             {"serviceName", "web"},
                             {"desiredCount", 3},
                             {"deploymentController", {{"type", "EXTERNAL"}}}});
  Json blue = Call("CreateTaskSet", Json{{"cluster", "c"},
                                         {"service", "web"},
                                         {"taskDefinition", "app:1"},
                                         {"scale", {{"value", 100}, {"unit", "PERCENT"}}}})["taskSet"];
  EXPECT_EQ(blue["status"], "PRIMARY");
  EXPECT_EQ(blue["computedDesiredCount"], 3);
  EXPECT_EQ(blue["stabilityStatus"], "STABILIZING");
  Tick(120);
  Json green = Call("CreateTaskSet", Json{{"cluster", "c"},
                                          {"service", "web"},
                                          {"taskDefinition", "app:1"},
                                          {"scale", {{"value", 50}, {"unit", "PERCENT"}}}})["taskSet"];
  EXPECT_EQ(green["computedDesiredCount"], 2);
  Tick(120);
  Json sets = Call("DescribeTaskSets", Json{{"cluster", "c"}, {"service", "web"}})["taskSets"];
  ASSERT_EQ(sets.size(), 2u);
  for (const auto& ts : sets) EXPECT_EQ(ts["stabilityStatus"], "STEADY_STATE") << ts.dump();
  Call("UpdateServicePrimaryTaskSet", Json{{"cluster", "c"}, {"service", "web"}, {"primaryTaskSet", green["id"]}});
  Call("UpdateTaskSet", Json{{"cluster", "c"},
                             {"service", "web"},
                             {"taskSet", blue["id"]},
                             {"scale", {{"value", 0}, {"unit", "PERCENT"}}}});
  Tick(30);
  Call("DeleteTaskSet", Json{{"cluster", "c"}, {"service", "web"}, {"taskSet", blue["id"]}});
  sets = Call("DescribeTaskSets", Json{{"cluster", "c"}, {"service", "web"}})["taskSets"];
  ASSERT_EQ(sets.size(), 1u);
  EXPECT_EQ(sets[0]["status"], "PRIMARY");
  Json s = Service();
  EXPECT_FALSE(s.contains("deployments"));
  EXPECT_EQ(s["runningCount"], 2);
}

TEST_F(EcsDynamicsTest, UnknownServiceIsReportedAsMissingFailure) {
  Call("CreateCluster", Json{{"clusterName", "c"}});
  Json out = Call("DescribeServices", Json{{"cluster", "c"}, {"services", {"nope"}}});
  EXPECT_TRUE(out["services"].empty());
  EXPECT_EQ(out["failures"][0]["reason"], "MISSING");
  EXPECT_EQ(out["failures"][0]["arn"], "arn:aws:ecs:us-east-1:123456789012:service/c/nope");
}

TEST_F(EcsDynamicsTest, TaskDefinitionKeepsEveryInputFieldAndAddsOutputOnlyFields) {
  Json in{{"family", "app"},
          {"containerDefinitions", {{{"name", "a"}, {"image", "i"}, {"futureField", {{"x", 1}}}}}},
          {"someNewTopLevelField", "kept"},
          {"tags", {{{"key", "team"}, {"value", "core"}}}}};
  Json td = Call("RegisterTaskDefinition", in)["taskDefinition"];
  EXPECT_EQ(td["someNewTopLevelField"], "kept");
  EXPECT_EQ(td["containerDefinitions"][0]["futureField"]["x"], 1);
  for (const char* k : {"taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities",
                        "registeredAt", "registeredBy"})
    EXPECT_TRUE(td.contains(k)) << k;
  EXPECT_FALSE(td.contains("tags"));
  Json described = Call("DescribeTaskDefinition", Json{{"taskDefinition", "app"}, {"include", {"TAGS"}}});
  EXPECT_EQ(described["tags"][0]["key"], "team");
}

TEST_F(EcsDynamicsTest, WrongMemberTypeIsASerializationException) {
  Call("CreateCluster", Json{{"clusterName", "c"}});
  try {
    Call("DescribeServices", Json{{"cluster", "c"}, {"services", "web"}});
    FAIL() << "expected an ApiError";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code, "SerializationException");
    EXPECT_EQ(e.http_status, 400);
  }
}

TEST_F(EcsDynamicsTest, AQuietClusterIsSkippedButStillExpiresStoppedTasksAndRepeatsSteadyState) {
  Register("app", "img");
  CreateService(2, 100, 200);
  Call("RunTask", Json{{"cluster", "c"}, {"taskDefinition", "app:1"}});
  Tick(60);
  for (const auto& [id, t] : cluster().tasks)
    if (t.service.empty()) Call("StopTask", Json{{"cluster", "c"}, {"task", t.id}});
  Tick(10);
  ASSERT_EQ(cluster().tasks.size(), 3u);
  EXPECT_GT(cluster().quiet_until, world_.now()) << "a steady cluster should be left alone";

  // Seven hours without any API call: the stopped task expires after one hour
  // and ECS repeats "has reached a steady state" after six.
  clock_.Advance(std::chrono::hours(7));
  world_.AdvanceToNow();
  EXPECT_EQ(cluster().tasks.size(), 2u);
  const sim::Service& svc = cluster().services.at("web");
  int steady_events = 0;
  for (const auto& e : svc.events) steady_events += e.message.find("has reached a steady state") != std::string::npos;
  EXPECT_EQ(steady_events, 2);
}

}  // namespace
}  // namespace berth::sim

namespace berth::sim {
namespace {

// AWS counts consecutive failures ("the number of consecutively failed
// tasks"): a task of the deployment turning healthy sets the count back to
// 0, so fail, fail, healthy, healthy, healthy, fail is one failure, not three,
// and a threshold of 3 is not reached. Image behaviours are per image, so the
// test flips single tasks by hand.
TEST_F(EcsDynamicsTest, CircuitBreakerFailuresAreCountedConsecutively) {
  Register("app", "img:1", /*health_check=*/true);
  CreateService(4, 100, 200, /*breaker=*/true);
  Tick(120);
  world_.SetImageBehaviour("img:bad", ImageBehaviour{ImageBehaviour::Kind::kFailHealthChecks});
  Register("app", "img:bad", /*health_check=*/true);
  Call("UpdateService", Json{{"cluster", "c"}, {"service", "web"}, {"taskDefinition", "app:2"}});
  std::string new_id = Service()["deployments"][0]["id"];
  // Makes `n` of the deployment's tasks not yet flipped healthy (before they run).
  std::set<std::string> seen;
  auto heal_new_tasks = [&](int n) {
    for (auto& [id, t] : cluster().tasks) {
      if (t.started_by != new_id || seen.count(id) > 0 || !t.active()) continue;
      seen.insert(id);
      if (n-- > 0) {
        t.fails_health_checks = false;
        t.health_check_detect_seconds = 10;
      }
    }
  };
  Tick(1);
  heal_new_tasks(2);  // of the 4 launched, 2 pass and 2 fail
  Tick(40);           // healthy at ~23 s (count 0), 2 failures at ~33 s
  EXPECT_EQ(Service()["deployments"][0]["failedTasks"], 2) << Service().dump();
  heal_new_tasks(1);  // of their 2 replacements, 1 passes, 1 fails
  Tick(40);
  Json dep = Service()["deployments"][0];
  EXPECT_EQ(dep["id"], new_id) << Service().dump();
  EXPECT_EQ(dep["rolloutState"], "IN_PROGRESS") << "3 failures in all, but not in a row: " << Service().dump();
  EXPECT_EQ(dep["failedTasks"], 1) << Service().dump();
}

}  // namespace
}  // namespace berth::sim
