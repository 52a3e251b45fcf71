#include "aws/auth/credentials_cache.h"

#include <atomic>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace berth::aws {
namespace {

using std::chrono::minutes;

class CachingCredentialsTest : public ::testing::Test {
 protected:
  // Credentials that expire `ttl` after the clock's current time.
  Credentials Expiring(Duration ttl, std::string id) {
    Credentials c;
    c.access_key_id = std::move(id);
    c.secret_access_key = "secret";
    c.expiration = clock_.Now() + ttl;
    c.source = "test";
    return c;
  }
  ManualClock clock_;
  std::atomic<int> fetches_{0};
};

TEST_F(CachingCredentialsTest, FetchesOnceAndServesFromCacheUntilTheAdvisoryWindow) {
  CachingCredentialsProvider p(
      [&]() -> Result<Credentials> { return Expiring(minutes(60), fmt::format("K{}", ++fetches_)); }, clock_);
  EXPECT_EQ(p.GetCredentials()->access_key_id, "K1");
  clock_.Advance(minutes(44));
  EXPECT_EQ(p.GetCredentials()->access_key_id, "K1");
  EXPECT_EQ(fetches_, 1);
  clock_.Advance(minutes(2));  // 14 minutes left: inside the advisory window
  EXPECT_EQ(p.GetCredentials()->access_key_id, "K2");
  EXPECT_EQ(fetches_, 2);
}

TEST_F(CachingCredentialsTest, AdvisoryRefreshFailureKeepsTheCurrentCredentials) {
  bool fail = false;
  CachingCredentialsProvider p(
      [&]() -> Result<Credentials> {
        if (fail) return CredentialsError("endpoint down");
        return Expiring(minutes(60), "K");
      },
      clock_);
  ASSERT_TRUE(p.GetCredentials().ok());
  fail = true;
  clock_.Advance(minutes(48));  // 12 minutes left
  auto r = p.GetCredentials();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->access_key_id, "K");
}

TEST_F(CachingCredentialsTest, MandatoryRefreshFailureIsReturned) {
  bool fail = false;
  CachingCredentialsProvider p(
      [&]() -> Result<Credentials> {
        if (fail) return CredentialsError("endpoint down");
        return Expiring(minutes(60), "K");
      },
      clock_);
  ASSERT_TRUE(p.GetCredentials().ok());
  fail = true;
  clock_.Advance(minutes(51));  // 9 minutes left
  auto r = p.GetCredentials();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "endpoint down");
}

TEST_F(CachingCredentialsTest, InvalidateMakesTheNextCallFetchAgain) {
  CachingCredentialsProvider p(
      [&]() -> Result<Credentials> {
        ++fetches_;
        return Expiring(std::chrono::hours(1), "AKIA" + std::to_string(fetches_.load()));
      },
      clock_);
  auto first = p.GetCredentials();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(p.GetCredentials()->access_key_id, first->access_key_id);
  p.Invalidate();
  auto second = p.GetCredentials();
  ASSERT_TRUE(second.ok());
  EXPECT_NE(second->access_key_id, first->access_key_id);
  EXPECT_EQ(fetches_, 2);
}

TEST_F(CachingCredentialsTest, CredentialsWithoutExpirationAreNeverRefreshed) {
  CachingCredentialsProvider p(
      [&]() -> Result<Credentials> {
        ++fetches_;
        return Credentials{"AKIA", "secret", "", std::nullopt, "test"};
      },
      clock_);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(p.GetCredentials().ok());
    clock_.Advance(std::chrono::hours(24));
  }
  EXPECT_EQ(fetches_, 1);
}

TEST_F(CachingCredentialsTest, StillExpiredAfterRefreshIsACredentialsError) {
  CachingCredentialsProvider p([&]() -> Result<Credentials> { return Expiring(-minutes(5), "OLD"); }, clock_);
  auto r = p.GetCredentials();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCredentials);
  EXPECT_NE(r.status().message().find("expired"), std::string::npos);
}

TEST_F(CachingCredentialsTest, PrimedCredentialsAreServedWithoutFetching) {
  CachingCredentialsProvider p(
      [&]() -> Result<Credentials> {
        ++fetches_;
        return Expiring(minutes(60), "NEW");
      },
      clock_);
  p.Prime(Expiring(minutes(60), "PRIMED"));
  EXPECT_EQ(p.GetCredentials()->access_key_id, "PRIMED");
  EXPECT_EQ(fetches_, 0);
}

TEST_F(CachingCredentialsTest, ConcurrentCallersShareOneRefresh) {
  CachingCredentialsProvider p(
      [&]() -> Result<Credentials> {
        ++fetches_;
        return Expiring(minutes(60), "K");
      },
      clock_);
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 100; ++j) ok += p.GetCredentials().ok() ? 1 : 0;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 800);
  EXPECT_EQ(fetches_, 1);
}

}  // namespace
}  // namespace berth::aws
