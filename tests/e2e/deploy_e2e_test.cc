// `berth deploy`, `wait`, `rollback`, `diff` and `status` end to end, one
// simulator per test, each test run both ways (SimEnv): in-process on a
// shared ManualClock (deterministic, no socket) and as the real binary
// against the simulator over real HTTP (the outside check).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sim/front/faults.h"
#include "support/sim_env.h"

namespace berth::testing {
namespace {

using nlohmann::json;

const std::vector<std::string> kWeb = {"--cluster", "demo", "--service", "web"};

std::vector<std::string> Args(std::initializer_list<std::string> head, std::vector<std::string> tail = {}) {
  std::vector<std::string> all(head);
  all.insert(all.end(), kWeb.begin(), kWeb.end());
  all.insert(all.end(), tail.begin(), tail.end());
  return all;
}

// `extra` may give --timeout itself (berth refuses a flag given twice with two values).
std::vector<std::string> Deploy(const std::string& image, std::vector<std::string> extra = {}) {
  std::vector<std::string> tail{"--image", "web=" + image, "--poll-interval", "100ms", "--output", "json"};
  if (std::find(extra.begin(), extra.end(), "--timeout") == extra.end()) {
    tail.insert(tail.end(), {"--timeout", "60s"});
  }
  tail.insert(tail.end(), extra.begin(), extra.end());
  return Args({"deploy"}, tail);
}

json LastResult(const ProcessResult& r) {
  auto docs = ResultDocs(r.out);
  return docs.empty() ? json() : docs.back();
}

// The images of the task definition the service runs, via `berth status`.
json LiveImages(const SimEnv& env) {
  ProcessResult r = env.Berth(Args({"status"}, {"--output", "json"}));
  EXPECT_EQ(r.exit_code, 0) << r.all();
  return LastResult(r)["images"];
}

int RevisionsOf(const SimEnv& env, const std::string& family) {
  json r = env.Api("ecs", "ListTaskDefinitions", {{"familyPrefix", family}});
  return static_cast<int>(r["taskDefinitionArns"].size());
}

// Service "plain" of cluster demo on web's revision, without a circuit
// breaker (ECS would retry broken tasks forever); the task definition it runs.
json CreatePlainService(const SimEnv& env) {
  json td = env.Api("ecs", "DescribeTaskDefinition", {{"taskDefinition", "web"}});
  env.Api("ecs", "CreateService",
          {{"cluster", "demo"},
           {"serviceName", "plain"},
           {"taskDefinition", td["taskDefinition"]["taskDefinitionArn"]},
           {"desiredCount", 2},
           {"launchType", "FARGATE"},
           {"networkConfiguration", {{"awsvpcConfiguration", {{"subnets", {"subnet-1"}}}}}},
           {"deploymentConfiguration", {{"deploymentCircuitBreaker", {{"enable", false}, {"rollback", false}}}}}});
  return td;
}

// Deploys demo-web 1.1.0 (web:2), then 1.2.0 (web:3), both COMPLETED; the first's result.
ProcessResult TwoGoodDeploys(const SimEnv& env) {
  ProcessResult first = env.Berth(Deploy("public.ecr.aws/berth/demo-web:1.1.0"));
  EXPECT_EQ(first.exit_code, 0) << first.all();
  ProcessResult second = env.Berth(Deploy("public.ecr.aws/berth/demo-web:1.2.0"));
  EXPECT_EQ(second.exit_code, 0) << second.all();
  return first;
}

class DeployE2e : public ::testing::TestWithParam<Via> {};
INSTANTIATE_TEST_SUITE_P(Via, DeployE2e, ::testing::Values(Via::kInProcess, Via::kSubprocess), ViaName);

// Tests whose verdict hangs on where a poll lands within a window of time:
// deterministic only on the shared ManualClock, so they run in-process only.
class DeployInProcessE2e : public DeployE2e {};
INSTANTIATE_TEST_SUITE_P(Via, DeployInProcessE2e, ::testing::Values(Via::kInProcess), ViaName);

TEST_P(DeployE2e, AHealthyImageCompletesAndTheServiceRunsIt) {
  SimEnv env(GetParam());
  ProcessResult r = env.Berth(Deploy("public.ecr.aws/berth/demo-web:1.1.0"));
  ASSERT_EQ(r.exit_code, 0) << r.all();
  json result = LastResult(r);
  EXPECT_EQ(result["outcome"], "COMPLETED");
  EXPECT_EQ(result["follow"]["deploymentId"], result["deploymentId"]);
  EXPECT_EQ(result["follow"]["deployment"]["runningCount"], result["follow"]["deployment"]["desiredCount"]);
  ASSERT_EQ(result["changes"].size(), 1u) << result.dump();
  EXPECT_EQ(result["changes"][0]["after"], "public.ecr.aws/berth/demo-web:1.1.0");
  EXPECT_EQ(LiveImages(env)["web"], "public.ecr.aws/berth/demo-web:1.1.0");
}

TEST_P(DeployE2e, ACircuitBreakerRollbackIsAFailureWithTheReasonAndEvents) {
  SimEnv env(GetParam());
  ProcessResult r = env.Berth(Deploy("public.ecr.aws/berth/demo-unhealthy:1.2.0"));
  EXPECT_EQ(r.exit_code, 13) << r.all();
  json result = LastResult(r);
  EXPECT_EQ(result["outcome"], "FAILED");
  EXPECT_TRUE(result["follow"]["replaced"].get<bool>());
  EXPECT_EQ(result["follow"]["primaryTaskDefinition"], result["previousTaskDefinition"]);
  EXPECT_NE(r.all().find("circuit breaker"), std::string::npos) << r.all();
  EXPECT_NE(r.all().find("service events:"), std::string::npos) << r.all();
}

TEST_P(DeployE2e, TasksThatNeverStartFailTheDeployment) {
  SimEnv env(GetParam());
  ProcessResult r = env.Berth(Deploy("public.ecr.aws/berth/demo-broken:2.0.0"));
  EXPECT_EQ(r.exit_code, 13) << r.all();
  EXPECT_EQ(LastResult(r)["outcome"], "FAILED");
  EXPECT_EQ(LiveImages(env)["web"], "public.ecr.aws/berth/demo-web:1.0.0");
}

TEST_P(DeployE2e, ADeploymentThatOutlastsTheTimeoutExitsWithTheTimeoutCode) {
  SimEnv env(GetParam());
  // A day in PENDING: at x300 longer than RunBerth lets berth run (120 s real
  // is 10 simulated hours), so the deployment cannot finish before the 2 s
  // timeout however slowly berth polls.
  env.SetBehaviour("registry.example.com/slow", "slow-start", 86400);
  ProcessResult r = env.Berth(Deploy("registry.example.com/slow:1", {"--timeout", "2s"}));
  EXPECT_EQ(r.exit_code, 12) << r.all();
  EXPECT_EQ(LastResult(r)["outcome"], "TIMED_OUT");
  EXPECT_NE(r.all().find("berth wait"), std::string::npos) << r.all();
}

TEST_P(DeployE2e, AThrottlingStormOnEveryCallIsRiddenOut) {
  SimEnv env(GetParam());
  for (const char* action : {"DescribeServices", "DescribeTaskDefinition", "RegisterTaskDefinition", "UpdateService"}) {
    sim::Fault f;
    f.kind = sim::Fault::Kind::kThrottle;
    f.action = action;
    f.remaining = 2;
    env.sim().faults().Add(f);
  }
  env.sim().ResetCallCounts();
  ProcessResult r = env.Berth(Deploy("public.ecr.aws/berth/demo-web:1.1.0"));
  ASSERT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(LastResult(r)["outcome"], "COMPLETED");
  json calls = env.sim().CallCounts()["calls"];
  // Each of the four calls was throttled twice before it went through.
  EXPECT_GE(calls["ecs:RegisterTaskDefinition"].get<int>(), 3) << calls.dump();
  EXPECT_GE(calls["ecs:UpdateService"].get<int>(), 3) << calls.dump();
  EXPECT_EQ(env.sim().faults().ToJson().size(), 0u) << env.sim().faults().ToJson().dump();
}

TEST_P(DeployE2e, AnUnknownContainerListsTheContainersAndRegistersNothing) {
  SimEnv env(GetParam());
  int before = RevisionsOf(env, "web");
  ProcessResult r = env.Berth(Args({"deploy"}, {"--image", "wbe=public.ecr.aws/berth/demo-web:1.1.0"}));
  EXPECT_EQ(r.exit_code, 3) << r.all();
  EXPECT_NE(r.err.find("container \"wbe\""), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("web"), std::string::npos) << r.err;
  EXPECT_EQ(RevisionsOf(env, "web"), before);
}

TEST_P(DeployE2e, AMissingServiceOrClusterIsNotFoundWithWhatToCheck) {
  SimEnv env(GetParam());
  ProcessResult service = env.Berth({"deploy", "--cluster", "demo", "--service", "wbe", "--image", "web=x/y:1"});
  EXPECT_EQ(service.exit_code, 7) << service.all();
  EXPECT_NE(service.err.find("services there:"), std::string::npos) << service.err;
  ProcessResult cluster = env.Berth({"deploy", "--cluster", "nope", "--service", "web", "--image", "web=x/y:1"});
  EXPECT_EQ(cluster.exit_code, 7) << cluster.all();
  EXPECT_NE(cluster.err.find("--region"), std::string::npos) << cluster.err;
}

TEST_P(DeployE2e, ABadImageReferenceOrTaskDefinitionFileChangesNothing) {
  SimEnv env(GetParam());
  int before = RevisionsOf(env, "web");
  ProcessResult image = env.Berth(Args({"deploy"}, {"--image", "web=Repo/Web:1"}));
  EXPECT_EQ(image.exit_code, 3) << image.all();
  std::string file = env.home().Write("td.json", "{\"family\": \"web\",\n \"containerDefinitions\": [\n");
  ProcessResult td = env.Berth(Args({"deploy"}, {"--task-definition", file}));
  EXPECT_EQ(td.exit_code, 3) << td.all();
  EXPECT_NE(td.err.find("td.json"), std::string::npos) << td.err;
  EXPECT_EQ(RevisionsOf(env, "web"), before);
}

TEST_P(DeployE2e, ATaskDefinitionFileIsRegisteredAsGiven) {
  SimEnv env(GetParam());
  json td = {{"family", "web"},
             {"networkMode", "awsvpc"},
             {"requiresCompatibilities", {"FARGATE"}},
             {"cpu", "512"},
             {"memory", "1024"},
             {"containerDefinitions",
              {{{"name", "web"},
                {"image", "public.ecr.aws/berth/demo-web:1.3.0"},
                {"essential", true},
                {"portMappings", {{{"containerPort", 8080}}}}}}}};
  std::string file = env.home().Write("td.json", td.dump(2));
  ProcessResult r =
      env.Berth(Args({"deploy"}, {"--task-definition", file, "--poll-interval", "100ms", "--output", "json"}));
  ASSERT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(LiveImages(env)["web"], "public.ecr.aws/berth/demo-web:1.3.0");
  json described = env.Api("ecs", "DescribeTaskDefinition", {{"taskDefinition", LastResult(r)["taskDefinition"]}});
  EXPECT_EQ(described["taskDefinition"]["cpu"], "512");
}

TEST_P(DeployE2e, AMemberTheEcsModelDoesNotKnowDeploysWithAWarningAndReachesTheTaskDefinition) {
  // What a member ECS ships after berth's model was taken looks like to berth.
  SimEnv env(GetParam());
  json td = {{"family", "web"},
             {"networkMode", "awsvpc"},
             {"requiresCompatibilities", {"FARGATE"}},
             {"cpu", "256"},
             {"memory", "512"},
             {"containerDefinitions", {{{"name", "web"}, {"image", "public.ecr.aws/berth/demo-web:1.3.0"}}}},
             {"futureTaskSetting", {{"mode", "strict"}, {"levels", {1, 2}}}}};
  std::string file = env.home().Write("future.json", td.dump(2));

  ProcessResult text = env.Berth(Args({"diff"}, {"--task-definition", file}));
  ASSERT_EQ(text.exit_code, 0) << text.all();
  EXPECT_NE(text.err.find("berth: warning: " + file +
                          ": \"futureTaskSetting\" is not a RegisterTaskDefinition member in berth's copy"),
            std::string::npos)
      << text.err;

  ProcessResult r =
      env.Berth(Args({"deploy"}, {"--task-definition", file, "--poll-interval", "100ms", "--output", "json"}));
  ASSERT_EQ(r.exit_code, 0) << r.all();
  // The warning is one JSON line, before the plan.
  size_t warning = r.out.find("{\"type\":\"warning\"");
  ASSERT_NE(warning, std::string::npos) << r.out;
  EXPECT_NE(r.out.find("futureTaskSetting", warning), std::string::npos) << r.out;
  EXPECT_LT(warning, r.out.find("plan for service")) << r.out;
  EXPECT_EQ(LastResult(r)["outcome"], "COMPLETED") << r.out;
  json described = env.Api("ecs", "DescribeTaskDefinition", {{"taskDefinition", LastResult(r)["taskDefinition"]}});
  EXPECT_EQ(described["taskDefinition"]["futureTaskSetting"], td["futureTaskSetting"]) << described.dump();
}

TEST_P(DeployE2e, ExpiredCredentialsMidWaitAreRefreshedAndTheDeploymentIsFollowedToTheEnd) {
  // Role credentials from the simulator's STS last 900 simulated seconds: at
  // x300 they expire three real seconds in, while berth is still waiting.
  SimEnv env(GetParam());
  env.home().WriteConfig(
      "[profile deployer]\nrole_arn = arn:aws:iam::123456789012:role/deployer\nsource_profile = base\n"
      "duration_seconds = 900\n[profile base]\n");
  env.home().WriteCredentials(
      "[base]\naws_access_key_id = AKIDSIMULATOR\naws_secret_access_key = berth-simulator-secret\n");
  env.SetBehaviour("registry.example.com/slowish", "slow-start", 1800);
  env.sim().ResetCallCounts();
  EnvMap role_env = env.Env();
  role_env.erase("AWS_ACCESS_KEY_ID");
  role_env.erase("AWS_SECRET_ACCESS_KEY");
  role_env["AWS_PROFILE"] = "deployer";
  ProcessResult r = env.BerthWithEnv(Deploy("registry.example.com/slowish:1", {"--timeout", "60s"}), role_env);
  ASSERT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(LastResult(r)["outcome"], "COMPLETED");
  EXPECT_GE(env.sim().CallCounts()["calls"]["sts:AssumeRole"].get<int>(), 2) << env.sim().CallCounts().dump();
}

TEST_P(DeployE2e, RollbackOnFailureFollowsTheCircuitBreakersOwnRollback) {
  SimEnv env(GetParam());
  ProcessResult r = env.Berth(Deploy("public.ecr.aws/berth/demo-unhealthy:1.2.0", {"--rollback-on-failure"}));
  EXPECT_EQ(r.exit_code, 13) << r.all();
  json result = LastResult(r);
  EXPECT_EQ(result["rollback"]["outcome"], "COMPLETED") << result.dump();
  EXPECT_NE(r.all().find("ECS is already rolling back"), std::string::npos);
  EXPECT_EQ(LiveImages(env)["web"], "public.ecr.aws/berth/demo-web:1.0.0");
  // Each service event is shown once, though two follows saw it.
  std::map<std::string, int> shown;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    json doc = json::parse(line, nullptr, false);
    if (doc.is_discarded() || doc.value("type", "") != "info") continue;
    std::string message = doc.value("message", "");
    if (message.rfind("event: ", 0) == 0) ++shown[message];
  }
  ASSERT_FALSE(shown.empty()) << r.out;
  for (const auto& [message, times] : shown) EXPECT_EQ(times, 1) << message;
}

TEST_P(DeployInProcessE2e, RollbackOnFailureRollsBackItselfWhenECSDoesNot) {
  SimEnv env(GetParam());
  CreatePlainService(env);
  // Without a circuit breaker the broken revision crash-loops: berth calls it
  // failed at the breaker's threshold and rolls back itself. The rollback's
  // follow shares the --timeout; on the shared ManualClock how much of it the
  // rollback uses does not depend on the machine's speed.
  ProcessResult r = env.Berth({"deploy", "--cluster", "demo", "--service", "plain", "--image",
                               "web=public.ecr.aws/berth/demo-broken:2.0.0", "--timeout", "15m", "--poll-interval",
                               "100ms", "--rollback-on-failure", "--output", "json"});
  EXPECT_EQ(r.exit_code, 13) << r.all();
  json result = LastResult(r);
  EXPECT_EQ(result["outcome"], "FAILED");
  EXPECT_NE(result["follow"]["reason"].get<std::string>().find("crash loop"), std::string::npos) << result.dump();
  EXPECT_EQ(result["rollback"]["outcome"], "COMPLETED") << result.dump();
  EXPECT_EQ(result["rollback"]["deployment"]["taskDefinition"], result["previousTaskDefinition"]);
}

// A service without a circuit breaker whose new revision never starts: ECS
// would retry for ever, berth fails the deploy at the breaker's threshold
// and says why the tasks stopped, in text and in JSON.
TEST_P(DeployE2e, ACrashLoopWithoutABreakerFailsEarlyAndSaysWhyTasksStopped) {
  SimEnv env(GetParam());
  CreatePlainService(env);
  std::vector<std::string> args = {"deploy",
                                   "--cluster",
                                   "demo",
                                   "--service",
                                   "plain",
                                   "--image",
                                   "web=public.ecr.aws/berth/demo-broken:2.0.0",
                                   "--timeout",
                                   "30m",
                                   "--poll-interval",
                                   "100ms"};
  ProcessResult text = env.Berth(args);
  EXPECT_EQ(text.exit_code, 13) << text.all();
  EXPECT_NE(text.err.find("crash loop: "), std::string::npos) << text.err;
  EXPECT_NE(text.err.find("stopped tasks (newest first):"), std::string::npos) << text.err;
  EXPECT_NE(text.err.find("[EssentialContainerExited]; container web exited 1"), std::string::npos) << text.err;

  // The service is left on the broken revision (ECS goes on trying it):
  // another broken tag is another deployment.
  args[6] = "web=public.ecr.aws/berth/demo-broken:2.0.1";
  args.insert(args.end(), {"--output", "json"});
  ProcessResult j = env.Berth(args);
  EXPECT_EQ(j.exit_code, 13) << j.all();
  json stopped = LastResult(j)["follow"]["stoppedTasks"];
  ASSERT_TRUE(stopped.is_array() && !stopped.empty()) << j.out;
  EXPECT_EQ(stopped[0]["stopCode"], "EssentialContainerExited");
  EXPECT_EQ(stopped[0]["containers"][0]["exitCode"], 1);
  EXPECT_NE(stopped[0]["taskDefinition"].get<std::string>().find("task-definition/web:"), std::string::npos);
}

TEST_P(DeployE2e, RollbackAfterTwoDeploymentsReturnsToTheFirst) {
  SimEnv env(GetParam());
  ProcessResult first = TwoGoodDeploys(env);
  if (::testing::Test::HasFailure()) return;
  ProcessResult back = env.Berth(Args({"rollback"}, {"--poll-interval", "100ms", "--output", "json"}));
  ASSERT_EQ(back.exit_code, 0) << back.all();
  json result = LastResult(back);
  EXPECT_EQ(result["to"], LastResult(first)["taskDefinition"]);
  EXPECT_EQ(result["outcome"], "COMPLETED");
  EXPECT_EQ(LiveImages(env)["web"], "public.ecr.aws/berth/demo-web:1.1.0");
  // Without history berth says what to do instead of guessing.
  ProcessResult none = env.Berth({"rollback", "--cluster", "demo", "--service", "api"});
  EXPECT_EQ(none.exit_code, 14) << none.all();
  EXPECT_NE(none.err.find("--to"), std::string::npos) << none.err;
}

// berth rollback looks before it writes: a deregistered target is refused
// with its state, a deployment under way is not cut short without --force,
// and the deployment a forced rollback replaces is recorded SUPERSEDED.
TEST_P(DeployE2e, RollbackRefusesADeregisteredTargetAndADeploymentUnderWayUnlessForced) {
  SimEnv env(GetParam());
  ProcessResult first = TwoGoodDeploys(env);
  if (::testing::Test::HasFailure()) return;
  std::string target = LastResult(first)["taskDefinition"];
  env.Api("ecs", "DeregisterTaskDefinition", {{"taskDefinition", target}});

  env.sim().ResetCallCounts();
  ProcessResult inactive = env.Berth(Args({"rollback"}, {"--poll-interval", "100ms"}));
  EXPECT_EQ(inactive.exit_code, 14) << inactive.all();
  EXPECT_NE(inactive.err.find("web:2 is INACTIVE"), std::string::npos) << inactive.err;
  EXPECT_NE(inactive.err.find("--to"), std::string::npos) << inactive.err;
  EXPECT_FALSE(env.sim().CallCounts()["calls"].contains("ecs:UpdateService"));

  // A deployment under way (a day in PENDING, so that it is still under way
  // however slowly this machine runs the next commands): refused, then forced.
  env.SetBehaviour("registry.example.com/slow", "slow-start", 86400);
  ProcessResult slow = env.Berth(Deploy("registry.example.com/slow:1", {"--no-wait"}));
  ASSERT_EQ(slow.exit_code, 0) << slow.all();
  std::string slow_id = LastResult(slow)["deploymentId"];
  env.sim().ResetCallCounts();
  ProcessResult refused = env.Berth(Args({"rollback"}, {"--to", "1", "--poll-interval", "100ms"}));
  EXPECT_EQ(refused.exit_code, 14) << refused.all();
  EXPECT_NE(refused.err.find(slow_id + " (web:4) is still IN_PROGRESS"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--force"), std::string::npos) << refused.err;
  EXPECT_FALSE(env.sim().CallCounts()["calls"].contains("ecs:UpdateService"));

  ProcessResult forced =
      env.Berth(Args({"rollback"}, {"--to", "1", "--force", "--poll-interval", "100ms", "--output", "json"}));
  ASSERT_EQ(forced.exit_code, 0) << forced.all();
  EXPECT_NE(forced.out.find("rolling back anyway"), std::string::npos) << forced.out;
  json status = LastResult(env.Berth(Args({"status"}, {"--output", "json"})));
  bool superseded = false;
  for (const json& d : status["berthDeployments"]) {
    if (d["deploymentId"] == slow_id) superseded = d["outcome"] == "SUPERSEDED";
  }
  EXPECT_TRUE(superseded) << status["berthDeployments"].dump();
}

TEST_P(DeployE2e, NoWaitThenWaitFollowsTheSameDeploymentAndRecordsIt) {
  SimEnv env(GetParam());
  ProcessResult started = env.Berth(Deploy("public.ecr.aws/berth/demo-web:1.1.0", {"--no-wait"}));
  ASSERT_EQ(started.exit_code, 0) << started.all();
  json result = LastResult(started);
  EXPECT_EQ(result["outcome"], "STARTED");
  std::string id = result["deploymentId"];
  ProcessResult waited =
      env.Berth(Args({"wait"}, {"--deployment", id, "--poll-interval", "100ms", "--output", "json"}));
  ASSERT_EQ(waited.exit_code, 0) << waited.all();
  EXPECT_EQ(LastResult(waited)["outcome"], "COMPLETED");
  ProcessResult status = env.Berth(Args({"status"}, {"--output", "json"}));
  json history = LastResult(status)["berthDeployments"];
  ASSERT_EQ(history.size(), 1u) << status.out;
  EXPECT_EQ(history[0]["deploymentId"], id);
  EXPECT_EQ(history[0]["outcome"], "SUCCEEDED");
}

TEST_P(DeployE2e, DiffAndDryRunChangeNothingAndDetailedExitcodeTellsChanges) {
  SimEnv env(GetParam());
  int before = RevisionsOf(env, "web");
  ProcessResult changed =
      env.Berth(Args({"diff"}, {"--image", "web=public.ecr.aws/berth/demo-web:1.1.0", "--detailed-exitcode"}));
  EXPECT_EQ(changed.exit_code, 2) << changed.all();
  EXPECT_NE(changed.out.find("demo-web:1.1.0"), std::string::npos) << changed.out;
  ProcessResult same =
      env.Berth(Args({"diff"}, {"--image", "web=public.ecr.aws/berth/demo-web:1.0.0", "--detailed-exitcode"}));
  EXPECT_EQ(same.exit_code, 0) << same.all();
  ProcessResult dry = env.Berth(Deploy("public.ecr.aws/berth/demo-web:1.1.0", {"--dry-run"}));
  EXPECT_EQ(dry.exit_code, 0) << dry.all();
  EXPECT_EQ(RevisionsOf(env, "web"), before);
  EXPECT_EQ(LiveImages(env)["web"], "public.ecr.aws/berth/demo-web:1.0.0");
}

TEST_P(DeployE2e, AnExternalControllerServiceIsRefusedWithWhatHandlesIt) {
  SimEnv env(GetParam());
  json td = env.Api("ecs", "DescribeTaskDefinition", {{"taskDefinition", "web"}});
  env.Api("ecs", "CreateService",
          {{"cluster", "demo"},
           {"serviceName", "ext"},
           {"desiredCount", 1},
           {"deploymentController", {{"type", "EXTERNAL"}}}});
  ProcessResult r = env.Berth({"deploy", "--cluster", "demo", "--service", "ext", "--image", "web=x/y:1"});
  EXPECT_EQ(r.exit_code, 14) << r.all();
  EXPECT_NE(r.err.find("task set"), std::string::npos) << r.err;
}

TEST_P(DeployE2e, AnEc2ServiceTakesServiceSettingsEnvAndAForcedRedeploy) {
  SimEnv env(GetParam());
  json td = env.Api("ecs", "RegisterTaskDefinition",
                    {{"family", "legacy"},
                     {"networkMode", "bridge"},
                     {"containerDefinitions",
                      {{{"name", "app"},
                        {"image", "registry.example.com:5000/legacy/app:7"},
                        {"memory", 256},
                        {"portMappings", {{{"containerPort", 80}, {"hostPort", 0}}}}}}}});
  env.Api("ecs", "CreateService",
          {{"cluster", "demo"},
           {"serviceName", "legacy"},
           {"taskDefinition", td["taskDefinition"]["taskDefinitionArn"]},
           {"desiredCount", 2},
           {"launchType", "EC2"}});
  std::vector<std::string> legacy{"--cluster",       "demo",  "--service", "legacy",
                                  "--poll-interval", "100ms", "--output",  "json"};
  auto with = [&](std::vector<std::string> head) {
    head.insert(head.end(), legacy.begin(), legacy.end());
    return head;
  };
  ProcessResult r = env.Berth(with({"deploy", "--image", "app=registry.example.com:5000/legacy/app:8", "--env",
                                    "app:LOG_LEVEL=debug", "--desired-count", "3", "--max-percent", "150"}));
  ASSERT_EQ(r.exit_code, 0) << r.all();
  json result = LastResult(r);
  EXPECT_EQ(result["follow"]["deployment"]["runningCount"], 3);
  json svc = env.Api("ecs", "DescribeServices", {{"cluster", "demo"}, {"services", {"legacy"}}})["services"][0];
  EXPECT_EQ(svc["desiredCount"], 3);
  EXPECT_EQ(svc["deploymentConfiguration"]["maximumPercent"], 150);
  json live = env.Api("ecs", "DescribeTaskDefinition", {{"taskDefinition", svc["taskDefinition"]}})["taskDefinition"];
  EXPECT_EQ(live["networkMode"], "bridge");
  EXPECT_EQ(live["containerDefinitions"][0]["image"], "registry.example.com:5000/legacy/app:8");
  EXPECT_EQ(live["containerDefinitions"][0]["environment"][0]["value"], "debug");

  // The same image again changes nothing; --force-new-deployment replaces the tasks on the same revision.
  ProcessResult same = env.Berth(
      with({"deploy", "--image", "app=registry.example.com:5000/legacy/app:8", "--env", "app:LOG_LEVEL=debug"}));
  ASSERT_EQ(same.exit_code, 0) << same.all();
  EXPECT_EQ(LastResult(same)["outcome"], "UNCHANGED");
  ProcessResult forced = env.Berth(with({"deploy", "--force-new-deployment"}));
  ASSERT_EQ(forced.exit_code, 0) << forced.all();
  json f = LastResult(forced);
  EXPECT_EQ(f["outcome"], "COMPLETED");
  EXPECT_EQ(f["taskDefinition"], svc["taskDefinition"]);
  EXPECT_NE(f["deploymentId"], result["deploymentId"]);
}

// A write whose connection drops after the simulator applied it is read
// back, not sent again: one new revision, one new deployment.
TEST_P(DeployE2e, AWriteWhoseConnectionDroppedIsReadBackNotRepeated) {
  SimEnv env(GetParam());
  for (const char* action : {"RegisterTaskDefinition", "UpdateService"}) {
    sim::Fault f;
    f.kind = sim::Fault::Kind::kDrop;
    f.action = action;
    env.sim().faults().Add(f);
  }
  int revisions = RevisionsOf(env, "web");
  auto deployments = [&] {
    json list = env.Api("ecs", "ListServiceDeployments", {{"cluster", "demo"}, {"service", "web"}});
    return list["serviceDeployments"].size();
  };
  size_t before = deployments();
  env.sim().ResetCallCounts();
  ProcessResult r = env.Berth(Deploy("public.ecr.aws/berth/demo-web:1.1.0", {"--force-new-deployment"}));
  ASSERT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(LastResult(r)["outcome"], "COMPLETED");
  EXPECT_EQ(env.sim().faults().ToJson().size(), 0u) << "both drops were consumed";
  EXPECT_EQ(RevisionsOf(env, "web"), revisions + 1) << "one revision, not one per attempt";
  EXPECT_EQ(deployments(), before + 1) << "one forced deployment, not two";
  json calls = env.sim().CallCounts()["calls"];
  EXPECT_EQ(calls["ecs:RegisterTaskDefinition"], 1) << calls.dump();
  EXPECT_EQ(calls["ecs:UpdateService"], 1) << calls.dump();
  EXPECT_NE(r.err.find("was applied; not sending it again"), std::string::npos) << r.all();

  // A drop before anything was applied (the simulator refuses the request
  // first: a 503) is retried after the read-back finds nothing.
  sim::Fault unavailable;
  unavailable.kind = sim::Fault::Kind::kServerError;
  unavailable.http_status = 503;
  unavailable.action = "RegisterTaskDefinition";
  env.sim().faults().Add(unavailable);
  ProcessResult again = env.Berth(Deploy("public.ecr.aws/berth/demo-web:1.2.0"));
  ASSERT_EQ(again.exit_code, 0) << again.all();
  EXPECT_EQ(RevisionsOf(env, "web"), revisions + 2);
}

// The first read of the service (of a deploy's plan, a diff, a wait) rides
// out a 5xx burst longer than the client's own retries, as the follow does,
// saying so; it does not end the command.
TEST_P(DeployE2e, AFiveHundredBurstOnTheFirstReadIsRiddenOut) {
  SimEnv env(GetParam());
  auto burst = [&env] {
    sim::Fault unavailable;
    unavailable.kind = sim::Fault::Kind::kServerError;
    unavailable.http_status = 503;
    unavailable.action = "DescribeServices";
    unavailable.remaining = 4;  // the client tries 3 times per call
    env.sim().faults().Add(unavailable);
  };
  burst();
  ProcessResult diff =
      env.Berth(Args({"diff"}, {"--image", "web=public.ecr.aws/berth/demo-web:1.1.0", "--detailed-exitcode"}));
  EXPECT_EQ(diff.exit_code, 2) << diff.all();
  EXPECT_NE(diff.err.find("could not read service web"), std::string::npos) << diff.err;
  burst();
  ProcessResult deploy = env.Berth(Deploy("public.ecr.aws/berth/demo-web:1.1.0"));
  EXPECT_EQ(deploy.exit_code, 0) << deploy.all();
  EXPECT_NE(deploy.all().find("trying again in"), std::string::npos) << deploy.all();
  burst();
  ProcessResult wait = env.Berth(Args({"wait"}, {"--poll-interval", "100ms", "--timeout", "60s"}));
  EXPECT_EQ(wait.exit_code, 0) << wait.all();
  EXPECT_EQ(env.sim().faults().ToJson().size(), 0u) << "every burst was consumed";
}

TEST_P(DeployE2e, FamilyStartsFromItsLatestActiveRevisionNotTheLiveOne) {
  SimEnv env(GetParam());
  // Someone registered web:2 (with a new variable) but never deployed it.
  json live = env.Api("ecs", "DescribeTaskDefinition", {{"taskDefinition", "web"}})["taskDefinition"];
  json next = live;
  for (const char* k : {"taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities",
                        "registeredAt", "registeredBy"}) {
    next.erase(k);
  }
  next["containerDefinitions"][0]["environment"] = {{{"name", "FROM_LATEST"}, {"value", "yes"}}};
  std::string latest = env.Api("ecs", "RegisterTaskDefinition", next)["taskDefinition"]["taskDefinitionArn"];

  // --family alone moves the service to that revision without registering another.
  ProcessResult moved =
      env.Berth(Args({"deploy"}, {"--family", "web", "--poll-interval", "100ms", "--output", "json"}));
  ASSERT_EQ(moved.exit_code, 0) << moved.all();
  EXPECT_EQ(LastResult(moved)["taskDefinition"], latest);
  EXPECT_FALSE(LastResult(moved)["registersTaskDefinition"].get<bool>());

  // With --image it clones the latest revision, so the variable comes along.
  ProcessResult r = env.Berth(Deploy("public.ecr.aws/berth/demo-web:1.6.0", {"--family", "web"}));
  ASSERT_EQ(r.exit_code, 0) << r.all();
  json td = env.Api("ecs", "DescribeTaskDefinition", {{"taskDefinition", LastResult(r)["taskDefinition"]}});
  EXPECT_EQ(td["taskDefinition"]["containerDefinitions"][0]["environment"][0]["name"], "FROM_LATEST");
  EXPECT_EQ(td["taskDefinition"]["containerDefinitions"][0]["image"], "public.ecr.aws/berth/demo-web:1.6.0");
}

TEST_P(DeployE2e, StatusShowsDeploymentsTasksAndEvents) {
  SimEnv env(GetParam());
  ProcessResult r = env.Berth(Args({"status"}));
  ASSERT_EQ(r.exit_code, 0) << r.all();
  EXPECT_NE(r.out.find("PRIMARY"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("RUNNING"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("web=public.ecr.aws/berth/demo-web:1.0.0"), std::string::npos) << r.out;
}

// The last lines after berth's own rollback describe the state at the end:
// the revision ECS runs now, and no `berth wait` for the deployment that is gone.
TEST_P(DeployInProcessE2e, TheSummaryAfterBerthsOwnRollbackIsTheFinalState) {
  SimEnv env(GetParam());
  json td = CreatePlainService(env);
  // A day in PENDING: the deployment times out, and berth rolls back itself.
  env.SetBehaviour("registry.example.com/slow", "slow-start", 86400);
  ProcessResult r =
      env.Berth({"deploy", "--cluster", "demo", "--service", "plain", "--image", "web=registry.example.com/slow:1",
                 "--timeout", "15s", "--poll-interval", "100ms", "--rollback-on-failure"});
  EXPECT_EQ(r.exit_code, 12) << r.all();
  json live = env.Api("ecs", "DescribeServices", {{"cluster", "demo"}, {"services", {"plain"}}})["services"][0];
  std::string running = live["taskDefinition"];
  std::string short_name = running.substr(running.rfind('/') + 1);
  EXPECT_EQ(running, td["taskDefinition"]["taskDefinitionArn"]) << "the rollback did not restore the service";
  EXPECT_NE(r.out.find("is on " + short_name + " now"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("berth rolled the service back"), std::string::npos) << r.err;
  EXPECT_EQ(r.all().find("follows it again"), std::string::npos) << r.all();
}

}  // namespace
}  // namespace berth::testing
