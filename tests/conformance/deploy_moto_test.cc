// `berth deploy` against moto, an independent AWS emulator: the requests berth
// makes (DescribeServices, DescribeTaskDefinition with tags,
// RegisterTaskDefinition, UpdateService) are accepted by someone else's
// implementation of the ECS API and have the intended effect.
//
// moto does not model deployments: UpdateService points the service at the new
// revision but returns no new PRIMARY deployment, so berth (rightly) says there
// is nothing to follow and exits 11. docs/sim.md lists this difference.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/berth_process.h"
#include "support/moto_fixture.h"
#include "support/sim_env.h"

namespace berth::testing {
namespace {

using nlohmann::json;

class DeployMotoE2e : public MotoFixture {
 protected:
  void SetUp() override {
    MotoFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    env_ = BerthEnv(home_);
    Api("CreateCluster", {{"clusterName", "prod"}});
    Api("RegisterTaskDefinition", {{"family", "web"},
                                   {"containerDefinitions",
                                    {{{"name", "web"},
                                      {"image", "repo/web:1.0"},
                                      {"memory", 256},
                                      {"environment", {{{"name", "A"}, {"value", "1"}}}}},
                                     {{"name", "envoy"}, {"image", "repo/envoy:1.30"}, {"memory", 128}}}},
                                   {"tags", {{{"key", "team"}, {"value", "web"}}}}});
    Api("CreateService",
        {{"cluster", "prod"}, {"serviceName", "web"}, {"taskDefinition", "web:1"}, {"desiredCount", 2}});
  }

  json Api(const std::string& operation, const json& input) {
    ProcessResult r = RunBerth({"api", "ecs", operation, "--input", input.dump(), "--output", "json"}, env_);
    EXPECT_EQ(r.exit_code, 0) << operation << ": " << r.all();
    auto docs = ResultDocs(r.out);
    return docs.empty() ? json() : docs.back();
  }

  ProcessResult Berth(std::vector<std::string> args) { return RunBerth(args, env_); }

  TempHome home_;
  EnvMap env_;
};

TEST_F(DeployMotoE2e, MotoAcceptsTheDeployRequestsAndTheServicePointsAtTheNewRevision) {
  ProcessResult r = Berth({"deploy", "--cluster", "prod", "--service", "web", "--image", "web=repo/web:1.1", "--env",
                           "web:B=2", "--no-wait"});
  // moto answers UpdateService without a new deployment: nothing to follow.
  EXPECT_EQ(r.exit_code, 11) << r.all();
  EXPECT_NE(r.err.find("no PRIMARY deployment"), std::string::npos) << r.err;

  json td = Api("DescribeTaskDefinition", {{"taskDefinition", "web:2"}, {"include", {"TAGS"}}});
  const json& containers = td["taskDefinition"]["containerDefinitions"];
  ASSERT_EQ(containers.size(), 2u) << td.dump();
  EXPECT_EQ(containers[0]["image"], "repo/web:1.1");
  EXPECT_EQ(containers[0]["environment"].size(), 2u);
  EXPECT_EQ(containers[1]["image"], "repo/envoy:1.30");
  ASSERT_EQ(td["tags"].size(), 1u) << td.dump();
  EXPECT_EQ(td["tags"][0]["key"], "team");

  json services = Api("DescribeServices", {{"cluster", "prod"}, {"services", {"web"}}});
  std::string live = services["services"][0]["taskDefinition"];
  EXPECT_EQ(live.substr(live.rfind('/') + 1), "web:2");
}

TEST_F(DeployMotoE2e, DiffStatusAndBadInputWorkAgainstMotoToo) {
  ProcessResult diff =
      Berth({"diff", "--cluster", "prod", "--service", "web", "--image", "web=repo/web:1.1", "--detailed-exitcode"});
  EXPECT_EQ(diff.exit_code, 2) << diff.all();
  EXPECT_NE(diff.out.find("repo/web:1.1"), std::string::npos) << diff.out;
  ProcessResult status = Berth({"status", "--cluster", "prod", "--service", "web"});
  EXPECT_EQ(status.exit_code, 0) << status.all();
  EXPECT_NE(status.out.find("web=repo/web:1.0"), std::string::npos) << status.out;
  ProcessResult unknown = Berth({"deploy", "--cluster", "prod", "--service", "web", "--image", "nginx=repo/x:1"});
  EXPECT_EQ(unknown.exit_code, 3) << unknown.all();
  json list = Api("ListTaskDefinitions", {{"familyPrefix", "web"}});
  EXPECT_EQ(list["taskDefinitionArns"].size(), 1u) << list.dump();
  ProcessResult missing = Berth({"deploy", "--cluster", "prod", "--service", "nope", "--image", "web=repo/x:1"});
  EXPECT_EQ(missing.exit_code, 7) << missing.all();
}

}  // namespace
}  // namespace berth::testing
