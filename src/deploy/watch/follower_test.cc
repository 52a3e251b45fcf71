#include "deploy/watch/follower.h"

#include <nlohmann/json.hpp>

#include <deque>

#include <gtest/gtest.h>

#include "fakes/fake_ecs.h"

namespace berth::deploy {
namespace {

using std::chrono::seconds;

constexpr const char* kNewTd = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:8";
constexpr const char* kOldTd = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7";

Json Deployment(const std::string& id, const std::string& status, const std::string& td, const std::string& rollout,
                int running = 1, const std::string& reason = "") {
  Json d{{"id", id},          {"status", status},        {"taskDefinition", td},
         {"desiredCount", 2}, {"runningCount", running}, {"pendingCount", 2 - running},
         {"failedTasks", 0}};
  if (!rollout.empty()) d["rolloutState"] = rollout;
  if (!reason.empty()) d["rolloutStateReason"] = reason;
  return d;
}

aws::EcsService Service(Json deployments, Json events = Json::array(), std::string status = "ACTIVE") {
  return aws::ParseEcsService(Json{{"serviceName", "web"},
                                   {"serviceArn", "arn:aws:ecs:us-east-1:123456789012:service/demo/web"},
                                   {"status", status},
                                   {"deployments", std::move(deployments)},
                                   {"events", std::move(events)}});
}

TEST(FollowerJudge, CompletedAndAloneIsSuccess) {
  auto j =
      Judge(Service(Json::array({Deployment("ecs-svc/2", "PRIMARY", kNewTd, "COMPLETED", 2)})), "ecs-svc/2", kNewTd);
  ASSERT_TRUE(j.has_value());
  EXPECT_EQ(j->verdict, Verdict::kCompleted);
}

TEST(FollowerJudge, CompletedWhileTheOldDeploymentStillDrainsIsNotYetDone) {
  auto j = Judge(Service(Json::array({Deployment("ecs-svc/2", "PRIMARY", kNewTd, "COMPLETED", 2),
                                      Deployment("ecs-svc/1", "ACTIVE", kOldTd, "COMPLETED", 1)})),
                 "ecs-svc/2", kNewTd);
  EXPECT_FALSE(j.has_value());
}

TEST(FollowerJudge, InProgressIsUndecided) {
  EXPECT_FALSE(
      Judge(Service(Json::array({Deployment("ecs-svc/2", "PRIMARY", kNewTd, "IN_PROGRESS")})), "ecs-svc/2", kNewTd)
          .has_value());
}

TEST(FollowerJudge, ACircuitBreakerRollbackIsAFailureNamingTheRevisionNowPrimary) {
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

TEST(FollowerJudge, ADeploymentReplacedByAnotherIsAFailureEvenIfTheServiceIsStable) {
  // The flaw of tools that check "stable": ECS rolled back, the service is
  // steady on the old revision, and our deployment is simply gone.
  auto j =
      Judge(Service(Json::array({Deployment("ecs-svc/1r", "PRIMARY", kOldTd, "COMPLETED", 2)})), "ecs-svc/2", kNewTd);
  ASSERT_TRUE(j.has_value());
  EXPECT_EQ(j->verdict, Verdict::kFailed);
  EXPECT_TRUE(j->replaced);
}

TEST(FollowerJudge, AFailedDeploymentECSAlreadyDroppedIsExplainedFromTheEvents) {
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

TEST(FollowerJudge, AnotherDeploymentTakingOverWhileOursRunsIsAFailure) {
  auto j = Judge(Service(Json::array({Deployment("ecs-svc/3", "PRIMARY", kOldTd, "IN_PROGRESS"),
                                      Deployment("ecs-svc/2", "ACTIVE", kNewTd, "IN_PROGRESS")})),
                 "ecs-svc/2", kNewTd);
  ASSERT_TRUE(j.has_value());
  EXPECT_EQ(j->verdict, Verdict::kFailed);
  EXPECT_NE(j->reason.find("replaced"), std::string::npos);
}

TEST(FollowerJudge, ADeletedServiceIsAFailure) {
  auto j = Judge(Service(Json::array(), Json::array(), "DRAINING"), "ecs-svc/2", kNewTd);
  ASSERT_TRUE(j.has_value());
  EXPECT_EQ(j->verdict, Verdict::kFailed);
  EXPECT_NE(j->reason.find("DRAINING"), std::string::npos);
}

TEST(FollowerJudge, TheWrongTaskDefinitionIsAFailure) {
  auto j =
      Judge(Service(Json::array({Deployment("ecs-svc/2", "PRIMARY", kOldTd, "COMPLETED", 2)})), "ecs-svc/2", kNewTd);
  ASSERT_TRUE(j.has_value());
  EXPECT_EQ(j->verdict, Verdict::kFailed);
}

TEST(FollowerJudge, WithoutRolloutStateSteadyStateCountsAsCompleted) {
  EXPECT_EQ(
      Judge(Service(Json::array({Deployment("ecs-svc/2", "PRIMARY", kNewTd, "", 2)})), "ecs-svc/2", kNewTd)->verdict,
      Verdict::kCompleted);
  EXPECT_FALSE(Judge(Service(Json::array({Deployment("ecs-svc/2", "PRIMARY", kNewTd, "", 1)})), "ecs-svc/2", kNewTd)
                   .has_value());
}

class RecordingReporter : public Reporter {
 public:
  void Progress(std::string_view t) override { progress.emplace_back(t); }
  void Info(std::string_view t) override { info.emplace_back(t); }
  void Warn(std::string_view t) override { warn.emplace_back(t); }
  void Error(const Status& s) override { warn.push_back(s.message()); }
  void Result(const Json&, std::string_view) override {}
  std::vector<std::string> progress, info, warn;
};

// Answers DescribeServices from a script; the last answer repeats.
struct Script {
  std::deque<Result<aws::EcsBatch<aws::EcsService>>> answers;
  void Add(aws::EcsService s) { answers.push_back(aws::EcsBatch<aws::EcsService>{{std::move(s)}, {}}); }
  void AddError(Status s) { answers.push_back(std::move(s)); }
  void Install(aws::FakeEcsApi& ecs) {
    ecs.describe_services = [this](const aws::DescribeServicesRequest&) {
      auto a = answers.front();
      if (answers.size() > 1) answers.pop_front();
      return a;
    };
  }
};

struct FollowerFixture : ::testing::Test {
  aws::FakeEcsApi ecs;
  ManualClock clock;
  RecordingReporter reporter;
  Script script;
  FollowOptions options;
  void SetUp() override {
    options.cluster = "demo";
    options.service = "web";
    options.deployment_id = "ecs-svc/2";
    options.task_definition = kNewTd;
    options.poll_interval = seconds(5);
    options.timeout = seconds(60);
    script.Install(ecs);
  }
  Result<FollowResult> Run() { return Follower(ecs, clock, reporter, 42).Follow(options); }
};

Json Event(const std::string& id, const std::string& message, int64_t at) {
  return Json{{"id", id}, {"message", message}, {"createdAt", at}};
}

TEST_F(FollowerFixture, FollowsToCompletionPrintingEachNewEventOnceOldestFirst) {
  Json d_created = Deployment("ecs-svc/2", "PRIMARY", kNewTd, "IN_PROGRESS");
  d_created["createdAt"] = 1700000100;
  Json before{Event("e0", "(service web) has reached a steady state.", 1700000000)};
  Json e1 = Event("e1", "(service web) has started 2 tasks: (task a) (task b).", 1700000110);
  Json e2 = Event("e2", "(service web) has reached a steady state.", 1700000200);
  script.Add(Service(Json::array({d_created, Deployment("ecs-svc/1", "ACTIVE", kOldTd, "COMPLETED", 2)}), before));
  script.Add(Service(Json::array({d_created, Deployment("ecs-svc/1", "ACTIVE", kOldTd, "COMPLETED", 2)}),
                     Json::array({e1, before[0]})));
  Json done = Deployment("ecs-svc/2", "PRIMARY", kNewTd, "COMPLETED", 2);
  script.Add(Service(Json::array({done}), Json::array({e2, e1, before[0]})));
  auto r = Run();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->verdict, Verdict::kCompleted);
  EXPECT_EQ(r->polls, 3);
  ASSERT_EQ(reporter.info.size(), 2u);  // the event before the deployment is history, not news
  EXPECT_NE(reporter.info[0].find("has started 2 tasks"), std::string::npos);
  EXPECT_NE(reporter.info[1].find("steady state"), std::string::npos);
  EXPECT_EQ(r->events.size(), 2u);
  EXPECT_FALSE(reporter.progress.empty());
  EXPECT_NE(reporter.progress[0].find("2 desired, 1 running, 1 pending"), std::string::npos) << reporter.progress[0];
  // Two sleeps of 5 s with +-20% jitter.
  EXPECT_GE(clock.total_slept(), seconds(8));
  EXPECT_LE(clock.total_slept(), seconds(12));
}

TEST_F(FollowerFixture, TimesOutAtTheDeadlineExactly) {
  script.Add(Service(Json::array({Deployment("ecs-svc/2", "PRIMARY", kNewTd, "IN_PROGRESS")})));
  auto r = Run();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->verdict, Verdict::kTimedOut);
  EXPECT_EQ(clock.total_slept(), seconds(60));
  EXPECT_NE(r->reason.find("1m"), std::string::npos) << r->reason;
}

TEST_F(FollowerFixture, BacksOffWhileThrottledAndRecovers) {
  script.AddError(Status(StatusCode::kThrottled, "Rate exceeded"));
  script.AddError(Status(StatusCode::kThrottled, "Rate exceeded"));
  script.Add(Service(Json::array({Deployment("ecs-svc/2", "PRIMARY", kNewTd, "COMPLETED", 2)})));
  auto r = Run();
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->verdict, Verdict::kCompleted);
  EXPECT_EQ(r->throttled_polls, 2);
  // 10 s then 20 s (doubling), each within +-20%.
  EXPECT_GE(clock.total_slept(), seconds(24));
  EXPECT_LE(clock.total_slept(), seconds(36));
}

TEST_F(FollowerFixture, RidesOutAFewNetworkErrorsButNotEndlessOnes) {
  options.max_transient_errors = 2;
  options.timeout = seconds(3600);
  script.AddError(NetworkError("connection reset"));
  script.AddError(NetworkError("connection reset"));
  script.Add(Service(Json::array({Deployment("ecs-svc/2", "PRIMARY", kNewTd, "COMPLETED", 2)})));
  auto ok = Run();
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->verdict, Verdict::kCompleted);

  Script endless;
  endless.AddError(NetworkError("connection refused"));
  endless.Install(ecs);
  auto failed = Follower(ecs, clock, reporter, 1).Follow(options);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kNetwork);
}

TEST_F(FollowerFixture, OtherErrorsEndTheFollowWithThatError) {
  script.AddError(CredentialsError("The security token included in the request is expired"));
  auto r = Run();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCredentials);
  EXPECT_NE(r.status().message().find("ecs-svc/2"), std::string::npos);
}

TEST_F(FollowerFixture, ARollbackByTheCircuitBreakerIsReportedWithThePrimaryThatTookOver) {
  script.Add(Service(Json::array({Deployment("ecs-svc/2", "PRIMARY", kNewTd, "IN_PROGRESS")})));
  script.Add(Service(Json::array({Deployment("ecs-svc/9", "PRIMARY", kOldTd, "IN_PROGRESS"),
                                  Deployment("ecs-svc/2", "ACTIVE", kNewTd, "FAILED", 0, "tasks failed to start")})));
  auto r = Run();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->verdict, Verdict::kFailed);
  EXPECT_TRUE(r->replaced);
  EXPECT_EQ(r->primary_deployment_id, "ecs-svc/9");
  EXPECT_EQ(r->primary_task_definition, kOldTd);
}

TEST_F(FollowerFixture, AServiceThatVanishesIsNotFound) {
  script.answers.push_back(aws::EcsBatch<aws::EcsService>{});
  auto r = Run();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace berth::deploy
