// `berth deploy` against moto, an independent AWS emulator: the requests berth
// makes (DescribeServices, DescribeTaskDefinition with tags,
// RegisterTaskDefinition, UpdateService) are accepted by someone else's
// implementation of the ECS API and have the intended effect.
//
// moto does not model deployments: UpdateService points the service at the new
// revision but answers with the deployment the service was created with, so
// there is nothing of the new revision to follow. berth records the change all
// the same (so `berth rollback` can undo it) and says so plainly: with
// --no-wait that is success (exit 0); asked to follow, it is exit 11
// (BadResponse) with what to do. docs/deploy.md and docs/sim.md describe this.
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

  // FAMILY:REVISION the service points at.
  std::string LiveRevision() {
    json services = Api("DescribeServices", {{"cluster", "prod"}, {"services", {"web"}}});
    return Short(services["services"][0]["taskDefinition"]);
  }
  static std::string Short(const json& arn) {
    std::string s = arn.is_string() ? arn.get<std::string>() : "";
    return s.substr(s.rfind('/') + 1);
  }
  // berth's records of the service, newest first (`berth status`).
  json Records() {
    ProcessResult r = Berth({"status", "--cluster", "prod", "--service", "web", "--output", "json"});
    EXPECT_EQ(r.exit_code, 0) << r.all();
    auto docs = ResultDocs(r.out);
    return docs.empty() ? json::array() : docs.back()["berthDeployments"];
  }

  TempHome home_;
  EnvMap env_;
};

TEST_F(DeployMotoE2e, MotoAcceptsTheDeployRequestsAndTheServicePointsAtTheNewRevision) {
  ProcessResult r = Berth({"deploy", "--cluster", "prod", "--service", "web", "--image", "web=repo/web:1.1", "--env",
                           "web:B=2", "--no-wait"});
  // moto answers UpdateService without a deployment of web:2: recorded, not followed, and not an error.
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_NE(r.out.find("does not model ECS deployments"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("berth recorded the change from web:1 to web:2"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("cannot follow it."), std::string::npos) << "a whole sentence: " << r.out;
  EXPECT_EQ(r.err.find("error"), std::string::npos) << r.err;

  json td = Api("DescribeTaskDefinition", {{"taskDefinition", "web:2"}, {"include", {"TAGS"}}});
  const json& containers = td["taskDefinition"]["containerDefinitions"];
  ASSERT_EQ(containers.size(), 2u) << td.dump();
  EXPECT_EQ(containers[0]["image"], "repo/web:1.1");
  EXPECT_EQ(containers[0]["environment"].size(), 2u);
  EXPECT_EQ(containers[1]["image"], "repo/envoy:1.30");
  ASSERT_EQ(td["tags"].size(), 1u) << td.dump();
  EXPECT_EQ(td["tags"][0]["key"], "team");
  EXPECT_EQ(LiveRevision(), "web:2");
}

TEST_F(DeployMotoE2e, ANoWaitDeployIsRecordedSoRollbackUndoesIt) {
  ProcessResult deployed = Berth({"deploy", "--cluster", "prod", "--service", "web", "--image", "web=repo/web:1.1",
                                  "--no-wait", "--output", "json"});
  ASSERT_EQ(deployed.exit_code, 0) << deployed.all();
  auto docs = ResultDocs(deployed.out);
  ASSERT_FALSE(docs.empty()) << deployed.out;
  EXPECT_EQ(docs.back()["outcome"], "APPLIED");
  EXPECT_NE(docs.back()["reason"].get<std::string>().find("does not model ECS deployments"), std::string::npos);

  json records = Records();
  ASSERT_EQ(records.size(), 1u) << records.dump();
  EXPECT_EQ(records[0]["kind"], "deploy");
  EXPECT_EQ(records[0]["outcome"], "IN_PROGRESS");
  EXPECT_EQ(records[0]["deploymentId"], "");
  EXPECT_EQ(Short(records[0]["from"]), "web:1");
  EXPECT_EQ(Short(records[0]["to"]), "web:2");
  EXPECT_NE(records[0]["reason"].get<std::string>().find("does not model ECS deployments"), std::string::npos);

  // berth's record says what was live before: rollback goes back to it.
  // moto's answer holds the deployment it had before, so --no-wait again.
  ProcessResult back = Berth({"rollback", "--cluster", "prod", "--service", "web", "--no-wait"});
  EXPECT_EQ(back.exit_code, 0) << back.all();
  EXPECT_NE(back.out.find("berth recorded the rollback from web:2 to web:1 and cannot follow it."), std::string::npos)
      << back.out;
  EXPECT_EQ(LiveRevision(), "web:1");
  records = Records();
  ASSERT_EQ(records.size(), 2u) << records.dump();
  EXPECT_EQ(records[0]["kind"], "rollback");
  EXPECT_EQ(Short(records[0]["from"]), "web:2");
  EXPECT_EQ(Short(records[0]["to"]), "web:1");
}

TEST_F(DeployMotoE2e, FollowingADeployMotoCannotShowExitsElevenWithACompleteMessage) {
  ProcessResult r = Berth({"deploy", "--cluster", "prod", "--service", "web", "--image", "web=repo/web:1.1"});
  EXPECT_EQ(r.exit_code, 11) << r.all();
  EXPECT_NE(r.err.find("does not model ECS deployments"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("cannot follow it"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("deploy with --no-wait (exit 0)"), std::string::npos) << r.err;
  // The change is made and recorded all the same.
  EXPECT_EQ(LiveRevision(), "web:2");
  json records = Records();
  ASSERT_EQ(records.size(), 1u) << records.dump();
  EXPECT_EQ(Short(records[0]["to"]), "web:2");

  // A rollback that waits says the same, for the rollback.
  ProcessResult back = Berth({"rollback", "--cluster", "prod", "--service", "web"});
  EXPECT_EQ(back.exit_code, 11) << back.all();
  EXPECT_NE(back.err.find("rollback with --no-wait (exit 0)"), std::string::npos) << back.err;
  EXPECT_EQ(LiveRevision(), "web:1");
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
