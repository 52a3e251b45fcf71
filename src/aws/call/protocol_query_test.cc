#include "aws/call/protocol_query.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "aws/call/protocol_json.h"

namespace berth::aws {
namespace {

const ServiceInfo& Elbv2() {
  return *FindService("elbv2");
}
const ServiceInfo& Ecs() {
  return *FindService("ecs");
}

TEST(QueryProtocolTest, EncodesListsAsOneBasedMembersAndStructsWithDots) {
  Json input = Json::parse(R"({
    "RuleArn": "arn:aws:elasticloadbalancing:rule/1",
    "Actions": [{"Type": "forward", "ForwardConfig": {
      "TargetGroups": [{"TargetGroupArn": "arn:tg/blue", "Weight": 90},
                       {"TargetGroupArn": "arn:tg/green", "Weight": 10}],
      "TargetGroupStickinessConfig": {"Enabled": true, "DurationSeconds": 300}}}],
    "Missing": null
  })");
  EXPECT_EQ(EncodeQueryBody("ModifyRule", "2015-12-01", input),
            "Action=ModifyRule&Version=2015-12-01&RuleArn=arn%3Aaws%3Aelasticloadbalancing%3Arule%2F1"
            "&Actions.member.1.Type=forward"
            "&Actions.member.1.ForwardConfig.TargetGroups.member.1.TargetGroupArn=arn%3Atg%2Fblue"
            "&Actions.member.1.ForwardConfig.TargetGroups.member.1.Weight=90"
            "&Actions.member.1.ForwardConfig.TargetGroups.member.2.TargetGroupArn=arn%3Atg%2Fgreen"
            "&Actions.member.1.ForwardConfig.TargetGroups.member.2.Weight=10"
            "&Actions.member.1.ForwardConfig.TargetGroupStickinessConfig.Enabled=true"
            "&Actions.member.1.ForwardConfig.TargetGroupStickinessConfig.DurationSeconds=300");
}

TEST(QueryProtocolTest, EncodesScalarListsAndEmptyLists) {
  Json input = Json::parse(R"({"AlarmNames": ["a1", "a 2"], "Names": [], "Flag": false})");
  EXPECT_EQ(EncodeQueryBody("DescribeAlarms", "2010-08-01", input),
            "Action=DescribeAlarms&Version=2010-08-01&AlarmNames.member.1=a1&AlarmNames.member.2=a%202"
            "&Names=&Flag=false");
}

TEST(QueryProtocolTest, RequestHasFormContentType) {
  http::Request r;
  EncodeQueryRequest(Elbv2(), "DescribeRules", Json::object(), r);
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(*http::FindHeader(r.headers, "content-type"), "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_EQ(r.body, "Action=DescribeRules&Version=2015-12-01");
}

TEST(QueryProtocolTest, DecodesResultFollowingTheOutputShape) {
  http::Response resp;
  resp.status = 200;
  resp.body = R"(<DescribeTargetHealthResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
  <DescribeTargetHealthResult>
    <TargetHealthDescriptions>
      <member>
        <Target><Id>10.0.0.1</Id><Port>80</Port></Target>
        <TargetHealth><State>healthy</State></TargetHealth>
      </member>
      <member>
        <Target><Id>10.0.0.2</Id><Port>80</Port></Target>
        <TargetHealth><State>draining</State><Reason>Target.DeregistrationInProgress</Reason></TargetHealth>
      </member>
    </TargetHealthDescriptions>
    <NextMarker></NextMarker>
  </DescribeTargetHealthResult>
  <ResponseMetadata><RequestId>req-42</RequestId></ResponseMetadata>
</DescribeTargetHealthResponse>)";
  auto out = DecodeQueryResponse(Elbv2(), "DescribeTargetHealth", resp);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const Json& d = *out;
  ASSERT_TRUE(d["TargetHealthDescriptions"].is_array());
  ASSERT_EQ(d["TargetHealthDescriptions"].size(), 2u);
  EXPECT_EQ(d["TargetHealthDescriptions"][0]["Target"]["Port"], 80);  // an integer in the model
  EXPECT_EQ(d["TargetHealthDescriptions"][1]["TargetHealth"]["State"], "draining");
  EXPECT_EQ(d["NextMarker"], "");
  EXPECT_EQ(d["ResponseMetadata"]["RequestId"], "req-42");
}

TEST(QueryProtocolTest, ResponseWithoutResultStillHasTheRequestId) {
  http::Response resp{200,
                      {},
                      "<ModifyRuleResponse><ResponseMetadata><RequestId>r1</RequestId>"
                      "</ResponseMetadata></ModifyRuleResponse>"};
  auto out = DecodeQueryResponse(Elbv2(), "ModifyRule", resp);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ((*out)["ResponseMetadata"]["RequestId"], "r1");
}

TEST(QueryProtocolTest, TruncatedOrForeignXmlIsABadResponse) {
  http::Response truncated{200, {}, "<DescribeRulesResponse><DescribeRulesResult><Rules><mem"};
  EXPECT_EQ(DecodeQueryResponse(Elbv2(), "DescribeRules", truncated).status().code(), StatusCode::kBadResponse);
  http::Response html{200, {{"Content-Type", "text/html"}}, "<html><body>Login to the proxy</body></html>"};
  auto out = DecodeQueryResponse(Elbv2(), "DescribeRules", html);
  EXPECT_EQ(out.status().code(), StatusCode::kBadResponse);
  EXPECT_NE(out.status().message().find("proxy"), std::string::npos);
}

TEST(QueryProtocolTest, GenericConversionMakesRepeatedSiblingNamesAnArray) {
  auto out = XmlElementToJson("<R><Item>a</Item><Item>b</Item><Item>c</Item><One>x</One></R>");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ((*out)["Item"], Json::parse(R"(["a","b","c"])"));
  EXPECT_EQ((*out)["One"], "x");
}

TEST(JsonProtocolTest, RequestHasTargetContentTypeAndAtLeastAnEmptyObject) {
  http::Request r;
  EncodeJsonRequest(Ecs(), "ListClusters", Json(), r);
  EXPECT_EQ(*http::FindHeader(r.headers, "X-Amz-Target"), "AmazonEC2ContainerServiceV20141113.ListClusters");
  EXPECT_EQ(*http::FindHeader(r.headers, "Content-Type"), "application/x-amz-json-1.1");
  EXPECT_EQ(r.body, "{}");
  EncodeJsonRequest(Ecs(), "DescribeServices", Json::parse(R"({"cluster":"prod","services":["web"]})"), r);
  EXPECT_EQ(r.body, R"({"cluster":"prod","services":["web"]})");
}

TEST(JsonProtocolTest, InvalidJsonBodyIsABadResponse) {
  http::Response truncated{200, {}, R"({"services":[{"serviceName":"web")"};
  auto out = DecodeJsonResponse(Ecs(), "DescribeServices", truncated);
  EXPECT_EQ(out.status().code(), StatusCode::kBadResponse);
  EXPECT_NE(out.status().message().find("not valid JSON"), std::string::npos);
  http::Response empty{200, {}, ""};
  ASSERT_TRUE(DecodeJsonResponse(Ecs(), "DeleteThing", empty).ok());
}

}  // namespace
}  // namespace berth::aws
