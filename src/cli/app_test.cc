#include "cli/app.h"

#include <gtest/gtest.h>

#include "cli/exit_codes.h"
#include "core/log.h"

namespace berth::cli {
namespace {

// Runs berth in-process and captures what it prints.
class AppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SetStdoutSinkForTest([this](std::string_view s) { out_ += s; });
    SetStderrSinkForTest([this](std::string_view s) { err_ += s; });
  }
  void TearDown() override {
    SetStdoutSinkForTest(nullptr);
    SetStderrSinkForTest(nullptr);
    SetLogLevel(LogLevel::kError);
  }
  int RunBerth(std::vector<std::string> args) {
    args.insert(args.begin(), "berth");
    return ::berth::cli::Run(args, env_);
  }
  MapEnvironment env_;
  std::string out_;
  std::string err_;
};

TEST_F(AppTest, VersionPrintsTheVersion) {
  EXPECT_EQ(RunBerth({"version"}), 0);
  EXPECT_EQ(out_, "berth " BERTH_VERSION "\n");
  out_.clear();
  EXPECT_EQ(RunBerth({"--version"}), 0);
  EXPECT_EQ(out_, "berth " BERTH_VERSION "\n");
}

TEST_F(AppTest, VersionInJsonIsOneResultLine) {
  EXPECT_EQ(RunBerth({"version", "--output", "json"}), 0);
  EXPECT_EQ(out_, "{\"type\":\"result\",\"result\":{\"version\":\"" BERTH_VERSION "\"}}\n");
}

TEST_F(AppTest, HelpTeachesCommandsFlagsAndEnvironment) {
  EXPECT_EQ(RunBerth({"--help"}), 0);
  EXPECT_NE(out_.find("Commands:"), std::string::npos);
  EXPECT_NE(out_.find("--endpoint-url"), std::string::npos);
  EXPECT_NE(out_.find("AWS_PROFILE"), std::string::npos);
  EXPECT_NE(out_.find("docs/cli.md"), std::string::npos);
  EXPECT_EQ(err_, "");
}

TEST_F(AppTest, CommandHelpShowsItsUsage) {
  EXPECT_EQ(RunBerth({"help", "version"}), 0);
  EXPECT_NE(out_.find("usage: berth version"), std::string::npos);
  out_.clear();
  EXPECT_EQ(RunBerth({"version", "--help"}), 0);
  EXPECT_NE(out_.find("usage: berth version"), std::string::npos);
}

TEST_F(AppTest, HelpExitCodesPrintsTheTable) {
  EXPECT_EQ(RunBerth({"help", "exit-codes"}), 0);
  EXPECT_EQ(out_, ExitCodesText());
}

TEST_F(AppTest, TyposGetADidYouMeanAndExitThree) {
  EXPECT_EQ(RunBerth({"verison"}), 3);
  EXPECT_NE(err_.find("unknown command 'verison'; did you mean 'version'?"), std::string::npos) << err_;
  err_.clear();
  EXPECT_EQ(RunBerth({"help", "exit-code"}), 3);
  EXPECT_NE(err_.find("did you mean 'exit-codes'?"), std::string::npos) << err_;
}

TEST_F(AppTest, BadGlobalFlagValuesExitThreeWithTheUsageLine) {
  EXPECT_EQ(RunBerth({"version", "--output", "yaml"}), 3);
  EXPECT_NE(err_.find("usage: berth"), std::string::npos) << err_;
  EXPECT_EQ(out_, "");
}

TEST_F(AppTest, NoCommandPrintsTheOverviewAndExitsThree) {
  EXPECT_EQ(RunBerth({}), 3);
  EXPECT_NE(err_.find("Commands:"), std::string::npos);
  EXPECT_NE(err_.find("no command given"), std::string::npos);
}

TEST_F(AppTest, ErrorsInJsonModeAreJsonLinesOnStdout) {
  EXPECT_EQ(RunBerth({"--output=json", "nosuchcommand"}), 3);
  EXPECT_NE(out_.find("\"type\":\"error\""), std::string::npos) << out_;
  EXPECT_NE(out_.find("\"exit_code\":3"), std::string::npos) << out_;
}

TEST_F(AppTest, CompletionPrintsTheScriptForTheShellAsked) {
  EXPECT_EQ(RunBerth({"completion", "bash"}), 0) << err_;
  EXPECT_NE(out_.find("complete -F _berth berth"), std::string::npos);
  out_.clear();
  EXPECT_EQ(RunBerth({"completion", "zsh"}), 0) << err_;
  EXPECT_TRUE(out_.starts_with("#compdef berth\n"));
  out_.clear();
  EXPECT_EQ(RunBerth({"completion", "fish", "--output", "json"}), 0) << err_;
  EXPECT_NE(out_.find("\"shell\":\"fish\""), std::string::npos);
  EXPECT_NE(out_.find("complete -c berth"), std::string::npos);
}

TEST_F(AppTest, CompletionForAnUnknownOrMissingShellIsAUsageError) {
  EXPECT_EQ(RunBerth({"completion", "tcsh"}), 3);
  EXPECT_NE(err_.find("no completion for shell 'tcsh'; berth has them for bash, zsh, fish"), std::string::npos) << err_;
  err_.clear();
  EXPECT_EQ(RunBerth({"completion"}), 3);
  EXPECT_NE(err_.find("usage: berth completion bash|zsh|fish"), std::string::npos) << err_;
  EXPECT_EQ(out_, "");
}

TEST_F(AppTest, CompletionHelpSaysHowToInstallItInEachShell) {
  EXPECT_EQ(RunBerth({"help", "completion"}), 0);
  EXPECT_NE(out_.find("source <(berth completion bash)"), std::string::npos) << out_;
  EXPECT_NE(out_.find("berth completion zsh > ~/.zsh/completions/_berth"), std::string::npos) << out_;
  EXPECT_NE(out_.find("berth completion fish > ~/.config/fish/completions/berth.fish"), std::string::npos) << out_;
}

}  // namespace
}  // namespace berth::cli
