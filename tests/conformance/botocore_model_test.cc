// Checks every typed request builder against botocore's service models: each
// operation's representative input (every optional member berth can send
// filled in) is validated by botocore's own ParamValidator, and for the query
// services berth's form encoding (protocol_query.h) is compared with botocore's
// query serializer. tests/tools/botocore_validate.py does the Python side.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "aws/call/protocol_query.h"
#include "aws/call/service.h"
#include "aws/cloudformation/api.h"
#include "aws/cloudwatch/api.h"
#include "aws/ecr/api.h"
#include "aws/ecs/api.h"
#include "aws/elbv2/api.h"
#include "aws/sts/api.h"
#include "http/url.h"
#include "support/oracles.h"

namespace berth::aws {
namespace {

namespace fs = std::filesystem;

const char* kArn = "arn:aws:ecs:us-east-1:123456789012:service/prod/web";
const char* kTg = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue/1";
const char* kTg2 = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/green/2";

Json Awsvpc() {
  return Json::parse(R"({"awsvpcConfiguration": {"subnets": ["subnet-1"],
    "securityGroups": ["sg-1"], "assignPublicIp": "DISABLED"}})");
}
Json LoadBalancers() {
  return Json::array({{{"targetGroupArn", kTg}, {"containerName", "app"}, {"containerPort", 80}}});
}
Json CapacityProviders() {
  return Json::parse(R"([{"capacityProvider": "FARGATE_SPOT", "weight": 2, "base": 1}])");
}
Json DeploymentConfiguration() {
  return Json::parse(R"({"maximumPercent": 200, "minimumHealthyPercent": 100,
    "deploymentCircuitBreaker": {"enable": true, "rollback": true},
    "alarms": {"alarmNames": ["5xx"], "enable": true, "rollback": true}})");
}

struct Case {
  std::string service;
  std::string operation;
  Json input;
};

std::vector<Case> EcsCases() {
  std::vector<Case> c;
  CreateClusterRequest cc{"prod",
                          {{"team", "a"}},
                          Json::parse(R"([{"name": "containerInsights", "value": "enabled"}])"),
                          {"FARGATE", "FARGATE_SPOT"},
                          CapacityProviders()};
  c.push_back({"ecs", "CreateCluster", BuildCreateClusterInput(cc)});
  c.push_back({"ecs", "DescribeClusters", BuildDescribeClustersInput({{"prod"}, true})});
  c.push_back({"ecs", "ListClusters", BuildListClustersInput(50)});
  RegisterTaskDefinitionRequest reg;
  reg.task_definition = Json::parse(R"({
    "taskDefinitionArn": "arn:aws:ecs:us-east-1:1:task-definition/web:3", "revision": 3,
    "status": "ACTIVE", "registeredAt": 1700000000, "registeredBy": "arn:me",
    "compatibilities": ["EC2", "FARGATE"], "requiresAttributes": [{"name": "a"}],
    "family": "web", "taskRoleArn": "arn:role/task", "executionRoleArn": "arn:role/exec",
    "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": "256",
    "memory": "512", "runtimePlatform": {"cpuArchitecture": "ARM64",
                                         "operatingSystemFamily": "LINUX"},
    "ephemeralStorage": {"sizeInGiB": 30},
    "containerDefinitions": [{"name": "app", "image": "nginx:1", "essential": true,
      "portMappings": [{"containerPort": 80, "protocol": "tcp"}],
      "environment": [{"name": "A", "value": "1"}],
      "secrets": [{"name": "S", "valueFrom": "arn:ssm"}],
      "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "g"}},
      "healthCheck": {"command": ["CMD", "true"], "interval": 30}}],
    "volumes": [{"name": "v"}]})");
  reg.tags = {{"team", "a"}};
  c.push_back({"ecs", "RegisterTaskDefinition", BuildRegisterTaskDefinitionInput(reg)});
  c.push_back({"ecs", "DescribeTaskDefinition", BuildDescribeTaskDefinitionInput("web:3", true)});
  c.push_back({"ecs", "DeregisterTaskDefinition", BuildDeregisterTaskDefinitionInput("web:3")});
  c.push_back({"ecs", "ListTaskDefinitions", BuildListTaskDefinitionsInput({"web", "ACTIVE", "DESC", 100})});
  CreateServiceRequest cs;
  cs.cluster = "prod";
  cs.service_name = "web";
  cs.task_definition = "web:3";
  cs.desired_count = 2;
  cs.capacity_provider_strategy = CapacityProviders();
  cs.platform_version = "LATEST";
  cs.scheduling_strategy = "REPLICA";
  cs.deployment_controller = "ECS";
  cs.deployment_configuration = DeploymentConfiguration();
  cs.network_configuration = Awsvpc();
  cs.load_balancers = LoadBalancers();
  cs.service_registries = Json::parse(R"([{"registryArn": "arn:sd/1"}])");
  cs.placement_constraints = Json::parse(R"([{"type": "distinctInstance"}])");
  cs.placement_strategy = Json::parse(R"([{"type": "spread", "field": "attribute:az"}])");
  cs.health_check_grace_period_seconds = 30;
  cs.enable_ecs_managed_tags = true;
  cs.enable_execute_command = false;
  cs.propagate_tags = "SERVICE";
  cs.client_token = "tok-1";
  cs.tags = {{"team", "a"}};
  c.push_back({"ecs", "CreateService", BuildCreateServiceInput(cs)});
  CreateServiceRequest cs_launch = cs;  // launchType and a role, the other variant
  cs_launch.capacity_provider_strategy = nullptr;
  cs_launch.launch_type = "EC2";
  cs_launch.role = "arn:role/ecs";
  c.push_back({"ecs", "CreateService", BuildCreateServiceInput(cs_launch)});
  UpdateServiceRequest us;
  us.cluster = "prod";
  us.service = "web";
  us.task_definition = "web:4";
  us.desired_count = 3;
  us.force_new_deployment = true;
  us.capacity_provider_strategy = CapacityProviders();
  us.platform_version = "1.4.0";
  us.deployment_configuration = DeploymentConfiguration();
  us.network_configuration = Awsvpc();
  us.load_balancers = LoadBalancers();
  us.service_registries = Json::parse(R"([{"registryArn": "arn:sd/1"}])");
  us.placement_constraints = Json::parse(R"([{"type": "distinctInstance"}])");
  us.placement_strategy = Json::parse(R"([{"type": "binpack", "field": "memory"}])");
  us.health_check_grace_period_seconds = 60;
  us.enable_ecs_managed_tags = true;
  us.enable_execute_command = true;
  us.propagate_tags = "TASK_DEFINITION";
  c.push_back({"ecs", "UpdateService", BuildUpdateServiceInput(us)});
  c.push_back({"ecs", "DeleteService", BuildDeleteServiceInput({"prod", "web", true})});
  DescribeServicesRequest ds{"prod", {"web", "api"}, true};
  c.push_back({"ecs", "DescribeServices", BuildDescribeServicesInput(ds, ds.services)});
  c.push_back({"ecs", "ListServices", BuildListServicesInput({"prod", "FARGATE", "REPLICA", 100})});
  ListTasksRequest lt{"prod", "web", "web", "", "STOPPED", "FARGATE", "ci-1", 100};
  c.push_back({"ecs", "ListTasks", BuildListTasksInput(lt)});
  ListTasksRequest lt_started;
  lt_started.cluster = "prod";
  lt_started.started_by = "ecs-svc/123";
  c.push_back({"ecs", "ListTasks", BuildListTasksInput(lt_started)});
  DescribeTasksRequest dt{"prod", {"arn:task/1"}, true};
  c.push_back({"ecs", "DescribeTasks", BuildDescribeTasksInput(dt, dt.tasks)});
  c.push_back({"ecs", "StopTask", BuildStopTaskInput({"prod", "arn:task/1", "berth rollback"})});
  CreateTaskSetRequest ct;
  ct.cluster = "prod";
  ct.service = "web";
  ct.task_definition = "web:4";
  ct.external_id = "green";
  ct.network_configuration = Awsvpc();
  ct.load_balancers = LoadBalancers();
  ct.service_registries = Json::parse(R"([{"registryArn": "arn:sd/1", "port": 80}])");
  ct.capacity_provider_strategy = CapacityProviders();
  ct.platform_version = "LATEST";
  ct.scale_percent = 12.5;
  ct.client_token = "tok-2";
  ct.tags = {{"color", "green"}};
  c.push_back({"ecs", "CreateTaskSet", BuildCreateTaskSetInput(ct)});
  CreateTaskSetRequest ct_launch = ct;
  ct_launch.capacity_provider_strategy = nullptr;
  ct_launch.launch_type = "FARGATE";
  c.push_back({"ecs", "CreateTaskSet", BuildCreateTaskSetInput(ct_launch)});
  c.push_back({"ecs", "UpdateTaskSet", BuildUpdateTaskSetInput({"prod", "web", "ts-1", 50})});
  c.push_back({"ecs", "DeleteTaskSet", BuildDeleteTaskSetInput({"prod", "web", "ts-1", true})});
  c.push_back({"ecs", "DescribeTaskSets", BuildDescribeTaskSetsInput({"prod", "web", {"ts-1"}, true})});
  c.push_back({"ecs", "UpdateServicePrimaryTaskSet", BuildUpdateServicePrimaryTaskSetInput({"prod", "web", "ts-1"})});
  c.push_back({"ecs", "TagResource", BuildTagResourceInput(kArn, {{"a", "1"}})});
  c.push_back({"ecs", "UntagResource", BuildUntagResourceInput(kArn, {"a"})});
  c.push_back({"ecs", "ListTagsForResource", BuildListTagsForResourceInput(kArn)});
  ListServiceDeploymentsRequest lsd{"prod",
                                    "web",
                                    {"IN_PROGRESS", "SUCCESSFUL"},
                                    SystemTime(std::chrono::seconds(1700000000)),
                                    SystemTime(std::chrono::seconds(1800000000)),
                                    20};
  c.push_back({"ecs", "ListServiceDeployments", BuildListServiceDeploymentsInput(lsd)});
  c.push_back({"ecs", "DescribeServiceDeployments", BuildDescribeServiceDeploymentsInput({"arn:sd/1"})});
  return c;
}

std::vector<Case> Elbv2Cases() {
  std::vector<Case> c;
  c.push_back({"elbv2", "DescribeLoadBalancers", BuildDescribeLoadBalancersInput({{"arn:lb/1"}, {"web"}, 400})});
  c.push_back({"elbv2", "DescribeTargetGroups", BuildDescribeTargetGroupsInput({"arn:lb/1", {kTg}, {"blue"}, 400})});
  c.push_back({"elbv2", "DescribeListeners", BuildDescribeListenersInput({"arn:lb/1", {"arn:listener/1"}, 400})});
  c.push_back({"elbv2", "DescribeRules", BuildDescribeRulesInput({"arn:listener/1", {"arn:r/1"}, 10})});
  Elbv2Action forward = Elbv2Action::Forward({{kTg, 90}, {kTg2, 10}}, 300);
  forward.order = 1;
  Json conditions = Json::parse(R"([
    {"Field": "query-string", "QueryStringConfig": {"Values": [{"Key": "canary", "Value": "true"}]}},
    {"Field": "path-pattern", "PathPatternConfig": {"Values": ["/api/*"]}}])");
  c.push_back(
      {"elbv2", "CreateRule", BuildCreateRuleInput({"arn:listener/1", conditions, 10, {forward}, {{"a", "1"}}})});
  Elbv2Action fixed;
  fixed.type = "fixed-response";
  fixed.order = 2;
  fixed.raw = Json::parse(R"({"Type": "fixed-response", "FixedResponseConfig":
                              {"StatusCode": "503", "ContentType": "text/plain"}})");
  c.push_back({"elbv2", "ModifyRule", BuildModifyRuleInput({"arn:r/1", conditions, {forward, fixed}})});
  c.push_back({"elbv2", "DeleteRule", BuildDeleteRuleInput("arn:r/1")});
  Elbv2Action single;
  single.type = "forward";
  single.target_group_arn = kTg;
  c.push_back({"elbv2", "ModifyListener",
               BuildModifyListenerInput({"arn:listener/1",
                                         {single},
                                         443,
                                         "HTTPS",
                                         "ELBSecurityPolicy-2016-08",
                                         Json::parse(R"([{"CertificateArn": "arn:cert"}])")})});
  c.push_back(
      {"elbv2", "DescribeTargetHealth", BuildDescribeTargetHealthInput({kTg, {{"10.0.0.1", 80, "all"}}, {"All"}})});
  c.push_back({"elbv2", "RegisterTargets", BuildTargetsInput(kTg, {{"10.0.0.1", 80, ""}})});
  c.push_back({"elbv2", "DeregisterTargets", BuildTargetsInput(kTg, {{"i-123", std::nullopt, ""}})});
  CreateTargetGroupRequest tg{
      "green", "HTTP", "HTTP1", 80,        "vpc-1", "HTTP", "traffic-port",      true, "/health", 10,
      5,       2,      3,       "200-299", "ip",    "ipv4", {{"color", "green"}}};
  c.push_back({"elbv2", "CreateTargetGroup", BuildCreateTargetGroupInput(tg)});
  c.push_back({"elbv2", "DescribeTags", BuildDescribeTagsInput({kTg, kTg2})});
  return c;
}

std::vector<Case> OtherCases() {
  std::vector<Case> c;
  c.push_back({"ecr", "GetAuthorizationToken", BuildGetAuthorizationTokenInput({"123456789012"})});
  c.push_back({"ecr", "DescribeRepositories", BuildDescribeRepositoriesInput({"123456789012", {}, 1000})});
  c.push_back({"ecr", "DescribeRepositories", BuildDescribeRepositoriesInput({"123456789012", {"web"}, std::nullopt})});
  DescribeImagesRequest di{"123456789012", "web", {}, "TAGGED", 1000};
  c.push_back({"ecr", "DescribeImages", BuildDescribeImagesInput(di, {})});
  c.push_back({"ecr", "DescribeImages", BuildDescribeImagesInput(di, {{"sha256:abc", ""}, {"", "v1"}})});
  c.push_back({"ecr", "ListImages", BuildListImagesInput({"123456789012", "web", "ANY", 1000})});
  BatchGetImageRequest bg{"123456789012", "web", {}, {"application/vnd.oci.image.manifest.v1+json"}};
  c.push_back({"ecr", "BatchGetImage", BuildBatchGetImageInput(bg, {{"", "v1"}})});

  c.push_back({"sts", "GetCallerIdentity", BuildGetCallerIdentityInput()});
  AssumeRoleRequest ar{"arn:aws:iam::1:role/deploy",
                       "berth-ci",
                       3600,
                       "ext-1",
                       R"({"Version":"2012-10-17"})",
                       {"arn:aws:iam::aws:policy/ReadOnly"},
                       {{"project", "x"}},
                       {"project"},
                       "arn:aws:iam::123456789012:mfa/ci",
                       "123456",
                       "ci-user"};
  c.push_back({"sts", "AssumeRole", BuildAssumeRoleInput(ar)});
  AssumeRoleWithWebIdentityRequest wi{"arn:aws:iam::1:role/deploy",
                                      "berth-gha",
                                      "eyJhbGciOi.test",
                                      "www.amazon.com",
                                      900,
                                      R"({"Version":"2012-10-17"})",
                                      {"arn:aws:iam::aws:policy/ReadOnly"}};
  c.push_back({"sts", "AssumeRoleWithWebIdentity", BuildAssumeRoleWithWebIdentityInput(wi)});

  CfnStackInput stack{"web",
                      "{\"Resources\":{}}",
                      "",
                      false,
                      {{"Image", "nginx:1", false}, {"Count", "", true}},
                      {"CAPABILITY_IAM"},
                      "arn:aws:iam::123456789012:role/cfn",
                      {{"a", "1"}},
                      {"arn:sns:1"},
                      false,
                      "tok-1"};
  c.push_back({"cloudformation", "CreateStack", BuildCreateStackInput({stack, "ROLLBACK", 30, true})});
  CfnStackInput update = stack;
  update.template_body.clear();
  update.use_previous_template = true;
  c.push_back({"cloudformation", "UpdateStack", BuildUpdateStackInput(update)});
  c.push_back({"cloudformation", "DeleteStack",
               BuildDeleteStackInput({"web", "arn:aws:iam::123456789012:role/cfn", "tok-2", {"Bucket"}})});
  c.push_back({"cloudformation", "DescribeStacks", BuildDescribeStacksInput("web")});
  c.push_back({"cloudformation", "DescribeStackEvents", BuildDescribeStackEventsInput("web")});
  CreateChangeSetRequest ccs{stack, "berth-1", "UPDATE", "berth deploy", "tok-3", false, "ROLLBACK"};
  c.push_back({"cloudformation", "CreateChangeSet", BuildCreateChangeSetInput(ccs)});
  c.push_back({"cloudformation", "DescribeChangeSet", BuildDescribeChangeSetInput("berth-1", "web")});
  c.push_back({"cloudformation", "ExecuteChangeSet", BuildExecuteChangeSetInput({"berth-1", "web", "tok-4", false})});
  c.push_back({"cloudformation", "DeleteChangeSet", BuildDeleteChangeSetInput("berth-1", "web")});
  c.push_back({"cloudformation", "GetTemplate", BuildGetTemplateInput({"web", "", "Original"})});
  c.push_back({"cloudformation", "GetTemplate", BuildGetTemplateInput({"", "arn:cs/1", "Processed"})});

  MetricDataQuery stat;
  stat.id = "errors";
  stat.metric_namespace = "AWS/ApplicationELB";
  stat.metric_name = "HTTPCode_Target_5XX_Count";
  stat.dimensions = {{"LoadBalancer", "app/web/1"}, {"TargetGroup", "targetgroup/green/2"}};
  stat.unit = "Count";
  stat.label = "5xx";
  stat.return_data = false;
  MetricDataQuery expr;
  expr.id = "rate";
  expr.expression = "errors / 60";
  expr.label = "per second";
  GetMetricDataRequest gm{{stat, expr},
                          SystemTime(std::chrono::seconds(1700000000)),
                          SystemTime(std::chrono::seconds(1700000600)),
                          "TimestampAscending",
                          1000};
  c.push_back({"cloudwatch", "GetMetricData", BuildGetMetricDataInput(gm)});
  DescribeAlarmsRequest da{{"5xx", "latency"}, "", {"MetricAlarm", "CompositeAlarm"}, "ALARM", "arn:sns", 100};
  c.push_back({"cloudwatch", "DescribeAlarms", BuildDescribeAlarmsInput(da)});
  DescribeAlarmsRequest da_prefix;
  da_prefix.alarm_name_prefix = "web-";
  c.push_back({"cloudwatch", "DescribeAlarms", BuildDescribeAlarmsInput(da_prefix)});
  return c;
}

std::vector<Case> AllCases() {
  std::vector<Case> all = EcsCases();
  for (auto& c : Elbv2Cases()) all.push_back(std::move(c));
  for (auto& c : OtherCases()) all.push_back(std::move(c));
  return all;
}

// What berth puts in the form body, as decoded parameters.
Json BerthQueryParams(const Case& c) {
  const ServiceInfo* info = FindService(c.service);
  Json params = Json::object();
  if (info == nullptr) return params;
  for (auto& [k, v] : http::ParseQuery(EncodeQueryBody(c.operation, info->api_version, c.input))) {
    params[k] = v;
  }
  return params;
}

Json CaseJson(const Case& c, bool with_query) {
  Json j = {{"service", c.service}, {"operation", c.operation}, {"input", c.input}};
  const ServiceInfo* info = FindService(c.service);
  if (with_query && info != nullptr && info->protocol == Protocol::kQuery) {
    j["query_params"] = BerthQueryParams(c);
  }
  return j;
}

// Runs the validator on `cases` with `python` and returns its report.
Json RunValidator(const std::string& python, const Json& cases) {
  fs::path dir = fs::temp_directory_path() / fmt::format("berth-model-check-{}-{}", ::getpid(), std::rand());
  fs::create_directories(dir);
  fs::path in = dir / "cases.json";
  fs::path out = dir / "report.json";
  std::ofstream(in) << cases.dump(1);
  std::string cmd = fmt::format("{} {}/tests/tools/botocore_validate.py --cases {} --report {}", python,
                                BERTH_SOURCE_DIR, in.string(), out.string());
  int rc = std::system(cmd.c_str());
  Json report;
  if (rc == 0) {
    std::ifstream f(out);
    std::stringstream ss;
    ss << f.rdbuf();
    report = Json::parse(ss.str(), nullptr, /*allow_exceptions=*/false);
  }
  fs::remove_all(dir);
  return report;
}

class BotocoreModelCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    // The newest botocore: pyenv's `python3` on PATH, then Debian's.
    python_ = berth::testing::FindPythonWith("botocore");
    if (python_.empty()) {
      BERTH_ORACLE_UNAVAILABLE(berth::testing::Oracle::kBotocore,
                               "neither `python3` on PATH nor /usr/bin/python3 can import botocore");
    }
  }
  std::string python_;
};

TEST_F(BotocoreModelCheck, EveryTypedRequestMatchesTheNewestModel) {
  Json cases = Json::array();
  for (const Case& c : AllCases()) cases.push_back(CaseJson(c, /*with_query=*/true));
  cases.push_back({{"check", "output_only"},
                   {"service", "ecs"},
                   {"shape", "TaskDefinition"},
                   {"request", "RegisterTaskDefinition"},
                   {"fields", kTaskDefinitionOutputOnlyFields}});
  Json report = RunValidator(python_, cases);
  ASSERT_TRUE(report.is_object()) << "botocore_validate.py failed to run with " << python_;
  std::cout << "[ model check ] " << python_ << ": botocore " << report["botocore_version"] << " from "
            << report["botocore_path"] << "\n";
  std::set<std::string> operations;
  std::vector<std::string> missing;
  for (const Json& r : report["results"]) {
    std::string name = fmt::format("{}.{}", r["service"].get<std::string>(), r["operation"].get<std::string>());
    operations.insert(name);
    if (r["status"] == "missing_operation") {
      missing.push_back(name);
      continue;
    }
    EXPECT_EQ(r["status"], "ok") << name << ": " << r["detail"].get<std::string>();
  }
  if (!missing.empty()) {
    std::cout << "\n!!!!! OPERATIONS MISSING FROM botocore " << report["botocore_version"]
              << " (not checked): " << fmt::format("{}", fmt::join(missing, ", ")) << "\n\n";
  }
  EXPECT_TRUE(missing.empty()) << "the newest botocore on this machine lacks some operations";
  // 25 ECS + 13 ELBv2 + 5 ECR + 3 STS + 10 CloudFormation + 2 CloudWatch.
  EXPECT_EQ(operations.size(), 58u);
}

TEST_F(BotocoreModelCheck, OlderBotocoreReportsOperationsItLacks) {
  if (!berth::testing::PythonCanImport("/usr/bin/python3", "botocore")) {
    BERTH_ORACLE_UNAVAILABLE(berth::testing::Oracle::kBotocore,
                             "/usr/bin/python3 cannot import botocore (Debian's python3-botocore)");
  }
  Json cases = Json::array();
  for (const Case& c : AllCases()) cases.push_back(CaseJson(c, /*with_query=*/false));
  Json report = RunValidator("/usr/bin/python3", cases);
  ASSERT_TRUE(report.is_object());
  std::vector<std::string> missing;
  std::vector<std::string> invalid;
  for (const Json& r : report["results"]) {
    std::string name = fmt::format("{}.{}", r["service"].get<std::string>(), r["operation"].get<std::string>());
    if (r["status"] == "missing_operation") missing.push_back(name);
    if (r["status"] == "invalid") invalid.push_back(name + ": " + r["detail"].get<std::string>());
  }
  // Reported, not failed: an older model may lack operations and members that
  // the newest one has. The newest model is the gate (test above).
  std::cout << "[ model check ] /usr/bin/python3 botocore " << report["botocore_version"]
            << ": operations missing: " << fmt::format("{}", fmt::join(missing, ", "))
            << "\n[ model check ] members unknown to it:\n  " << fmt::format("{}", fmt::join(invalid, "\n  ")) << "\n";
  std::set<std::string> missing_set(missing.begin(), missing.end());
  // Known from the 1.29 model: the service-deployment APIs came in late 2024.
  EXPECT_TRUE(missing_set.count("ecs.ListServiceDeployments") || report["botocore_version"].get<std::string>() > "1.35")
      << "expected 1.29 to lack ListServiceDeployments; is /usr/bin/python3 still Debian's?";
}

TEST_F(BotocoreModelCheck, MisspelledMemberAndWrongQueryEncodingAreCaught) {
  Json bad_member = CaseJson({"ecs", "UpdateService", BuildUpdateServiceInput({})}, false);
  bad_member["input"] = {{"service", "web"}, {"desiredCont", 2}};
  Json missing_required = CaseJson({"ecs", "CreateService", Json{{"cluster", "prod"}}}, false);
  Json wrong_type = CaseJson({"ecs", "UpdateService", Json{{"service", "web"}, {"desiredCount", "2"}}}, false);
  Json bad_query = CaseJson({"elbv2", "DeleteRule", BuildDeleteRuleInput("arn:r/1")}, true);
  bad_query["query_params"]["RuleArn"] = "arn:r/2";
  Json unknown_op = CaseJson({"ecs", "DescribeServise", Json::object()}, false);
  Json report = RunValidator(python_, Json::array({bad_member, missing_required, wrong_type, bad_query, unknown_op}));
  ASSERT_TRUE(report.is_object());
  const Json& r = report["results"];
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r[0]["status"], "invalid");
  EXPECT_NE(r[0]["detail"].get<std::string>().find("desiredCont"), std::string::npos);
  EXPECT_EQ(r[1]["status"], "invalid");
  EXPECT_NE(r[1]["detail"].get<std::string>().find("serviceName"), std::string::npos);
  EXPECT_EQ(r[2]["status"], "invalid");
  EXPECT_EQ(r[3]["status"], "query_mismatch");
  EXPECT_EQ(r[4]["status"], "missing_operation");
}

}  // namespace
}  // namespace berth::aws
