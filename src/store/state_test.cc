#include "store/state.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "core/temp_dir.h"

namespace berth::store {
namespace {

TEST(DefaultStatePathTest, BerthStateWins) {
  MapEnvironment env({{"BERTH_STATE", "/srv/state.db"},
                      {"BERTH_HISTORY_FILE", "/srv/history.db"},
                      {"XDG_STATE_HOME", "/x"},
                      {"HOME", "/home/u"}});
  EXPECT_EQ(*DefaultStatePath(env), "/srv/state.db");
}

TEST(DefaultStatePathTest, BerthHistoryFileStillWorksAsAnAlias) {
  MapEnvironment env({{"BERTH_STATE", ""}, {"BERTH_HISTORY_FILE", "/srv/berth.db"}, {"HOME", "/home/u"}});
  EXPECT_EQ(*DefaultStatePath(env), "/srv/berth.db");
}

TEST(DefaultStatePathTest, XdgStateHomeComesNext) {
  MapEnvironment env({{"XDG_STATE_HOME", "/nonexistent-berth-x/state/"}, {"HOME", "/home/u"}});
  EXPECT_EQ(*DefaultStatePath(env), "/nonexistent-berth-x/state/berth/state.db");
}

TEST(DefaultStatePathTest, ARelativeXdgStateHomeIsIgnoredAsTheSpecSays) {
  MapEnvironment env({{"XDG_STATE_HOME", "state"}, {"HOME", "/nonexistent-berth-home"}});
  EXPECT_EQ(*DefaultStatePath(env), "/nonexistent-berth-home/.local/state/berth/state.db");
}

TEST(DefaultStatePathTest, AnOlderHistoryFileIsKeptWhereItIs) {
  TempDir home("berth-home");
  ASSERT_TRUE(home.ok());
  std::filesystem::create_directories(home.path() + "/.local/state/berth");
  MapEnvironment env({{"HOME", home.path()}});
  EXPECT_EQ(*DefaultStatePath(env), home.path() + "/.local/state/berth/state.db");
  std::ofstream(home.path() + "/.local/state/berth/history.db").close();
  EXPECT_EQ(*DefaultStatePath(env), home.path() + "/.local/state/berth/history.db");
  // Once a state.db exists, it is the one.
  std::ofstream(home.path() + "/.local/state/berth/state.db").close();
  EXPECT_EQ(*DefaultStatePath(env), home.path() + "/.local/state/berth/state.db");
}

TEST(DefaultStatePathTest, NothingSetIsAConfigErrorThatSaysWhatToSet) {
  MapEnvironment env;
  env.Set("HOME", "");
  auto p = DefaultStatePath(env);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), StatusCode::kConfig);
  EXPECT_NE(p.status().message().find("BERTH_STATE"), std::string::npos);
  EXPECT_EQ(p.status().fields(), std::vector<std::string>{"state"});
}

TEST(OpenStateStoreTest, AFileOfAnyNameIsOpenedWhereItIs) {
  TempDir dir("berth-state");
  const std::string path = dir.path() + "/history.db";
  {
    auto store = OpenStateStore(path);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    DeploymentRecord r;
    r.service_arn = "arn:s/web";
    r.deployment_id = "ecs-svc/1";
    ASSERT_TRUE((*store)->deployments().Insert(r).ok());
  }
  auto again = OpenStateStore(path);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->location(), path);
  EXPECT_EQ((*again)->deployments().List("arn:s/web", 5).value().size(), 1u);
}

}  // namespace
}  // namespace berth::store
