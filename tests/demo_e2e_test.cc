// `berth demo`, the README's first Quick-start command, run as a user runs it.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/berth_process.h"

namespace berth::testing {
namespace {

TEST(DemoE2e, GoodDeployCompletesAndUnhealthyImageIsReportedAsRolledBack) {
  ProcessResult r = RunBerth({"demo", "--output", "json"}, {{"PATH", "/usr/bin:/bin"}}, std::chrono::seconds(180));
  ASSERT_EQ(r.exit_code, 0) << r.all();
  // The last stdout line is the result document.
  std::string last = r.out.substr(r.out.rfind('\n', r.out.size() - 2) + 1);
  auto doc = nlohmann::json::parse(last, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << last;
  ASSERT_EQ(doc["type"], "result");
  const auto& result = doc["result"];
  EXPECT_TRUE(result["asScripted"].get<bool>());
  ASSERT_EQ(result["steps"].size(), 2u);
  EXPECT_EQ(result["steps"][0]["outcome"], "COMPLETED");
  EXPECT_EQ(result["steps"][1]["outcome"], "FAILED");
  EXPECT_NE(result["steps"][1]["reason"].get<std::string>().find("rolled back"), std::string::npos);
  // The service ends healthy on the good version, not on the image that failed.
  EXPECT_EQ(result["service"]["image"], "public.ecr.aws/berth/demo-web:1.1.0");
  EXPECT_EQ(result["service"]["runningCount"], result["service"]["desiredCount"]);
}

}  // namespace
}  // namespace berth::testing
