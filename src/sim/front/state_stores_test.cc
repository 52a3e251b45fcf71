// `berth sim --state FILE` keeps ELBv2 (load balancers, target groups with
// their targets, listeners, rules, tags), ECR (repositories, images) and the
// registry passwords ECR issued across a restart; `/_berth/reset` without
// reseed empties them.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <regex>

#include "core/temp_dir.h"
#include "sim/ecr/api.h"
#include "support/sim_fixture.h"

namespace berth::sim {
namespace {

class SimStateStoresTest : public testing::SimFixture {
 protected:
  void SetUp() override {
    ASSERT_TRUE(temp_.ok());
    state_file_ = (std::filesystem::path(temp_.path()) / "world.json").string();
  }

  void StartSimulator(const std::string& seed) {
    SimOptions o = Options();
    o.state_file = state_file_;
    o.seed = seed;
    o.listen = false;
    SimFixture::StartSimulator(o, Via::kInProcess);
  }
  void Restart() {
    StopSimulator();
    ASSERT_TRUE(std::filesystem::exists(state_file_));
    StartSimulator("demo");  // the state file wins over the seed
  }

  // The XML answer without its request id, so two answers compare equal.
  std::string Elb(const std::string& form) {
    http::Response r = CallQuery(form + "&Version=2015-12-01", "elasticloadbalancing");
    EXPECT_EQ(r.status, 200) << form << ": " << r.body;
    return std::regex_replace(r.body, std::regex("<RequestId>[^<]*</RequestId>"), "");
  }
  std::string ElbValue(const std::string& xml, const std::string& element) {
    std::smatch m;
    return std::regex_search(xml, m, std::regex("<" + element + ">([^<]*)</" + element + ">")) ? m[1].str() : "";
  }
  Json Ecr(const std::string& op, const Json& body) {
    http::Response r = CallJson(std::string(kEcrTargetPrefix) + "." + op, body.dump(), "ecr");
    EXPECT_EQ(r.status, 200) << op << ": " << r.body;
    return Json::parse(r.body, nullptr, false);
  }
  int RegistryStatus(const std::string& path, const std::string& token) {
    http::Request req;
    req.method = "GET";
    req.url = path;
    req.headers = {{"Authorization", "Basic " + token}};
    return Send(req).status;
  }
  http::Response Reset(bool reseed) {
    return Admin("POST", "/_berth/reset", reseed ? R"({"reseed": true})" : R"({"reseed": false})");
  }

  TempDir temp_{"berth-stores"};
  std::string state_file_;
};

TEST_F(SimStateStoresTest, LoadBalancersRulesTargetsAndImagesSurviveARestart) {
  StartSimulator("demo");
  std::string tgs = Elb("Action=DescribeTargetGroups");
  std::string blue = ElbValue(tgs, "TargetGroupArn");
  ASSERT_FALSE(blue.empty()) << tgs;
  std::string listeners = Elb("Action=DescribeListeners&LoadBalancerArn=" +
                              ElbValue(Elb("Action=DescribeLoadBalancers"), "LoadBalancerArn"));
  std::string listener = ElbValue(listeners, "ListenerArn");
  Elb("Action=CreateRule&ListenerArn=" + listener +
      "&Priority=10&Conditions.member.1.Field=path-pattern&Conditions.member.1.Values.member.1=%2Fapi%2F%2A"
      "&Actions.member.1.Type=forward&Actions.member.1.TargetGroupArn=" +
      blue);
  Elb("Action=RegisterTargets&TargetGroupArn=" + blue + "&Targets.member.1.Id=10.0.0.7&Targets.member.1.Port=8080");
  Elb("Action=AddTags&ResourceArns.member.1=" + blue + "&Tags.member.1.Key=team&Tags.member.1.Value=web");
  Ecr("CreateRepository", Json{{"repositoryName", "worker"}});
  Ecr("PutImage",
      Json{{"repositoryName", "worker"}, {"imageTag", "3.1.4"}, {"imageManifest", R"({"schemaVersion":2})"}});
  std::string token = Ecr("GetAuthorizationToken", Json::object())["authorizationData"][0]["authorizationToken"];
  // Past the health checks (10 s x 3): a restarted simulator may resume a few
  // simulated seconds later (the listener start-up sleeps on the base clock).
  sim_->clock().Advance(std::chrono::seconds(60));

  auto snapshot = [&] {
    std::vector<std::string> out = {Elb("Action=DescribeLoadBalancers"),
                                    Elb("Action=DescribeTargetGroups"),
                                    Elb("Action=DescribeListeners&ListenerArns.member.1=" + listener),
                                    Elb("Action=DescribeRules&ListenerArn=" + listener),
                                    Elb("Action=DescribeTargetHealth&TargetGroupArn=" + blue),
                                    Elb("Action=DescribeTags&ResourceArns.member.1=" + blue)};
    for (const char* repo : {"web", "api", "worker"})
      out.push_back(Ecr("DescribeImages", Json{{"repositoryName", repo}}).dump());
    out.push_back(Ecr("DescribeRepositories", Json::object()).dump());
    return out;
  };
  std::vector<std::string> before = snapshot();
  EXPECT_NE(before[3].find("/api/*"), std::string::npos) << before[3];
  EXPECT_NE(before[4].find("10.0.0.7"), std::string::npos) << before[4];
  EXPECT_NE(before[8].find("3.1.4"), std::string::npos) << before[8];

  Restart();
  std::vector<std::string> after = snapshot();
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < before.size(); ++i) EXPECT_EQ(after[i], before[i]) << "snapshot " << i;
  EXPECT_EQ(RegistryStatus("/v2/worker/tags/list", token), 200) << "the registry password is kept";
  EXPECT_EQ(RegistryStatus("/v2/worker/manifests/3.1.4", token), 200);
}

TEST_F(SimStateStoresTest, ResetWithoutReseedEmptiesElbv2AndEcr) {
  StartSimulator("demo");
  ASSERT_NE(Elb("Action=DescribeLoadBalancers").find("demo-alb"), std::string::npos);
  ASSERT_FALSE(Ecr("DescribeRepositories", Json::object())["repositories"].empty());
  ASSERT_EQ(Reset(false).status, 200);
  EXPECT_EQ(Elb("Action=DescribeLoadBalancers").find("demo-alb"), std::string::npos);
  EXPECT_EQ(Elb("Action=DescribeTargetGroups").find("TargetGroupArn"), std::string::npos);
  EXPECT_TRUE(Ecr("DescribeRepositories", Json::object())["repositories"].empty());

  ASSERT_EQ(Reset(true).status, 200);
  EXPECT_NE(Elb("Action=DescribeLoadBalancers").find("demo-alb"), std::string::npos);
}

TEST_F(SimStateStoresTest, CloudWatchAlarmsAndTheirStateSurviveARestartAndResetClearsThem) {
  StartSimulator("demo");
  auto cw = [&](const std::string& form) {
    http::Response r = CallQuery(form + "&Version=2010-08-01", "monitoring");
    EXPECT_EQ(r.status, 200) << form << ": " << r.body;
    return std::regex_replace(r.body, std::regex("<RequestId>[^<]*</RequestId>"), "");
  };
  cw("Action=PutMetricAlarm&AlarmName=web-errors&Namespace=Custom%2FWeb&MetricName=Errors&Statistic=Sum"
     "&Period=60&EvaluationPeriods=1&Threshold=1&ComparisonOperator=GreaterThanThreshold");
  cw("Action=SetAlarmState&AlarmName=web-errors&StateValue=ALARM&StateReason=test");
  std::string before = cw("Action=DescribeAlarms");
  ASSERT_EQ(ElbValue(before, "StateValue"), "ALARM") << before;
  Restart();
  EXPECT_EQ(cw("Action=DescribeAlarms"), before);

  ASSERT_EQ(Reset(true).status, 200);
  EXPECT_EQ(ElbValue(cw("Action=DescribeAlarms"), "AlarmName"), "");
}

TEST_F(SimStateStoresTest, StateDumpCarriesElbv2AndEcr) {
  StartSimulator("demo");
  Json doc = Json::parse(Admin("GET", "/_berth/state").body);
  EXPECT_EQ(doc["elbv2"]["regions"]["123456789012/us-east-1"]["load_balancers"][0]["name"], "demo-alb");
  EXPECT_TRUE(doc["ecr"]["regions"]["123456789012/us-east-1"].contains("web"));
}

}  // namespace
}  // namespace berth::sim
