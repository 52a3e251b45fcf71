// berth's state database end to end: a history file written by the first
// berth (schema version 1, the `history.db` of berth 0.1) is upgraded in
// place by today's binary, keeps its records, and `berth rollback` uses them;
// the old flag and variable names still work; a bad state file is refused
// before anything is written to AWS.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "store/sqlite/db.h"
#include "store/sqlite/schema.h"
#include "support/sim_env.h"

namespace berth::testing {
namespace {

using nlohmann::json;

const std::vector<std::string> kWeb = {"--cluster", "demo", "--service", "web"};

std::vector<std::string> With(std::vector<std::string> head, std::vector<std::string> tail) {
  head.insert(head.end(), kWeb.begin(), kWeb.end());
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

int64_t UserVersion(const std::string& path) {
  auto db = store::SqliteDb::Open(path, 1000);
  EXPECT_TRUE(db.ok());
  auto stmt = (*db)->Prepare("PRAGMA user_version");
  EXPECT_TRUE(stmt.ok() && *stmt->Step("reading"));
  return stmt->ColumnInt64(0);
}

TEST(StateE2eTest, AHistoryFileOfTheFirstBerthIsUpgradedInPlaceAndRollbackUsesItsRecords) {
  SimEnv env;
  json service = env.Api("ecs", "DescribeServices", {{"cluster", "demo"}, {"services", {"web"}}})["services"][0];
  const std::string service_arn = service["serviceArn"];
  const std::string live = service["taskDefinition"];  // web:1, which berth 0.1 deployed
  const std::string path = env.home().path() + "/old/history.db";
  std::filesystem::create_directories(env.home().path() + "/old");
  {
    auto db = store::SqliteDb::Open(path, 1000);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(store::MigrateToVersionForTest(**db, 1).ok());
    auto insert = (*db)->Prepare(
        "INSERT INTO deployments (region, cluster_arn, service_arn, service_name, kind, deployment_id, "
        "previous_task_definition, task_definition, outcome, reason, started_at_ms, finished_at_ms) VALUES "
        "('us-east-1', ?1, ?2, 'web', 'deploy', 'ecs-svc/1', ?3, ?3, 'SUCCEEDED', 'ECS deployment completed.', "
        "1700000000000, 1700000060000)");
    ASSERT_TRUE(insert.ok());
    ASSERT_TRUE(insert->BindText(1, service["clusterArn"].get<std::string>()).ok());
    ASSERT_TRUE(insert->BindText(2, service_arn).ok());
    ASSERT_TRUE(insert->BindText(3, live).ok());
    ASSERT_TRUE(insert->Run("recording").ok());
  }
  ASSERT_EQ(UserVersion(path), 1);

  // The old flag name, on the old file: deploy a new image, then roll back.
  ProcessResult deployed = env.Berth(With({"deploy"}, {"--image", "web=public.ecr.aws/berth/demo-web:1.1.0",
                                                       "--poll-interval", "100ms", "--history", path}));
  ASSERT_EQ(deployed.exit_code, 0) << deployed.all();
  EXPECT_EQ(UserVersion(path), store::CurrentSchemaVersion());
  ProcessResult back =
      env.Berth(With({"rollback"}, {"--poll-interval", "100ms", "--history", path, "--output", "json"}));
  ASSERT_EQ(back.exit_code, 0) << back.all();
  json result = ResultDocs(back.out).back();
  EXPECT_EQ(result["to"], live) << result.dump();
  EXPECT_NE(result["why"].get<std::string>().find("the last revision berth saw succeed"), std::string::npos)
      << result.dump();

  // Every record, old and new, through the new flag name.
  ProcessResult status = env.Berth(With({"status"}, {"--state", path, "--output", "json"}));
  ASSERT_EQ(status.exit_code, 0) << status.all();
  json records = ResultDocs(status.out).back()["berthDeployments"];
  ASSERT_EQ(records.size(), 3u) << records.dump();
  EXPECT_EQ(records[0]["kind"], "rollback");
  EXPECT_EQ(records[2]["deploymentId"], "ecs-svc/1");
}

TEST(StateE2eTest, TheOlderVariableNameStillNamesTheStateFile) {
  SimEnv env;
  const std::string path = env.home().path() + "/by-old-name.db";
  EnvMap extra{{"BERTH_STATE", ""}, {"BERTH_HISTORY_FILE", path}};
  ProcessResult r = env.Berth(
      With({"deploy"}, {"--image", "web=public.ecr.aws/berth/demo-web:1.1.0", "--poll-interval", "100ms"}), extra);
  ASSERT_EQ(r.exit_code, 0) << r.all();
  ProcessResult status = env.Berth(With({"status"}, {"--state", path, "--output", "json"}));
  EXPECT_EQ(ResultDocs(status.out).back()["berthDeployments"].size(), 1u) << status.all();
}

TEST(StateE2eTest, AStateFileThatCannotBeOpenedIsRefusedBeforeAnyWriteNamingTheFlag) {
  SimEnv env;
  env.sim().ResetCallCounts();
  ProcessResult r =
      env.Berth(With({"deploy"}, {"--image", "web=public.ecr.aws/berth/demo-web:1.1.0", "--state", "/dev/null"}));
  EXPECT_EQ(r.exit_code, 4) << r.all();
  EXPECT_NE(r.err.find("/dev/null"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("pass --state FILE"), std::string::npos) << r.err;
  EXPECT_EQ(env.sim().CallCounts()["total"], 0) << env.sim().CallCounts().dump();

  ProcessResult both = env.Berth(With({"deploy"}, {"--image", "web=x:1", "--state", "a.db", "--history", "b.db"}));
  EXPECT_EQ(both.exit_code, 3) << both.all();
}

}  // namespace
}  // namespace berth::testing
