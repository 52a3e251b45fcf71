// Migrations from every earlier schema version: a file exactly as each older
// berth left it (built by applying the migrations up to that version, with
// rows that version could hold) opens in today's berth with its records
// intact and readable, at the current version.
#include "store/sqlite/schema.h"

#include <gtest/gtest.h>

#include "core/temp_dir.h"
#include "store/sqlite/state_store.h"

namespace berth::store {
namespace {

int64_t UserVersion(SqliteDb& db) {
  auto stmt = db.Prepare("PRAGMA user_version");
  EXPECT_TRUE(stmt.ok());
  EXPECT_TRUE(*stmt->Step("reading"));
  return stmt->ColumnInt64(0);
}

// Rows an older berth could have written at `version` (none before 1).
void InsertRowsOfVersion(SqliteDb& db, int64_t version) {
  if (version < 1) return;
  // Version 1 columns only: what berth 0.1 wrote.
  ASSERT_TRUE(db.Exec(R"sql(
INSERT INTO deployments (region, cluster_arn, service_arn, service_name, kind, deployment_id,
  previous_task_definition, task_definition, outcome, reason, started_at_ms, finished_at_ms)
VALUES ('us-east-1', 'arn:c', 'arn:s/web', 'web', 'deploy', 'ecs-svc/1', 'td/web:1', 'td/web:2',
        'SUCCEEDED', 'ECS deployment completed.', 1700000000000, 1700000060000),
       ('us-east-1', 'arn:c', 'arn:s/web', 'web', 'deploy', 'ecs-svc/2', 'td/web:2', 'td/web:3',
        'IN_PROGRESS', '', 1700000100000, NULL);
)sql",
                      "inserting old rows")
                  .ok());
}

class SchemaMigrationTest : public ::testing::TestWithParam<int64_t> {};

TEST_P(SchemaMigrationTest, AFileOfThisVersionOpensWithItsRecordsAtTheCurrentVersion) {
  const int64_t version = GetParam();
  TempDir dir("berth-schema");
  ASSERT_TRUE(dir.ok());
  const std::string path = dir.path() + "/state.db";
  {
    auto db = SqliteDb::Open(path, 1000);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    ASSERT_TRUE(MigrateToVersionForTest(**db, version).ok());
    ASSERT_EQ(UserVersion(**db), version);
    InsertRowsOfVersion(**db, version);
  }
  auto store = SqliteStateStore::Open(path);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto rows = (*store)->deployments().List("arn:s/web", 10);
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  if (version >= 1) {
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ((*rows)[0].deployment_id, "ecs-svc/2");
    EXPECT_EQ((*rows)[0].outcome, DeploymentOutcome::kInProgress);
    EXPECT_FALSE((*rows)[0].finished_at.has_value());
    EXPECT_EQ((*rows)[1].outcome, DeploymentOutcome::kSucceeded);
    EXPECT_EQ((*rows)[1].reason, "ECS deployment completed.");
    // Records from before versions existed start at version 1 and update by compare-and-set.
    EXPECT_EQ((*rows)[0].version, 1);
    DeploymentRecord r = (*rows)[0];
    r.outcome = DeploymentOutcome::kInterrupted;
    auto updated = (*store)->deployments().Update(r);
    ASSERT_TRUE(updated.ok()) << updated.status().ToString();
    EXPECT_EQ(*updated, 2);
  } else {
    EXPECT_TRUE(rows->empty());
  }
  store->reset();
  auto db = SqliteDb::Open(path, 1000);
  ASSERT_TRUE(db.ok());
  EXPECT_EQ(UserVersion(**db), CurrentSchemaVersion());
}

INSTANTIATE_TEST_SUITE_P(EveryEarlierVersion, SchemaMigrationTest, ::testing::Range<int64_t>(0, 3),
                         [](const ::testing::TestParamInfo<int64_t>& info) {
                           return "FromVersion" + std::to_string(info.param);
                         });

TEST(SchemaTest, TheParameterRangeCoversEveryEarlierVersion) {
  // When a migration is added, extend the Range above to CurrentSchemaVersion().
  EXPECT_EQ(CurrentSchemaVersion(), 3);
}

TEST(SchemaTest, OpeningAtTheCurrentVersionChangesNothing) {
  TempDir dir("berth-schema");
  const std::string path = dir.path() + "/state.db";
  { ASSERT_TRUE(SqliteStateStore::Open(path).ok()); }
  auto db = SqliteDb::Open(path, 1000);
  ASSERT_TRUE(db.ok());
  ASSERT_TRUE((*db)->Exec("CREATE TABLE marker (x INTEGER)", "adding a marker").ok());
  db->reset();
  ASSERT_TRUE(SqliteStateStore::Open(path).ok());
  db = SqliteDb::Open(path, 1000);
  auto stmt = (*db)->Prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'marker'");
  ASSERT_TRUE(stmt.ok() && *stmt->Step("reading"));
  EXPECT_EQ(stmt->ColumnInt64(0), 1);
}

}  // namespace
}  // namespace berth::store
