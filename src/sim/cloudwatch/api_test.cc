// The simulated CloudWatch: AWS/ApplicationELB metrics computed from the
// traffic ELBv2 target groups would see (elbv2_traffic.h), over the query
// protocol, the JSON 1.0 protocol, and boto3 (both botocore generations).
#include "sim/cloudwatch/api.h"

#include <fmt/format.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>
#include <regex>

#include "core/timestamp.h"
#include "http/transport.h"
#include "http/url.h"
#include "sim/wire/query.h"
#include "support/berth_process.h"
#include "support/oracles.h"
#include "support/sim_fixture.h"

namespace berth::sim {
namespace {

class SimCloudWatchTest : public testing::SimFixture {
 protected:
  // In-process on the fixture's ManualClock, or on `base` (real time for
  // boto3, which signs with the wall clock and reaches the simulator over HTTP).
  void Start(Clock* base = nullptr) {
    SimOptions o = Options();
    if (base != nullptr) o.base_clock = base;
    o.seed = "demo";
    o.rate_limits = false;
    o.threads = 2;
    StartSimulator(o, Via::kInProcess);
  }

  std::string Query(const char* service, const std::string& form, int want_status = 200) {
    http::Response r = CallQuery(form, service);
    EXPECT_EQ(r.status, want_status) << form << ": " << r.body;
    return r.body;
  }
  Json JsonCall(const std::string& target, const char* service, const Json& body, int want_status = 200) {
    http::Response r = CallJson(target, body.dump(), service);
    EXPECT_EQ(r.status, want_status) << target << ": " << r.body;
    last_headers_ = r.headers;
    return Json::parse(r.body, nullptr, false);
  }
  static std::string Element(const std::string& xml, const std::string& name) {
    std::smatch m;
    return std::regex_search(xml, m, std::regex("<" + name + ">([^<]*)</" + name + ">")) ? m[1].str() : "";
  }
  std::string TargetGroupArn(const std::string& name) {
    return Element(
        Query("elasticloadbalancing", "Action=DescribeTargetGroups&Version=2015-12-01&Names.member.1=" + name),
        "TargetGroupArn");
  }
  int64_t Now() {
    return std::chrono::duration_cast<std::chrono::seconds>(sim_->clock().Now().time_since_epoch()).count();
  }

  // A service of two tasks of `image` behind web-blue, and that image answering 25% of requests with 5xx.
  void StartServiceBehindBlue(const std::string& image, int error_percent) {
    ASSERT_EQ(Admin("POST", "/_berth/behaviours",
                    Json{{"image", image}, {"behaviour", "serve-errors"}, {"errorPercent", error_percent}}.dump())
                  .status,
              200);
    blue_ = TargetGroupArn("web-blue");
    ASSERT_FALSE(blue_.empty());
    Ecs("CreateCluster", Json{{"clusterName", "prod"}});
    Ecs("RegisterTaskDefinition",
        Json{{"family", "web"},
             {"networkMode", "awsvpc"},
             {"containerDefinitions",
              {{{"name", "web"}, {"image", image}, {"portMappings", {{{"containerPort", 8080}}}}}}}});
    Ecs("CreateService",
        Json{{"cluster", "prod"},
             {"serviceName", "web"},
             {"taskDefinition", "web"},
             {"desiredCount", 2},
             {"launchType", "FARGATE"},
             {"loadBalancers", {{{"targetGroupArn", blue_}, {"containerName", "web"}, {"containerPort", 8080}}}},
             {"networkConfiguration", {{"awsvpcConfiguration", {{"subnets", {"subnet-1"}}}}}}});
  }
  // The environment boto3 runs in: the simulator's credentials, no instance metadata.
  static testing::EnvMap Boto3Env() {
    return {{"AWS_ACCESS_KEY_ID", kDefaultAccessKeyId},
            {"AWS_SECRET_ACCESS_KEY", kDefaultSecretAccessKey},
            {"AWS_EC2_METADATA_DISABLED", "true"},
            {"PATH", std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin"},
            {"HOME", ::testing::TempDir()}};
  }
  std::string BlueDimension() { return blue_.substr(blue_.find(":targetgroup/") + 1); }
  // "app/<name>/<id>" of the load balancer whose listener forwards to web-blue.
  std::string LoadBalancerDimension() {
    std::string lb =
        Element(Query("elasticloadbalancing", "Action=DescribeLoadBalancers&Version=2015-12-01"), "LoadBalancerArn");
    return lb.substr(lb.find(":loadbalancer/") + 14);
  }
  // Query-string dimensions of web-blue as ALB publishes its metrics: with the load balancer.
  std::string BlueDimensions() {
    return fmt::format(
        "Dimensions.member.1.Name=LoadBalancer&Dimensions.member.1.Value={}"
        "&Dimensions.member.2.Name=TargetGroup&Dimensions.member.2.Value={}",
        LoadBalancerDimension(), BlueDimension());
  }

  std::string blue_;
  http::Headers last_headers_;
  RealClock real_;
};

TEST_F(SimCloudWatchTest, ServeErrorsImageShowsUpAsTarget5xxInGetMetricStatistics) {
  Start();
  StartServiceBehindBlue("web:bad", 25);
  int64_t t0 = Now();
  Advance(std::chrono::minutes(10));
  // Tasks run after 13 s and pass their first ELB check 10 s later: minutes 2..9 are full.
  int64_t from = (t0 / 60 + 2) * 60, to = (t0 / 60 + 9) * 60;
  auto stats = [&](const std::string& metric, const std::string& stat) {
    return Query("monitoring",
                 fmt::format("Action=GetMetricStatistics&Version=2010-08-01&Namespace=AWS%2FApplicationELB"
                             "&MetricName={}&{}&StartTime={}&EndTime={}&Period=60&Statistics.member.1={}",
                             metric, BlueDimensions(), FormatIso8601Millis(SystemTime(std::chrono::seconds(from))),
                             FormatIso8601Millis(SystemTime(std::chrono::seconds(to))), stat));
  };
  std::string requests = stats("RequestCount", "Sum");
  EXPECT_EQ(std::count(requests.begin(), requests.end(), '\n') > 0, true);
  std::regex sum("<Sum>([^<]*)</Sum>");
  int points = 0;
  for (auto it = std::sregex_iterator(requests.begin(), requests.end(), sum); it != std::sregex_iterator();
       ++it, ++points)
    EXPECT_DOUBLE_EQ(std::stod((*it)[1].str()), 2 * 10 * 60) << requests;
  EXPECT_EQ(points, 7) << requests;
  EXPECT_DOUBLE_EQ(std::stod(Element(stats("HTTPCode_Target_5XX_Count", "Sum"), "Sum")), 300);
  EXPECT_DOUBLE_EQ(std::stod(Element(stats("HTTPCode_Target_2XX_Count", "Sum"), "Sum")), 900);
  std::string latency = stats("TargetResponseTime", "Average");
  EXPECT_DOUBLE_EQ(std::stod(Element(latency, "Average")), 0.05);
  EXPECT_EQ(Element(latency, "Unit"), "Seconds");

  // Before the load balancer existed (the seed made it at t0) there is no datapoint.
  std::string early =
      Query("monitoring", fmt::format("Action=GetMetricStatistics&Version=2010-08-01&Namespace=AWS%2FApplicationELB"
                                      "&MetricName=RequestCount&{}&StartTime={}&EndTime={}&Period=60"
                                      "&Statistics.member.1=Sum",
                                      BlueDimensions(), t0 - 600, t0 / 60 * 60));
  EXPECT_EQ(Element(early, "Sum"), "") << early;

  // As in AWS: RequestCount by TargetGroup alone is not published (no
  // datapoints); RequestCountPerTarget is, and is the count over the targets.
  auto by_group_alone = [&](const std::string& metric) {
    return Query("monitoring",
                 fmt::format("Action=GetMetricStatistics&Version=2010-08-01&Namespace=AWS%2FApplicationELB"
                             "&MetricName={}&Dimensions.member.1.Name=TargetGroup&Dimensions.member.1.Value={}"
                             "&StartTime={}&EndTime={}&Period=60&Statistics.member.1=Sum",
                             metric, BlueDimension(), FormatIso8601Millis(SystemTime(std::chrono::seconds(from))),
                             FormatIso8601Millis(SystemTime(std::chrono::seconds(to)))));
  };
  for (const char* metric : {"RequestCount", "HTTPCode_Target_5XX_Count", "TargetResponseTime"}) {
    EXPECT_EQ(Element(by_group_alone(metric), "Sum"), "") << metric;
  }
  EXPECT_DOUBLE_EQ(std::stod(Element(by_group_alone("RequestCountPerTarget"), "Sum")), 10 * 60);
  EXPECT_DOUBLE_EQ(std::stod(Element(stats("RequestCountPerTarget", "Sum"), "Sum")), 10 * 60);
}

TEST_F(SimCloudWatchTest, GetMetricDataFollowsRuleWeightsAndEvaluatesMetricMathOverJson) {
  Start();
  StartServiceBehindBlue("web:bad", 10);
  std::string green = TargetGroupArn("web-green");
  std::string lb =
      Element(Query("elasticloadbalancing", "Action=DescribeLoadBalancers&Version=2015-12-01"), "LoadBalancerArn");
  std::string listener =
      Element(Query("elasticloadbalancing", "Action=DescribeListeners&Version=2015-12-01&LoadBalancerArn=" + lb),
              "ListenerArn");
  Query("elasticloadbalancing",
        "Action=RegisterTargets&Version=2015-12-01&TargetGroupArn=" + green + "&Targets.member.1.Id=10.9.9.9");
  Query("elasticloadbalancing",
        "Action=ModifyListener&Version=2015-12-01&ListenerArn=" + listener +
            "&DefaultActions.member.1.Type=forward&DefaultActions.member.1.ForwardConfig.TargetGroups.member.1."
            "TargetGroupArn=" +
            blue_ +
            "&DefaultActions.member.1.ForwardConfig.TargetGroups.member.1.Weight=75"
            "&DefaultActions.member.1.ForwardConfig.TargetGroups.member.2.TargetGroupArn=" +
            green + "&DefaultActions.member.1.ForwardConfig.TargetGroups.member.2.Weight=25");
  int64_t t0 = Now();
  Advance(std::chrono::minutes(6));
  int64_t from = (t0 / 60 + 2) * 60, to = (t0 / 60 + 5) * 60;
  auto metric = [&](const std::string& id, const std::string& name, const std::string& tg) {
    return Json{{"Id", id},
                {"MetricStat",
                 {{"Metric",
                   {{"Namespace", "AWS/ApplicationELB"},
                    {"MetricName", name},
                    {"Dimensions",
                     {{{"Name", "TargetGroup"}, {"Value", tg.substr(tg.find(":targetgroup/") + 1)}},
                      {{"Name", "LoadBalancer"}, {"Value", lb.substr(lb.find(":loadbalancer/") + 14)}}}}}},
                  {"Period", 60},
                  {"Stat", "Sum"}}},
                {"ReturnData", false}};
  };
  Json out = JsonCall(std::string(kCloudWatchTargetPrefix) + ".GetMetricData", "monitoring",
                      Json{{"MetricDataQueries",
                            {metric("blue", "RequestCount", blue_),
                             metric("errors", "HTTPCode_Target_5XX_Count", blue_),
                             metric("green", "RequestCount", green),
                             {{"Id", "rate"}, {"Expression", "100 * FILL(errors, 0) / blue"}, {"Label", "error rate"}},
                             {{"Id", "greenonly"}, {"Expression", "green"}}}},
                           {"StartTime", from},
                           {"EndTime", to},
                           {"ScanBy", "TimestampAscending"}});
  ASSERT_EQ(out["MetricDataResults"].size(), 2u) << out.dump();
  const Json& rate = out["MetricDataResults"][0];
  EXPECT_EQ(rate["Id"], "rate");
  EXPECT_EQ(rate["Label"], "error rate");
  EXPECT_EQ(rate["StatusCode"], "Complete");
  ASSERT_EQ(rate["Values"].size(), 3u) << out.dump();
  EXPECT_EQ(rate["Timestamps"][0], from);
  for (const auto& v : rate["Values"]) EXPECT_NEAR(v.get<double>(), 10.0, 1e-9);
  // The listener's 20 req/s split 75/25: green gets 25% whatever the group sizes.
  const Json& g = out["MetricDataResults"][1];
  ASSERT_EQ(g["Values"].size(), 3u) << out.dump();
  for (const auto& v : g["Values"]) EXPECT_NEAR(v.get<double>(), 5.0 * 60, 1e-9);

  Json bad = JsonCall(
      std::string(kCloudWatchTargetPrefix) + ".GetMetricData", "monitoring",
      Json{{"MetricDataQueries", {metric("m", "RequestCount", blue_)}}, {"StartTime", to}, {"EndTime", from}}, 400);
  EXPECT_EQ(bad["__type"], "InvalidParameterValue");
  ASSERT_NE(http::FindHeader(last_headers_, "x-amzn-query-error"), nullptr);
  EXPECT_EQ(*http::FindHeader(last_headers_, "x-amzn-query-error"), "InvalidParameterValue;Sender");
}

// boto3 from botocore 1.29 (Debian, query protocol) and 1.43 (pyenv, JSON 1.0).
TEST_F(SimCloudWatchTest, Boto3ReadsTheErrorRateOverBothProtocols) {
  Start(&real_);  // real time for SigV4; simulated time only moves by Advance
  StartServiceBehindBlue("web:bad", 20);
  int64_t t0 = Now();
  Advance(std::chrono::minutes(13));  // past `to` below
  std::string script = R"PY(
import boto3, botocore, datetime, json, sys
url, dim, lb, start, end = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
dims = [{"Name": "LoadBalancer", "Value": lb}, {"Name": "TargetGroup", "Value": dim}]
cw = boto3.client("cloudwatch", endpoint_url=url, region_name="us-east-1")
ts = lambda s: datetime.datetime.fromtimestamp(s, datetime.timezone.utc)
q = lambda i, m: {"Id": i, "ReturnData": False, "MetricStat": {"Period": 60, "Stat": "Sum", "Metric": {
    "Namespace": "AWS/ApplicationELB", "MetricName": m, "Dimensions": dims}}}
r = cw.get_metric_data(StartTime=ts(start), EndTime=ts(end), MetricDataQueries=[
    q("e", "HTTPCode_Target_5XX_Count"), q("r", "RequestCount"), {"Id": "rate", "Expression": "100*e/r"}])
s = cw.get_metric_statistics(Namespace="AWS/ApplicationELB", MetricName="RequestCount", StartTime=ts(start),
    EndTime=ts(end), Period=120, Statistics=["Sum", "SampleCount"], ExtendedStatistics=["p50"], Dimensions=dims)
alone = cw.get_metric_statistics(Namespace="AWS/ApplicationELB", MetricName="RequestCount", StartTime=ts(start),
    EndTime=ts(end), Period=120, Statistics=["Sum"], Dimensions=[{"Name": "TargetGroup", "Value": dim}])
res = r["MetricDataResults"][0]
print(json.dumps({"botocore": botocore.__version__, "rate": res["Values"], "n": len(res["Timestamps"]),
    "sums": sorted(d["Sum"] for d in s["Datapoints"]), "p50": [d["ExtendedStatistics"]["p50"] for d in s["Datapoints"]],
    "alone": len(alone["Datapoints"])}))
)PY";
  // Aligned to the 120 s period below, and after the targets turned healthy (t0 + 23 s).
  int64_t from = (t0 / 240 + 2) * 240, to = from + 240;
  std::vector<std::string> pythons = testing::PythonsWith("boto3");
  if (pythons.empty()) {
    BERTH_ORACLE_UNAVAILABLE(testing::Oracle::kBoto3,
                             "neither `python3` on PATH nor /usr/bin/python3 can import boto3");
  }
  for (const std::string& python : pythons) {
    auto r = testing::RunProcess({python, "-c", script, sim_->endpoint(), BlueDimension(), LoadBalancerDimension(),
                                  std::to_string(from), std::to_string(to)},
                                 Boto3Env(), std::chrono::seconds(120));
    ASSERT_EQ(r.exit_code, 0) << python << ": " << r.all();
    Json out = Json::parse(r.out);
    std::cout << "[ boto3 ] " << python << ": botocore " << out["botocore"].get<std::string>() << "\n";
    EXPECT_EQ(out["n"], 4) << python << " " << r.out;
    for (const auto& v : out["rate"]) EXPECT_NEAR(v.get<double>(), 20.0, 1e-9) << python << " " << r.out;
    EXPECT_EQ(out["sums"], Json({2400.0, 2400.0})) << python << " " << r.out;
    // Each request is a sample of 1 (ALB: "Minimum, Maximum, and Average all return 1").
    EXPECT_EQ(out["p50"], Json({1.0, 1.0})) << python << " " << r.out;
    EXPECT_EQ(out["alone"], 0) << "RequestCount by TargetGroup alone is not published: " << r.out;
  }
}

// boto3 from botocore 1.29 (query) and 1.43 (JSON 1.0): the alarm lifecycle.
TEST_F(SimCloudWatchTest, Boto3PutsDescribesSetsAndDeletesAnAlarmOverBothProtocols) {
  Start(&real_);
  std::string script = R"PY(
import boto3, botocore, json, sys
cw = boto3.client("cloudwatch", endpoint_url=sys.argv[1], region_name="us-east-1")
name = "errors-" + botocore.__version__
cw.put_metric_alarm(AlarmName=name, Namespace="AWS/ApplicationELB", MetricName="HTTPCode_Target_5XX_Count",
    Dimensions=[{"Name": "TargetGroup", "Value": "targetgroup/nothing/0"}], Statistic="Sum", Period=60,
    EvaluationPeriods=2, Threshold=5.5, ComparisonOperator="GreaterThanThreshold", TreatMissingData="ignore")
cw.put_metric_alarm(AlarmName="other-" + name, Namespace="Custom/App", MetricName="Latency", Statistic="Average",
    Period=60, EvaluationPeriods=1, Threshold=1, ComparisonOperator="LessThanThreshold")
created = cw.describe_alarms(AlarmNames=[name])["MetricAlarms"]
cw.set_alarm_state(AlarmName=name, StateValue="ALARM", StateReason="test")
alarming = [a["AlarmName"] for a in cw.describe_alarms(StateValue="ALARM")["MetricAlarms"]]
cw.delete_alarms(AlarmNames=[name])
left = [a["AlarmName"] for a in cw.describe_alarms(AlarmNamePrefix="errors-")["MetricAlarms"]]
try:
    cw.set_alarm_state(AlarmName=name, StateValue="OK", StateReason="gone")
    err = ""
except botocore.exceptions.ClientError as e:
    err = e.response["Error"]["Code"]
a = created[0]
print(json.dumps({"n": len(created), "state": a["StateValue"], "threshold": a["Threshold"], "periods": a["EvaluationPeriods"],
    "dims": a["Dimensions"], "arn": a["AlarmArn"], "alarming": alarming, "left": left, "err": err, "name": name}))
)PY";
  std::vector<std::string> pythons = testing::PythonsWith("boto3");
  if (pythons.empty()) {
    BERTH_ORACLE_UNAVAILABLE(testing::Oracle::kBoto3,
                             "neither `python3` on PATH nor /usr/bin/python3 can import boto3");
  }
  for (const std::string& python : pythons) {
    auto r = testing::RunProcess({python, "-c", script, sim_->endpoint()}, Boto3Env(), std::chrono::seconds(120));
    ASSERT_EQ(r.exit_code, 0) << python << ": " << r.all();
    Json out = Json::parse(r.out);
    std::string name = out["name"];
    EXPECT_EQ(out["n"], 1) << r.out;
    EXPECT_EQ(out["state"], "INSUFFICIENT_DATA") << r.out;
    EXPECT_EQ(out["threshold"], 5.5) << r.out;
    EXPECT_EQ(out["periods"], 2) << r.out;
    EXPECT_EQ(out["dims"], Json::parse(R"([{"Name":"TargetGroup","Value":"targetgroup/nothing/0"}])")) << r.out;
    EXPECT_EQ(out["arn"], "arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + name) << r.out;
    EXPECT_EQ(out["alarming"], Json::array({name})) << python << " " << r.out;
    EXPECT_EQ(out["left"], Json::array()) << r.out;
    EXPECT_EQ(out["err"], "ResourceNotFound") << r.out;
  }
}

TEST_F(SimCloudWatchTest, DescribeAlarmsPagesWithMaxRecordsAndRefusesAForgedNextToken) {
  ManualClock clock;
  Start(&clock);
  for (const char* name : {"a1", "a2", "a3"}) {
    Query("monitoring", std::string("Action=PutMetricAlarm&Version=2010-08-01&AlarmName=") + name +
                            "&Namespace=Custom%2FApp&MetricName=Latency&Statistic=Average&Period=60"
                            "&EvaluationPeriods=1&Threshold=1&ComparisonOperator=LessThanThreshold");
  }
  std::string first = Query("monitoring", "Action=DescribeAlarms&Version=2010-08-01&MaxRecords=2");
  EXPECT_EQ(Element(first, "AlarmName"), "a1");
  std::string token = Element(first, "NextToken");
  ASSERT_FALSE(token.empty()) << first;
  std::string second =
      Query("monitoring", "Action=DescribeAlarms&Version=2010-08-01&MaxRecords=2&NextToken=" + http::UriEncode(token));
  EXPECT_EQ(Element(second, "AlarmName"), "a3");
  EXPECT_EQ(Element(second, "NextToken"), "");
  std::string all = Query("monitoring", "Action=DescribeAlarms&Version=2010-08-01");
  EXPECT_EQ(Element(all, "NextToken"), "") << "three alarms fit the default page";
  std::string forged =
      Query("monitoring", "Action=DescribeAlarms&Version=2010-08-01&NextToken=bm90LWEtdG9rZW4%3D", 400);
  EXPECT_EQ(Element(forged, "Code"), "InvalidNextToken");
  Query("monitoring", "Action=DescribeAlarms&Version=2010-08-01&MaxRecords=101", 400);
}

TEST_F(SimCloudWatchTest, AnAlarmOnTarget5xxGoesToAlarmOnTheNextMinuteOfErrors) {
  Start();
  StartServiceBehindBlue("web:bad", 25);
  Query("monitoring",
        "Action=PutMetricAlarm&Version=2010-08-01&AlarmName=web-5xx&Namespace=AWS%2FApplicationELB"
        "&MetricName=HTTPCode_Target_5XX_Count&" +
            BlueDimensions() +
            "&Statistic=Sum&Period=60&EvaluationPeriods=2&DatapointsToAlarm=1&Threshold=10"
            "&ComparisonOperator=GreaterThanOrEqualToThreshold&TreatMissingData=notBreaching");
  EXPECT_EQ(Element(Query("monitoring", "Action=DescribeAlarms&Version=2010-08-01&AlarmNames.member.1=web-5xx"),
                    "StateValue"),
            "INSUFFICIENT_DATA");
  Advance(std::chrono::minutes(4));  // tasks healthy after ~43 s, then 25% of 20 req/s fail
  std::string alarm = Query("monitoring", "Action=DescribeAlarms&Version=2010-08-01&StateValue=ALARM");
  EXPECT_EQ(Element(alarm, "AlarmName"), "web-5xx") << alarm;
  EXPECT_NE(Element(alarm, "StateReason").find("Threshold Crossed"), std::string::npos) << alarm;
  // A state set by hand holds until the next minute's evaluation.
  Query("monitoring", "Action=SetAlarmState&Version=2010-08-01&AlarmName=web-5xx&StateValue=OK&StateReason=manual");
  EXPECT_EQ(Element(Query("monitoring", "Action=DescribeAlarms&Version=2010-08-01"), "StateValue"), "OK");
  Advance(std::chrono::minutes(1));
  EXPECT_EQ(Element(Query("monitoring", "Action=DescribeAlarms&Version=2010-08-01"), "StateValue"), "ALARM");
  Query("monitoring", "Action=DeleteAlarms&Version=2010-08-01&AlarmNames.member.1=nope", 404);
}

// ECS deployment alarms: a service at revision 1 (steady), then a slow-starting
// revision 2 whose deployment is still IN_PROGRESS when `alarm` goes to ALARM.
class SimDeploymentAlarmsTest : public SimCloudWatchTest {
 protected:
  // Service web of cluster prod on web:1 (web:2, a slow starter, registered
  // too) with deployment alarms on `alarm_names`; the alarm web-errors exists.
  void ServiceWithAlarms(const Json& alarm_names, bool enable, bool rollback) {
    EXPECT_EQ(Admin("POST", "/_berth/behaviours",
                    Json{{"image", "web:v2"}, {"behaviour", "slow-start"}, {"startSeconds", 120}}.dump())
                  .status,
              200);
    JsonCall(std::string(kCloudWatchTargetPrefix) + ".PutMetricAlarm", "monitoring",
             Json{{"AlarmName", "web-errors"},
                  {"Namespace", "Custom/Web"},
                  {"MetricName", "Errors"},
                  {"Statistic", "Sum"},
                  {"Period", 60},
                  {"EvaluationPeriods", 1},
                  {"Threshold", 1},
                  {"ComparisonOperator", "GreaterThanThreshold"}});
    Ecs("CreateCluster", Json{{"clusterName", "prod"}});
    for (const char* image : {"web:v1", "web:v2"})
      Ecs("RegisterTaskDefinition", Json{{"family", "web"},
                                         {"networkMode", "awsvpc"},
                                         {"containerDefinitions", {{{"name", "web"}, {"image", image}}}}});
    Ecs("CreateService", Json{{"cluster", "prod"},
                              {"serviceName", "web"},
                              {"taskDefinition", "web:1"},
                              {"desiredCount", 2},
                              {"launchType", "FARGATE"},
                              {"deploymentConfiguration",
                               {{"alarms", {{"alarmNames", alarm_names}, {"enable", enable}, {"rollback", rollback}}}}},
                              {"networkConfiguration", {{"awsvpcConfiguration", {{"subnets", {"subnet-1"}}}}}}});
  }
  Json DeployWhileAlarming(bool enable, bool rollback) {
    Start();
    ServiceWithAlarms(Json::array({"web-errors", "not-created"}), enable, rollback);
    Advance(std::chrono::minutes(2));
    Json first = Ecs("DescribeServices", Json{{"cluster", "prod"}, {"services", {"web"}}})["services"][0];
    EXPECT_EQ(first["deployments"][0]["rolloutState"], "COMPLETED") << first.dump();
    Ecs("UpdateService", Json{{"cluster", "prod"}, {"service", "web"}, {"taskDefinition", "web:2"}});
    Advance(std::chrono::seconds(30));
    JsonCall(std::string(kCloudWatchTargetPrefix) + ".SetAlarmState", "monitoring",
             Json{{"AlarmName", "web-errors"}, {"StateValue", "ALARM"}, {"StateReason", "errors"}});
    Advance(std::chrono::seconds(1));
    return Ecs("DescribeServices", Json{{"cluster", "prod"}, {"services", {"web"}}})["services"][0];
  }
  Json Deployments() {
    Json arns = Ecs("ListServiceDeployments", Json{{"cluster", "prod"}, {"service", "web"}})["serviceDeployments"];
    Json list = Json::array();
    for (const auto& d : arns) list.push_back(d["serviceDeploymentArn"]);
    return Ecs("DescribeServiceDeployments", Json{{"serviceDeploymentArns", list}})["serviceDeployments"];
  }
};

TEST_F(SimDeploymentAlarmsTest, AnAlarmInAlarmMidDeploymentFailsItAndRollsBack) {
  Json svc = DeployWhileAlarming(/*enable=*/true, /*rollback=*/true);
  // The rollback (primary), the failed deployment, and revision 1's deployment still draining.
  ASSERT_EQ(svc["deployments"].size(), 3u) << svc.dump();
  const Json& rb = svc["deployments"][0];
  const Json& failed = svc["deployments"][1];
  EXPECT_EQ(failed["rolloutState"], "FAILED") << svc.dump();
  EXPECT_NE(failed["rolloutStateReason"].get<std::string>().find("web-errors"), std::string::npos) << svc.dump();
  EXPECT_EQ(failed["taskDefinition"].get<std::string>().substr(failed["taskDefinition"].get<std::string>().size() - 5),
            "web:2");
  EXPECT_EQ(rb["status"], "PRIMARY");
  EXPECT_EQ(rb["taskDefinition"].get<std::string>().substr(rb["taskDefinition"].get<std::string>().size() - 5),
            "web:1");
  EXPECT_NE(rb["rolloutStateReason"].get<std::string>().find("rolling back"), std::string::npos) << svc.dump();
  bool event = false;
  for (const auto& e : svc["events"])
    if (e["message"].get<std::string>().find("deployment failed: CloudWatch alarm(s) web-errors") != std::string::npos)
      event = true;
  EXPECT_TRUE(event) << svc["events"].dump();

  Json deps = Deployments();
  bool seen = false;
  for (const auto& d : deps)
    if (d["status"] == "ROLLBACK_IN_PROGRESS") {
      seen = true;
      EXPECT_EQ(d["alarms"]["status"], "TRIGGERED") << d.dump();
      EXPECT_EQ(d["alarms"]["triggeredAlarmNames"], Json::array({"web-errors"})) << d.dump();
      EXPECT_EQ(d["deploymentCircuitBreaker"]["status"], "DISABLED") << d.dump();
    }
  EXPECT_TRUE(seen) << deps.dump();

  // The rollback is not failed by the alarm that is still in ALARM, and completes on revision 1.
  Advance(std::chrono::minutes(2));
  svc = Ecs("DescribeServices", Json{{"cluster", "prod"}, {"services", {"web"}}})["services"][0];
  ASSERT_EQ(svc["deployments"].size(), 1u) << svc.dump();
  EXPECT_EQ(svc["deployments"][0]["rolloutState"], "COMPLETED") << svc.dump();
  EXPECT_EQ(svc["taskDefinition"].get<std::string>().substr(svc["taskDefinition"].get<std::string>().size() - 5),
            "web:1");
}

// AWS: "If an alarm is in 'In alarm' state at the beginning of a deployment,
// Amazon ECS will NOT monitor alarms for the duration of that deployment."
// Driven with boto3 (both botocores): the alarm is set before UpdateService.
TEST_F(SimDeploymentAlarmsTest, Boto3AnAlarmAlreadyInAlarmAtTheStartIsNotMonitored) {
  std::vector<std::string> pythons = testing::PythonsWith("boto3");
  if (pythons.empty()) {
    BERTH_ORACLE_UNAVAILABLE(testing::Oracle::kBoto3,
                             "neither `python3` on PATH nor /usr/bin/python3 can import boto3");
  }
  Start(&real_);
  ServiceWithAlarms(Json::array({"web-errors"}), /*enable=*/true, /*rollback=*/true);
  Advance(std::chrono::minutes(2));
  const std::string start = R"PY(
import boto3, sys
kw = dict(endpoint_url=sys.argv[1], region_name="us-east-1")
boto3.client("cloudwatch", **kw).set_alarm_state(AlarmName="web-errors", StateValue="ALARM", StateReason="firing")
boto3.client("ecs", **kw).update_service(cluster="prod", service="web", taskDefinition="web:2")
)PY";
  const std::string read = R"PY(
import boto3, json, sys
ecs = boto3.client("ecs", endpoint_url=sys.argv[1], region_name="us-east-1")
svc = ecs.describe_services(cluster="prod", services=["web"])["services"][0]
alarms = None  # botocore before 1.35 has no service deployments
if hasattr(ecs, "list_service_deployments"):
    arns = [d["serviceDeploymentArn"] for d in ecs.list_service_deployments(cluster="prod", service="web")["serviceDeployments"]]
    deps = ecs.describe_service_deployments(serviceDeploymentArns=arns)["serviceDeployments"]
    alarms = sorted(d.get("alarms", {}).get("status", "") for d in deps)
print(json.dumps({"deployments": [[d["taskDefinition"][-5:], d["rolloutState"]] for d in svc["deployments"]],
    "alarms": alarms}))
)PY";
  testing::EnvMap env = Boto3Env();
  auto started = testing::RunProcess({pythons.front(), "-c", start, sim_->endpoint()}, env, std::chrono::seconds(120));
  ASSERT_EQ(started.exit_code, 0) << started.all();
  Advance(std::chrono::minutes(5));  // web:2 starts after 2 minutes and completes, the alarm firing throughout
  int with_deployments = 0;
  for (const std::string& python : pythons) {
    auto r = testing::RunProcess({python, "-c", read, sim_->endpoint()}, env, std::chrono::seconds(120));
    ASSERT_EQ(r.exit_code, 0) << python << ": " << r.all();
    Json out = Json::parse(r.out);
    EXPECT_EQ(out["deployments"], Json::parse(R"([["web:2", "COMPLETED"]])")) << python << " " << r.out;
    if (out["alarms"].is_null()) continue;
    ++with_deployments;
    EXPECT_EQ(out["alarms"], Json::parse(R"(["DISABLED", "MONITORING_COMPLETE"])")) << python << " " << r.out;
  }
  EXPECT_GE(with_deployments, 1) << "no boto3 here knows ListServiceDeployments";
}

TEST_F(SimDeploymentAlarmsTest, DisabledDeploymentAlarmsLetTheDeploymentCompleteDespiteTheAlarm) {
  Json svc = DeployWhileAlarming(/*enable=*/false, /*rollback=*/true);
  EXPECT_EQ(svc["deployments"][0]["rolloutState"], "IN_PROGRESS") << svc.dump();
  Advance(std::chrono::minutes(4));
  svc = Ecs("DescribeServices", Json{{"cluster", "prod"}, {"services", {"web"}}})["services"][0];
  ASSERT_EQ(svc["deployments"].size(), 1u) << svc.dump();
  EXPECT_EQ(svc["deployments"][0]["rolloutState"], "COMPLETED") << svc.dump();
  EXPECT_EQ(svc["taskDefinition"].get<std::string>().substr(svc["taskDefinition"].get<std::string>().size() - 5),
            "web:2");
  for (const auto& d : Deployments()) {
    EXPECT_EQ(d["alarms"]["status"], "DISABLED") << d.dump();
  }
}

TEST_F(SimDeploymentAlarmsTest, WithoutRollbackTheFailedDeploymentStops) {
  Json svc = DeployWhileAlarming(/*enable=*/true, /*rollback=*/false);
  EXPECT_EQ(svc["deployments"][0]["rolloutState"], "FAILED") << svc.dump();
  EXPECT_EQ(svc["deployments"][0]["status"], "PRIMARY") << svc.dump();
  bool stopped = false;
  for (const auto& d : Deployments())
    if (d["status"] == "STOPPED") stopped = d["alarms"]["status"] == "TRIGGERED";
  EXPECT_TRUE(stopped);
}

TEST_F(SimDeploymentAlarmsTest, IncompleteAlarmsConfigurationAndMetricMathAlarmsAreRefused) {
  Start();
  Ecs("CreateCluster", Json{{"clusterName", "prod"}});
  Ecs("RegisterTaskDefinition",
      Json{{"family", "web"}, {"containerDefinitions", {{{"name", "web"}, {"image", "web:v1"}}}}});
  Json bad = JsonCall(std::string(kEcsTargetPrefix) + ".CreateService", "ecs",
                      Json{{"cluster", "prod"},
                           {"serviceName", "web"},
                           {"taskDefinition", "web:1"},
                           {"desiredCount", 1},
                           {"deploymentConfiguration", {{"alarms", {{"alarmNames", {"a"}}, {"enable", true}}}}}},
                      400);
  EXPECT_NE(bad.dump().find("alarms requires alarmNames, enable and rollback"), std::string::npos) << bad.dump();
  Json math = JsonCall(std::string(kCloudWatchTargetPrefix) + ".PutMetricAlarm", "monitoring",
                       Json{{"AlarmName", "m"},
                            {"EvaluationPeriods", 1},
                            {"Threshold", 1},
                            {"ComparisonOperator", "GreaterThanThreshold"},
                            {"Metrics", {{{"Id", "e"}, {"Expression", "1"}}}}},
                       400);
  EXPECT_EQ(math["__type"], "InvalidParameterCombination") << math.dump();
}

}  // namespace
}  // namespace berth::sim
