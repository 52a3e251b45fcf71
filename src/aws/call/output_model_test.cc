// Query-protocol XML turned into JSON by the output shapes of botocore's
// model: the models built into berth (ELBv2, CloudFormation, CloudWatch,
// STS) on answers as those services send them, and a small model of our own
// for the XML forms those four do not use (locationName, flattened lists and
// maps).
#include "aws/call/output_model.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "aws/call/protocol_query.h"
#include "aws/call/service.h"

namespace berth::aws {
namespace {

Json Decode(const char* service, const std::string& operation, const std::string& result_xml) {
  http::Response response{200,
                          {},
                          "<" + operation + "Response><" + operation + "Result>" + result_xml + "</" + operation +
                              "Result><ResponseMetadata><RequestId>req-1</RequestId>" + "</ResponseMetadata></" +
                              operation + "Response>"};
  auto out = DecodeQueryResponse(*FindService(service), operation, response);
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  return out.ok() ? *out : Json();
}

TEST(OutputModelTest, TheFourQueryServicesHaveBuiltInModelsAndOthersNone) {
  for (const char* service : {"elbv2", "cloudformation", "cloudwatch", "sts"}) {
    const OutputModel* model = OutputModel::ForService(service);
    ASSERT_NE(model, nullptr) << service;
    EXPECT_EQ(OutputModel::ForService(service), model) << "parsed once";
  }
  const OutputModel* elbv2 = OutputModel::ForService("elbv2");
  const OutputModel::Operation* op = elbv2->FindOperation("DescribeTargetGroups");
  ASSERT_NE(op, nullptr);
  EXPECT_EQ(op->result_element, "DescribeTargetGroupsResult");
  const OutputModel::Shape* output = elbv2->FindShape(op->shape);
  ASSERT_NE(output, nullptr);
  EXPECT_EQ(output->type, "structure");
  ASSERT_TRUE(output->members.count("TargetGroups"));
  EXPECT_EQ(elbv2->FindShape(output->members.at("TargetGroups").shape)->type, "list");
  EXPECT_EQ(OutputModel::ForService("ecs"), nullptr);  // JSON protocol: typed already
  EXPECT_EQ(elbv2->FindOperation("DescribeTargetGroupz"), nullptr);
}

TEST(OutputModelTest, AnEmptyListIsAnEmptyArrayNotAnEmptyString) {
  EXPECT_EQ(Decode("elbv2", "DescribeTargetGroups", "<TargetGroups/>")["TargetGroups"], Json::array());
  EXPECT_EQ(Decode("elbv2", "DescribeTargetGroups", "<TargetGroups></TargetGroups>")["TargetGroups"], Json::array());
  EXPECT_EQ(Decode("elbv2", "DescribeTargetGroups", "<TargetGroups>\n  </TargetGroups>")["TargetGroups"],
            Json::array());
  Json alarms = Decode("cloudwatch", "DescribeAlarms", "<MetricAlarms/><CompositeAlarms/>");
  EXPECT_EQ(alarms["MetricAlarms"], Json::array());
  EXPECT_EQ(alarms["CompositeAlarms"], Json::array());
  Json stacks = Decode("cloudformation", "DescribeStacks", "<Stacks/>");
  EXPECT_EQ(stacks["Stacks"], Json::array());
  EXPECT_EQ(stacks["ResponseMetadata"]["RequestId"], "req-1");
  // A member the answer leaves out stays out, as botocore has it.
  EXPECT_FALSE(Decode("elbv2", "DescribeTargetGroups", "").contains("TargetGroups"));
}

TEST(OutputModelTest, AOneElementListIsAnArrayOfOne) {
  Json out = Decode("elbv2", "DescribeTargetGroups",
                    "<TargetGroups><member><TargetGroupName>blue</TargetGroupName>"
                    "<LoadBalancerArns><member>arn:lb/1</member></LoadBalancerArns></member></TargetGroups>");
  ASSERT_TRUE(out["TargetGroups"].is_array());
  ASSERT_EQ(out["TargetGroups"].size(), 1u);
  EXPECT_EQ(out["TargetGroups"][0]["TargetGroupName"], "blue");
  EXPECT_EQ(out["TargetGroups"][0]["LoadBalancerArns"], Json::array({"arn:lb/1"}));
}

TEST(OutputModelTest, NumbersAndBooleansHaveTheirTypesAndTimestampsStayStrings) {
  Json tg = Decode("elbv2", "DescribeTargetGroups",
                   "<TargetGroups><member><Port>8080</Port><HealthCheckEnabled>true</HealthCheckEnabled>"
                   "<HealthCheckIntervalSeconds>30</HealthCheckIntervalSeconds><LoadBalancerArns/>"
                   "<Matcher><HttpCode>200</HttpCode></Matcher></member></TargetGroups>")["TargetGroups"][0];
  EXPECT_EQ(tg["Port"], 8080);
  EXPECT_EQ(tg["HealthCheckEnabled"], true);
  EXPECT_EQ(tg["HealthCheckIntervalSeconds"], 30);
  EXPECT_EQ(tg["LoadBalancerArns"], Json::array());
  EXPECT_EQ(tg["Matcher"]["HttpCode"], "200");  // a string shape, though it looks like a number

  Json alarm = Decode("cloudwatch", "DescribeAlarms",
                      "<MetricAlarms><member><AlarmName>5xx</AlarmName><Threshold>5.5</Threshold>"
                      "<EvaluationPeriods>3</EvaluationPeriods><ActionsEnabled>false</ActionsEnabled>"
                      "<StateUpdatedTimestamp>2024-05-01T10:00:00.000Z</StateUpdatedTimestamp>"
                      "<OKActions/><Dimensions><member><Name>TargetGroup</Name><Value>tg/1</Value></member>"
                      "</Dimensions></member></MetricAlarms>")["MetricAlarms"][0];
  EXPECT_EQ(alarm["Threshold"], 5.5);
  EXPECT_EQ(alarm["EvaluationPeriods"], 3);
  EXPECT_EQ(alarm["ActionsEnabled"], false);
  EXPECT_EQ(alarm["StateUpdatedTimestamp"], "2024-05-01T10:00:00.000Z");
  EXPECT_EQ(alarm["OKActions"], Json::array());
  EXPECT_EQ(alarm["Dimensions"][0]["Value"], "tg/1");

  Json data = Decode("cloudwatch", "GetMetricData",
                     "<MetricDataResults><member><Id>e</Id><Timestamps><member>2024-05-01T10:00:00Z</member>"
                     "</Timestamps><Values><member>1.0E-4</member></Values><StatusCode>Complete</StatusCode>"
                     "</member></MetricDataResults>");
  EXPECT_EQ(data["MetricDataResults"][0]["Values"][0], 0.0001);
  EXPECT_EQ(data["MetricDataResults"][0]["Timestamps"], Json::array({"2024-05-01T10:00:00Z"}));

  Json role = Decode("sts", "AssumeRole",
                     "<Credentials><AccessKeyId>ASIA</AccessKeyId><Expiration>2024-05-01T11:00:00Z</Expiration>"
                     "</Credentials><PackedPolicySize>6</PackedPolicySize>");
  EXPECT_EQ(role["PackedPolicySize"], 6);
  EXPECT_EQ(role["Credentials"]["Expiration"], "2024-05-01T11:00:00Z");
}

TEST(OutputModelTest, ValuesThatDoNotParseAsTheirTypeStayTheStringsTheyWere) {
  Json tg = Decode("elbv2", "DescribeTargetGroups",
                   "<TargetGroups><member><Port>eighty</Port><HealthCheckEnabled>yes</HealthCheckEnabled>"
                   "<HealthCheckIntervalSeconds></HealthCheckIntervalSeconds><HealthyThresholdCount>3.5"
                   "</HealthyThresholdCount></member></TargetGroups>")["TargetGroups"][0];
  EXPECT_EQ(tg["Port"], "eighty");
  EXPECT_EQ(tg["HealthCheckEnabled"], "yes");
  EXPECT_EQ(tg["HealthCheckIntervalSeconds"], "");
  EXPECT_EQ(tg["HealthyThresholdCount"], "3.5");
  Json alarm = Decode("cloudwatch", "DescribeAlarms",
                      "<MetricAlarms><member><Threshold>NaN</Threshold></member>"
                      "</MetricAlarms>")["MetricAlarms"][0];
  EXPECT_EQ(alarm["Threshold"], "NaN");  // JSON has no NaN
}

TEST(OutputModelTest, MembersAndOperationsTheModelDoesNotKnowKeepTheGenericConversion) {
  Json tg = Decode("elbv2", "DescribeTargetGroups",
                   "<TargetGroups><member><Port>80</Port><NewerCount>3</NewerCount><NewerList/>"
                   "<NewerItems><member>a</member></NewerItems></member></TargetGroups>")["TargetGroups"][0];
  EXPECT_EQ(tg["Port"], 80);
  EXPECT_EQ(tg["NewerCount"], "3");
  EXPECT_EQ(tg["NewerList"], "");
  EXPECT_EQ(tg["NewerItems"], Json::array({"a"}));
  Json unknown = Decode("elbv2", "DescribeFutureThings", "<Things><member><Count>2</Count></member></Things>");
  EXPECT_EQ(unknown["Things"][0]["Count"], "2");
  EXPECT_EQ(unknown["ResponseMetadata"]["RequestId"], "req-1");
}

// The XML forms botocore's query models can describe and the four services
// berth calls do not use today.
const char* kModel = R"({
  "operations": {"Op": {"shape": "Out", "result": "OpResult"}},
  "shapes": {
    "Out": {"type": "structure", "members": {
      "Renamed": {"shape": "Int", "name": "renamedElement"},
      "Items": "FlatList",
      "Named": "NamedList",
      "Tags": "Map",
      "Flat": {"shape": "FlatMap", "name": "Attr"},
      "Child": "Out",
      "When": "Time",
      "Ratio": "Float",
      "Big": "Long",
      "Data": "Blob"}},
    "FlatList": {"type": "list", "member": "Int", "name": "item", "flattened": true},
    "NamedList": {"type": "list", "member": "Str", "name": "Item"},
    "Map": {"type": "map", "key": "Str", "value": "Int"},
    "FlatMap": {"type": "map", "key": "Str", "value": "Str", "key_name": "Name", "value_name": "Value",
                "flattened": true},
    "Int": {"type": "integer"}, "Long": {"type": "long"}, "Float": {"type": "float"},
    "Str": {"type": "string"}, "Time": {"type": "timestamp"}, "Blob": {"type": "blob"}}})";

TEST(OutputModelTest, LocationNamesFlattenedListsAndMapsAndNestingFollowTheModel) {
  auto model = OutputModel::Parse(kModel);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  auto out = XmlElementToJson(R"(<OpResult>
      <renamedElement>7</renamedElement>
      <item>1</item><item>2</item>
      <Named><Item>a</Item><Item>b</Item></Named>
      <Tags><entry><key>x</key><value>1</value></entry><entry><key>y</key><value>2</value></entry></Tags>
      <Attr><Name>k1</Name><Value>v1</Value></Attr><Attr><Name>k2</Name><Value>v2</Value></Attr>
      <Child><item>3</item><Named/><Tags/><Child><Big>9007199254740993</Big></Child></Child>
      <When>2024-05-01T10:00:00Z</When><Ratio>0.25</Ratio><Data>aGk=</Data>
    </OpResult>)",
                              *model, "Out");
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(*out, Json::parse(R"({
    "Renamed": 7, "Items": [1, 2], "Named": ["a", "b"], "Tags": {"x": 1, "y": 2},
    "Flat": {"k1": "v1", "k2": "v2"},
    "Child": {"Items": [3], "Named": [], "Tags": {}, "Child": {"Big": 9007199254740993}},
    "When": "2024-05-01T10:00:00Z", "Ratio": 0.25, "Data": "aGk="})"));
  // A shape the model lacks is converted generically.
  auto generic = XmlElementToJson("<X><member>1</member></X>", *model, "Missing");
  ASSERT_TRUE(generic.ok());
  EXPECT_EQ(*generic, Json::array({"1"}));
}

TEST(OutputModelTest, AMalformedModelIsRefused) {
  EXPECT_FALSE(OutputModel::Parse("not json").ok());
  EXPECT_FALSE(OutputModel::Parse(R"({"operations": []})").ok());
  EXPECT_FALSE(OutputModel::Parse(R"({"operations": {"Op": 1}, "shapes": {}})").ok());
}

}  // namespace
}  // namespace berth::aws
