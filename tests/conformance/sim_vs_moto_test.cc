// The simulator against moto (an AWS mock berth did not write): one scenario
// runs against both through berth's own AwsClient, and the SHAPES of the
// responses (every key path and the JSON type at it; arrays as the union of
// their elements' shapes) are compared per operation.
//
// Every key path moto returns must come back from the simulator with the same
// type, except the allow-list below (each entry says why; docs/sim.md
// "Compared with moto" lists them too). Paths only the simulator returns are
// printed and allowed: moto is incomplete, the simulator must not be less
// complete than moto.
//
// Without moto the test prints "MOTO NOT AVAILABLE" and skips.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "aws/call/client.h"
#include "aws/call/service.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/strings.h"
#include "http/transport.h"
#include "sim/front/server.h"
#include "support/moto_fixture.h"

namespace berth::sim {
namespace {

using berth::testing::MotoFixture;
using berth::testing::TestAwsClient;
using berth::testing::TestCredentials;

// Network ids the backend accepts (moto checks that they exist in its default VPC).
struct Network {
  std::string vpc, subnet_a, subnet_b, security_group;
};

// One backend's answers: operation label -> response, plus every failure.
struct BackendRun {
  std::map<std::string, Json> responses;
  std::vector<std::string> errors;
  std::vector<std::string> notes;  // steps skipped because the backend had nothing to act on
};

// `uploads_layers`: the backend has ECR's layer upload API (the simulator; moto
// does not), so the image's config blob is uploaded before PutImage, as AWS
// requires (LayersNotFoundException otherwise).
BackendRun RunScenario(aws::AwsClient& aws, const Network& net, const std::function<void()>& let_time_pass,
                       bool uploads_layers) {
  BackendRun run;
  auto call = [&](const std::string& label, const char* service, const char* op, const Json& in) -> Json {
    auto r = aws.Call(*aws::FindService(service), op, in);
    if (!r.ok()) {
      run.errors.push_back(label + ": " + r.status().ToString());
      return Json::object();
    }
    run.responses[label] = *r;
    return *r;
  };
  auto str = [](const Json& j, const Json::json_pointer& p) {
    return j.contains(p) && j.at(p).is_string() ? j.at(p).get<std::string>() : std::string();
  };
  const Json awsvpc = {
      {"awsvpcConfiguration",
       {{"subnets", {net.subnet_a}}, {"securityGroups", {net.security_group}}, {"assignPublicIp", "DISABLED"}}}};

  // ECS: a rolling service, then an EXTERNAL one with a task set.
  call("ecs.CreateCluster", "ecs", "CreateCluster", {{"clusterName", "shapes"}});
  Json td = Json::parse(R"({"family": "web", "networkMode": "awsvpc",
    "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
    "containerDefinitions": [{"name": "app", "image": "nginx:1", "essential": true,
      "memory": 256, "portMappings": [{"containerPort": 80, "protocol": "tcp"}]}],
    "tags": [{"key": "team", "value": "a"}]})");
  call("ecs.RegisterTaskDefinition", "ecs", "RegisterTaskDefinition", td);
  td["containerDefinitions"][0]["image"] = "nginx:2";
  call("ecs.RegisterTaskDefinition", "ecs", "RegisterTaskDefinition", td);
  call("ecs.DescribeTaskDefinition", "ecs", "DescribeTaskDefinition",
       {{"taskDefinition", "web:1"}, {"include", {"TAGS"}}});
  call("ecs.CreateService", "ecs", "CreateService",
       {{"cluster", "shapes"},
        {"serviceName", "web"},
        {"taskDefinition", "web:1"},
        {"desiredCount", 2},
        {"launchType", "FARGATE"},
        {"networkConfiguration", awsvpc},
        {"deploymentConfiguration",
         {{"maximumPercent", 200},
          {"minimumHealthyPercent", 50},
          {"deploymentCircuitBreaker", {{"enable", true}, {"rollback", true}}}}},
        {"tags", {{{"key", "team"}, {"value", "a"}}}}});
  let_time_pass();
  call("ecs.DescribeServices", "ecs", "DescribeServices",
       {{"cluster", "shapes"}, {"services", {"web", "ghost"}}, {"include", {"TAGS"}}});
  call("ecs.UpdateService", "ecs", "UpdateService",
       {{"cluster", "shapes"}, {"service", "web"}, {"taskDefinition", "web:2"}, {"desiredCount", 3}});
  call("ecs.ListServices", "ecs", "ListServices", {{"cluster", "shapes"}});
  Json tasks = call("ecs.ListTasks", "ecs", "ListTasks", {{"cluster", "shapes"}});
  if (tasks.contains("taskArns") && !tasks["taskArns"].empty()) {
    call("ecs.DescribeTasks", "ecs", "DescribeTasks",
         {{"cluster", "shapes"}, {"tasks", tasks["taskArns"]}, {"include", {"TAGS"}}});
  } else {
    // moto 5.2.1 starts no tasks for services, so DescribeTasks is compared only when both have tasks.
    run.notes.push_back("ecs.DescribeTasks skipped: ListTasks returned no tasks");
  }
  call("ecs.CreateService(EXTERNAL)", "ecs", "CreateService",
       {{"cluster", "shapes"},
        {"serviceName", "api"},
        {"desiredCount", 2},
        {"deploymentController", {{"type", "EXTERNAL"}}}});
  Json set = call("ecs.CreateTaskSet", "ecs", "CreateTaskSet",
                  {{"cluster", "shapes"},
                   {"service", "api"},
                   {"taskDefinition", "web:1"},
                   {"externalId", "blue"},
                   {"launchType", "FARGATE"},
                   {"networkConfiguration", awsvpc},
                   {"scale", {{"value", 100}, {"unit", "PERCENT"}}}});
  call("ecs.DescribeTaskSets", "ecs", "DescribeTaskSets",
       {{"cluster", "shapes"}, {"service", "api"}, {"taskSets", {str(set, "/taskSet/taskSetArn"_json_pointer)}}});

  // ELBv2: an ALB, two target groups, a weighted listener, target health.
  Json lb = call("elbv2.CreateLoadBalancer", "elbv2", "CreateLoadBalancer",
                 {{"Name", "shapes"}, {"Subnets", {net.subnet_a, net.subnet_b}}});
  auto target_group = [&](const std::string& name) {
    Json out = call("elbv2.CreateTargetGroup", "elbv2", "CreateTargetGroup",
                    {{"Name", name},
                     {"Protocol", "HTTP"},
                     {"Port", 8080},
                     {"VpcId", net.vpc},
                     {"TargetType", "ip"},
                     {"HealthCheckPath", "/health"}});
    return str(out, "/TargetGroups/0/TargetGroupArn"_json_pointer);
  };
  const std::string blue = target_group("blue");
  const std::string green = target_group("green");
  call("elbv2.CreateListener", "elbv2", "CreateListener",
       {{"LoadBalancerArn", str(lb, "/LoadBalancers/0/LoadBalancerArn"_json_pointer)},
        {"Protocol", "HTTP"},
        {"Port", 80},
        {"DefaultActions",
         {{{"Type", "forward"},
           {"ForwardConfig",
            {{"TargetGroups",
              {{{"TargetGroupArn", blue}, {"Weight", 90}}, {{"TargetGroupArn", green}, {"Weight", 10}}}}}}}}}});
  call("elbv2.RegisterTargets", "elbv2", "RegisterTargets",
       {{"TargetGroupArn", blue}, {"Targets", {{{"Id", "10.0.0.5"}, {"Port", 8080}}}}});
  call("elbv2.DescribeTargetHealth", "elbv2", "DescribeTargetHealth", {{"TargetGroupArn", blue}});

  // ECR: a repository with one tagged image, and a registry login.
  call("ecr.CreateRepository", "ecr", "CreateRepository", {{"repositoryName", "shapes"}});
  const std::string config_blob = "{}";
  const std::string config_digest = "sha256:" + Sha256Hex(config_blob);
  if (uploads_layers) {
    std::string upload =
        str(call("ecr.InitiateLayerUpload", "ecr", "InitiateLayerUpload", {{"repositoryName", "shapes"}}),
            "/uploadId"_json_pointer);
    call("ecr.UploadLayerPart", "ecr", "UploadLayerPart",
         {{"repositoryName", "shapes"},
          {"uploadId", upload},
          {"partFirstByte", 0},
          {"partLastByte", config_blob.size() - 1},
          {"layerPartBlob", Base64Encode(config_blob)}});
    call("ecr.CompleteLayerUpload", "ecr", "CompleteLayerUpload",
         {{"repositoryName", "shapes"}, {"uploadId", upload}, {"layerDigests", {config_digest}}});
  }
  const std::string manifest =
      R"({"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",)"
      R"( "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 2,)"
      R"( "digest": ")" +
      config_digest + R"("}, "layers": []})";
  call("ecr.PutImage", "ecr", "PutImage",
       {{"repositoryName", "shapes"}, {"imageManifest", manifest}, {"imageTag", "v1"}});
  call("ecr.DescribeImages", "ecr", "DescribeImages", {{"repositoryName", "shapes"}});
  call("ecr.ListImages", "ecr", "ListImages", {{"repositoryName", "shapes"}});
  call("ecr.GetAuthorizationToken", "ecr", "GetAuthorizationToken", Json::object());

  call("sts.GetCallerIdentity", "sts", "GetCallerIdentity", Json::object());
  return run;
}

// Key path -> the JSON types seen there. "a.b[].c": key c of the elements of array b.
using Shape = std::map<std::string, std::set<std::string>>;

void CollectShape(const Json& j, const std::string& path, Shape* out) {
  if (!path.empty()) (*out)[path].insert(j.type_name());
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) CollectShape(v, path.empty() ? k : path + "." + k, out);
  } else if (j.is_array()) {
    for (const auto& e : j) CollectShape(e, path + "[]", out);
  }
}

struct Allowed {
  const char* op;
  const char* path;  // exact, or a prefix when it ends in '*'
  const char* reason;
};

// Paths moto returns that the simulator need not (see docs/sim.md "Compared with moto").
const Allowed kAllowed[] = {
    {"ecs.CreateCluster", "cluster.settings[]*",
     "moto adds a default containerInsights setting; the simulator echoes only the settings the "
     "request gave (AWS's default comes from the account setting)"},
    {"ecs.CreateService", "service.taskSets",
     "moto returns an empty taskSets on every service; AWS and the simulator return it only for "
     "EXTERNAL (and CODE_DEPLOY) services"},
    {"ecs.UpdateService", "service.taskSets", "as CreateService: taskSets only for EXTERNAL services"},
    {"ecs.DescribeServices", "services[].taskSets", "as CreateService: taskSets only for EXTERNAL services"},
    {"ecs.UpdateService", "service.tags*",
     "moto echoes tags from UpdateService; AWS returns tags only from DescribeServices with "
     "include=TAGS (which the simulator does)"},
    {"ecs.CreateService(EXTERNAL)", "service.deployments",
     "moto returns an empty deployments list on EXTERNAL services; the simulator returns taskSets "
     "there instead, as AWS does (EXTERNAL services deploy through task sets)"},
    {"ecs.CreateService(EXTERNAL)", "service.networkConfiguration",
     "moto returns a networkConfiguration the request did not give; AWS omits it when unset"},
    {"ecs.CreateTaskSet", "taskSet.capacityProviderStrategy",
     "moto returns an empty strategy for a launchType task set; the simulator omits it, as AWS "
     "returns it only when a strategy was given"},
    {"ecs.DescribeTaskSets", "taskSets[].capacityProviderStrategy", "as CreateTaskSet"},
    {"elbv2.CreateListener", "Listeners[].SslPolicy",
     "moto returns it on HTTP listeners; AWS returns it only for HTTPS/TLS listeners"},
    {"elbv2.CreateListener", "Listeners[].AlpnPolicy",
     "moto returns it on HTTP listeners; AWS returns it only for TLS listeners"},
};

const Allowed* FindAllowed(const std::string& op, const std::string& path) {
  for (const Allowed& a : kAllowed) {
    std::string_view p = a.path;
    if (p.empty() || op != a.op) continue;
    if (p.back() == '*' ? StartsWith(path, p.substr(0, p.size() - 1)) : path == p) return &a;
  }
  return nullptr;
}

class MotoShapes : public MotoFixture {
 protected:
  void SetUp() override {
    MotoFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    SimOptions o;
    o.time_scale = 0;  // only the test moves simulated time
    o.rate_limits = false;
    auto sim = Simulator::Start(o);
    ASSERT_TRUE(sim.ok()) << sim.status().ToString();
    sim_ = std::move(sim).value();
  }
  void TearDown() override {
    if (sim_ != nullptr) sim_->Stop();
  }

  // moto's default VPC: its first two subnets and first security group.
  Network MotoNetwork() {
    std::vector<std::string> p = Boto3(
        "ec2 = client('ec2')\n"
        "s = ec2.describe_subnets()['Subnets']\n"
        "print(s[0]['VpcId'], s[0]['SubnetId'], s[1]['SubnetId'],\n"
        "      ec2.describe_security_groups()['SecurityGroups'][0]['GroupId'])\n");
    if (p.size() != 4) return {};
    return {p[0], p[1], p[2], p[3]};
  }

  std::unique_ptr<Simulator> sim_;
};

TEST_F(MotoShapes, SimulatorReturnsEveryKeyMotoReturnsWithTheSameType) {
  Network moto_net = MotoNetwork();
  ASSERT_FALSE(moto_net.vpc.empty());
  Network sim_net{"vpc-0b1e2r3t4h5s6i7m", "subnet-0a1b2c3d", "subnet-1a2b3c4d", "sg-0a1b2c3d"};

  auto moto_client = MotoClient();
  TestAwsClient sim_client(sim_->endpoint(), TestCredentials(kDefaultAccessKeyId, kDefaultSecretAccessKey));
  BackendRun moto = RunScenario(
      moto_client->aws(), moto_net, [] {}, /*uploads_layers=*/false);
  // Let the simulator's first deployment start its tasks (moto starts them at once).
  BackendRun sim = RunScenario(
      sim_client.aws(), sim_net, [&] { sim_->clock().Advance(std::chrono::seconds(60)); }, /*uploads_layers=*/true);
  for (const auto& e : sim.errors) ADD_FAILURE() << "simulator: " << e;
  for (const auto& e : moto.errors) ADD_FAILURE() << "moto: " << e;
  for (const auto& n : moto.notes) std::cout << "[ shapes ] moto: " << n << "\n";
  for (const auto& n : sim.notes) ADD_FAILURE() << "simulator: " << n;

  std::set<std::string> allowed_used;
  for (const auto& [op, moto_response] : moto.responses) {
    auto it = sim.responses.find(op);
    if (it == sim.responses.end()) continue;  // the simulator's failure is reported above
    Shape ms, ss;
    CollectShape(moto_response, "", &ms);
    CollectShape(it->second, "", &ss);
    std::cout << "[ shapes ] " << op << "\n";
    for (const auto& [path, types] : ss) {
      if (!ms.count(path)) std::cout << "    only in simulator: " << path << "\n";
    }
    for (const auto& [path, types] : ms) {
      auto st = ss.find(path);
      std::string problem;
      if (st == ss.end()) {
        problem = "only in moto";
      } else {
        for (const auto& t : types) {
          if (!st->second.count(t)) problem = "type mismatch: moto " + t + ", simulator " + *st->second.begin();
        }
      }
      if (problem.empty()) continue;
      if (const Allowed* a = FindAllowed(op, path)) {
        allowed_used.insert(std::string(a->op) + " " + a->path);
        std::cout << "    " << problem << ": " << path << " (allowed: " << a->reason << ")\n";
        continue;
      }
      std::cout << "    " << problem << ": " << path << "\n";
      ADD_FAILURE() << op << ": " << problem << ": " << path;
    }
  }
  // A stale allow-list entry is an error too: the difference it excused is gone.
  for (const Allowed& a : kAllowed) {
    if (std::string_view(a.path).empty()) continue;
    EXPECT_TRUE(allowed_used.count(std::string(a.op) + " " + a.path))
        << "allow-list entry no longer needed: " << a.op << " " << a.path;
  }
}

}  // namespace
}  // namespace berth::sim
