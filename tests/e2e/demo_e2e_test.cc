// `berth demo`, the README's first Quick-start command, run as a user runs it.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/sim_env.h"

namespace berth::testing {
namespace {

TEST(DemoE2e, GoodDeployCompletesTheUnhealthyOneFailsAndTheServiceEndsOnTheGoodVersion) {
  ProcessResult r = RunBerth({"demo", "--output", "json"}, {{"PATH", "/usr/bin:/bin"}}, std::chrono::seconds(180));
  ASSERT_EQ(r.exit_code, 0) << r.all();
  auto results = ResultDocs(r.out);
  // deploy, deploy, wait, status, and the demo's own summary.
  ASSERT_EQ(results.size(), 5u) << r.out;
  EXPECT_EQ(results[0]["outcome"], "COMPLETED");
  EXPECT_EQ(results[1]["outcome"], "FAILED");
  EXPECT_TRUE(results[1]["follow"]["replaced"].get<bool>());
  EXPECT_NE(results[1]["follow"]["reason"].get<std::string>().find("circuit breaker"), std::string::npos)
      << results[1].dump();
  // ECS's rollback goes back to what the first deploy shipped.
  EXPECT_EQ(results[1]["follow"]["primaryTaskDefinition"], results[0]["taskDefinition"]);
  EXPECT_EQ(results[2]["outcome"], "COMPLETED");
  const auto& status = results[3];
  EXPECT_EQ(status["images"]["web"], "public.ecr.aws/berth/demo-web:1.1.0");
  EXPECT_EQ(status["runningCount"], status["desiredCount"]);
  EXPECT_EQ(status["taskDefinition"], results[0]["taskDefinition"]);
  EXPECT_TRUE(results[4]["asScripted"].get<bool>());
  ASSERT_EQ(results[4]["steps"].size(), 4u);
  EXPECT_EQ(results[4]["steps"][1]["exitCode"], 13);
}

}  // namespace
}  // namespace berth::testing
