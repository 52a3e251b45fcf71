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

TEST(CommandTableTest, OverviewListsEveryCommand) {
  std::string overview = OverviewText();
  for (const CommandSpec& c : Commands()) {
    EXPECT_NE(overview.find(std::string(c.summary)), std::string::npos) << c.name;
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
