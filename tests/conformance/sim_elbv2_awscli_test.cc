// Conformance with the real AWS CLI (pyenv's `aws`, botocore 1.43): its
// parsers must accept every ELBv2/ECR answer, and a plain HTTP client must
// list tags through /v2/ with the ECR password, following Link pagination.
// Skipped when `aws` or python3 is not on PATH (a failure under
// BERTH_REQUIRE_ORACLES=1, as in CI; support/oracles.h).
#include <cstdio>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/oracles.h"
#include "support/sim_cli_fixture.h"

namespace berth::sim {
namespace {

class SimCliTest : public testing::SimAwsCliFixture {
 protected:
  void SetUp() override {
    SimAwsCliFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    if (testing::FindOnPath("python3").empty())
      BERTH_ORACLE_UNAVAILABLE(testing::Oracle::kPython, "no python3 on PATH");
  }
  Json Aws(const std::string& args) { return Ok(args); }
};

TEST_F(SimCliTest, AwsCliCreatesAWeightedRuleAndReadsTargetHealth) {
  Json tg = Aws("elbv2 create-target-group --name cli-tg --protocol HTTP --port 80 --vpc-id vpc-1 --target-type ip");
  std::string tg_arn = tg["TargetGroups"][0]["TargetGroupArn"];
  Json lbs = Aws("elbv2 describe-load-balancers --names demo-alb");
  std::string lb_arn = lbs["LoadBalancers"][0]["LoadBalancerArn"];
  Json listeners = Aws("elbv2 describe-listeners --load-balancer-arn " + lb_arn);
  std::string listener = listeners["Listeners"][0]["ListenerArn"];
  Json blue = Aws("elbv2 describe-target-groups --names web-blue");
  std::string blue_arn = blue["TargetGroups"][0]["TargetGroupArn"];
  std::string actions =
      Json::array(
          {Json{{"Type", "forward"},
                {"ForwardConfig",
                 {{"TargetGroups",
                   {{{"TargetGroupArn", blue_arn}, {"Weight", 90}}, {{"TargetGroupArn", tg_arn}, {"Weight", 10}}}}}}}})
          .dump();
  Json rule = Aws("elbv2 create-rule --listener-arn " + listener +
                  " --priority 7 --conditions Field=path-pattern,Values=/api/* --actions '" + actions + "'");
  ASSERT_TRUE(rule.contains("Rules")) << rule.dump();
  EXPECT_EQ(rule["Rules"][0]["Actions"][0]["ForwardConfig"]["TargetGroups"][1]["Weight"], 10);
  Aws("elbv2 register-targets --target-group-arn " + tg_arn + " --targets Id=10.0.1.1,Port=80");
  Json health = Aws("elbv2 describe-target-health --target-group-arn " + tg_arn);
  EXPECT_EQ(health["TargetHealthDescriptions"][0]["TargetHealth"]["State"], "initial");
  EXPECT_EQ(health["TargetHealthDescriptions"][0]["Target"]["Port"], 80);
}

TEST_F(SimCliTest, EcrLoginPasswordListsTagsThroughTheRegistryWithLinkPagination) {
  std::string script =
      "import base64,json,subprocess,sys,urllib.request\n"
      "ep,aws=sys.argv[1],sys.argv[2]\n"
      "pw=subprocess.check_output([aws,'--endpoint-url',ep,'ecr','get-login-password']).decode().strip()\n"
      "auth='Basic '+base64.b64encode(('AWS:'+pw).encode()).decode()\n"
      "url=ep+'/v2/web/tags/list?n=3'; tags=[]; pages=0\n"
      "while url:\n"
      "  r=urllib.request.urlopen(urllib.request.Request(url,headers={'Authorization':auth}))\n"
      "  tags+=json.load(r)['tags']; pages+=1\n"
      "  link=r.headers.get('Link')\n"
      "  url=ep+link[link.index('<')+1:link.index('>')] if link else None\n"
      "print(json.dumps({'tags':tags,'pages':pages}))\n";
  testing::CliResult r = Shell(
      "AWS_ACCESS_KEY_ID=AKIDSIMULATOR AWS_SECRET_ACCESS_KEY=berth-simulator-secret "
      "AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null python3 -c \"$(cat <<'PY'\n" +
      script + "PY\n)\" " + sim_->endpoint() + " " + aws_);
  ASSERT_EQ(r.rc, 0) << r.out;
  Json j = Json::parse(r.out);
  EXPECT_EQ(j["pages"], 2);
  EXPECT_EQ(j["tags"], Json({"1.0.0", "1.1.0", "1.2.0-rc.1", "2.0.0"}));
}

}  // namespace
}  // namespace berth::sim
