#include "deploy/watch/verdict.h"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "fixtures/ecs_services.h"

namespace berth::deploy {
namespace {

using std::chrono::seconds;

using testdata::Deployment;
using testdata::kNewTd;
using testdata::kOldTd;
using testdata::Service;

TEST(JudgeTest, CompletedAndAloneIsSuccess) {
  auto j =
      Judge(Service(Json::array({Deployment("ecs-svc/2", "PRIMARY", kNewTd, "COMPLETED", 2)})), "ecs-svc/2", kNewTd);
  ASSERT_TRUE(j.has_value());
  EXPECT_EQ(j->verdict, Verdict::kCompleted);
}

TEST(JudgeTest, CompletedWhileTheOldDeploymentStillDrainsIsNotYetDone) {
  auto j = Judge(Service(Json::array({Deployment("ecs-svc/2", "PRIMARY", kNewTd, "COMPLETED", 2),
                                      Deployment("ecs-svc/1", "ACTIVE", kOldTd, "COMPLETED", 1)})),
                 "ecs-svc/2", kNewTd);
  EXPECT_FALSE(j.has_value());
}

TEST(JudgeTest, InProgressIsUndecided) {
  EXPECT_FALSE(
      Judge(Service(Json::array({Deployment("ecs-svc/2", "PRIMARY", kNewTd, "IN_PROGRESS")})), "ecs-svc/2", kNewTd)
          .has_value());
}

TEST(JudgeTest, ACircuitBreakerRollbackIsAFailureNamingTheRevisionNowPrimary) {
  auto j = Judge(Service(Json::array({Deployment("ecs-svc/1r", "PRIMARY", kOldTd, "IN_PROGRESS"),
                                      Deployment("ecs-svc/2", "ACTIVE", kNewTd, "FAILED", 0,
                                                 "ECS deployment circuit breaker: tasks failed to start.")})),
                 "ecs-svc/2", kNewTd);
  ASSERT_TRUE(j.has_value());
  EXPECT_EQ(j->verdict, Verdict::kFailed);
  EXPECT_TRUE(j->replaced);
  EXPECT_NE(j->reason.find("circuit breaker"), std::string::npos) << j->reason;
  EXPECT_NE(j->reason.find("web:7"), std::string::npos) << j->reason;
}

TEST(JudgeTest, ADeploymentReplacedByAnotherIsAFailureEvenIfTheServiceIsStable) {
  // The flaw of tools that check "stable": ECS rolled back, the service is
  // steady on the old revision, and our deployment is simply gone.
  auto j =
      Judge(Service(Json::array({Deployment("ecs-svc/1r", "PRIMARY", kOldTd, "COMPLETED", 2)})), "ecs-svc/2", kNewTd);
  ASSERT_TRUE(j.has_value());
  EXPECT_EQ(j->verdict, Verdict::kFailed);
  EXPECT_TRUE(j->replaced);
}

TEST(JudgeTest, AFailedDeploymentECSAlreadyDroppedIsExplainedFromTheEvents) {
  Json events = Json::array(
      {{{"id", "e2"}, {"message", "(service web) rolling back to deployment ecs-svc/1."}},
       {{"id", "e1"}, {"message", "(service web) (deployment ecs-svc/2) deployment failed: tasks failed to start."}}});
  auto j = Judge(Service(Json::array({Deployment("ecs-svc/1r", "PRIMARY", kOldTd, "IN_PROGRESS")}), events),
                 "ecs-svc/2", kNewTd);
  ASSERT_TRUE(j.has_value());
  EXPECT_EQ(j->verdict, Verdict::kFailed);
  EXPECT_EQ(j->reason,
            "ECS deployment failed: tasks failed to start; the deployment circuit breaker rolled back: "
            "deployment ecs-svc/1r (web:7) is PRIMARY now");
}

TEST(JudgeTest, AnotherDeploymentTakingOverWhileOursRunsIsAFailure) {
  auto j = Judge(Service(Json::array({Deployment("ecs-svc/3", "PRIMARY", kOldTd, "IN_PROGRESS"),
                                      Deployment("ecs-svc/2", "ACTIVE", kNewTd, "IN_PROGRESS")})),
                 "ecs-svc/2", kNewTd);
  ASSERT_TRUE(j.has_value());
  EXPECT_EQ(j->verdict, Verdict::kFailed);
  EXPECT_NE(j->reason.find("replaced"), std::string::npos);
}

TEST(JudgeTest, ADeletedServiceIsAFailure) {
  auto j = Judge(Service(Json::array(), Json::array(), "web", "DRAINING"), "ecs-svc/2", kNewTd);
  ASSERT_TRUE(j.has_value());
  EXPECT_EQ(j->verdict, Verdict::kFailed);
  EXPECT_NE(j->reason.find("DRAINING"), std::string::npos);
}

TEST(JudgeTest, TheWrongTaskDefinitionIsAFailure) {
  auto j =
      Judge(Service(Json::array({Deployment("ecs-svc/2", "PRIMARY", kOldTd, "COMPLETED", 2)})), "ecs-svc/2", kNewTd);
  ASSERT_TRUE(j.has_value());
  EXPECT_EQ(j->verdict, Verdict::kFailed);
}

TEST(JudgeTest, WithoutRolloutStateSteadyStateCountsAsCompleted) {
  EXPECT_EQ(
      Judge(Service(Json::array({Deployment("ecs-svc/2", "PRIMARY", kNewTd, "", 2)})), "ecs-svc/2", kNewTd)->verdict,
      Verdict::kCompleted);
  EXPECT_FALSE(Judge(Service(Json::array({Deployment("ecs-svc/2", "PRIMARY", kNewTd, "", 1)})), "ecs-svc/2", kNewTd)
                   .has_value());
}

}  // namespace
// A deployment whose tasks never start: `failed` failed starts, none running.
aws::EcsService CrashLooping(int failed, bool breaker) {
  Json d = Deployment("ecs-svc/2", "PRIMARY", kNewTd, "IN_PROGRESS", 0);
  d["failedTasks"] = failed;
  Json j = Service(Json::array({d, Deployment("ecs-svc/1", "ACTIVE", kOldTd, "COMPLETED", 2)})).raw;
  j["deploymentConfiguration"] = {{"deploymentCircuitBreaker", {{"enable", breaker}, {"rollback", breaker}}}};
  return aws::ParseEcsService(j);
}

TEST(JudgeTest, WithoutABreakerACrashLoopFailsAtTheBreakersThreshold) {
  EXPECT_FALSE(Judge(CrashLooping(2, false), "ecs-svc/2", kNewTd).has_value()) << "2 of 3 is not yet a loop";
  auto j = Judge(CrashLooping(3, false), "ecs-svc/2", kNewTd);
  ASSERT_TRUE(j.has_value());
  EXPECT_EQ(j->verdict, Verdict::kFailed);
  EXPECT_NE(j->reason.find("crash loop: 3 tasks of web:8 failed to start"), std::string::npos) << j->reason;
  EXPECT_FALSE(j->replaced);
}

TEST(JudgeTest, WithABreakerECSDecidesTheCrashLoop) {
  EXPECT_FALSE(Judge(CrashLooping(10, true), "ecs-svc/2", kNewTd).has_value());
}

TEST(JudgeTest, FailedStartsWhileATaskRunsAreNoCrashLoop) {
  aws::EcsService s = CrashLooping(5, false);
  s.deployments[0].running_count = 1;
  EXPECT_FALSE(Judge(s, "ecs-svc/2", kNewTd).has_value());
}

TEST(JudgeTest, TheCrashLoopThresholdIsECSsBreakerThreshold) {
  EXPECT_EQ(CrashLoopThreshold(0), 3);
  EXPECT_EQ(CrashLoopThreshold(1), 3);
  EXPECT_EQ(CrashLoopThreshold(7), 4);
  EXPECT_EQ(CrashLoopThreshold(10), 5);
  EXPECT_EQ(CrashLoopThreshold(1000), 200);
}

}  // namespace berth::deploy
