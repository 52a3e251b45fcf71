// `berth api` against the simulator, both ways (in-process and the real
// binary over HTTP): query-protocol answers come out typed by botocore's
// output shapes (docs/aws.md, "Query-protocol responses"), so an empty list
// is [] and never "", a port a number, a flag true/false. The same against
// moto, and compared with boto3's own parsing: tests/conformance/query_shapes_boto3_test.cc.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/sim_env.h"

namespace berth::testing {
namespace {

using nlohmann::json;

class ApiE2e : public ::testing::TestWithParam<Via> {};
INSTANTIATE_TEST_SUITE_P(Via, ApiE2e, ::testing::Values(Via::kInProcess, Via::kSubprocess), ViaName);

TEST_P(ApiE2e, EmptyQueryProtocolListsAreEmptyArrays) {
  SimEnv env(300, "empty", GetParam());
  json groups = env.Api("elbv2", "DescribeTargetGroups", json::object());
  ASSERT_TRUE(groups.contains("TargetGroups")) << groups.dump();
  EXPECT_EQ(groups["TargetGroups"], json::array()) << groups.dump();
  json lbs = env.Api("elbv2", "DescribeLoadBalancers", json::object());
  EXPECT_EQ(lbs["LoadBalancers"], json::array()) << lbs.dump();
  json alarms = env.Api("cloudwatch", "DescribeAlarms", json::object());
  EXPECT_EQ(alarms["MetricAlarms"], json::array()) << alarms.dump();

  // The text output is the same document, pretty-printed.
  ProcessResult text = env.Berth({"api", "elbv2", "DescribeTargetGroups"});
  EXPECT_EQ(text.exit_code, 0) << text.all();
  EXPECT_NE(text.out.find("\"TargetGroups\": []"), std::string::npos) << text.out;
}

TEST_P(ApiE2e, QueryProtocolNumbersBooleansAndListsHaveTheirTypes) {
  SimEnv env(300, "demo", GetParam());
  json groups = env.Api("elbv2", "DescribeTargetGroups", json::object());
  ASSERT_TRUE(groups["TargetGroups"].is_array()) << groups.dump();
  ASSERT_FALSE(groups["TargetGroups"].empty()) << groups.dump();
  for (const json& tg : groups["TargetGroups"]) {
    EXPECT_TRUE(tg["Port"].is_number_integer()) << tg.dump();
    EXPECT_TRUE(tg["HealthCheckIntervalSeconds"].is_number_integer()) << tg.dump();
    EXPECT_TRUE(tg["LoadBalancerArns"].is_array()) << tg.dump();
    if (tg.contains("HealthCheckEnabled")) {
      EXPECT_TRUE(tg["HealthCheckEnabled"].is_boolean()) << tg.dump();
    }
  }
  json identity = env.Api("sts", "GetCallerIdentity", json::object());
  EXPECT_TRUE(identity["Account"].is_string()) << identity.dump();  // digits, but a string shape
}

}  // namespace
}  // namespace berth::testing
