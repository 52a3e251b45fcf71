// The simulated ELBv2 over real HTTP on 127.0.0.1 port 0 with signed query
// requests: rules with weighted forwards and AWS's validation errors,
// pagination, target health on simulated time, the ECS hook, throttling.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "http/transport.h"
#include "http/url.h"
#include "sim/ecs/api.h"
#include "sim/elbv2/api.h"
#include "support/sim_fixture.h"

namespace berth::sim {
namespace {

class Elbv2SimTest : public testing::SimFixture {
 protected:
  void SetUp() override { StartSimulator(); }

  struct Reply {
    int status = 0;
    pugi::xml_document doc;
    std::string body;
    std::string Text(const char* xpath) const { return doc.select_node(xpath).node().text().as_string(); }
  };
  std::unique_ptr<Reply> Call(const std::string& action,
                              const std::vector<std::pair<std::string, std::string>>& params) {
    std::string form = "Action=" + action + "&Version=2015-12-01";
    for (const auto& [k, v] : params) form += "&" + http::UriEncode(k) + "=" + http::UriEncode(v);
    http::Response res = CallQuery(form, "elasticloadbalancing");
    auto r = std::make_unique<Reply>();
    r->status = res.status;
    r->body = res.body;
    r->doc.load_string(res.body.c_str());
    return r;
  }
  std::string MakeTargetGroup(const std::string& name) {
    auto r = Call("CreateTargetGroup", {{"Name", name},
                                        {"Protocol", "HTTP"},
                                        {"Port", "8080"},
                                        {"VpcId", "vpc-1"},
                                        {"TargetType", "ip"},
                                        {"HealthCheckIntervalSeconds", "10"},
                                        {"HealthyThresholdCount", "3"}});
    EXPECT_EQ(r->status, 200) << r->body;
    return r->Text("//TargetGroups/member/TargetGroupArn");
  }
  std::string MakeListener(const std::string& tg) {
    auto lb = Call("CreateLoadBalancer",
                   {{"Name", "alb"}, {"Subnets.member.1", "subnet-a"}, {"Subnets.member.2", "subnet-b"}});
    EXPECT_EQ(lb->status, 200) << lb->body;
    auto l = Call("CreateListener", {{"LoadBalancerArn", lb->Text("//LoadBalancerArn")},
                                     {"Protocol", "HTTP"},
                                     {"Port", "80"},
                                     {"DefaultActions.member.1.Type", "forward"},
                                     {"DefaultActions.member.1.TargetGroupArn", tg}});
    EXPECT_EQ(l->status, 200) << l->body;
    return l->Text("//Listeners/member/ListenerArn");
  }
  void Advance(int seconds) { SimFixture::Advance(std::chrono::seconds(seconds)); }
};

TEST_F(Elbv2SimTest, ResponsesUseTheQueryEnvelopeWithTheElbNamespace) {
  auto r = Call("DescribeLoadBalancers", {});
  ASSERT_EQ(r->status, 200) << r->body;
  auto root = r->doc.document_element();
  EXPECT_STREQ(root.name(), "DescribeLoadBalancersResponse");
  EXPECT_STREQ(root.attribute("xmlns").value(), kElbv2Xmlns);
  EXPECT_FALSE(r->Text("//ResponseMetadata/RequestId").empty());
}

TEST_F(Elbv2SimTest, WeightedForwardRuleRoundTripsAndModifyRuleReplacesActions) {
  std::string blue = MakeTargetGroup("blue"), green = MakeTargetGroup("green");
  std::string listener = MakeListener(blue);
  auto rule = Call("CreateRule", {{"ListenerArn", listener},
                                  {"Priority", "10"},
                                  {"Conditions.member.1.Field", "path-pattern"},
                                  {"Conditions.member.1.PathPatternConfig.Values.member.1", "/api/*"},
                                  {"Conditions.member.2.Field", "http-header"},
                                  {"Conditions.member.2.HttpHeaderConfig.HttpHeaderName", "X-Canary"},
                                  {"Conditions.member.2.HttpHeaderConfig.Values.member.1", "yes"},
                                  {"Actions.member.1.Type", "forward"},
                                  {"Actions.member.1.ForwardConfig.TargetGroups.member.1.TargetGroupArn", blue},
                                  {"Actions.member.1.ForwardConfig.TargetGroups.member.1.Weight", "90"},
                                  {"Actions.member.1.ForwardConfig.TargetGroups.member.2.TargetGroupArn", green},
                                  {"Actions.member.1.ForwardConfig.TargetGroups.member.2.Weight", "10"}});
  ASSERT_EQ(rule->status, 200) << rule->body;
  std::string rule_arn = rule->Text("//Rules/member/RuleArn");
  EXPECT_EQ(rule->Text("//Rules/member/Conditions/member/PathPatternConfig/Values/member"), "/api/*");
  auto mod = Call("ModifyRule", {{"RuleArn", rule_arn},
                                 {"Actions.member.1.Type", "forward"},
                                 {"Actions.member.1.ForwardConfig.TargetGroups.member.1.TargetGroupArn", blue},
                                 {"Actions.member.1.ForwardConfig.TargetGroups.member.1.Weight", "0"},
                                 {"Actions.member.1.ForwardConfig.TargetGroups.member.2.TargetGroupArn", green},
                                 {"Actions.member.1.ForwardConfig.TargetGroups.member.2.Weight", "100"}});
  ASSERT_EQ(mod->status, 200) << mod->body;
  auto rules = Call("DescribeRules", {{"ListenerArn", listener}});
  auto members = rules->doc.select_nodes("//Rules/member");
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(std::string(members[0].node().child("Priority").text().as_string()), "10");
  EXPECT_EQ(std::string(members[1].node().child("IsDefault").text().as_string()), "true");
  auto weights =
      rules->doc.select_nodes("//Rules/member[Priority='10']/Actions/member/ForwardConfig/TargetGroups/member/Weight");
  ASSERT_EQ(weights.size(), 2u);
  EXPECT_EQ(std::string(weights[0].node().text().as_string()), "0");
  EXPECT_EQ(std::string(weights[1].node().text().as_string()), "100");
}

TEST_F(Elbv2SimTest, ValidationErrorsUseAwsCodes) {
  std::string tg = MakeTargetGroup("blue");
  std::string listener = MakeListener(tg);
  std::vector<std::pair<std::string, std::string>> base = {{"ListenerArn", listener},
                                                           {"Priority", "5"},
                                                           {"Conditions.member.1.Field", "host-header"},
                                                           {"Conditions.member.1.Values.member.1", "a.example.com"},
                                                           {"Actions.member.1.Type", "forward"}};
  auto heavy = base;
  heavy.push_back({"Actions.member.1.ForwardConfig.TargetGroups.member.1.TargetGroupArn", tg});
  heavy.push_back({"Actions.member.1.ForwardConfig.TargetGroups.member.1.Weight", "1000"});
  auto r = Call("CreateRule", heavy);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->Text("//Error/Code"), "ValidationError");
  EXPECT_EQ(r->Text("//Error/Type"), "Sender");

  auto many = base;
  for (int i = 1; i <= 6; ++i) {
    std::string arn = MakeTargetGroup("tg" + std::to_string(i));
    many.push_back(
        {"Actions.member.1.ForwardConfig.TargetGroups.member." + std::to_string(i) + ".TargetGroupArn", arn});
  }
  EXPECT_EQ(Call("CreateRule", many)->Text("//Error/Code"), "TooManyTargetGroups");

  auto missing = base;
  missing.push_back({"Actions.member.1.TargetGroupArn", tg + "x"});
  EXPECT_EQ(Call("CreateRule", missing)->Text("//Error/Code"), "TargetGroupNotFound");

  auto ok = base;
  ok.push_back({"Actions.member.1.TargetGroupArn", tg});
  EXPECT_EQ(Call("CreateRule", ok)->status, 200);
  EXPECT_EQ(Call("CreateRule", ok)->Text("//Error/Code"), "PriorityInUse");
  EXPECT_EQ(Call("DescribeListeners", {{"ListenerArns.member.1", listener + "x"}})->Text("//Error/Code"),
            "ListenerNotFound");
  EXPECT_EQ(
      Call("DeleteRule", {{"RuleArn", "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/x/1/2/3"}})
          ->Text("//Error/Code"),
      "RuleNotFound");
}

TEST_F(Elbv2SimTest, DescribeTargetGroupsPaginatesWithMarker) {
  for (int i = 0; i < 5; ++i) MakeTargetGroup("tg" + std::to_string(i));
  std::vector<std::string> names;
  std::string marker;
  int pages = 0;
  do {
    std::vector<std::pair<std::string, std::string>> p = {{"PageSize", "2"}};
    if (!marker.empty()) p.push_back({"Marker", marker});
    auto r = Call("DescribeTargetGroups", p);
    ASSERT_EQ(r->status, 200) << r->body;
    for (auto n : r->doc.select_nodes("//TargetGroups/member/TargetGroupName"))
      names.push_back(n.node().text().as_string());
    marker = r->Text("//NextMarker");
    ++pages;
  } while (!marker.empty());
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(names, (std::vector<std::string>{"tg0", "tg1", "tg2", "tg3", "tg4"}));
}

TEST_F(Elbv2SimTest, TargetHealthMovesFromInitialToHealthyThenDrainsOnDeregistration) {
  std::string tg = MakeTargetGroup("blue");
  auto reg = Call("RegisterTargets", {{"TargetGroupArn", tg}, {"Targets.member.1.Id", "10.0.0.5"}});
  ASSERT_EQ(reg->status, 200) << reg->body;
  EXPECT_EQ(Call("DescribeTargetHealth", {{"TargetGroupArn", tg}})->Text("//TargetHealth/Reason"), "Target.NotInUse");
  MakeListener(tg);
  auto h = Call("DescribeTargetHealth", {{"TargetGroupArn", tg}});
  EXPECT_EQ(h->Text("//TargetHealth/State"), "initial");
  EXPECT_EQ(h->Text("//TargetHealth/Reason"), "Elb.RegistrationInProgress");
  Advance(10);  // one passing check, one 10 s interval after registration (not 3 x 10 s)
  EXPECT_EQ(Call("DescribeTargetHealth", {{"TargetGroupArn", tg}})->Text("//TargetHealth/State"), "healthy");
  Call("DeregisterTargets", {{"TargetGroupArn", tg}, {"Targets.member.1.Id", "10.0.0.5"}});
  auto d = Call("DescribeTargetHealth", {{"TargetGroupArn", tg}});
  EXPECT_EQ(d->Text("//TargetHealth/State"), "draining");
  EXPECT_EQ(d->Text("//TargetHealth/Reason"), "Target.DeregistrationInProgress");
  Advance(300);
  EXPECT_EQ(Call("DescribeTargetHealth", {{"TargetGroupArn", tg}})
                ->doc.select_nodes("//TargetHealthDescriptions/member")
                .size(),
            0u);
  auto probe = Call("DescribeTargetHealth", {{"TargetGroupArn", tg}, {"Targets.member.1.Id", "10.0.0.5"}});
  EXPECT_EQ(probe->Text("//TargetHealth/Reason"), "Target.NotRegistered");
}

TEST_F(Elbv2SimTest, EcsServiceTasksAreRegisteredAndFailingImagesTurnUnhealthy) {
  std::string tg = MakeTargetGroup("web");
  MakeListener(tg);
  {
    auto lock = sim_->world().Lock();
    World& w = sim_->world();
    w.SetImageBehaviour("bad", ImageBehaviour{ImageBehaviour::Kind::kFailHealthChecks});
    RequestContext ctx;
    HandleEcs(w, "CreateCluster", Json{{"clusterName", "c"}}, ctx);
    HandleEcs(w, "RegisterTaskDefinition",
              Json{{"family", "web"},
                   {"networkMode", "awsvpc"},
                   {"requiresCompatibilities", {"FARGATE"}},
                   {"cpu", "256"},
                   {"memory", "512"},
                   {"containerDefinitions",
                    {{{"name", "web"},
                      {"image", "good"},
                      {"essential", true},
                      {"portMappings", {{{"containerPort", 8080}}}}}}}},
              ctx);
    HandleEcs(w, "CreateService",
              Json{{"cluster", "c"},
                   {"serviceName", "web"},
                   {"taskDefinition", "web"},
                   {"desiredCount", 2},
                   {"launchType", "FARGATE"},
                   {"loadBalancers", {{{"targetGroupArn", tg}, {"containerName", "web"}, {"containerPort", 8080}}}},
                   {"networkConfiguration", {{"awsvpcConfiguration", {{"subnets", {"subnet-a"}}}}}}},
              ctx);
  }
  Advance(20);  // provisioning + pending
  auto h = Call("DescribeTargetHealth", {{"TargetGroupArn", tg}});
  ASSERT_EQ(h->doc.select_nodes("//TargetHealthDescriptions/member").size(), 2u) << h->body;
  EXPECT_EQ(h->Text("//Target/Port"), "8080");
  Advance(40);
  for (auto s : Call("DescribeTargetHealth", {{"TargetGroupArn", tg}})->doc.select_nodes("//TargetHealth/State"))
    EXPECT_STREQ(s.node().text().as_string(), "healthy");
  // Scaling in drains a target for the deregistration delay.
  {
    auto lock = sim_->world().Lock();
    HandleEcs(sim_->world(), "UpdateService", Json{{"cluster", "c"}, {"service", "web"}, {"desiredCount", 1}},
              RequestContext{});
  }
  Advance(2);
  auto after = Call("DescribeTargetHealth", {{"TargetGroupArn", tg}});
  EXPECT_EQ(after->doc.select_nodes("//TargetHealth[State='draining']").size(), 1u) << after->body;
}

TEST_F(Elbv2SimTest, MutationsBeyondTheCategoryBucketAreThrottled) {
  std::string tg = MakeTargetGroup("blue");
  int throttled = 0;
  for (int i = 0; i < 25; ++i) {
    auto r = Call("AddTags", {{"ResourceArns.member.1", tg}, {"Tags.member.1.Key", "k"}, {"Tags.member.1.Value", "v"}});
    if (r->status == 400 && r->Text("//Error/Code") == "Throttling") ++throttled;
  }
  EXPECT_GE(throttled, 5);  // bucket of 20 (one token went to CreateTargetGroup), no refill on a manual clock
}

TEST_F(Elbv2SimTest, EcsWaitsForTheTargetGroupHealthChecksBeforeCountingATaskHealthy) {
  // AWS's defaults: a check every 30 s; a new target is healthy after the first
  // passing one (target-group-health-checks.html), 30 s after registration.
  auto created =
      Call("CreateTargetGroup",
           {{"Name", "slow"}, {"Protocol", "HTTP"}, {"Port", "8080"}, {"VpcId", "vpc-1"}, {"TargetType", "ip"}});
  std::string tg = created->Text("//TargetGroups/member/TargetGroupArn");
  MakeListener(tg);
  auto rollout = [&] {
    auto lock = sim_->world().Lock();
    Json out =
        HandleEcs(sim_->world(), "DescribeServices", Json{{"cluster", "c"}, {"services", {"web"}}}, RequestContext{});
    return out["services"][0]["deployments"][0]["rolloutState"].get<std::string>();
  };
  {
    auto lock = sim_->world().Lock();
    World& w = sim_->world();
    RequestContext ctx;
    HandleEcs(w, "CreateCluster", Json{{"clusterName", "c"}}, ctx);
    HandleEcs(w, "RegisterTaskDefinition",
              Json{{"family", "web"},
                   {"networkMode", "awsvpc"},
                   {"containerDefinitions",
                    {{{"name", "web"},
                      {"image", "good"},
                      {"essential", true},
                      {"portMappings", {{{"containerPort", 8080}}}}}}}},
              ctx);
    HandleEcs(w, "CreateService",
              Json{{"cluster", "c"},
                   {"serviceName", "web"},
                   {"taskDefinition", "web"},
                   {"desiredCount", 1},
                   {"launchType", "FARGATE"},
                   {"loadBalancers", {{{"targetGroupArn", tg}, {"containerName", "web"}, {"containerPort", 8080}}}},
                   {"networkConfiguration", {{"awsvpcConfiguration", {{"subnets", {"subnet-a"}}}}}}},
              ctx);
  }
  Advance(40);  // running and registered since 13 s; the first check is at 43 s
  EXPECT_EQ(Call("DescribeTargetHealth", {{"TargetGroupArn", tg}})->Text("//TargetHealth/State"), "initial");
  EXPECT_EQ(rollout(), "IN_PROGRESS");
  Advance(20);  // 60 s: the target passed its first check (and ECS's own 40 s are over)
  EXPECT_EQ(Call("DescribeTargetHealth", {{"TargetGroupArn", tg}})->Text("//TargetHealth/State"), "healthy");
  EXPECT_EQ(rollout(), "COMPLETED");
}

}  // namespace
}  // namespace berth::sim
