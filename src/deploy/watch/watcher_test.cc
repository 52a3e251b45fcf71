#include "deploy/watch/watcher.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <deque>
#include <set>

#include <gtest/gtest.h>

#include "fakes/fake_ecs.h"
#include "fixtures/ecs_services.h"

namespace berth::deploy {
namespace {

using std::chrono::seconds;

using testdata::Deployment;
using testdata::kNewTd;
using testdata::kOldTd;
using testdata::Service;

Json Event(const std::string& id, const std::string& message, int64_t at) {
  return Json{{"id", id}, {"message", message}, {"createdAt", at}};
}

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

struct WatcherFixture : ::testing::Test {
  aws::FakeEcsApi ecs;
  ManualClock clock;
  RecordingEventSink events;
  Script script;
  WatchOptions options;
  WatchTarget target;
  CancelToken cancel;
  void SetUp() override {
    target.cluster = "demo";
    target.service = "web";
    target.deployment_id = "ecs-svc/2";
    target.task_definition = kNewTd;
    target.timeout = seconds(60);
    options.poll_interval = seconds(5);
    script.Install(ecs);
  }
  // Follows `target` alone.
  FollowResult Run() {
    Watcher w(ecs, clock, events, &cancel, options, 42);
    w.Add(target);
    auto r = w.Run();
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->front() : FollowResult{};
  }
};

TEST_F(WatcherFixture, FollowsToCompletionReportingEachNewEventOnceOldestFirst) {
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
  FollowResult r = Run();
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.verdict, Verdict::kCompleted);
  EXPECT_EQ(r.polls, 3);
  auto seen = events.Of<EcsEventSeen>();
  ASSERT_EQ(seen.size(), 2u);  // the event before the deployment is history, not news
  EXPECT_NE(seen[0].message.find("has started 2 tasks"), std::string::npos);
  EXPECT_NE(seen[1].message.find("steady state"), std::string::npos);
  EXPECT_EQ(r.events.size(), 2u);
  auto counts = events.Of<CountsChanged>();
  ASSERT_EQ(counts.size(), 1u) << "the same counts twice are one event";
  EXPECT_EQ(counts[0].desired, 2);
  EXPECT_EQ(counts[0].running, 1);
  EXPECT_EQ(counts[0].pending, 1);
  EXPECT_EQ(counts[0].rollout_state, "IN_PROGRESS");
  auto verdicts = events.Of<VerdictReached>();
  ASSERT_EQ(verdicts.size(), 1u);
  EXPECT_EQ(verdicts[0].verdict, Verdict::kCompleted);
  EXPECT_EQ(verdicts[0].task_definition, kNewTd);
  ASSERT_EQ(events.Of<FollowStarted>().size(), 1u);
  // Two sleeps of 5 s with +-20% jitter.
  EXPECT_GE(clock.total_slept(), seconds(8));
  EXPECT_LE(clock.total_slept(), seconds(12));
}

TEST_F(WatcherFixture, TimesOutAtTheDeadlineExactly) {
  script.Add(Service(Json::array({Deployment("ecs-svc/2", "PRIMARY", kNewTd, "IN_PROGRESS")})));
  FollowResult r = Run();
  EXPECT_EQ(r.verdict, Verdict::kTimedOut);
  EXPECT_EQ(clock.total_slept(), seconds(60));
  EXPECT_NE(r.reason.find("1m"), std::string::npos) << r.reason;
}

TEST_F(WatcherFixture, BacksOffWhileThrottledAndRecovers) {
  script.AddError(Status(StatusCode::kThrottled, "Rate exceeded"));
  script.AddError(Status(StatusCode::kThrottled, "Rate exceeded"));
  script.Add(Service(Json::array({Deployment("ecs-svc/2", "PRIMARY", kNewTd, "COMPLETED", 2)})));
  FollowResult r = Run();
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.verdict, Verdict::kCompleted);
  EXPECT_EQ(r.throttled_polls, 2);
  // 10 s then 20 s (doubling), each within +-20%.
  EXPECT_GE(clock.total_slept(), seconds(24));
  EXPECT_LE(clock.total_slept(), seconds(36));
}

TEST_F(WatcherFixture, RidesOutNetworkErrorsAndServerErrorsUntilTheDeadline) {
  target.timeout = seconds(3600);
  script.AddError(NetworkError("connection reset"));
  Status unavailable(StatusCode::kAwsError, "Service Unavailable");
  unavailable.SetAwsDetail("ServiceUnavailableException", 503, "req-1");
  script.AddError(unavailable);
  script.AddError(unavailable);
  script.AddError(unavailable);
  script.Add(Service(Json::array({Deployment("ecs-svc/2", "PRIMARY", kNewTd, "COMPLETED", 2)})));
  FollowResult ok = Run();
  ASSERT_TRUE(ok.status.ok()) << ok.status.ToString();
  EXPECT_EQ(ok.verdict, Verdict::kCompleted);
  EXPECT_EQ(events.Of<Notice>().size(), 4u) << "each ridden-out error is a warning";

  // Endless trouble is bounded by the deadline, and the verdict says why.
  Script endless;
  endless.AddError(unavailable);
  endless.Install(ecs);
  FollowResult timed_out = Run();
  ASSERT_TRUE(timed_out.status.ok()) << timed_out.status.ToString();
  EXPECT_EQ(timed_out.verdict, Verdict::kTimedOut);
  EXPECT_NE(timed_out.reason.find("Service Unavailable"), std::string::npos) << timed_out.reason;
}

TEST_F(WatcherFixture, AnswersThatAreNotAwsEndTheFollowAfterAFewPolls) {
  options.max_transient_errors = 2;
  target.timeout = seconds(3600);
  script.AddError(BadResponse("HTTP 200 with an HTML page"));
  script.AddError(BadResponse("HTTP 200 with an HTML page"));
  script.Add(Service(Json::array({Deployment("ecs-svc/2", "PRIMARY", kNewTd, "COMPLETED", 2)})));
  FollowResult ok = Run();
  ASSERT_TRUE(ok.status.ok()) << ok.status.ToString();
  EXPECT_EQ(ok.verdict, Verdict::kCompleted);

  Script endless;
  endless.AddError(BadResponse("HTTP 200 with an HTML page"));
  endless.Install(ecs);
  FollowResult failed = Run();
  EXPECT_EQ(failed.status.code(), StatusCode::kBadResponse);
}

TEST_F(WatcherFixture, OtherErrorsEndTheFollowWithThatError) {
  script.AddError(CredentialsError("The security token included in the request is expired"));
  FollowResult r = Run();
  EXPECT_EQ(r.status.code(), StatusCode::kCredentials);
  EXPECT_NE(r.status.message().find("ecs-svc/2"), std::string::npos);
  EXPECT_TRUE(events.Of<VerdictReached>().empty()) << "an error is not a verdict";
}

TEST_F(WatcherFixture, ARollbackByTheCircuitBreakerIsReportedWithThePrimaryThatTookOver) {
  script.Add(Service(Json::array({Deployment("ecs-svc/2", "PRIMARY", kNewTd, "IN_PROGRESS")})));
  script.Add(Service(Json::array({Deployment("ecs-svc/9", "PRIMARY", kOldTd, "IN_PROGRESS"),
                                  Deployment("ecs-svc/2", "ACTIVE", kNewTd, "FAILED", 0, "tasks failed to start")})));
  FollowResult r = Run();
  EXPECT_EQ(r.verdict, Verdict::kFailed);
  EXPECT_TRUE(r.replaced);
  EXPECT_EQ(r.primary_deployment_id, "ecs-svc/9");
  EXPECT_EQ(r.primary_task_definition, kOldTd);
}

TEST_F(WatcherFixture, AServiceThatVanishesIsNotFound) {
  script.answers.push_back(aws::EcsBatch<aws::EcsService>{});
  FollowResult r = Run();
  EXPECT_EQ(r.status.code(), StatusCode::kNotFound);
  EXPECT_NE(r.status.message().find("gone"), std::string::npos) << r.status.message();
}

TEST_F(WatcherFixture, ACancelledTokenEndsTheWaitAtOnceAsInterrupted) {
  script.Add(Service(Json::array({Deployment("ecs-svc/2", "PRIMARY", kNewTd, "IN_PROGRESS")})));
  int calls = 0;
  ecs.describe_services = [&](const aws::DescribeServicesRequest&) -> Result<aws::EcsBatch<aws::EcsService>> {
    if (++calls == 3) cancel.Cancel(2);  // Ctrl-C while the third read is on its way
    return aws::EcsBatch<aws::EcsService>{
        {Service(Json::array({Deployment("ecs-svc/2", "PRIMARY", kNewTd, "IN_PROGRESS")}))}, {}};
  };
  target.timeout = seconds(3600);
  FollowResult r = Run();
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.verdict, Verdict::kInterrupted);
  EXPECT_EQ(calls, 3) << "no read after the cancellation";
  EXPECT_NE(r.reason.find("ECS goes on"), std::string::npos) << r.reason;
  ASSERT_EQ(events.Of<VerdictReached>().size(), 1u);
  EXPECT_EQ(events.Of<VerdictReached>()[0].verdict, Verdict::kInterrupted);
}

// Fifty services of one cluster, each with its own deployment: every poll
// reads them ten a call, and each is judged on its own snapshot.
TEST(WatcherManyTest, FiftyServicesOfOneClusterCostFiveCallsAPoll) {
  aws::FakeEcsApi ecs;
  ManualClock clock;
  RecordingEventSink events;
  int polls_until_done = 3;
  std::map<std::string, int> reads;  // per service
  std::vector<size_t> batch_sizes;
  ecs.describe_services = [&](const aws::DescribeServicesRequest& r) -> Result<aws::EcsBatch<aws::EcsService>> {
    batch_sizes.push_back(r.services.size());
    aws::EcsBatch<aws::EcsService> out;
    for (const std::string& name : r.services) {
      int n = ++reads[name];
      // svc-7 fails on its second read; the others complete on their third.
      std::string rollout = name == "svc-7" && n >= 2 ? "FAILED" : n >= polls_until_done ? "COMPLETED" : "IN_PROGRESS";
      out.items.push_back(
          Service(Json::array({Deployment("ecs-svc/" + name, "PRIMARY", kNewTd, rollout, 2)}), Json::array(), name));
    }
    return out;
  };
  Watcher w(ecs, clock, events, nullptr, WatchOptions{}, 7);
  for (int i = 0; i < 50; ++i) {
    std::string name = "svc-" + std::to_string(i);
    w.Add(WatchTarget{"demo", name, "ecs-svc/" + name, kNewTd, seconds(600), nullptr, {}});
  }
  auto results = w.Run();
  ASSERT_TRUE(results.ok()) << results.status().ToString();
  ASSERT_EQ(results->size(), 50u);
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ((*results)[i].verdict, i == 7 ? Verdict::kFailed : Verdict::kCompleted) << i;
    EXPECT_EQ((*results)[i].deployment_id, "ecs-svc/svc-" + std::to_string(i));
  }
  EXPECT_EQ(w.rounds(), 3);
  // 5 + 5 calls for the first two polls; the third reads the 49 left in 5 calls.
  EXPECT_EQ(w.describe_calls(), 15);
  for (size_t n : batch_sizes) EXPECT_LE(n, 10u);
  EXPECT_EQ(events.Of<VerdictReached>().size(), 50u);
}

TEST(WatcherManyTest, ServicesPerCallIsClampedToWhatTheApiTakes) {
  for (auto [asked, calls] : {std::pair<size_t, int>{1, 25}, {0, 25}, {5, 5}, {99, 3}}) {
    aws::FakeEcsApi ecs;
    ManualClock clock;
    NullEventSink events;
    std::vector<size_t> batch_sizes;
    ecs.describe_services = [&](const aws::DescribeServicesRequest& r) -> Result<aws::EcsBatch<aws::EcsService>> {
      batch_sizes.push_back(r.services.size());
      aws::EcsBatch<aws::EcsService> out;
      for (const std::string& name : r.services) {
        out.items.push_back(
            Service(Json::array({Deployment("ecs-svc/1", "PRIMARY", kNewTd, "COMPLETED", 2)}), Json::array(), name));
      }
      return out;
    };
    WatchOptions options;
    options.services_per_call = asked;
    Watcher w(ecs, clock, events, nullptr, options, 7);
    for (int i = 0; i < 25; ++i)
      w.Add(WatchTarget{"demo", "svc-" + std::to_string(i), "ecs-svc/1", kNewTd, seconds(60), nullptr, {}});
    ASSERT_TRUE(w.Run().ok());
    EXPECT_EQ(w.describe_calls(), calls) << "services_per_call " << asked;
    for (size_t n : batch_sizes) EXPECT_LE(n, std::clamp<size_t>(asked, 1, 10)) << "services_per_call " << asked;
  }
}

TEST(WatcherManyTest, ServicesOfDifferentClustersAreReadPerCluster) {
  aws::FakeEcsApi ecs;
  ManualClock clock;
  NullEventSink events;
  std::multiset<std::string> clusters;
  ecs.describe_services = [&](const aws::DescribeServicesRequest& r) -> Result<aws::EcsBatch<aws::EcsService>> {
    clusters.insert(r.cluster);
    aws::EcsBatch<aws::EcsService> out;
    for (const std::string& name : r.services) {
      out.items.push_back(
          Service(Json::array({Deployment("ecs-svc/1", "PRIMARY", kNewTd, "COMPLETED", 2)}), Json::array(), name));
    }
    return out;
  };
  Watcher w(ecs, clock, events, nullptr, WatchOptions{}, 7);
  w.Add(WatchTarget{"dev", "web", "ecs-svc/1", kNewTd, seconds(60), nullptr, {}});
  w.Add(WatchTarget{"prod", "web", "ecs-svc/1", kNewTd, seconds(60), nullptr, {}});
  w.Add(WatchTarget{"prod", "api", "ecs-svc/1", kNewTd, seconds(60), nullptr, {}});
  auto results = w.Run();
  ASSERT_TRUE(results.ok());
  EXPECT_EQ(clusters, (std::multiset<std::string>{"dev", "prod"}));
  EXPECT_EQ(w.describe_calls(), 2);
}

TEST(WatcherManyTest, EachTargetHasItsOwnDeadline) {
  aws::FakeEcsApi ecs;
  ManualClock clock;
  NullEventSink events;
  ecs.describe_services = [&](const aws::DescribeServicesRequest& r) -> Result<aws::EcsBatch<aws::EcsService>> {
    aws::EcsBatch<aws::EcsService> out;
    for (const std::string& name : r.services) {
      out.items.push_back(
          Service(Json::array({Deployment("ecs-svc/1", "PRIMARY", kNewTd, "IN_PROGRESS")}), Json::array(), name));
    }
    return out;
  };
  Watcher w(ecs, clock, events, nullptr, WatchOptions{}, 7);
  w.Add(WatchTarget{"demo", "short", "ecs-svc/1", kNewTd, seconds(30), nullptr, {}});
  w.Add(WatchTarget{"demo", "long", "ecs-svc/1", kNewTd, seconds(90), nullptr, {}});
  auto results = w.Run();
  ASSERT_TRUE(results.ok());
  EXPECT_EQ((*results)[0].verdict, Verdict::kTimedOut);
  EXPECT_EQ((*results)[1].verdict, Verdict::kTimedOut);
  EXPECT_LT((*results)[0].polls, (*results)[1].polls);
  EXPECT_EQ(clock.total_slept(), seconds(90));
}

TEST(WatcherManyTest, ATargetWithoutADeploymentIdIsRefused) {
  aws::FakeEcsApi ecs;
  ManualClock clock;
  NullEventSink events;
  Watcher w(ecs, clock, events, nullptr);
  w.Add(WatchTarget{"demo", "web", "", "", seconds(30), nullptr, {}});
  EXPECT_EQ(w.Run().status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(ecs.calls.empty());
}

}  // namespace
}  // namespace berth::deploy
