// End-to-end: berth's typed clients (aws/<service>/api.h for ecs, elbv2, ecr, sts,
// cloudformation and cloudwatch) over the real AwsClient and curl transport,
// against moto's server (a mock of AWS that berth did not write). Every typed
// operation moto implements is called and its parsed result checked.
//
// moto 5.2.1 quirks worked around here: awsvpc configurations need
// securityGroups (else HTTP 500 KeyError), RunTask needs container memory,
// EC2 task sets need container instances (FARGATE used), and services come
// back without deploymentConfiguration.
//
// Operations moto 5.2.1 does not implement (checked by hand with the generic
// client; what moto answered):
//   ecs ListServiceDeployments, DescribeServiceDeployments: HTTP 500 with an
//     HTML error page (berth: kBadResponse); the test below pins it.
//
// Without moto the tests print "MOTO NOT AVAILABLE" and skip.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "aws/call/client.h"
#include "aws/call/service.h"
#include "aws/cloudformation/api.h"
#include "aws/cloudwatch/api.h"
#include "aws/ecr/api.h"
#include "aws/ecs/api.h"
#include "aws/elbv2/api.h"
#include "aws/sts/api.h"
#include "core/clock.h"
#include "core/log.h"
#include "core/strings.h"
#include "core/timestamp.h"
#include "http/transport.h"
#include "support/moto_fixture.h"

namespace berth::aws {
namespace {

using berth::testing::MotoFixture;
using berth::testing::TestCredentials;

#define ASSERT_OK_AND_ASSIGN(lhs, expr)                                                                              \
  auto BERTH_CONCAT_(r_, __LINE__) = (expr);                                                                         \
  ASSERT_TRUE(BERTH_CONCAT_(r_, __LINE__).ok()) << #expr << ": " << BERTH_CONCAT_(r_, __LINE__).status().ToString(); \
  lhs = std::move(BERTH_CONCAT_(r_, __LINE__)).value()
#define ASSERT_OK(expr)                                     \
  do {                                                      \
    auto s_ = (expr);                                       \
    ASSERT_TRUE(s_.ok()) << #expr << ": " << s_.ToString(); \
  } while (0)

class MotoE2e : public MotoFixture {
 protected:
  void SetUp() override {
    MotoFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    client_ = MotoClient();
  }

  // awsvpc networking on moto's default VPC: moto checks that the subnets and
  // security groups exist (and fails with a 500 KeyError without securityGroups).
  Json DefaultAwsvpc() {
    std::vector<std::string> parts = Boto3(
        "ec2 = client('ec2')\n"
        "print(ec2.describe_subnets()['Subnets'][0]['SubnetId'],\n"
        "      ec2.describe_security_groups()['SecurityGroups'][0]['GroupId'])\n");
    if (parts.size() != 2) return nullptr;
    return {{"awsvpcConfiguration",
             {{"subnets", {parts[0]}}, {"securityGroups", {parts[1]}}, {"assignPublicIp", "DISABLED"}}}};
  }

  std::unique_ptr<berth::testing::TestAwsClient> client_;
};

TEST_F(MotoE2e, EcsClusterTaskDefinitionServiceAndTaskLifecycle) {
  HttpEcsApi ecs(client_->aws());
  ASSERT_OK_AND_ASSIGN(EcsCluster cluster, ecs.CreateCluster({"prod", {{"team", "a"}}, {}, {}, {}}));
  EXPECT_EQ(cluster.name, "prod");
  EXPECT_EQ(cluster.status, "ACTIVE");
  ASSERT_OK_AND_ASSIGN(auto clusters, ecs.DescribeClusters({{"prod", "nope"}, true}));
  ASSERT_EQ(clusters.items.size(), 1u);
  EXPECT_EQ(clusters.items[0].arn, cluster.arn);
  ASSERT_EQ(clusters.failures.size(), 1u);
  EXPECT_EQ(clusters.failures[0].reason, "MISSING");
  ASSERT_OK_AND_ASSIGN(auto cluster_arns, ecs.ListClusters());
  EXPECT_EQ(cluster_arns, std::vector<std::string>{cluster.arn});

  Json doc = Json::parse(R"({"family": "web", "networkMode": "awsvpc",
    "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
    "containerDefinitions": [{"name": "app", "image": "nginx:1", "essential": true,
      "memory": 256, "portMappings": [{"containerPort": 80}]}]})");
  ASSERT_OK_AND_ASSIGN(EcsTaskDefinition td1, ecs.RegisterTaskDefinition({doc, {{"team", "a"}}}));
  EXPECT_EQ(td1.family, "web");
  EXPECT_EQ(td1.revision, 1);
  ASSERT_OK_AND_ASSIGN(EcsTaskDefinition described, ecs.DescribeTaskDefinition("web:1"));
  EXPECT_EQ(described.arn, td1.arn);
  EXPECT_EQ(described.tags.at("team"), "a");
  EXPECT_EQ(described.ContainerImages().at(0).second, "nginx:1");
  // Re-register what was described with a new image: revision 2.
  Json next = described.raw;
  next["containerDefinitions"][0]["image"] = "nginx:2";
  ASSERT_OK_AND_ASSIGN(EcsTaskDefinition td2, ecs.RegisterTaskDefinition({next, described.tags}));
  EXPECT_EQ(td2.revision, 2);
  ASSERT_OK_AND_ASSIGN(auto td_arns, ecs.ListTaskDefinitions({"web", "", "DESC", std::nullopt}));
  ASSERT_EQ(td_arns.size(), 2u);

  Json awsvpc = DefaultAwsvpc();
  ASSERT_FALSE(awsvpc.is_null());
  CreateServiceRequest cs;
  cs.cluster = "prod";
  cs.service_name = "web";
  cs.task_definition = td1.arn;
  cs.desired_count = 2;
  cs.launch_type = "FARGATE";
  cs.deployment_configuration = Json::parse(
      R"({"maximumPercent": 200, "minimumHealthyPercent": 50,
          "deploymentCircuitBreaker": {"enable": true, "rollback": true}})");
  cs.network_configuration = awsvpc;
  cs.tags = {{"team", "a"}};
  ASSERT_OK_AND_ASSIGN(EcsService created, ecs.CreateService(cs));
  EXPECT_EQ(created.name, "web");
  EXPECT_EQ(created.status, "ACTIVE");
  EXPECT_EQ(created.desired_count, 2);
  EXPECT_EQ(created.deployment_controller, "ECS");
  ASSERT_NE(created.PrimaryDeployment(), nullptr);
  EXPECT_EQ(created.PrimaryDeployment()->task_definition, td1.arn);

  UpdateServiceRequest us;
  us.cluster = "prod";
  us.service = "web";
  us.task_definition = td2.arn;
  us.desired_count = 3;
  ASSERT_OK_AND_ASSIGN(EcsService updated, ecs.UpdateService(us));
  EXPECT_EQ(updated.task_definition, td2.arn);
  EXPECT_EQ(updated.desired_count, 3);

  ASSERT_OK_AND_ASSIGN(auto services, ecs.DescribeServices({"prod", {"web", "ghost"}, true}));
  ASSERT_EQ(services.items.size(), 1u);
  EXPECT_EQ(services.items[0].task_definition, td2.arn);
  // moto keeps no deploymentConfiguration (it returns none), so
  // CircuitBreakerEnabled() cannot be checked here; ecs_test.cc covers it.
  ASSERT_EQ(services.failures.size(), 1u);
  EXPECT_EQ(services.failures[0].reason, "MISSING");
  ASSERT_OK_AND_ASSIGN(auto service_arns, ecs.ListServices({"prod", "", "", std::nullopt}));
  EXPECT_EQ(service_arns, std::vector<std::string>{created.arn});

  ASSERT_OK(ecs.TagResource(created.arn, {{"env", "prod"}}));
  ASSERT_OK_AND_ASSIGN(TagMap tags, ecs.ListTagsForResource(created.arn));
  EXPECT_EQ(tags.at("env"), "prod");
  ASSERT_OK(ecs.UntagResource(created.arn, {"env"}));
  ASSERT_OK_AND_ASSIGN(TagMap after, ecs.ListTagsForResource(created.arn));
  EXPECT_EQ(after.count("env"), 0u);

  // A task to list, describe and stop (RunTask is setup only: the generic call).
  Json run_input = Json::parse(R"({"cluster": "prod", "taskDefinition": "web:2",
      "launchType": "FARGATE", "startedBy": "berth-test", "count": 1})");
  run_input["networkConfiguration"] = cs.network_configuration;
  ASSERT_OK_AND_ASSIGN(Json run, client_->Call("ecs", "RunTask", run_input));
  ASSERT_EQ(run["tasks"].size(), 1u) << run.dump();
  ListTasksRequest lt;
  lt.cluster = "prod";
  ASSERT_OK_AND_ASSIGN(auto task_arns, ecs.ListTasks(lt));
  ASSERT_EQ(task_arns.size(), 1u);
  ASSERT_OK_AND_ASSIGN(auto tasks, ecs.DescribeTasks({"prod", task_arns, false}));
  ASSERT_EQ(tasks.items.size(), 1u);
  EXPECT_EQ(tasks.items[0].started_by, "berth-test");
  EXPECT_EQ(tasks.items[0].task_definition_arn, td2.arn);
  ASSERT_OK_AND_ASSIGN(EcsTask stopped, ecs.StopTask({"prod", task_arns[0], "berth test"}));
  EXPECT_EQ(stopped.desired_status, "STOPPED");
  EXPECT_EQ(stopped.stopped_reason, "berth test");

  DeleteServiceRequest del{"prod", "web", true};
  ASSERT_OK_AND_ASSIGN(EcsService deleted, ecs.DeleteService(del));
  EXPECT_EQ(deleted.arn, created.arn);
  ASSERT_OK_AND_ASSIGN(EcsTaskDefinition gone, ecs.DeregisterTaskDefinition("web:1"));
  EXPECT_EQ(gone.status, "INACTIVE");
}

TEST_F(MotoE2e, EcsExternalControllerTaskSets) {
  HttpEcsApi ecs(client_->aws());
  ASSERT_OK(ecs.CreateCluster({"prod", {}, {}, {}, {}}).status());
  Json doc = Json::parse(R"({"family": "api", "containerDefinitions":
                               [{"name": "app", "image": "api:1", "memory": 128}]})");
  ASSERT_OK(ecs.RegisterTaskDefinition({doc, {}}).status());
  doc["containerDefinitions"][0]["image"] = "api:2";
  ASSERT_OK(ecs.RegisterTaskDefinition({doc, {}}).status());
  CreateServiceRequest cs;
  cs.cluster = "prod";
  cs.service_name = "api";
  cs.desired_count = 4;
  cs.deployment_controller = "EXTERNAL";
  ASSERT_OK_AND_ASSIGN(EcsService svc, ecs.CreateService(cs));
  EXPECT_EQ(svc.deployment_controller, "EXTERNAL");

  CreateTaskSetRequest blue_req;
  blue_req.cluster = "prod";
  blue_req.service = "api";
  blue_req.task_definition = "api:1";
  blue_req.external_id = "blue";
  // FARGATE: moto places EC2 task sets on container instances, which a test has none of.
  blue_req.launch_type = "FARGATE";
  blue_req.network_configuration = DefaultAwsvpc();
  blue_req.scale_percent = 100;
  ASSERT_OK_AND_ASSIGN(EcsTaskSet blue, ecs.CreateTaskSet(blue_req));
  EXPECT_EQ(blue.external_id, "blue");
  EXPECT_DOUBLE_EQ(blue.scale_value, 100);
  EXPECT_EQ(blue.scale_unit, "PERCENT");
  CreateTaskSetRequest green_req = blue_req;
  green_req.task_definition = "api:2";
  green_req.external_id = "green";
  green_req.scale_percent = 25;
  ASSERT_OK_AND_ASSIGN(EcsTaskSet green, ecs.CreateTaskSet(green_req));
  EXPECT_FALSE(green.stability_status.empty());

  ASSERT_OK_AND_ASSIGN(EcsTaskSet scaled, ecs.UpdateTaskSet({"prod", "api", green.arn, 50}));
  EXPECT_DOUBLE_EQ(scaled.scale_value, 50);
  ASSERT_OK_AND_ASSIGN(EcsTaskSet primary, ecs.UpdateServicePrimaryTaskSet({"prod", "api", green.arn}));
  EXPECT_EQ(primary.status, "PRIMARY");
  ASSERT_OK_AND_ASSIGN(auto sets, ecs.DescribeTaskSets({"prod", "api", {}, false}));
  ASSERT_EQ(sets.items.size(), 2u);
  ASSERT_OK_AND_ASSIGN(auto described, ecs.DescribeServices({"prod", {"api"}, false}));
  ASSERT_EQ(described.items.size(), 1u);
  ASSERT_NE(described.items[0].PrimaryTaskSet(), nullptr);
  EXPECT_EQ(described.items[0].PrimaryTaskSet()->arn, green.arn);
  ASSERT_OK_AND_ASSIGN(EcsTaskSet deleted, ecs.DeleteTaskSet({"prod", "api", blue.arn, true}));
  EXPECT_EQ(deleted.arn, blue.arn);
  ASSERT_OK_AND_ASSIGN(auto remaining, ecs.DescribeTaskSets({"prod", "api", {}, false}));
  EXPECT_EQ(remaining.items.size(), 1u);
}

TEST_F(MotoE2e, EcsServiceDeploymentApisAreNotImplementedByMoto) {
  HttpEcsApi ecs(client_->aws());
  ASSERT_OK(ecs.CreateCluster({"prod", {}, {}, {}, {}}).status());
  ListServiceDeploymentsRequest r;
  r.cluster = "prod";
  r.service = "web";
  auto list = ecs.ListServiceDeployments(r);
  // If moto learns these, this fails: then move them into the tests above.
  EXPECT_FALSE(list.ok());
  std::cout << "[ moto ] ListServiceDeployments: " << list.status().ToString() << "\n";
  auto describe = ecs.DescribeServiceDeployments({"arn:aws:ecs:us-east-1:123456789012:x"});
  EXPECT_FALSE(describe.ok());
  std::cout << "[ moto ] DescribeServiceDeployments: " << describe.status().ToString() << "\n";
}

TEST_F(MotoE2e, Elbv2LoadBalancerTargetGroupsListenersRulesAndHealth) {
  HttpElbv2Api elb(client_->aws());
  std::vector<std::string> parts = Boto3(
      "subnets = client('ec2').describe_subnets()['Subnets']\n"
      "print(subnets[0]['VpcId'], subnets[0]['SubnetId'], subnets[1]['SubnetId'])\n");
  ASSERT_EQ(parts.size(), 3u);
  // CreateLoadBalancer and CreateListener are setup only: the generic call.
  ASSERT_OK_AND_ASSIGN(
      Json lb_out, client_->Call("elbv2", "CreateLoadBalancer", {{"Name", "web"}, {"Subnets", {parts[1], parts[2]}}}));
  ASSERT_OK_AND_ASSIGN(auto lbs, elb.DescribeLoadBalancers({{}, {"web"}, std::nullopt}));
  ASSERT_EQ(lbs.size(), 1u);
  EXPECT_EQ(lbs[0].name, "web");
  EXPECT_EQ(lbs[0].type, "application");
  EXPECT_EQ(lbs[0].vpc_id, parts[0]);
  EXPECT_FALSE(lbs[0].dns_name.empty());
  const std::string lb_arn = lbs[0].arn;

  CreateTargetGroupRequest tg;
  tg.name = "blue";
  tg.protocol = "HTTP";
  tg.port = 80;
  tg.vpc_id = parts[0];
  tg.target_type = "ip";
  tg.health_check_path = "/health";
  tg.matcher_http_code = "200-299";
  tg.tags = {{"color", "blue"}};
  ASSERT_OK_AND_ASSIGN(Elbv2TargetGroup blue, elb.CreateTargetGroup(tg));
  EXPECT_EQ(blue.name, "blue");
  EXPECT_EQ(blue.port, 80);
  EXPECT_EQ(blue.health_check_path, "/health");
  tg.name = "green";
  tg.tags = {{"color", "green"}};
  ASSERT_OK_AND_ASSIGN(Elbv2TargetGroup green, elb.CreateTargetGroup(tg));
  ASSERT_OK_AND_ASSIGN(auto tgs, elb.DescribeTargetGroups({"", {}, {"blue", "green"}, std::nullopt}));
  EXPECT_EQ(tgs.size(), 2u);
  ASSERT_OK_AND_ASSIGN(auto tags, elb.DescribeTags({blue.arn, green.arn}));
  EXPECT_EQ(tags[blue.arn].at("color"), "blue");
  EXPECT_EQ(tags[green.arn].at("color"), "green");

  ASSERT_OK_AND_ASSIGN(Json listener_out,
                       client_->Call("elbv2", "CreateListener",
                                     {{"LoadBalancerArn", lb_arn},
                                      {"Protocol", "HTTP"},
                                      {"Port", 80},
                                      {"DefaultActions", {{{"Type", "forward"}, {"TargetGroupArn", blue.arn}}}}}));
  ASSERT_OK_AND_ASSIGN(auto listeners, elb.DescribeListeners({lb_arn, {}, std::nullopt}));
  ASSERT_EQ(listeners.size(), 1u);
  EXPECT_EQ(listeners[0].port, 80);
  ASSERT_EQ(listeners[0].default_actions.size(), 1u);
  EXPECT_EQ(listeners[0].default_actions[0].Weights().at(0).target_group_arn, blue.arn);
  const std::string listener_arn = listeners[0].arn;

  // Weighted canary rule, then shift the weights.
  Json conditions = Json::parse(R"([{"Field": "path-pattern", "Values": ["/api/*"]}])");
  ASSERT_OK_AND_ASSIGN(
      Elbv2Rule rule,
      elb.CreateRule({listener_arn, conditions, 10, {Elbv2Action::Forward({{blue.arn, 90}, {green.arn, 10}})}, {}}));
  EXPECT_EQ(rule.priority, "10");
  ASSERT_EQ(rule.actions.size(), 1u);
  EXPECT_EQ(rule.actions[0].Weights(), (std::vector<Elbv2WeightedTargetGroup>{{blue.arn, 90}, {green.arn, 10}}));
  ASSERT_OK_AND_ASSIGN(Elbv2Rule modified,
                       elb.ModifyRule({rule.arn, nullptr, {Elbv2Action::Forward({{blue.arn, 0}, {green.arn, 100}})}}));
  EXPECT_EQ(modified.actions.at(0).Weights(), (std::vector<Elbv2WeightedTargetGroup>{{blue.arn, 0}, {green.arn, 100}}));
  ASSERT_OK_AND_ASSIGN(auto rules, elb.DescribeRules({listener_arn, {}, std::nullopt}));
  ASSERT_EQ(rules.size(), 2u);  // ours and the default rule
  int defaults = 0;
  for (const auto& r : rules) defaults += r.is_default ? 1 : 0;
  EXPECT_EQ(defaults, 1);

  ModifyListenerRequest ml;
  ml.listener_arn = listener_arn;
  ml.default_actions = {Elbv2Action::Forward({{blue.arn, 50}, {green.arn, 50}})};
  ASSERT_OK_AND_ASSIGN(Elbv2Listener listener, elb.ModifyListener(ml));
  EXPECT_EQ(listener.default_actions.at(0).Weights().size(), 2u);

  ASSERT_OK(elb.RegisterTargets(green.arn, {{"10.0.0.5", 80, ""}, {"10.0.0.6", 80, ""}}));
  ASSERT_OK_AND_ASSIGN(auto health, elb.DescribeTargetHealth({green.arn, {}, {}}));
  ASSERT_EQ(health.size(), 2u);
  EXPECT_FALSE(health[0].state.empty());
  EXPECT_EQ(health[0].target.port, 80);
  ASSERT_OK(elb.DeregisterTargets(green.arn, {{"10.0.0.5", 80, ""}}));
  ASSERT_OK_AND_ASSIGN(auto after, elb.DescribeTargetHealth({green.arn, {}, {}}));
  int still_registered = 0;
  for (const auto& h : after) still_registered += h.target.id == "10.0.0.6" ? 1 : 0;
  EXPECT_EQ(still_registered, 1);

  ASSERT_OK(elb.DeleteRule(rule.arn));
  ASSERT_OK_AND_ASSIGN(auto left, elb.DescribeRules({listener_arn, {}, std::nullopt}));
  EXPECT_EQ(left.size(), 1u);
}

TEST_F(MotoE2e, EcrRepositoriesImagesAndAuthorizationToken) {
  HttpEcrApi ecr(client_->aws());
  ASSERT_OK(client_->Call("ecr", "CreateRepository", {{"repositoryName", "web"}}).status());
  const std::string manifest =
      R"({"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",)"
      R"( "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1,)"
      R"( "digest": "sha256:0000000000000000000000000000000000000000000000000000000000000001"},)"
      R"( "layers": []})";
  for (const char* tag : {"v1.0.0", "v1.1.0"}) {
    ASSERT_OK(
        client_->Call("ecr", "PutImage", {{"repositoryName", "web"}, {"imageManifest", manifest}, {"imageTag", tag}})
            .status());
  }
  ASSERT_OK_AND_ASSIGN(auto repos, ecr.DescribeRepositories({"", {}, std::nullopt}));
  ASSERT_EQ(repos.size(), 1u);
  EXPECT_EQ(repos[0].name, "web");
  EXPECT_FALSE(repos[0].uri.empty());
  ASSERT_OK_AND_ASSIGN(auto ids, ecr.ListImages({"", "web", "TAGGED", std::nullopt}));
  ASSERT_EQ(ids.size(), 2u);
  EXPECT_TRUE(StartsWith(ids[0].digest, "sha256:"));
  ASSERT_OK_AND_ASSIGN(auto details, ecr.DescribeImages({"", "web", {}, "", std::nullopt}));
  ASSERT_EQ(details.size(), 1u);  // one manifest, two tags
  EXPECT_EQ(details[0].tags.size(), 2u);
  EXPECT_TRUE(details[0].pushed_at.has_value());
  ASSERT_OK_AND_ASSIGN(auto by_tag, ecr.DescribeImages({"", "web", {{"", "v1.1.0"}}, "", std::nullopt}));
  ASSERT_EQ(by_tag.size(), 1u);
  ASSERT_OK_AND_ASSIGN(auto got, ecr.BatchGetImage({"", "web", {{"", "v1.0.0"}, {"", "nope"}}, {}}));
  ASSERT_EQ(got.images.size(), 1u);
  EXPECT_EQ(Json::parse(got.images[0].manifest)["schemaVersion"], 2);
  ASSERT_EQ(got.failures.size(), 1u);
  EXPECT_EQ(got.failures[0].code, "ImageNotFound");

  ASSERT_OK_AND_ASSIGN(auto auth, ecr.GetAuthorizationToken({}));
  ASSERT_EQ(auth.size(), 1u);
  EXPECT_EQ(auth[0].username, "AWS");
  EXPECT_FALSE(auth[0].password.empty());
  EXPECT_TRUE(StartsWith(auth[0].proxy_endpoint, "https://"));
  // The password is registered with the redactor as it arrives.
  EXPECT_EQ(Redact("pw=" + auth[0].password), "pw=****");
}

TEST_F(MotoE2e, StsCallerIdentityAndRoleAssumption) {
  HttpStsApi sts(client_->aws());
  ASSERT_OK_AND_ASSIGN(CallerIdentity id, sts.GetCallerIdentity());
  EXPECT_EQ(id.account, "123456789012");
  EXPECT_FALSE(id.arn.empty());
  AssumeRoleRequest ar;
  ar.role_arn = "arn:aws:iam::123456789012:role/deploy";
  ar.role_session_name = "berth-test";
  ar.duration_seconds = 900;
  ASSERT_OK_AND_ASSIGN(AssumedRole role, sts.AssumeRole(ar));
  EXPECT_FALSE(role.credentials.access_key_id.empty());
  EXPECT_FALSE(role.credentials.session_token.empty());
  ASSERT_TRUE(role.credentials.expiration.has_value());
  EXPECT_NE(role.assumed_role_arn.find("berth-test"), std::string::npos);
  EXPECT_EQ(Redact(role.credentials.secret_access_key), "****");
  AssumeRoleWithWebIdentityRequest wi;
  wi.role_arn = ar.role_arn;
  wi.role_session_name = "berth-oidc";
  wi.web_identity_token = "eyJhbGciOiJSUzI1NiJ9.e30.c2ln";
  ASSERT_OK_AND_ASSIGN(AssumedRole web, sts.AssumeRoleWithWebIdentity(wi));
  EXPECT_FALSE(web.credentials.access_key_id.empty());
  EXPECT_NE(web.assumed_role_arn.find("berth-oidc"), std::string::npos);
}

TEST_F(MotoE2e, CloudFormationStacksChangeSetsEventsAndTemplates) {
  HttpCloudFormationApi cfn(client_->aws());
  const std::string v1 = R"({"Parameters": {"Name": {"Type": "String"}},
    "Resources": {"Queue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": {"Ref": "Name"}}}},
    "Outputs": {"QueueName": {"Value": {"Fn::GetAtt": ["Queue", "QueueName"]}}}})";
  CreateStackRequest create;
  create.stack.stack_name = "web";
  create.stack.template_body = v1;
  create.stack.parameters = {{"Name", "jobs", false}};
  create.stack.tags = {{"team", "a"}};
  ASSERT_OK_AND_ASSIGN(std::string stack_id, cfn.CreateStack(create));
  EXPECT_TRUE(StartsWith(stack_id, "arn:aws:cloudformation:"));
  ASSERT_OK_AND_ASSIGN(auto stacks, cfn.DescribeStacks("web"));
  ASSERT_EQ(stacks.size(), 1u);
  EXPECT_EQ(stacks[0].status, "CREATE_COMPLETE");
  EXPECT_EQ(stacks[0].parameters.at("Name"), "jobs");
  EXPECT_EQ(stacks[0].outputs.at("QueueName"), "jobs");
  EXPECT_EQ(stacks[0].tags.at("team"), "a");
  EXPECT_TRUE(stacks[0].creation_time.has_value());
  ASSERT_OK_AND_ASSIGN(auto events, cfn.DescribeStackEvents("web"));
  ASSERT_FALSE(events.empty());
  // moto records the stack's own events (not one per resource as AWS does).
  bool saw_stack_event = false;
  for (const auto& e : events) {
    saw_stack_event |=
        e.logical_resource_id == "web" && e.stack_id == stack_id && !e.resource_status.empty() && !e.event_id.empty();
  }
  EXPECT_TRUE(saw_stack_event) << events[0].raw.dump();
  EXPECT_TRUE(events[0].timestamp.has_value());
  ASSERT_OK_AND_ASSIGN(std::string body, cfn.GetTemplate({"web", "", ""}));
  EXPECT_NE(body.find("AWS::SQS::Queue"), std::string::npos);

  CreateChangeSetRequest ccs;
  ccs.stack.stack_name = "web";
  ccs.stack.use_previous_template = true;
  ccs.stack.parameters = {{"Name", "jobs2", false}};
  ccs.change_set_name = "berth-1";
  ccs.change_set_type = "UPDATE";
  ASSERT_OK_AND_ASSIGN(CfnChangeSetRef ref, cfn.CreateChangeSet(ccs));
  EXPECT_FALSE(ref.id.empty());
  ASSERT_OK_AND_ASSIGN(CfnChangeSet cs, cfn.DescribeChangeSet("berth-1", "web"));
  EXPECT_EQ(cs.name, "berth-1");
  EXPECT_FALSE(cs.status.empty());
  ASSERT_OK(cfn.ExecuteChangeSet({"berth-1", "web", "", std::nullopt}));
  ASSERT_OK_AND_ASSIGN(auto after_cs, cfn.DescribeStacks("web"));
  EXPECT_EQ(after_cs.at(0).parameters.at("Name"), "jobs2");

  CfnStackInput update;
  update.stack_name = "web";
  update.template_body = v1;
  update.parameters = {{"Name", "jobs3", false}};
  ASSERT_OK_AND_ASSIGN(std::string updated_id, cfn.UpdateStack(update));
  EXPECT_EQ(updated_id, stack_id);
  ccs.change_set_name = "berth-2";
  ASSERT_OK(cfn.CreateChangeSet(ccs).status());
  ASSERT_OK(cfn.DeleteChangeSet("berth-2", "web"));
  ASSERT_OK(cfn.DeleteStack({"web", "", "", {}}));
  ASSERT_OK_AND_ASSIGN(auto deleted, cfn.DescribeStacks(stack_id));
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_EQ(deleted[0].status, "DELETE_COMPLETE");
}

TEST_F(MotoE2e, CloudWatchAlarmsAndMetricData) {
  HttpCloudWatchApi cw(client_->aws());
  ASSERT_OK(client_
                ->Call("cloudwatch", "PutMetricAlarm", Json::parse(R"({"AlarmName": "web-5xx", "MetricName": "5xx",
                            "Namespace": "Berth/Test", "Statistic": "Sum", "Period": 60,
                            "EvaluationPeriods": 1, "Threshold": 1,
                            "ComparisonOperator": "GreaterThanOrEqualToThreshold"})"))
                .status());
  ASSERT_OK(client_
                ->Call("cloudwatch", "SetAlarmState",
                       {{"AlarmName", "web-5xx"}, {"StateValue", "ALARM"}, {"StateReason", "berth test"}})
                .status());
  DescribeAlarmsRequest da;
  da.alarm_names = {"web-5xx"};
  ASSERT_OK_AND_ASSIGN(auto alarms, cw.DescribeAlarms(da));
  ASSERT_EQ(alarms.size(), 1u);
  EXPECT_EQ(alarms[0].name, "web-5xx");
  EXPECT_EQ(alarms[0].type, "MetricAlarm");
  EXPECT_EQ(alarms[0].state_value, "ALARM");
  EXPECT_EQ(alarms[0].metric_name, "5xx");

  SystemTime now = std::chrono::time_point_cast<std::chrono::seconds>(RealClock().Now());
  Json datum = {{"MetricName", "5xx"},
                {"Value", 3},
                {"Unit", "Count"},
                {"Timestamp", FormatIso8601(now - std::chrono::seconds(30))},
                {"Dimensions", {{{"Name", "Service"}, {"Value", "web"}}}}};
  ASSERT_OK(
      client_->Call("cloudwatch", "PutMetricData", {{"Namespace", "Berth/Test"}, {"MetricData", {datum}}}).status());
  MetricDataQuery q;
  q.id = "errors";
  q.metric_namespace = "Berth/Test";
  q.metric_name = "5xx";
  q.dimensions = {{"Service", "web"}};
  ASSERT_OK_AND_ASSIGN(auto results,
                       cw.GetMetricData({{q}, now - std::chrono::minutes(10), now + std::chrono::minutes(1), "", {}}));
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].id, "errors");
  ASSERT_EQ(results[0].values.size(), 1u);
  EXPECT_DOUBLE_EQ(results[0].values[0], 3);
  EXPECT_EQ(results[0].timestamps.size(), 1u);
}

// moto checks SigV4 signatures against the IAM keys it knows once
// INITIAL_NO_AUTH_ACTION_COUNT unauthenticated calls have been made.
class MotoSignatures : public MotoFixture {
 public:
  static void SetUpTestSuite() { StartMoto({{"INITIAL_NO_AUTH_ACTION_COUNT", "2"}}); }
};

TEST_F(MotoSignatures, WrongSecretIsRejectedAndRightSecretAccepted) {
  // The two unauthenticated actions: create a user and its access key.
  std::vector<std::string> kv = Boto3(
      "iam = client('iam')\n"
      "iam.create_user(UserName='deployer')\n"
      "k = iam.create_access_key(UserName='deployer')['AccessKey']\n"
      "print(k['AccessKeyId'], k['SecretAccessKey'])\n");
  ASSERT_EQ(kv.size(), 2u);

  // moto answers a bad signature with HTTP 403, Content-Type text/html and
  // <ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code>...: an
  // extra <Errors> level that real AWS query services do not send. berth reads
  // the body, not the label, so this is still kCredentials with AWS's code.
  auto expect_rejected = [](const Status& s, std::string_view what) {
    std::cout << "[ moto ] wrong secret, " << what << ": " << s.ToString() << "\n";
    EXPECT_FALSE(s.ok());
    EXPECT_EQ(s.http_status(), 403) << s.ToString();
    // moto labels its XML error text/html; berth must still read the AWS code.
    EXPECT_EQ(s.code(), StatusCode::kCredentials) << s.ToString();
    EXPECT_EQ(s.aws_code(), "SignatureDoesNotMatch") << s.ToString();
  };
  auto wrong = MotoClient(TestCredentials(kv[0], kv[1] + "x"));
  HttpStsApi wrong_sts(wrong->aws());
  expect_rejected(wrong_sts.GetCallerIdentity().status(), "sts GetCallerIdentity (query)");
  HttpEcsApi wrong_ecs(wrong->aws());
  expect_rejected(wrong_ecs.ListClusters().status(), "ecs ListClusters (JSON)");

  auto right = MotoClient(TestCredentials(kv[0], kv[1]));
  HttpStsApi right_sts(right->aws());
  auto accepted = right_sts.GetCallerIdentity();
  ASSERT_TRUE(accepted.ok()) << accepted.status().ToString();
  EXPECT_EQ(accepted->arn, "arn:aws:iam::123456789012:user/deployer");
}

}  // namespace
}  // namespace berth::aws
