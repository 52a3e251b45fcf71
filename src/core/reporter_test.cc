#include "core/reporter.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "core/log.h"
#include "core/strings.h"

namespace berth {
namespace {

// Captures stdout and stderr written through WriteStdout/WriteStderr.
class ReporterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SetStdoutSinkForTest([this](std::string_view s) { out_ += s; });
    SetStderrSinkForTest([this](std::string_view s) { err_ += s; });
  }
  void TearDown() override {
    SetStdoutSinkForTest(nullptr);
    SetStderrSinkForTest(nullptr);
    ClearSecretsForTest();
  }
  static ReporterOptions Options(OutputFormat format, bool terminal, bool color) {
    ReporterOptions o;
    o.format = format;
    o.terminal = terminal;
    o.color = color;
    return o;
  }
  std::string out_;
  std::string err_;
};

TEST_F(ReporterTest, PlainProgressPrintsOnlyWhenTheTextChanges) {
  auto r = MakeReporter(Options(OutputFormat::kText, false, false));
  r->Progress("1/3 running");
  r->Progress("1/3 running");
  r->Progress("2/3 running");
  r->Progress("2/3 running");
  EXPECT_EQ(out_, "1/3 running\n2/3 running\n");
  EXPECT_EQ(out_.find('\x1b'), std::string::npos);
}

TEST_F(ReporterTest, TerminalProgressRewritesOneLineInPlace) {
  {
    auto r = MakeReporter(Options(OutputFormat::kText, true, false));
    r->Progress("1/3");
    r->Progress("2/3");
  }
  EXPECT_EQ(out_, "\r1/3\x1b[K\r2/3\x1b[K\n");
}

TEST_F(ReporterTest, TerminalInfoClearsTheStatusLineAndRedrawsIt) {
  auto r = MakeReporter(Options(OutputFormat::kText, true, false));
  r->Progress("waiting");
  out_.clear();
  r->Info("task started");
  EXPECT_EQ(out_, "\r\x1b[Ktask started\n\rwaiting\x1b[K");
}

TEST_F(ReporterTest, ErrorsGoToStderrWithAwsDetails) {
  auto r = MakeReporter(Options(OutputFormat::kText, false, false));
  Status s(StatusCode::kNotFound, "cluster 'c' not found; check --cluster");
  s.SetAwsDetail("ClusterNotFoundException", 400, "req-1");
  r->Error(s);
  EXPECT_EQ(out_, "");
  EXPECT_EQ(err_,
            "berth: error: cluster 'c' not found; check --cluster "
            "[ClusterNotFoundException, HTTP 400, request id req-1]\n");
}

TEST_F(ReporterTest, ColourIsUsedOnlyWhenEnabled) {
  auto plain = MakeReporter(Options(OutputFormat::kText, true, false));
  plain->Warn("slow");
  EXPECT_EQ(err_, "berth: warning: slow\n");
  err_.clear();
  auto colored = MakeReporter(Options(OutputFormat::kText, true, true));
  colored->Warn("slow");
  EXPECT_NE(err_.find("\x1b[33m"), std::string::npos);
}

TEST_F(ReporterTest, JsonModeWritesOneObjectPerLineOnStdout) {
  auto r = MakeReporter(Options(OutputFormat::kJson, false, false));
  r->Progress("p");
  r->Info("i");
  r->Warn("w");
  r->Error(Status(StatusCode::kThrottled, "slow down"));
  r->Result(Json{{"ok", true}}, "ignored text");
  EXPECT_EQ(err_, "");
  auto lines = Split(out_, '\n');
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[5], "");
  EXPECT_EQ(Json::parse(lines[0])["type"], "progress");
  EXPECT_EQ(Json::parse(lines[1])["type"], "info");
  EXPECT_EQ(Json::parse(lines[2])["type"], "warning");
  Json error = Json::parse(lines[3]);
  EXPECT_EQ(error["code"], "Throttled");
  EXPECT_EQ(error["exit_code"], 10);
  EXPECT_EQ(Json::parse(lines[4])["result"]["ok"], true);
}

TEST_F(ReporterTest, ResultPrintsTheTextInTextMode) {
  auto r = MakeReporter(Options(OutputFormat::kText, false, false));
  r->Result(Json{{"ok", true}}, "all good");
  EXPECT_EQ(out_, "all good\n");
}

TEST_F(ReporterTest, RegisteredSecretsAreRedactedInEveryMode) {
  RegisterSecret("hunter2-very-secret");
  for (auto format : {OutputFormat::kText, OutputFormat::kJson}) {
    auto r = MakeReporter(Options(format, false, false));
    r->Info("value hunter2-very-secret");
    r->Error(Status(StatusCode::kConfig, "bad hunter2-very-secret"));
    r->Result(Json{{"v", "hunter2-very-secret"}}, "hunter2-very-secret");
  }
  EXPECT_EQ(out_.find("hunter2"), std::string::npos) << out_;
  EXPECT_EQ(err_.find("hunter2"), std::string::npos) << err_;
}

TEST(DetectReporterOptionsTest, TerminalOnlyOnATtyOutsideCi) {
  MapEnvironment env;
  EXPECT_TRUE(DetectReporterOptions(OutputFormat::kText, env, true).terminal);
  EXPECT_TRUE(DetectReporterOptions(OutputFormat::kText, env, true).color);
  EXPECT_FALSE(DetectReporterOptions(OutputFormat::kText, env, false).terminal);
  EXPECT_FALSE(DetectReporterOptions(OutputFormat::kJson, env, true).terminal);
  env.Set("CI", "true");
  EXPECT_FALSE(DetectReporterOptions(OutputFormat::kText, env, true).terminal);
}

TEST(DetectReporterOptionsTest, NoColorDisablesColourButNotTheStatusLine) {
  MapEnvironment env;
  env.Set("NO_COLOR", "1");
  auto o = DetectReporterOptions(OutputFormat::kText, env, true);
  EXPECT_TRUE(o.terminal);
  EXPECT_FALSE(o.color);
  MapEnvironment dumb;
  dumb.Set("TERM", "dumb");
  EXPECT_FALSE(DetectReporterOptions(OutputFormat::kText, dumb, true).terminal);
}

}  // namespace
}  // namespace berth
