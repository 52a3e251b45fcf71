#include "cli/commands.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "cli/exit_codes.h"
#include "core/status.h"

namespace berth::cli {
namespace {

TEST(SuggestCommandTest, SuggestsOnlyCloseCommandNames) {
  EXPECT_EQ(SuggestCommand("delpoy"), "deploy");
  EXPECT_EQ(SuggestCommand("hepl"), "help");
  EXPECT_EQ(SuggestCommand("frobnicate"), std::nullopt);
}

TEST(CommandTableTest, NamesAreUniqueAndEveryRowIsComplete) {
  std::set<std::string_view> names;
  for (const CommandSpec& c : Commands()) {
    EXPECT_TRUE(names.insert(c.name).second) << c.name;
    EXPECT_FALSE(c.summary.empty()) << c.name;
    EXPECT_TRUE(c.usage.starts_with("berth " + std::string(c.name))) << c.usage;
    EXPECT_NE(c.fn, nullptr) << c.name;
    EXPECT_EQ(FindCommand(c.name), &c);
  }
}

TEST(CommandTableTest, EveryFlagIsDescribedOnceAndNeverShadowsAGlobalFlag) {
  for (const CommandSpec& c : Commands()) {
    std::set<std::string> seen;
    for (const FlagSpec& f : ArgSpecsOf(c).flags) {
      EXPECT_TRUE(f.name.starts_with("--")) << c.name << " " << f.name;
      EXPECT_TRUE(seen.insert(f.name).second) << c.name << " registers " << f.name << " twice";
      EXPECT_FALSE(f.help.empty()) << c.name << " " << f.name << " has no description";
      for (const FlagSpec& g : GlobalFlagSpecs()) {
        EXPECT_NE(f.name, g.name) << c.name << " " << f.name << " would never be seen: it is a global flag";
      }
    }
  }
}

TEST(CommandTableTest, EveryCommandsHelpMentionsEachOfItsFlags) {
  // Commands with details document their flags in prose; the rest get a generated list.
  for (const CommandSpec& c : Commands()) {
    std::string help = CommandHelpText(c);
    for (const FlagSpec& f : ArgSpecsOf(c).flags) {
      EXPECT_NE(help.find(f.name), std::string::npos) << "berth help " << c.name << " does not mention " << f.name;
    }
  }
}

TEST(CommandTableTest, ACommandWithoutDetailsGetsTheFlagListItsDescriptionsMake) {
  const CommandSpec* sim = FindCommand("sim");
  ASSERT_NE(sim, nullptr);
  CommandSpec bare = *sim;
  bare.details = {};
  std::string help = CommandHelpText(bare);
  EXPECT_NE(help.find("\nFlags:\n"), std::string::npos) << help;
  EXPECT_NE(help.find("  --seed demo|empty|FILE"), std::string::npos) << help;
  EXPECT_NE(help.find("--no-rate-limits"), std::string::npos) << help;
}

TEST(CommandTableTest, SimAndDemoHelpTeachWhatTheirDocsDo) {
  std::string sim = CommandHelpText(*FindCommand("sim"));
  for (const char* topic :
       {"--admin-token", "AKIDSIMULATOR", "berth-simulator-secret", "X-Berth-Admin-Token", "/_berth/behaviours",
        "/_berth/faults", "exit-on-start", "--seed demo|empty|FILE", "--output json", "docs/sim.md"}) {
    EXPECT_NE(sim.find(topic), std::string::npos) << "berth help sim does not mention " << topic;
  }
  std::string demo = CommandHelpText(*FindCommand("demo"));
  for (const char* topic : {"berth deploy", "berth wait", "berth status", "circuit breaker", "--time-scale"}) {
    EXPECT_NE(demo.find(topic), std::string::npos) << "berth help demo does not mention " << topic;
  }
}

TEST(CommandTableTest, HelpTopicsAreTheCommandsThenExitCodes) {
  std::vector<std::string> topics = HelpTopics();
  ASSERT_EQ(topics.size(), Commands().size() + 1);
  EXPECT_EQ(topics.back(), "exit-codes");
  EXPECT_EQ(topics.front(), Commands().front().name);
}

TEST(CommandTableTest, OverviewListsEveryCommand) {
  std::string overview = OverviewText();
  for (const CommandSpec& c : Commands()) {
    EXPECT_NE(overview.find(std::string(c.summary)), std::string::npos) << c.name;
  }
  for (const FlagSpec& g : GlobalFlagSpecs()) {
    EXPECT_NE(overview.find(g.help), std::string::npos) << g.name;
  }
}

TEST(ExitCodesTest, EveryStatusCodeHasARowWithADistinctCode) {
  auto table = ExitCodeTable();
  std::set<int> codes;
  for (const auto& e : table) EXPECT_TRUE(codes.insert(e.code).second) << e.code;
  for (int c = 0; c <= static_cast<int>(StatusCode::kConflict); ++c) {
    auto code = static_cast<StatusCode>(c);
    EXPECT_TRUE(codes.count(ExitCodeFor(code))) << StatusCodeName(code);
  }
}

TEST(ExitCodesTest, DocsFileHoldsTheSameTableAsHelpExitCodes) {
  std::ifstream in(BERTH_SOURCE_DIR "/docs/exit-codes.md");
  ASSERT_TRUE(in) << "docs/exit-codes.md is missing";
  std::stringstream doc;
  doc << in.rdbuf();
  EXPECT_NE(doc.str().find(ExitCodesMarkdown()), std::string::npos)
      << "docs/exit-codes.md is out of date; its table must read:\n"
      << ExitCodesMarkdown();
}

}  // namespace
}  // namespace berth::cli
