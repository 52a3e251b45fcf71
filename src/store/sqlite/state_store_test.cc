#include "store/sqlite/state_store.h"

#include "core/temp_dir.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "store/sqlite/db.h"
#include "store/sqlite/schema.h"

namespace berth::store {
namespace {

using std::chrono::milliseconds;

const SystemTime kT0 = SystemTime(std::chrono::seconds(1700000000));

class SqliteStateStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(temp_.ok());
    dir_ = temp_.path();
    path_ = dir_ + "/state.db";
  }

  std::unique_ptr<SqliteStateStore> OpenOrDie(const std::string& path) {
    auto h = SqliteStateStore::Open(path);
    EXPECT_TRUE(h.ok()) << h.status().ToString();
    return h.ok() ? std::move(h).value() : nullptr;
  }

  static DeploymentRecord Rec(const std::string& service, const std::string& deployment, const std::string& td,
                              SystemTime started = kT0) {
    DeploymentRecord r;
    r.region = "eu-west-1";
    r.cluster_arn = "arn:aws:ecs:eu-west-1:123456789012:cluster/prod";
    r.service_arn = "arn:aws:ecs:eu-west-1:123456789012:service/prod/" + service;
    r.service_name = service;
    r.kind = "deploy";
    r.deployment_id = deployment;
    r.previous_task_definition = "arn:aws:ecs:eu-west-1:123456789012:task-definition/" + service + ":0";
    r.task_definition = td;
    r.started_at = started;
    return r;
  }

  static std::string Arn(const std::string& service) {
    return "arn:aws:ecs:eu-west-1:123456789012:service/prod/" + service;
  }

  // Records a deployment and finishes it with `outcome`; returns its id.
  int64_t Deploy(StateStore& h, const std::string& service, const std::string& deployment, const std::string& td,
                 DeploymentOutcome outcome) {
    auto id = h.deployments().Insert(Rec(service, deployment, td));
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    if (outcome != DeploymentOutcome::kInProgress) {
      Status s = FinishDeployment(h, *id, outcome, "because", kT0 + milliseconds(1000));
      EXPECT_TRUE(s.ok()) << s.ToString();
    }
    return *id;
  }

  TempDir temp_{"berth-state"};
  std::string dir_;
  std::string path_;
};

TEST(DeploymentOutcomeTest, NamesRoundTripAndUnknownNamesAreRejected) {
  for (auto o : {DeploymentOutcome::kInProgress, DeploymentOutcome::kSucceeded, DeploymentOutcome::kFailed,
                 DeploymentOutcome::kTimedOut}) {
    EXPECT_EQ(ParseOutcome(OutcomeName(o)), o);
  }
  EXPECT_EQ(OutcomeName(DeploymentOutcome::kTimedOut), "TIMED_OUT");
  EXPECT_EQ(ParseOutcome("succeeded"), std::nullopt);
}

TEST_F(SqliteStateStoreTest, RecordStoresEveryFieldAndFindByDeploymentReturnsIt) {
  auto h = OpenOrDie(path_);
  ASSERT_NE(h, nullptr);
  DeploymentRecord in = Rec("web", "ecs-svc/111", "td/web:2");
  in.id = 999;  // ignored
  in.kind = "rollback";
  in.reason = "started by berth";
  auto id = h->deployments().Insert(in);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_NE(*id, 999);

  auto found = h->deployments().FindByDeployment(in.service_arn, "ecs-svc/111");
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_TRUE(found->has_value());
  const DeploymentRecord& r = **found;
  EXPECT_EQ(r.id, *id);
  EXPECT_EQ(r.region, in.region);
  EXPECT_EQ(r.cluster_arn, in.cluster_arn);
  EXPECT_EQ(r.service_arn, in.service_arn);
  EXPECT_EQ(r.service_name, "web");
  EXPECT_EQ(r.kind, "rollback");
  EXPECT_EQ(r.deployment_id, "ecs-svc/111");
  EXPECT_EQ(r.previous_task_definition, in.previous_task_definition);
  EXPECT_EQ(r.task_definition, "td/web:2");
  EXPECT_EQ(r.outcome, DeploymentOutcome::kInProgress);
  EXPECT_EQ(r.reason, "started by berth");
  EXPECT_EQ(r.started_at, kT0);
  EXPECT_FALSE(r.finished_at.has_value());
}

TEST_F(SqliteStateStoreTest, FinishSetsOutcomeReasonAndFinishedAt) {
  auto h = OpenOrDie(path_);
  ASSERT_NE(h, nullptr);
  int64_t id = Deploy(*h, "web", "ecs-svc/1", "td/web:2", DeploymentOutcome::kInProgress);
  ASSERT_TRUE(
      FinishDeployment(*h, id, DeploymentOutcome::kFailed, "circuit breaker rolled back", kT0 + milliseconds(90500))
          .ok());
  auto found = h->deployments().FindByDeployment(Arn("web"), "ecs-svc/1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->outcome, DeploymentOutcome::kFailed);
  EXPECT_EQ((*found)->reason, "circuit breaker rolled back");
  EXPECT_EQ((*found)->finished_at, kT0 + milliseconds(90500));
}

TEST_F(SqliteStateStoreTest, FinishOfARecordThatDoesNotExistIsNotFound) {
  auto h = OpenOrDie(path_);
  ASSERT_NE(h, nullptr);
  Status s = FinishDeployment(*h, 42, DeploymentOutcome::kSucceeded, "", kT0);
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_NE(s.message().find("42"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find(path_), std::string::npos) << s.message();
}

TEST_F(SqliteStateStoreTest, FindByDeploymentReturnsTheNewestMatchOfThatServiceOnly) {
  auto h = OpenOrDie(path_);
  ASSERT_NE(h, nullptr);
  Deploy(*h, "web", "ecs-svc/1", "td/web:1", DeploymentOutcome::kFailed);
  int64_t newer = Deploy(*h, "web", "ecs-svc/1", "td/web:2", DeploymentOutcome::kInProgress);
  Deploy(*h, "api", "ecs-svc/1", "td/api:9", DeploymentOutcome::kSucceeded);

  auto found = h->deployments().FindByDeployment(Arn("web"), "ecs-svc/1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->id, newer);
  auto none = h->deployments().FindByDeployment(Arn("worker"), "ecs-svc/1");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  auto other = h->deployments().FindByDeployment(Arn("web"), "ecs-svc/2");
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->has_value());
}

TEST_F(SqliteStateStoreTest, ListReturnsOneServicesRecordsNewestFirstUpToTheLimit) {
  auto h = OpenOrDie(path_);
  ASSERT_NE(h, nullptr);
  std::vector<int64_t> web_ids;
  for (int i = 0; i < 5; ++i) {
    web_ids.push_back(Deploy(*h, "web", "ecs-svc/w" + std::to_string(i), "td/web:" + std::to_string(i),
                             DeploymentOutcome::kSucceeded));
    Deploy(*h, "api", "ecs-svc/a" + std::to_string(i), "td/api:" + std::to_string(i), DeploymentOutcome::kFailed);
  }
  auto all = h->deployments().List(Arn("web"), 100);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 5u);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ((*all)[i].id, web_ids[4 - i]);
    EXPECT_EQ((*all)[i].service_name, "web");
  }
  auto two = h->deployments().List(Arn("web"), 2);
  ASSERT_TRUE(two.ok());
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[0].deployment_id, "ecs-svc/w4");
  EXPECT_EQ((*two)[1].deployment_id, "ecs-svc/w3");

  auto zero = h->deployments().List(Arn("web"), 0);
  ASSERT_TRUE(zero.ok());
  EXPECT_TRUE(zero->empty());
  auto unknown = h->deployments().List(Arn("worker"), 10);
  ASSERT_TRUE(unknown.ok());
  EXPECT_TRUE(unknown->empty());
  EXPECT_EQ(h->deployments().List(Arn("web"), -1).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(SqliteStateStoreTest, LastSucceededSkipsUnsuccessfulRecordsOtherServicesAndTheExcludedRevision) {
  auto h = OpenOrDie(path_);
  ASSERT_NE(h, nullptr);
  Deploy(*h, "web", "d1", "td/web:1", DeploymentOutcome::kSucceeded);
  int64_t web2 = Deploy(*h, "web", "d2", "td/web:2", DeploymentOutcome::kSucceeded);
  Deploy(*h, "api", "d3", "td/api:7", DeploymentOutcome::kSucceeded);  // another service, newer
  Deploy(*h, "web", "d4", "td/web:3", DeploymentOutcome::kFailed);
  Deploy(*h, "web", "d5", "td/web:4", DeploymentOutcome::kTimedOut);
  Deploy(*h, "web", "d6", "td/web:5", DeploymentOutcome::kInProgress);
  int64_t web6 = Deploy(*h, "web", "d7", "td/web:6", DeploymentOutcome::kSucceeded);

  // Live on td/web:6: go back to td/web:2, the newest success on something else.
  auto back = h->deployments().LastSucceeded(Arn("web"), "td/web:6");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  ASSERT_TRUE(back->has_value());
  EXPECT_EQ((*back)->id, web2);
  EXPECT_EQ((*back)->task_definition, "td/web:2");

  // Live on a failed revision: the newest success is the target.
  auto newest = h->deployments().LastSucceeded(Arn("web"), "td/web:3");
  ASSERT_TRUE(newest.ok() && newest->has_value());
  EXPECT_EQ((*newest)->id, web6);

  auto api = h->deployments().LastSucceeded(Arn("api"), "td/api:7");
  ASSERT_TRUE(api.ok());
  EXPECT_FALSE(api->has_value());
}

TEST_F(SqliteStateStoreTest, LastSucceededIsEmptyWhenNothingSucceeded) {
  auto h = OpenOrDie(path_);
  ASSERT_NE(h, nullptr);
  Deploy(*h, "web", "d1", "td/web:1", DeploymentOutcome::kFailed);
  Deploy(*h, "web", "d2", "td/web:2", DeploymentOutcome::kInProgress);
  auto r = h->deployments().LastSucceeded(Arn("web"), "");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->has_value());
}

TEST_F(SqliteStateStoreTest, TimesRoundTripExactlyToTheMillisecond) {
  auto h = OpenOrDie(path_);
  ASSERT_NE(h, nullptr);
  const SystemTime started = kT0 + milliseconds(123) + std::chrono::microseconds(999);
  const SystemTime before_epoch = SystemTime(milliseconds(-1500)) + std::chrono::microseconds(1);
  auto id = h->deployments().Insert(Rec("web", "d1", "td/web:1", started));
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(FinishDeployment(*h, *id, DeploymentOutcome::kSucceeded, "", before_epoch).ok());
  auto r = h->deployments().FindByDeployment(Arn("web"), "d1");
  ASSERT_TRUE(r.ok() && r->has_value());
  // Sub-millisecond parts are dropped (floored), milliseconds are exact.
  EXPECT_EQ((*r)->started_at, kT0 + milliseconds(123));
  EXPECT_EQ((*r)->finished_at, SystemTime(milliseconds(-1500)));

  // Stored as integer milliseconds since the epoch, readable by other tools.
  auto db = SqliteDb::Open(path_, 1000);
  ASSERT_TRUE(db.ok());
  auto stmt = (*db)->Prepare("SELECT typeof(started_at_ms), started_at_ms FROM deployments");
  ASSERT_TRUE(stmt.ok());
  ASSERT_TRUE(*stmt->Step("reading"));
  EXPECT_EQ(stmt->ColumnText(0), "integer");
  EXPECT_EQ(stmt->ColumnInt64(1), 1700000000123);
}

TEST_F(SqliteStateStoreTest, ValuesAreBoundNotPastedIntoSql) {
  auto h = OpenOrDie(path_);
  ASSERT_NE(h, nullptr);
  const std::string evil = "x'); DROP TABLE deployments; --\n\"quoted\" \xc3\xa9";
  DeploymentRecord r = Rec("web", evil, evil);
  r.reason = evil;
  ASSERT_TRUE(h->deployments().Insert(r).ok());
  auto found = h->deployments().FindByDeployment(Arn("web"), evil);
  ASSERT_TRUE(found.ok() && found->has_value()) << found.status().ToString();
  EXPECT_EQ((*found)->task_definition, evil);
  EXPECT_EQ((*found)->reason, evil);
  auto last = h->deployments().List(Arn("web"), 10);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->size(), 1u);
}

TEST_F(SqliteStateStoreTest, OpenCreatesMissingParentDirectoriesOwnerOnly) {
  const std::string nested = dir_ + "/state/berth/state.db";
  auto h = OpenOrDie(nested);
  ASSERT_NE(h, nullptr);
  struct stat st {};
  ASSERT_EQ(::stat((dir_ + "/state").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  ASSERT_EQ(::stat((dir_ + "/state/berth").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  ASSERT_EQ(::stat(nested.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(SqliteStateStoreTest, AFileWhereADirectoryShouldBeIsAConfigError) {
  std::ofstream(dir_ + "/state") << "not a directory";
  auto h = SqliteStateStore::Open(dir_ + "/state/state.db");
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.status().code(), StatusCode::kConfig);
  EXPECT_EQ(h.status().fields(), std::vector<std::string>{"state"}) << h.status().message();
  EXPECT_EQ(h.status().message().find("--"), std::string::npos) << "names a flag: " << h.status().message();
}

TEST_F(SqliteStateStoreTest, ReopeningKeepsTheRecordsAndIdsKeepGrowing) {
  int64_t first = 0;
  {
    auto h = OpenOrDie(path_);
    ASSERT_NE(h, nullptr);
    first = Deploy(*h, "web", "d1", "td/web:1", DeploymentOutcome::kSucceeded);
  }
  auto h = OpenOrDie(path_);
  ASSERT_NE(h, nullptr);
  auto r = h->deployments().LastSucceeded(Arn("web"), "td/web:2");
  ASSERT_TRUE(r.ok() && r->has_value());
  EXPECT_EQ((*r)->id, first);
  EXPECT_GT(Deploy(*h, "web", "d2", "td/web:2", DeploymentOutcome::kInProgress), first);
}

TEST_F(SqliteStateStoreTest, AnEmptyFileIsMigratedToTheCurrentSchemaInWalMode) {
  std::ofstream(path_).close();
  ASSERT_EQ(std::filesystem::file_size(path_), 0u);
  auto h = OpenOrDie(path_);
  ASSERT_NE(h, nullptr);
  EXPECT_TRUE(h->deployments().Insert(Rec("web", "d1", "td/web:1")).ok());

  auto db = SqliteDb::Open(path_, 1000);
  ASSERT_TRUE(db.ok());
  auto version = (*db)->Prepare("PRAGMA user_version");
  ASSERT_TRUE(version.ok() && *version->Step("reading"));
  EXPECT_EQ(version->ColumnInt64(0), CurrentSchemaVersion());
  auto mode = (*db)->Prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.ok() && *mode->Step("reading"));
  EXPECT_EQ(mode->ColumnText(0), "wal");
}

TEST_F(SqliteStateStoreTest, AStateFileFromANewerBerthIsRefusedSayingHowToProceed) {
  {
    auto db = SqliteDb::Open(path_, 1000);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Exec("CREATE TABLE deployments (id INTEGER); PRAGMA user_version = 7", "setup").ok());
  }
  auto h = SqliteStateStore::Open(path_);
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.status().code(), StatusCode::kConfig);
  const std::string& m = h.status().message();
  EXPECT_NE(m.find(path_), std::string::npos) << m;
  EXPECT_NE(m.find("version 7"), std::string::npos) << m;
  EXPECT_NE(m.find("Upgrade berth"), std::string::npos) << m;
  EXPECT_EQ(h.status().fields(), std::vector<std::string>{"state"}) << m;
}

TEST_F(SqliteStateStoreTest, AFileThatIsNotSqliteIsAConfigErrorNamingThePath) {
  {
    std::ofstream out(path_, std::ios::binary);
    for (int i = 0; i < 4096; ++i) out.put(static_cast<char>((i * 7919 + 13) & 0xff));
  }
  auto h = SqliteStateStore::Open(path_);
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.status().code(), StatusCode::kConfig);
  EXPECT_NE(h.status().message().find(path_), std::string::npos) << h.status().message();
  EXPECT_NE(h.status().message().find("not a database"), std::string::npos) << h.status().message();
  EXPECT_EQ(std::filesystem::file_size(path_), 4096u);  // left untouched
}

TEST_F(SqliteStateStoreTest, ASqliteDatabaseOfAnotherProgramIsRefused) {
  {
    auto db = SqliteDb::Open(path_, 1000);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->Exec("CREATE TABLE notes (text TEXT)", "setup").ok());
  }
  auto h = SqliteStateStore::Open(path_);
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.status().code(), StatusCode::kConfig);
  EXPECT_NE(h.status().message().find("not a berth state database"), std::string::npos) << h.status().message();
}

TEST_F(SqliteStateStoreTest, TwoStoresOnOneFileWriteFromTwoThreadsAtOnce) {
  auto a = OpenOrDie(path_);
  auto b = OpenOrDie(path_);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  constexpr int kPerWriter = 200;
  auto writer = [](SqliteStateStore* h, std::string service, std::vector<Status>* errors) {
    for (int i = 0; i < kPerWriter; ++i) {
      auto id =
          h->deployments().Insert(Rec(service, "d" + std::to_string(i), "td/" + service + ":" + std::to_string(i)));
      if (!id.ok()) {
        errors->push_back(id.status());
        continue;
      }
      Status s = FinishDeployment(*h, *id, DeploymentOutcome::kSucceeded, "", kT0);
      if (!s.ok()) errors->push_back(s);
    }
  };
  std::vector<Status> errors_a, errors_b;
  std::thread ta(writer, a.get(), "web", &errors_a);
  std::thread tb(writer, b.get(), "api", &errors_b);
  ta.join();
  tb.join();
  EXPECT_TRUE(errors_a.empty()) << errors_a.front().ToString();
  EXPECT_TRUE(errors_b.empty()) << errors_b.front().ToString();

  for (auto* h : {a.get(), b.get()}) {
    for (const std::string service : {"web", "api"}) {
      auto rows = h->deployments().List(Arn(service), 1000);
      ASSERT_TRUE(rows.ok()) << rows.status().ToString();
      ASSERT_EQ(rows->size(), static_cast<size_t>(kPerWriter)) << service;
      std::set<std::string> deployments;
      for (const auto& r : *rows) {
        EXPECT_EQ(r.outcome, DeploymentOutcome::kSucceeded);
        deployments.insert(r.deployment_id);
      }
      EXPECT_EQ(deployments.size(), static_cast<size_t>(kPerWriter));
      // Each writer's own records are in its own order.
      EXPECT_EQ(rows->front().deployment_id, "d" + std::to_string(kPerWriter - 1));
    }
  }
}

TEST_F(SqliteStateStoreTest, OneStoreSharedByTwoThreadsKeepsEveryRecord) {
  auto h = OpenOrDie(path_);
  ASSERT_NE(h, nullptr);
  auto writer = [&h](std::string service) {
    for (int i = 0; i < 100; ++i)
      ASSERT_TRUE(h->deployments().Insert(Rec(service, "d" + std::to_string(i), "td")).ok());
  };
  std::thread ta(writer, "web");
  std::thread tb(writer, "api");
  ta.join();
  tb.join();
  EXPECT_EQ(h->deployments().List(Arn("web"), 1000)->size(), 100u);
  EXPECT_EQ(h->deployments().List(Arn("api"), 1000)->size(), 100u);
}

TEST(DeploymentOutcomeTest, OnlyInProgressAndInterruptedAreNotFinal) {
  EXPECT_FALSE(IsFinal(DeploymentOutcome::kInProgress));
  EXPECT_FALSE(IsFinal(DeploymentOutcome::kInterrupted));
  EXPECT_TRUE(IsFinal(DeploymentOutcome::kSucceeded));
  EXPECT_TRUE(IsFinal(DeploymentOutcome::kFailed));
  EXPECT_TRUE(IsFinal(DeploymentOutcome::kTimedOut));
  EXPECT_EQ(ParseOutcome("INTERRUPTED"), DeploymentOutcome::kInterrupted);
}

TEST_F(SqliteStateStoreTest, InsertStartsAtVersionOneAndEachUpdateAddsOne) {
  auto h = OpenOrDie(path_);
  ASSERT_NE(h, nullptr);
  auto id = h->deployments().Insert(Rec("web", "d1", "td/web:1"));
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto r = h->deployments().Get(*id);
  ASSERT_TRUE(r.ok() && r->has_value());
  EXPECT_EQ((*r)->version, 1);
  DeploymentRecord changed = **r;
  changed.outcome = DeploymentOutcome::kInterrupted;
  changed.reason = "stopped following";
  auto v2 = h->deployments().Update(changed);
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  EXPECT_EQ(*v2, 2);
  auto again = h->deployments().Get(*id);
  ASSERT_TRUE(again.ok() && again->has_value());
  EXPECT_EQ((*again)->version, 2);
  EXPECT_EQ((*again)->outcome, DeploymentOutcome::kInterrupted);
  EXPECT_EQ((*again)->reason, "stopped following");
}

TEST_F(SqliteStateStoreTest, AnUpdateFromAStaleReadIsAConflictAndChangesNothing) {
  auto a = OpenOrDie(path_);
  auto b = OpenOrDie(path_);  // another berth process on the same file
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  auto id = a->deployments().Insert(Rec("web", "d1", "td/web:1"));
  ASSERT_TRUE(id.ok());
  DeploymentRecord seen_by_a = *a->deployments().Get(*id).value();
  DeploymentRecord seen_by_b = *b->deployments().Get(*id).value();

  seen_by_b.outcome = DeploymentOutcome::kSucceeded;
  ASSERT_TRUE(b->deployments().Update(seen_by_b).ok());
  seen_by_a.outcome = DeploymentOutcome::kFailed;
  auto lost = a->deployments().Update(seen_by_a);
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.status().code(), StatusCode::kConflict);
  EXPECT_NE(lost.status().message().find("version 1 read, 2 stored"), std::string::npos) << lost.status().message();
  EXPECT_EQ(a->deployments().Get(*id).value()->outcome, DeploymentOutcome::kSucceeded);
}

TEST_F(SqliteStateStoreTest, UpdatingARecordThatDoesNotExistIsNotFound) {
  auto h = OpenOrDie(path_);
  ASSERT_NE(h, nullptr);
  DeploymentRecord r = Rec("web", "d1", "td/web:1");
  r.id = 77;
  r.version = 1;
  EXPECT_EQ(h->deployments().Update(r).status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(h->deployments().Get(77).value().has_value());
}

TEST_F(SqliteStateStoreTest, FinishDeploymentRereadsAndWinsAfterAnotherWritersChange) {
  auto h = OpenOrDie(path_);
  ASSERT_NE(h, nullptr);
  auto id = h->deployments().Insert(Rec("web", "d1", "td/web:1"));
  ASSERT_TRUE(id.ok());
  DeploymentRecord other = *h->deployments().Get(*id).value();
  other.reason = "another berth was here";
  ASSERT_TRUE(h->deployments().Update(other).ok());
  ASSERT_TRUE(FinishDeployment(*h, *id, DeploymentOutcome::kSucceeded, "done", kT0).ok());
  auto r = h->deployments().Get(*id).value();
  EXPECT_EQ(r->outcome, DeploymentOutcome::kSucceeded);
  EXPECT_EQ(r->reason, "done");
  EXPECT_EQ(r->version, 3);
}

TEST_F(SqliteStateStoreTest, ATransactionCommitsEverythingOrNothing) {
  auto h = OpenOrDie(path_);
  ASSERT_NE(h, nullptr);
  Status failed = h->Transact([&](Transaction& tx) -> Status {
    BERTH_RETURN_IF_ERROR(tx.deployments().Insert(Rec("web", "d1", "td/web:1")).status());
    BERTH_RETURN_IF_ERROR(tx.deployments().Insert(Rec("web", "d2", "td/web:2")).status());
    return FailedPrecondition("changed my mind");
  });
  EXPECT_EQ(failed.code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(h->deployments().List(Arn("web"), 10).value().empty());

  Status ok = h->Transact([&](Transaction& tx) -> Status {
    BERTH_ASSIGN_OR_RETURN(int64_t id, tx.deployments().Insert(Rec("web", "d1", "td/web:1")));
    // Reads inside the transaction see its own writes.
    BERTH_ASSIGN_OR_RETURN(auto r, tx.deployments().Get(id));
    if (!r) return InternalError("own write not visible");
    r->outcome = DeploymentOutcome::kSucceeded;
    return tx.deployments().Update(*r).status();
  });
  ASSERT_TRUE(ok.ok()) << ok.ToString();
  auto rows = h->deployments().List(Arn("web"), 10).value();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].outcome, DeploymentOutcome::kSucceeded);
  EXPECT_EQ(rows[0].version, 2);
}

TEST_F(SqliteStateStoreTest, AnotherProcessSeesNothingOfATransactionUntilItCommits) {
  auto a = OpenOrDie(path_);
  auto b = OpenOrDie(path_);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  size_t seen_inside = 99;
  Status s = a->Transact([&](Transaction& tx) -> Status {
    BERTH_RETURN_IF_ERROR(tx.deployments().Insert(Rec("web", "d1", "td/web:1")).status());
    seen_inside = b->deployments().List(Arn("web"), 10).value().size();
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(seen_inside, 0u);
  EXPECT_EQ(b->deployments().List(Arn("web"), 10).value().size(), 1u);
}

TEST_F(SqliteStateStoreTest, ADeviceIsRefusedBeforeSqliteTouchesIt) {
  auto h = SqliteStateStore::Open("/dev/null");
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.status().code(), StatusCode::kConfig);
  EXPECT_NE(h.status().message().find("not a regular file"), std::string::npos) << h.status().message();
  EXPECT_EQ(h.status().fields(), std::vector<std::string>{"state"});
}

}  // namespace
}  // namespace berth::store
