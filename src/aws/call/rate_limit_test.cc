#include "aws/call/rate_limit.h"

#include <gtest/gtest.h>

#include <thread>

namespace berth::aws {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const ServiceInfo& Ecs() {
  return *FindService("ecs");
}
const ServiceInfo& Elbv2() {
  return *FindService("elbv2");
}

TEST(RateLimiterTest, UpdateServiceBurstsFiftyThenFivePerSecond) {
  ManualClock clock;
  RateLimiter limiter(clock);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(limiter.Acquire("us-east-1", Ecs(), "UpdateService").count(), 0) << i;
  // The 51st waits one refill interval (1/5 s), the next one more.
  EXPECT_EQ(limiter.Acquire("us-east-1", Ecs(), "UpdateService"), milliseconds(200));
  EXPECT_EQ(limiter.Acquire("us-east-1", Ecs(), "UpdateService"), milliseconds(200));
  EXPECT_EQ(clock.total_slept(), milliseconds(400));
}

TEST(RateLimiterTest, CategoriesAndRegionsHaveSeparateBuckets) {
  ManualClock clock;
  RateLimiter limiter(clock);
  for (int i = 0; i < 20; ++i) limiter.Acquire("us-east-1", Ecs(), "RegisterTaskDefinition");
  EXPECT_EQ(limiter.Acquire("us-east-1", Ecs(), "RegisterTaskDefinition"), seconds(1));
  EXPECT_EQ(limiter.Acquire("us-east-1", Ecs(), "DescribeServices").count(), 0);
  EXPECT_EQ(limiter.Acquire("eu-west-1", Ecs(), "RegisterTaskDefinition").count(), 0);
  // Task sets share the service-modify bucket (not published by AWS).
  EXPECT_EQ(BucketsFor(Ecs(), "CreateTaskSet")[0].category, "ecs:service-modify");
  EXPECT_EQ(BucketsFor(Ecs(), "DescribeTaskSets")[0].category, "ecs:service-read");
}

TEST(RateLimiterTest, BucketRefillsOverTimeUpToItsBurst) {
  ManualClock clock;
  RateLimiter limiter(clock);
  for (int i = 0; i < 20; ++i) limiter.Acquire("us-east-1", Ecs(), "RegisterTaskDefinition");
  clock.Advance(seconds(5));  // 5 tokens back at 1/s
  for (int i = 0; i < 5; ++i) EXPECT_EQ(limiter.Acquire("us-east-1", Ecs(), "RegisterTaskDefinition").count(), 0);
  EXPECT_GT(limiter.Acquire("us-east-1", Ecs(), "RegisterTaskDefinition").count(), 0);
  clock.Advance(seconds(3600));
  for (int i = 0; i < 20; ++i) EXPECT_EQ(limiter.Acquire("us-east-1", Ecs(), "RegisterTaskDefinition").count(), 0);
  EXPECT_GT(limiter.Acquire("us-east-1", Ecs(), "RegisterTaskDefinition").count(), 0);
}

TEST(RateLimiterTest, ElbCallsAlsoShareTheAccountBucket) {
  ManualClock clock;
  RateLimiter limiter(clock);
  auto specs = BucketsFor(Elbv2(), "ModifyRule");
  ASSERT_EQ(specs.size(), 2u);
  EXPECT_EQ(specs[0].category, "elbv2:account");
  EXPECT_EQ(specs[1].category, "elbv2:mutating");
  // 40 describes drain the account bucket (40/10), so a mutation waits too.
  for (int i = 0; i < 40; ++i) EXPECT_EQ(limiter.Acquire("us-east-1", Elbv2(), "DescribeTargetHealth").count(), 0);
  EXPECT_EQ(limiter.Acquire("us-east-1", Elbv2(), "ModifyRule"), milliseconds(100));
}

TEST(RateLimiterTest, ThrottlesHalveTheRateAndSuccessesRestoreIt) {
  ManualClock clock;
  RateLimiter limiter(clock);
  const BucketSpec spec = BucketsFor(Ecs(), "UpdateService")[0];
  limiter.Acquire("us-east-1", Ecs(), "UpdateService");
  limiter.OnThrottled("us-east-1", Ecs(), "UpdateService");
  EXPECT_DOUBLE_EQ(limiter.RefillRate("us-east-1", spec), 2.5);
  // The bucket is emptied: the next call waits at the reduced rate.
  EXPECT_EQ(limiter.Acquire("us-east-1", Ecs(), "UpdateService"), milliseconds(400));
  for (int i = 0; i < 10; ++i) limiter.OnThrottled("us-east-1", Ecs(), "UpdateService");
  EXPECT_DOUBLE_EQ(limiter.RefillRate("us-east-1", spec), 5.0 / 16);  // floor
  for (int i = 0; i < 100; ++i) limiter.OnSuccess("us-east-1", Ecs(), "UpdateService");
  EXPECT_DOUBLE_EQ(limiter.RefillRate("us-east-1", spec), 5.0);
}

TEST(RateLimiterTest, OtherServicesAreNotLimited) {
  ManualClock clock;
  RateLimiter limiter(clock);
  for (int i = 0; i < 1000; ++i) limiter.Acquire("us-east-1", *FindService("ecr"), "DescribeImages");
  EXPECT_EQ(clock.total_slept().count(), 0);
}

TEST(RateLimiterTest, ConcurrentAcquiresGetOneTokenEach) {
  ManualClock clock;
  RateLimiter limiter(clock);
  std::vector<std::thread> threads;
  std::atomic<int> waited{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        if (limiter.Acquire("us-east-1", Ecs(), "DescribeServices").count() > 0) ++waited;
      }
    });
  }
  for (auto& t : threads) t.join();
  // 200 calls against burst 100: the first 100 never wait (each sleep moves
  // the manual clock, so later callers may find refilled tokens).
  EXPECT_GE(waited.load(), 1);
  EXPECT_LE(waited.load(), 100);
  // Every token handed out was paid for: 200 - 100 burst at 20/s is at least 5 s.
  auto elapsed = clock.Steady() - std::chrono::steady_clock::time_point{};
  EXPECT_GE(elapsed, seconds(5) - milliseconds(1));
}

}  // namespace
}  // namespace berth::aws
