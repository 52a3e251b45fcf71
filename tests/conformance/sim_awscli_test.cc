// The simulator driven by clients berth did not write: the AWS CLI (`aws` on
// PATH) and boto3 (`python3` on PATH). Skipped when they are not installed
// (a failure under BERTH_REQUIRE_ORACLES=1, as in CI; support/oracles.h).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "sim/front/server.h"
#include "support/berth_process.h"
#include "support/oracles.h"

namespace berth::sim {
namespace {

class SimConformanceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SimOptions o;
    o.time_scale = 600;  // ten simulated minutes per second: waiters see steady services at once
    auto sim = Simulator::Start(o);
    ASSERT_TRUE(sim.ok()) << sim.status().ToString();
    sim_ = std::move(sim).value();
    env_ = {{"AWS_ACCESS_KEY_ID", kDefaultAccessKeyId},
            {"AWS_SECRET_ACCESS_KEY", kDefaultSecretAccessKey},
            {"AWS_DEFAULT_REGION", "us-east-1"},
            {"AWS_EC2_METADATA_DISABLED", "true"},
            {"HOME", ::testing::TempDir()}};
  }
  void TearDown() override { sim_->Stop(); }

  testing::ProcessResult Aws(std::vector<std::string> args) {
    std::vector<std::string> argv = {aws_, "--endpoint-url", sim_->endpoint(), "--output", "json"};
    argv.insert(argv.end(), args.begin(), args.end());
    return testing::RunProcess(argv, env_, std::chrono::seconds(120));
  }

  std::string aws_ = testing::FindCommand("aws");
  std::unique_ptr<Simulator> sim_;
  testing::EnvMap env_;
};

TEST_F(SimConformanceTest, AwsCliDeploysAndWaitsForAStableService) {
  if (aws_.empty())
    BERTH_ORACLE_UNAVAILABLE(testing::Oracle::kAwsCli, "no `aws` on PATH or in /usr/bin answers --version");
  auto who = Aws({"sts", "get-caller-identity"});
  ASSERT_EQ(who.exit_code, 0) << who.all();
  EXPECT_EQ(Json::parse(who.out)["Account"], "123456789012");

  ASSERT_EQ(Aws({"ecs", "create-cluster", "--cluster-name", "prod"}).exit_code, 0);
  auto td = Aws({"ecs", "register-task-definition", "--family", "web", "--container-definitions",
                 R"([{"name":"web","image":"nginx:1","essential":true}])"});
  ASSERT_EQ(td.exit_code, 0) << td.all();
  EXPECT_EQ(Json::parse(td.out)["taskDefinition"]["revision"], 1);
  auto created = Aws({"ecs", "create-service", "--cluster", "prod", "--service-name", "web", "--task-definition", "web",
                      "--desired-count", "2"});
  ASSERT_EQ(created.exit_code, 0) << created.all();
  auto wait = Aws({"ecs", "wait", "services-stable", "--cluster", "prod", "--services", "web"});
  ASSERT_EQ(wait.exit_code, 0) << wait.all();

  ASSERT_EQ(Aws({"ecs", "register-task-definition", "--family", "web", "--container-definitions",
                 R"([{"name":"web","image":"nginx:2","essential":true}])"})
                .exit_code,
            0);
  auto updated = Aws({"ecs", "update-service", "--cluster", "prod", "--service", "web", "--task-definition", "web:2"});
  ASSERT_EQ(updated.exit_code, 0) << updated.all();
  EXPECT_EQ(Json::parse(updated.out)["service"]["deployments"].size(), 2u);
  wait = Aws({"ecs", "wait", "services-stable", "--cluster", "prod", "--services", "web"});
  ASSERT_EQ(wait.exit_code, 0) << wait.all();
  // The waiter's "stable" (one deployment, all tasks running) comes up to 40
  // simulated seconds before ECS calls the rollout COMPLETED (tasks count as
  // healthy 40 s after RUNNING): move past that instead of relying on the
  // next CLI start taking longer than 40 / 600 s.
  sim_->clock().Advance(std::chrono::minutes(5));
  auto described = Aws({"ecs", "describe-services", "--cluster", "prod", "--services", "web", "missing"});
  ASSERT_EQ(described.exit_code, 0) << described.all();
  Json d = Json::parse(described.out);
  ASSERT_EQ(d["services"][0]["deployments"].size(), 1u);
  EXPECT_EQ(d["services"][0]["deployments"][0]["taskDefinition"],
            "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2");
  EXPECT_EQ(d["services"][0]["deployments"][0]["rolloutState"], "COMPLETED");
  EXPECT_EQ(d["failures"][0]["reason"], "MISSING");
}

TEST_F(SimConformanceTest, AwsCliPrintsAwsErrorCodes) {
  if (aws_.empty())
    BERTH_ORACLE_UNAVAILABLE(testing::Oracle::kAwsCli, "no `aws` on PATH or in /usr/bin answers --version");
  auto r = Aws({"ecs", "describe-services", "--cluster", "nope", "--services", "web"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("ClusterNotFoundException"), std::string::npos) << r.all();
  env_["AWS_SECRET_ACCESS_KEY"] = "wrong";
  r = Aws({"sts", "get-caller-identity"});
  EXPECT_NE(r.err.find("SignatureDoesNotMatch"), std::string::npos) << r.all();
}

TEST_F(SimConformanceTest, Boto3PaginatesTasksAndAssumesARole) {
  std::string python = testing::FindPythonWith("boto3");
  if (python.empty()) {
    BERTH_ORACLE_UNAVAILABLE(testing::Oracle::kBoto3,
                             "neither `python3` on PATH nor /usr/bin/python3 can import boto3");
  }
  std::string script = R"PY(
import boto3, json, sys
url = sys.argv[1]
ecs = boto3.client("ecs", endpoint_url=url)
ecs.create_cluster(clusterName="c")
ecs.register_task_definition(family="a", containerDefinitions=[{"name": "a", "image": "i"}])
ecs.run_task(cluster="c", taskDefinition="a", count=10)
ecs.run_task(cluster="c", taskDefinition="a", count=5)
pages = list(ecs.get_paginator("list_tasks").paginate(cluster="c", PaginationConfig={"PageSize": 4}))
arns = [a for p in pages for a in p["taskArns"]]
tasks = ecs.describe_tasks(cluster="c", tasks=arns[:3])["tasks"]
sts = boto3.client("sts", endpoint_url=url)
creds = sts.assume_role(RoleArn="arn:aws:iam::210987654321:role/deploy", RoleSessionName="ci-run")["Credentials"]
other = boto3.client("sts", endpoint_url=url, aws_access_key_id=creds["AccessKeyId"],
                     aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"])
print(json.dumps({"pages": len(pages), "tasks": len(arns), "status": tasks[0]["lastStatus"],
                  "account": other.get_caller_identity()["Account"]}))
)PY";
  auto r = testing::RunProcess({python, "-c", script, sim_->endpoint()}, env_, std::chrono::seconds(120));
  ASSERT_EQ(r.exit_code, 0) << r.all();
  Json out = Json::parse(r.out);
  EXPECT_EQ(out["pages"], 4);
  EXPECT_EQ(out["tasks"], 15);
  EXPECT_EQ(out["account"], "210987654321");
}

// The behaviours of a crashing app and of an image that cannot be pulled,
// read back with the AWS CLI: the crash reaches RUNNING (startedAt set) and
// exits with its code; the pull failure never starts (TaskFailedToStart,
// CannotPullContainerError, no startedAt, no exit code). Simulated time is
// frozen and moved by hand; SigV4 runs on the real clock.
TEST(SimBehavioursCliTest, AwsCliSeesACrashAfterStartAndAPullFailureAsAwsReportsThem) {
  std::string aws = testing::FindCommand("aws");
  if (aws.empty())
    BERTH_ORACLE_UNAVAILABLE(testing::Oracle::kAwsCli, "no `aws` on PATH or in /usr/bin answers --version");
  SimOptions o;
  o.time_scale = 0;
  o.rate_limits = false;
  auto started = Simulator::Start(o);
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  std::unique_ptr<Simulator> sim = std::move(started).value();
  {
    auto lock = sim->world().Lock();
    sim->world().SetImageBehaviour("app:crash", ImageBehaviour{ImageBehaviour::Kind::kExitAfterStart, 20, 0, 3});
    sim->world().SetImageBehaviour("app:nopull", ImageBehaviour{ImageBehaviour::Kind::kPullFailure, 0, 0, 1});
  }
  testing::EnvMap env = {{"AWS_ACCESS_KEY_ID", kDefaultAccessKeyId},
                         {"AWS_SECRET_ACCESS_KEY", kDefaultSecretAccessKey},
                         {"AWS_DEFAULT_REGION", "us-east-1"},
                         {"AWS_EC2_METADATA_DISABLED", "true"},
                         {"HOME", ::testing::TempDir()}};
  auto cli = [&](std::vector<std::string> args) {
    std::vector<std::string> argv = {aws, "--endpoint-url", sim->endpoint(), "--output", "json"};
    argv.insert(argv.end(), args.begin(), args.end());
    testing::ProcessResult r = testing::RunProcess(argv, env, std::chrono::seconds(120));
    EXPECT_EQ(r.exit_code, 0) << r.all();
    return r.out.empty() ? Json() : Json::parse(r.out);
  };
  cli({"ecs", "create-cluster", "--cluster-name", "prod"});
  for (const char* app : {"crash", "nopull"}) {
    cli({"ecs", "register-task-definition", "--family", app, "--container-definitions",
         std::string(R"([{"name":"app","essential":true,"image":"app:)") + app + R"("}])"});
    cli({"ecs", "create-service", "--cluster", "prod", "--service-name", app, "--task-definition", app,
         "--desired-count", "1"});
  }
  sim->clock().Advance(std::chrono::minutes(2));
  auto stopped_of = [&](const std::string& service) {
    Json arns = cli({"ecs", "list-tasks", "--cluster", "prod", "--service-name", service, "--desired-status",
                     "STOPPED"})["taskArns"];
    EXPECT_FALSE(arns.empty()) << service;
    std::vector<std::string> args = {"ecs", "describe-tasks", "--cluster", "prod", "--tasks"};
    for (const auto& a : arns) args.push_back(a.get<std::string>());
    return cli(args)["tasks"];
  };
  Json crashed = stopped_of("crash");
  ASSERT_FALSE(crashed.empty());
  EXPECT_EQ(crashed[0]["stopCode"], "EssentialContainerExited") << crashed.dump();
  EXPECT_EQ(crashed[0]["stoppedReason"], "Essential container in task exited") << crashed.dump();
  EXPECT_TRUE(crashed[0].contains("startedAt")) << "a crashing app did reach RUNNING: " << crashed.dump();
  EXPECT_EQ(crashed[0]["containers"][0]["exitCode"], 3) << crashed.dump();

  Json unpulled = stopped_of("nopull");
  ASSERT_FALSE(unpulled.empty());
  EXPECT_EQ(unpulled[0]["stopCode"], "TaskFailedToStart") << unpulled.dump();
  EXPECT_FALSE(unpulled[0].contains("startedAt")) << unpulled.dump();
  EXPECT_FALSE(unpulled[0]["containers"][0].contains("exitCode")) << unpulled.dump();
  std::string reason = unpulled[0]["containers"][0].value("reason", "");
  EXPECT_EQ(reason.rfind("CannotPullContainerError: ", 0), 0u) << unpulled.dump();
  EXPECT_NE(reason.find("app:nopull"), std::string::npos) << reason;

  // Without health checks the crash is not counted by the circuit breaker
  // (the task ran); the pull failure is, before RUNNING.
  Json services = cli({"ecs", "describe-services", "--cluster", "prod", "--services", "crash", "nopull"})["services"];
  ASSERT_EQ(services.size(), 2u);
  EXPECT_EQ(services[0]["deployments"][0]["failedTasks"], 0) << services[0].dump();
  EXPECT_GE(services[1]["deployments"][0]["failedTasks"].get<int>(), 1) << services[1].dump();
  sim->Stop();
}

}  // namespace
}  // namespace berth::sim
