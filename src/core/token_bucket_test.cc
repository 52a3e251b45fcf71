#include "core/token_bucket.h"

#include <gtest/gtest.h>

namespace berth {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const TokenBucket::TimePoint kStart{seconds(1000)};

TEST(TokenBucket, StartsFullAndRefusesOnceEmpty) {
  TokenBucket b(3, 1, kStart);
  EXPECT_TRUE(b.TryTake(kStart));
  EXPECT_TRUE(b.TryTake(kStart));
  EXPECT_TRUE(b.TryTake(kStart));
  EXPECT_FALSE(b.TryTake(kStart));
  EXPECT_DOUBLE_EQ(b.tokens(), 0);
}

TEST(TokenBucket, RefillsAtItsRateUpToTheBurst) {
  TokenBucket b(2, 4, kStart);
  EXPECT_TRUE(b.TryTake(kStart));
  EXPECT_TRUE(b.TryTake(kStart));
  EXPECT_FALSE(b.TryTake(kStart + milliseconds(200)));  // 0.8 of a token
  EXPECT_TRUE(b.TryTake(kStart + milliseconds(250)));   // 1.0
  EXPECT_TRUE(b.TryTake(kStart + seconds(3600)));       // capped at 2, not 14400
  EXPECT_TRUE(b.TryTake(kStart + seconds(3600)));
  EXPECT_FALSE(b.TryTake(kStart + seconds(3600)));
}

TEST(TokenBucket, ReservationsGoIntoDebtAndQueue) {
  TokenBucket b(1, 5, kStart);
  EXPECT_DOUBLE_EQ(b.Reserve(kStart), 0);
  EXPECT_DOUBLE_EQ(b.Reserve(kStart), 0.2);
  EXPECT_DOUBLE_EQ(b.Reserve(kStart), 0.4);  // waits behind the one before
  EXPECT_DOUBLE_EQ(b.tokens(), -2);
  EXPECT_DOUBLE_EQ(b.Reserve(kStart + milliseconds(400)), 0.2);  // the debt was repaid by then
}

TEST(TokenBucket, DrainKeepsDebtAndRateChangesApplyFromNowOn) {
  TokenBucket b(10, 2, kStart);
  b.Drain(kStart);
  EXPECT_DOUBLE_EQ(b.tokens(), 0);
  b.SetRate(1, kStart + seconds(2));  // 4 tokens earned at 2/s first
  EXPECT_DOUBLE_EQ(b.tokens(), 4);
  EXPECT_DOUBLE_EQ(b.rate(), 1);
  EXPECT_DOUBLE_EQ(b.Reserve(kStart + seconds(3)), 0);  // +1 at the new rate, then one taken
  EXPECT_DOUBLE_EQ(b.tokens(), 4);
  for (int i = 0; i < 6; ++i) b.Reserve(kStart + seconds(3));
  b.Drain(kStart + seconds(3));
  EXPECT_DOUBLE_EQ(b.tokens(), -2);
}

TEST(TokenBucket, TimeGoingBackwardsAddsNothing) {
  TokenBucket b(1, 1, kStart);
  EXPECT_TRUE(b.TryTake(kStart));
  EXPECT_FALSE(b.TryTake(kStart - seconds(10)));
  EXPECT_FALSE(b.TryTake(kStart + milliseconds(999)));
  EXPECT_TRUE(b.TryTake(kStart + seconds(2)));
}

}  // namespace
}  // namespace berth
