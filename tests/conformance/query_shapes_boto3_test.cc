// `berth api` on the query-protocol services (ELBv2, CloudWatch,
// CloudFormation, STS) against moto, held against boto3's own parsing of
// the same calls: berth's JSON must be the document boto3 returns, member
// for member and type for type (a list an array, even empty; a number a
// number; a boolean true/false), except that timestamps, which boto3 turns
// into datetime objects, are the strings AWS sent, and ResponseMetadata is
// berth's own (docs/aws.md, "Query-protocol responses").
//
// boto3 here is pyenv's (1.43), whose models are newer than the Debian
// botocore (1.29) berth's model comes from; a member only the newer model
// knows would show up as a difference (berth keeps it as a string).
//
// Without moto the test prints "MOTO NOT AVAILABLE" and skips.
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/berth_process.h"
#include "support/moto_fixture.h"
#include "support/sim_env.h"

namespace berth::testing {
namespace {

using nlohmann::json;

// What boto3's side puts where it parsed a timestamp.
constexpr const char* kTimestamp = "<timestamp>";

struct Case {
  std::string service;    // berth's name and boto3's
  std::string operation;  // the API's name; boto3's method is its snake_case
  json input;
};

const std::vector<Case>& Cases() {
  static const std::vector<Case> cases = {
      {"elbv2", "DescribeTargetGroups", json::object()}, {"elbv2", "DescribeLoadBalancers", json::object()},
      {"cloudwatch", "DescribeAlarms", json::object()},  {"cloudformation", "DescribeStacks", json::object()},
      {"sts", "GetCallerIdentity", json::object()},
  };
  return cases;
}

// Where `berth` differs from `boto` ("" when nowhere), path by path.
void Compare(const json& boto, const json& berth, const std::string& path, std::vector<std::string>* diffs) {
  if (boto.is_string() && boto.get<std::string>() == kTimestamp) {
    if (!berth.is_string()) diffs->push_back(fmt::format("{}: a timestamp, berth has {}", path, berth.dump()));
    return;
  }
  if (boto.is_number() && berth.is_number()) {
    if (boto.get<double>() != berth.get<double>()) {
      diffs->push_back(fmt::format("{}: boto3 {}, berth {}", path, boto.dump(), berth.dump()));
    }
    return;
  }
  if (boto.type() != berth.type()) {
    diffs->push_back(fmt::format("{}: boto3 {} {}, berth {} {}", path, boto.type_name(), boto.dump(), berth.type_name(),
                                 berth.dump()));
    return;
  }
  if (boto.is_object()) {
    for (const auto& [key, value] : boto.items()) {
      if (!berth.contains(key)) {
        diffs->push_back(fmt::format("{}.{}: only boto3 has it", path, key));
        continue;
      }
      Compare(value, berth[key], path + "." + key, diffs);
    }
    for (const auto& [key, value] : berth.items()) {
      if (!boto.contains(key) && key != "ResponseMetadata")
        diffs->push_back(fmt::format("{}.{}: only berth has it", path, key));
    }
    return;
  }
  if (boto.is_array()) {
    if (boto.size() != berth.size()) {
      diffs->push_back(fmt::format("{}: boto3 has {} items, berth {}", path, boto.size(), berth.size()));
      return;
    }
    for (size_t i = 0; i < boto.size(); ++i) Compare(boto[i], berth[i], fmt::format("{}[{}]", path, i), diffs);
    return;
  }
  if (boto != berth) diffs->push_back(fmt::format("{}: boto3 {}, berth {}", path, boto.dump(), berth.dump()));
}

class MotoQueryShapes : public MotoFixture {
 protected:
  void SetUp() override {
    MotoFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    env_ = BerthEnv(home_);
  }

  json BerthApi(const Case& c) {
    ProcessResult r = RunBerth({"api", c.service, c.operation, "--input", c.input.dump(), "--output", "json"}, env_);
    EXPECT_EQ(r.exit_code, 0) << c.operation << ": " << r.all();
    auto docs = ResultDocs(r.out);
    return docs.empty() ? json() : docs.back();
  }

  // Each case through boto3, with datetimes as kTimestamp and without
  // ResponseMetadata (boto3's holds the HTTP details).
  json Boto3Answers() {
    json cases = json::array();
    for (const Case& c : Cases()) cases.push_back({c.service, c.operation, c.input});
    const std::string path = home_.path() + "/boto3.json";
    Boto3(fmt::format(R"(import datetime, json
from botocore import xform_name
def clean(o):
    if isinstance(o, dict):
        return {{k: clean(v) for k, v in o.items() if k != 'ResponseMetadata'}}
    if isinstance(o, list):
        return [clean(v) for v in o]
    if isinstance(o, datetime.datetime):
        return '{}'
    return o
out = []
for service, operation, params in json.loads(r'''{}'''):
    out.append(clean(getattr(client(service), xform_name(operation))(**params)))
with open(r'''{}''', 'w') as f:
    json.dump(out, f)
)",
                      kTimestamp, cases.dump(), path));
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return json::parse(text.str(), nullptr, false);
  }

  void ExpectBerthMatchesBoto3(const std::string& when) {
    json boto = Boto3Answers();
    ASSERT_TRUE(boto.is_array() && boto.size() == Cases().size()) << boto.dump();
    for (size_t i = 0; i < Cases().size(); ++i) {
      const Case& c = Cases()[i];
      json berth = BerthApi(c);
      std::vector<std::string> diffs;
      Compare(boto[i], berth, c.service + "." + c.operation, &diffs);
      for (const std::string& d : diffs) ADD_FAILURE() << when << ": " << d;
      std::cout << "[ query shapes ] " << when << " " << c.service << " " << c.operation << ": "
                << (diffs.empty() ? "same as boto3" : "differs") << "\n";
    }
  }

  TempHome home_;
  EnvMap env_;
};

TEST_F(MotoQueryShapes, EmptyListsAreEmptyArraysAsBoto3HasThem) {
  json groups = BerthApi(Cases()[0]);
  ASSERT_TRUE(groups.contains("TargetGroups")) << groups.dump();
  EXPECT_EQ(groups["TargetGroups"], json::array()) << "moto's empty <TargetGroups/> must not come out as \"\"";
  ExpectBerthMatchesBoto3("empty account");
}

TEST_F(MotoQueryShapes, BerthsJsonIsBoto3sDocumentForEveryCase) {
  Boto3(R"(import json
ec2 = client('ec2')
subnets = ec2.describe_subnets()['Subnets']
elb = client('elbv2')
elb.create_load_balancer(Name='web', Subnets=[subnets[0]['SubnetId'], subnets[1]['SubnetId']])
elb.create_target_group(Name='blue', Protocol='HTTP', Port=80, VpcId=subnets[0]['VpcId'], TargetType='ip',
                        HealthCheckPath='/health')
client('cloudwatch').put_metric_alarm(
    AlarmName='5xx', MetricName='HTTPCode_Target_5XX_Count', Namespace='AWS/ApplicationELB', Statistic='Sum',
    Period=60, EvaluationPeriods=3, Threshold=5.5, ComparisonOperator='GreaterThanThreshold',
    Dimensions=[{'Name': 'TargetGroup', 'Value': 'targetgroup/blue/1'}])
client('cloudformation').create_stack(
    StackName='web', TemplateBody=json.dumps({'Resources': {'Queue': {'Type': 'AWS::SQS::Queue'}}}))
)");
  ExpectBerthMatchesBoto3("one of each");
  json groups = BerthApi(Cases()[0]);
  ASSERT_EQ(groups["TargetGroups"].size(), 1u) << groups.dump();
  EXPECT_EQ(groups["TargetGroups"][0]["Port"], 80);
  EXPECT_EQ(groups["TargetGroups"][0]["LoadBalancerArns"], json::array());
}

}  // namespace
}  // namespace berth::testing
