#include "cli/args.h"

#include <gtest/gtest.h>

namespace berth::cli {
namespace {

TEST(ParseGlobalFlagsTest, AcceptsGlobalFlagsBeforeAndAfterTheCommand) {
  ParsedLine line = ParseGlobalFlags({"--region", "eu-west-1", "api", "ecs", "-vv", "ListClusters", "--output=json",
                                      "--profile=dev", "--endpoint-url", "http://127.0.0.1:1", "--no-color"});
  ASSERT_TRUE(line.status.ok()) << line.status.ToString();
  EXPECT_EQ(line.rest, (std::vector<std::string>{"api", "ecs", "ListClusters"}));
  EXPECT_EQ(line.globals.region, "eu-west-1");
  EXPECT_EQ(line.globals.profile, "dev");
  EXPECT_EQ(line.globals.endpoint_url, "http://127.0.0.1:1");
  EXPECT_EQ(line.globals.output, OutputFormat::kJson);
  EXPECT_EQ(line.globals.verbosity, 2);
  EXPECT_TRUE(line.globals.no_color);
}

TEST(ParseGlobalFlagsTest, VerbosityAddsUpAndLogLevelWins) {
  ParsedLine line = ParseGlobalFlags({"-v", "--verbose", "-v"});
  EXPECT_EQ(EffectiveLogLevel(line.globals), LogLevel::kTrace);
  EXPECT_EQ(EffectiveLogLevel(ParseGlobalFlags({}).globals), LogLevel::kWarn);
  EXPECT_EQ(EffectiveLogLevel(ParseGlobalFlags({"-v"}).globals), LogLevel::kInfo);
  EXPECT_EQ(EffectiveLogLevel(ParseGlobalFlags({"-vvv", "--log-level", "error"}).globals), LogLevel::kError);
}

TEST(ParseGlobalFlagsTest, MissingOrBadValuesAreInvalidArguments) {
  EXPECT_EQ(ParseGlobalFlags({"version", "--region"}).status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseGlobalFlags({"--output", "yaml"}).status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseGlobalFlags({"--log-level=loud"}).status.code(), StatusCode::kInvalidArgument);
}

TEST(ParseGlobalFlagsTest, DoubleDashPassesTheRestThroughUntouched) {
  ParsedLine line = ParseGlobalFlags({"api", "--", "--region", "x"});
  EXPECT_FALSE(line.globals.region.has_value());
  EXPECT_EQ(line.rest, (std::vector<std::string>{"api", "--", "--region", "x"}));
}

TEST(ArgParserTest, ParsesStringAndBoolFlagsAndPositionals) {
  std::string input;
  bool seen = false, dry = false;
  ArgParser p("berth x [--input J]");
  p.AddString("--input", &input, &seen);
  p.AddBool("--dry-run", &dry);
  std::vector<std::string> pos;
  ASSERT_TRUE(p.Parse({"a", "--input={}", "--dry-run", "b", "--", "--c"}, &pos).ok());
  EXPECT_EQ(input, "{}");
  EXPECT_TRUE(seen);
  EXPECT_TRUE(dry);
  EXPECT_EQ(pos, (std::vector<std::string>{"a", "b", "--c"}));
}

TEST(ArgParserTest, ListFlagsCollectEveryValueInOrder) {
  std::vector<std::string> images;
  ArgParser p("berth x [--image I ...]");
  p.AddList("--image", &images);
  std::vector<std::string> pos;
  ASSERT_TRUE(p.Parse({"--image", "a=1", "--image=b=2", "--image", "a=3"}, &pos).ok());
  EXPECT_EQ(images, (std::vector<std::string>{"a=1", "b=2", "a=3"}));
  EXPECT_TRUE(pos.empty());
}

TEST(ArgParserTest, AnUnknownFlagCloseToAKnownOneIsSuggested) {
  std::vector<std::string> images;
  ArgParser p("berth x [--image I ...]");
  p.AddList("--image", &images);
  std::vector<std::string> pos;
  Status s = p.Parse({"--imgae", "a=1"}, &pos);
  EXPECT_NE(s.message().find("did you mean --image?"), std::string::npos) << s.message();
}

TEST(ArgParserTest, UnknownFlagsAndMissingValuesCarryTheUsageLine) {
  std::string input;
  ArgParser p("berth x [--input J]");
  p.AddString("--input", &input);
  std::vector<std::string> pos;
  Status unknown = p.Parse({"--inptu", "x"}, &pos);
  EXPECT_EQ(unknown.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.message().find("unknown flag '--inptu'"), std::string::npos);
  EXPECT_NE(unknown.message().find("usage: berth x [--input J]"), std::string::npos);
  Status missing = p.Parse({"--input"}, &pos);
  EXPECT_EQ(missing.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(missing.message().find("needs a value"), std::string::npos);
}

}  // namespace
}  // namespace berth::cli
