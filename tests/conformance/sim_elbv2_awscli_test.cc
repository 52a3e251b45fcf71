// Conformance with the real AWS CLI (pyenv's `aws`, botocore 1.43): its
// parsers must accept every ELBv2/ECR answer, and a plain HTTP client must
// list tags through /v2/ with the ECR password, following Link pagination.
// Skipped when `aws` or python3 is not on PATH (a failure under
// BERTH_REQUIRE_ORACLES=1, as in CI; support/oracles.h).
#include <cstdio>
#include <regex>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/oracles.h"
#include "support/sim_cli_fixture.h"

namespace berth::sim {
namespace {

class SimCliTest : public testing::SimAwsCliFixture {
 protected:
  void SetUp() override {
    SimAwsCliFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    if (testing::FindOnPath("python3").empty())
      BERTH_ORACLE_UNAVAILABLE(testing::Oracle::kPython, "no python3 on PATH");
  }
  Json Aws(const std::string& args) { return Ok(args); }
  void Advance(int seconds) {
    sim_->clock().Advance(std::chrono::seconds(seconds));
    auto lock = sim_->world().Lock();
    sim_->world().AdvanceToNow();
  }
  int64_t Now() {
    return std::chrono::duration_cast<std::chrono::seconds>(sim_->clock().Now().time_since_epoch()).count();
  }
  // Advances to the next multiple of `period` seconds (CloudWatch's period boundaries) and returns it.
  int64_t AdvanceToNextMinute(int period = 60) {
    Advance(static_cast<int>(period - Now() % period));
    return Now();
  }
  std::string TargetGroup(const std::string& name, const std::string& extra = "") {
    Json tg = Aws("elbv2 create-target-group --name " + name +
                  " --protocol HTTP --port 80 --vpc-id vpc-1 --target-type ip " + extra);
    return tg["TargetGroups"][0]["TargetGroupArn"];
  }
  // A load balancer whose listener's default action forwards to `groups` (ARN, weight).
  std::string LoadBalancer(const std::string& name, const std::vector<std::pair<std::string, int>>& groups) {
    Json lb = Aws("elbv2 create-load-balancer --name " + name + " --subnets subnet-a subnet-b");
    std::string arn = lb["LoadBalancers"][0]["LoadBalancerArn"];
    Json tgs = Json::array();
    for (const auto& [tg, weight] : groups) tgs.push_back(Json{{"TargetGroupArn", tg}, {"Weight", weight}});
    Json actions = Json::array({Json{{"Type", "forward"}, {"ForwardConfig", {{"TargetGroups", tgs}}}}});
    Aws("elbv2 create-listener --load-balancer-arn " + arn + " --protocol HTTP --port 80 --default-actions '" +
        actions.dump() + "'");
    return arn;
  }
  static std::string Dim(const std::string& arn) {
    auto tg = arn.find(":targetgroup/");
    if (tg != std::string::npos) return arn.substr(tg + 1);
    return arn.substr(arn.find(":loadbalancer/") + 14);
  }
  // One period [from, from + period) of `metric` with `stats`; the datapoint, or null when there is none.
  Json Stats(const std::string& metric, const std::string& lb, const std::string& tg, int64_t from, int period,
             const std::string& stats = "Sum") {
    std::string dims = "Name=LoadBalancer,Value=" + Dim(lb);
    if (!tg.empty()) dims += " Name=TargetGroup,Value=" + Dim(tg);
    Json out = Aws("cloudwatch get-metric-statistics --namespace AWS/ApplicationELB --metric-name " + metric +
                   " --dimensions " + dims + " --start-time " + std::to_string(from) + " --end-time " +
                   std::to_string(from + period) + " --period " + std::to_string(period) + " --statistics " + stats);
    if (!out.contains("Datapoints") || out["Datapoints"].empty()) return nullptr;
    return out["Datapoints"][0];
  }
  void RegisterTargets(const std::string& tg, int count, int first_octet) {
    std::string targets;
    for (int i = 0; i < count; ++i) targets += " Id=10.0." + std::to_string(first_octet) + "." + std::to_string(i + 1);
    Aws("elbv2 register-targets --target-group-arn " + tg + " --targets" + targets);
  }
};

// ALB docs (target-group-health-checks.html): "After your target is
// registered, it must pass one health check to be considered healthy." The
// healthy threshold (5 by default) is for an unhealthy target coming back.
TEST_F(SimCliTest, ANewTargetIsHealthyAfterOnePassingHealthCheckNotAfterTheHealthyThreshold) {
  std::string tg = TargetGroup("defaults");  // 30 s interval, healthy threshold 5
  LoadBalancer("lb-health", {{tg, 1}});
  Aws("elbv2 register-targets --target-group-arn " + tg + " --targets Id=10.0.7.1");
  Advance(29);
  Json h = Aws("elbv2 describe-target-health --target-group-arn " + tg)["TargetHealthDescriptions"][0]["TargetHealth"];
  EXPECT_EQ(h["State"], "initial") << h.dump();
  EXPECT_EQ(h["Reason"], "Elb.RegistrationInProgress") << h.dump();
  Advance(1);  // the first check, one interval after registration, passes
  h = Aws("elbv2 describe-target-health --target-group-arn " + tg)["TargetHealthDescriptions"][0]["TargetHealth"];
  EXPECT_EQ(h["State"], "healthy") << h.dump();
  EXPECT_FALSE(h.contains("Reason")) << h.dump();
}

// A weighted forward divides the listener's requests by weight: 90/10 with 4
// and 1 targets gives the canary 10% of them (not 1/37, as a per-target rate
// would). Count statistics as the ALB metrics page defines them: Sum is the
// total; "Minimum, Maximum, and Average all return 1"; SampleCount is the
// number of responses.
TEST_F(SimCliTest, AWeightedForwardSplitsTheListenersRequestsByWeightWhateverTheGroupSizes) {
  std::string blue = TargetGroup("split-blue", "--health-check-interval-seconds 10");
  std::string green = TargetGroup("split-green", "--health-check-interval-seconds 10");
  std::string lb = LoadBalancer("lb-split", {{blue, 90}, {green, 10}});
  RegisterTargets(blue, 4, 1);
  RegisterTargets(green, 1, 2);
  Advance(10);
  int64_t from = AdvanceToNextMinute(300);
  Advance(5 * 60);
  Json b = Stats("RequestCount", lb, blue, from, 300, "Sum SampleCount Average Minimum Maximum");
  Json g = Stats("RequestCount", lb, green, from, 300, "Sum SampleCount Average Minimum Maximum");
  ASSERT_FALSE(b.is_null());
  ASSERT_FALSE(g.is_null());
  double blue_sum = b["Sum"], green_sum = g["Sum"];
  EXPECT_DOUBLE_EQ(green_sum / (blue_sum + green_sum), 0.10) << b.dump() << g.dump();
  EXPECT_DOUBLE_EQ(blue_sum + green_sum, 20.0 * 300) << "the listener's fixed rate";
  EXPECT_DOUBLE_EQ(Stats("RequestCount", lb, "", from, 300)["Sum"].get<double>(), blue_sum + green_sum);
  EXPECT_DOUBLE_EQ(g["SampleCount"].get<double>(), green_sum) << g.dump();
  for (const char* stat : {"Average", "Minimum", "Maximum"}) EXPECT_DOUBLE_EQ(g[stat].get<double>(), 1.0) << stat;
  // RequestCountPerTarget is the group's requests over its targets.
  Json per =
      Aws("cloudwatch get-metric-statistics --namespace AWS/ApplicationELB --metric-name RequestCountPerTarget "
          "--dimensions Name=TargetGroup,Value=" +
          Dim(blue) + " --start-time " + std::to_string(from) + " --end-time " + std::to_string(from + 60) +
          " --period 60 --statistics Sum");
  ASSERT_FALSE(per["Datapoints"].empty()) << per.dump();
  EXPECT_DOUBLE_EQ(per["Datapoints"][0]["Sum"].get<double>(), 20.0 * 60 * 0.9 / 4);
}

// "If a target group contains only unhealthy registered targets, the load
// balancer routes requests to all those targets" (target-group-health-checks.html);
// a group with no target to route to at all gets 503s from the load balancer
// itself, counted in HTTPCode_ELB_5XX_Count by LoadBalancer only.
TEST_F(SimCliTest, AllUnhealthyTargetsStillGetTrafficAndAGroupWithoutTargetsGetsElb503s) {
  {
    auto lock = sim_->world().Lock();
    sim_->world().SetImageBehaviour("img:sick", ImageBehaviour{ImageBehaviour::Kind::kFailHealthChecks});
  }
  std::string sick = TargetGroup("sick", "--health-check-interval-seconds 10");
  std::string empty = TargetGroup("empty");
  std::string lb = LoadBalancer("lb-open", {{sick, 1}, {empty, 1}});
  Aws("ecs create-cluster --cluster-name c");
  Json td{
      {"family", "sick"},
      {"networkMode", "awsvpc"},
      {"containerDefinitions",
       {{{"name", "app"}, {"image", "img:sick"}, {"essential", true}, {"portMappings", {{{"containerPort", 80}}}}}}}};
  Aws("ecs register-task-definition --cli-input-json '" + td.dump() + "'");
  Json svc{{"cluster", "c"},
           {"serviceName", "sick"},
           {"taskDefinition", "sick"},
           {"desiredCount", 2},
           {"launchType", "FARGATE"},
           {"healthCheckGracePeriodSeconds", 3600},
           {"loadBalancers", {{{"targetGroupArn", sick}, {"containerName", "app"}, {"containerPort", 80}}}},
           {"networkConfiguration", {{"awsvpcConfiguration", {{"subnets", {"subnet-a"}}}}}}};
  Aws("ecs create-service --cli-input-json '" + svc.dump() + "'");
  Advance(60);  // running at 13 s, unhealthy after 2 failed checks 10 s apart
  Json health = Aws("elbv2 describe-target-health --target-group-arn " + sick);
  ASSERT_EQ(health["TargetHealthDescriptions"].size(), 2u) << health.dump();
  for (const auto& d : health["TargetHealthDescriptions"]) EXPECT_EQ(d["TargetHealth"]["State"], "unhealthy");
  int64_t from = AdvanceToNextMinute();
  Advance(60);
  Json requests = Stats("RequestCount", lb, sick, from, 60);
  ASSERT_FALSE(requests.is_null()) << "fail-open: the unhealthy targets are sent requests";
  EXPECT_DOUBLE_EQ(requests["Sum"].get<double>(), 600);
  EXPECT_DOUBLE_EQ(Stats("HTTPCode_Target_5XX_Count", lb, sick, from, 60)["Sum"].get<double>(), 600);
  Json elb = Stats("HTTPCode_ELB_5XX_Count", lb, "", from, 60, "Sum SampleCount Average");
  ASSERT_FALSE(elb.is_null());
  EXPECT_DOUBLE_EQ(elb["Sum"].get<double>(), 600) << "the empty group's half of the requests";
  EXPECT_DOUBLE_EQ(elb["Average"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(Stats("HTTPCode_ELB_503_Count", lb, "", from, 60)["Sum"].get<double>(), 600);
  EXPECT_TRUE(Stats("HTTPCode_ELB_5XX_Count", lb, empty, from, 60).is_null()) << "not published by target group";
  EXPECT_TRUE(Stats("HTTPCode_ELB_4XX_Count", lb, "", from, 60).is_null()) << "never generated, so never reported";
  EXPECT_DOUBLE_EQ(Stats("RequestCount", lb, "", from, 60)["Sum"].get<double>(), 600) << "503s are not RequestCount";
}

// RequestCount is "Always reported": a load balancer without traffic reports
// 0 each minute. Alarm reasons follow AWS's wording and carry StateReasonData.
TEST_F(SimCliTest, RequestCountReportsZeroAndAnAlarmExplainsItselfInAwsWords) {
  std::string empty = TargetGroup("nothing");
  std::string lb = LoadBalancer("lb-quiet", {{empty, 1}});
  Aws("cloudwatch put-metric-alarm --alarm-name elb-5xx --namespace AWS/ApplicationELB --metric-name "
      "HTTPCode_ELB_5XX_Count --dimensions Name=LoadBalancer,Value=" +
      Dim(lb) +
      " --statistic Sum --period 60 --evaluation-periods 1 --datapoints-to-alarm 1 --threshold 5 "
      "--comparison-operator GreaterThanOrEqualToThreshold");
  Aws("cloudwatch put-metric-alarm --alarm-name traffic --namespace AWS/ApplicationELB --metric-name RequestCount "
      "--dimensions Name=LoadBalancer,Value=" +
      Dim(lb) +
      " --statistic Sum --period 60 --evaluation-periods 2 --threshold 1 "
      "--comparison-operator GreaterThanOrEqualToThreshold");
  int64_t from = AdvanceToNextMinute();
  Advance(3 * 60);
  Json zero = Stats("RequestCount", lb, "", from, 60, "Sum SampleCount");
  ASSERT_FALSE(zero.is_null()) << "RequestCount is always reported";
  EXPECT_DOUBLE_EQ(zero["Sum"].get<double>(), 0);
  Json alarm = Aws("cloudwatch describe-alarms --alarm-names elb-5xx")["MetricAlarms"][0];
  EXPECT_EQ(alarm["StateValue"], "ALARM") << alarm.dump();
  std::string reason = alarm["StateReason"];
  EXPECT_TRUE(std::regex_match(reason, std::regex(R"(Threshold Crossed: 1 out of the last 1 datapoints \[1200\.0 )"
                                                  R"(\(\d\d/\d\d/\d\d \d\d:\d\d:00\)\] was greater than or equal to )"
                                                  R"(the threshold \(5\.0\) \(minimum 1 datapoint for OK -> ALARM )"
                                                  R"(transition\)\.)")))
      << reason;
  Json data = Json::parse(alarm["StateReasonData"].get<std::string>());
  EXPECT_EQ(data["version"], "1.0");
  EXPECT_EQ(data["statistic"], "Sum");
  EXPECT_EQ(data["period"], 60);
  EXPECT_EQ(data["recentDatapoints"], Json::array({1200.0}));
  EXPECT_EQ(data["threshold"], 5.0);
  // Without DatapointsToAlarm AWS words it shorter; quiet minutes are datapoints of 0.
  Json traffic = Aws("cloudwatch describe-alarms --alarm-names traffic")["MetricAlarms"][0];
  EXPECT_EQ(traffic["StateValue"], "OK") << traffic.dump();
  std::string ok = traffic["StateReason"];
  EXPECT_TRUE(
      std::regex_match(ok, std::regex(R"(Threshold Crossed: 2 datapoints \[0\.0 \(\d\d/\d\d/\d\d \d\d:\d\d:00\), )"
                                      R"(0\.0 \(\d\d/\d\d/\d\d \d\d:\d\d:00\)\] were not greater than or )"
                                      R"(equal to the threshold \(1\.0\)\.)")))
      << ok;
}

TEST_F(SimCliTest, AwsCliCreatesAWeightedRuleAndReadsTargetHealth) {
  Json tg = Aws("elbv2 create-target-group --name cli-tg --protocol HTTP --port 80 --vpc-id vpc-1 --target-type ip");
  std::string tg_arn = tg["TargetGroups"][0]["TargetGroupArn"];
  Json lbs = Aws("elbv2 describe-load-balancers --names demo-alb");
  std::string lb_arn = lbs["LoadBalancers"][0]["LoadBalancerArn"];
  Json listeners = Aws("elbv2 describe-listeners --load-balancer-arn " + lb_arn);
  std::string listener = listeners["Listeners"][0]["ListenerArn"];
  Json blue = Aws("elbv2 describe-target-groups --names web-blue");
  std::string blue_arn = blue["TargetGroups"][0]["TargetGroupArn"];
  std::string actions =
      Json::array(
          {Json{{"Type", "forward"},
                {"ForwardConfig",
                 {{"TargetGroups",
                   {{{"TargetGroupArn", blue_arn}, {"Weight", 90}}, {{"TargetGroupArn", tg_arn}, {"Weight", 10}}}}}}}})
          .dump();
  Json rule = Aws("elbv2 create-rule --listener-arn " + listener +
                  " --priority 7 --conditions Field=path-pattern,Values=/api/* --actions '" + actions + "'");
  ASSERT_TRUE(rule.contains("Rules")) << rule.dump();
  EXPECT_EQ(rule["Rules"][0]["Actions"][0]["ForwardConfig"]["TargetGroups"][1]["Weight"], 10);
  Aws("elbv2 register-targets --target-group-arn " + tg_arn + " --targets Id=10.0.1.1,Port=80");
  Json health = Aws("elbv2 describe-target-health --target-group-arn " + tg_arn);
  EXPECT_EQ(health["TargetHealthDescriptions"][0]["TargetHealth"]["State"], "initial");
  EXPECT_EQ(health["TargetHealthDescriptions"][0]["Target"]["Port"], 80);
}

TEST_F(SimCliTest, EcrLoginPasswordListsTagsThroughTheRegistryWithLinkPagination) {
  std::string script =
      "import base64,json,subprocess,sys,urllib.request\n"
      "ep,aws=sys.argv[1],sys.argv[2]\n"
      "pw=subprocess.check_output([aws,'--endpoint-url',ep,'ecr','get-login-password']).decode().strip()\n"
      "auth='Basic '+base64.b64encode(('AWS:'+pw).encode()).decode()\n"
      "url=ep+'/v2/web/tags/list?n=3'; tags=[]; pages=0\n"
      "while url:\n"
      "  r=urllib.request.urlopen(urllib.request.Request(url,headers={'Authorization':auth}))\n"
      "  tags+=json.load(r)['tags']; pages+=1\n"
      "  link=r.headers.get('Link')\n"
      "  url=ep+link[link.index('<')+1:link.index('>')] if link else None\n"
      "print(json.dumps({'tags':tags,'pages':pages}))\n";
  testing::CliResult r = Shell(
      "AWS_ACCESS_KEY_ID=AKIDSIMULATOR AWS_SECRET_ACCESS_KEY=berth-simulator-secret "
      "AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null python3 -c \"$(cat <<'PY'\n" +
      script + "PY\n)\" " + sim_->endpoint() + " " + aws_);
  ASSERT_EQ(r.rc, 0) << r.out;
  Json j = Json::parse(r.out);
  EXPECT_EQ(j["pages"], 2);
  EXPECT_EQ(j["tags"], Json({"1.0.0", "1.1.0", "1.2.0-rc.1", "2.0.0"}));
}

}  // namespace
}  // namespace berth::sim
