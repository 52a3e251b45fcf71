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
  p.AddString({"--input", "J", "input"}, &input, &seen);
  p.AddBool({"--dry-run", "", "change nothing"}, &dry);
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
  p.AddList({"--image", "I", "an image"}, &images);
  std::vector<std::string> pos;
  ASSERT_TRUE(p.Parse({"--image", "a=1", "--image=b=2", "--image", "a=3"}, &pos).ok());
  EXPECT_EQ(images, (std::vector<std::string>{"a=1", "b=2", "a=3"}));
  EXPECT_TRUE(pos.empty());
}

TEST(ArgParserTest, AnUnknownFlagCloseToAKnownOneIsSuggested) {
  std::vector<std::string> images;
  ArgParser p("berth x [--image I ...]");
  p.AddList({"--image", "I", "an image"}, &images);
  std::vector<std::string> pos;
  Status s = p.Parse({"--imgae", "a=1"}, &pos);
  EXPECT_NE(s.message().find("did you mean --image?"), std::string::npos) << s.message();
}

TEST(ArgParserTest, UnknownFlagsAndMissingValuesCarryTheUsageLine) {
  std::string input;
  ArgParser p("berth x [--input J]");
  p.AddString({"--input", "J", "input"}, &input);
  std::vector<std::string> pos;
  Status unknown = p.Parse({"--inptu", "x"}, &pos);
  EXPECT_EQ(unknown.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(unknown.message().find("unknown flag '--inptu'"), std::string::npos);
  EXPECT_NE(unknown.message().find("usage: berth x [--input J]"), std::string::npos);
  Status missing = p.Parse({"--input"}, &pos);
  EXPECT_EQ(missing.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(missing.message().find("needs a value"), std::string::npos);
}

TEST(ParseGlobalFlagsTest, LogLevelTakesAnyCaseAndNamesTheLevelsWhenWrong) {
  EXPECT_EQ(EffectiveLogLevel(ParseGlobalFlags({"--log-level", "DEBUG"}).globals), LogLevel::kDebug);
  Status bad = ParseGlobalFlags({"--log-level=loud"}).status;
  EXPECT_EQ(bad.message(), "--log-level must be 'error', 'warn', 'info', 'debug' or 'trace', not 'loud'");
  EXPECT_EQ(ParseGlobalFlags({"--output", "yaml"}).status.message(), "--output must be 'text' or 'json', not 'yaml'");
}

TEST(ParseGlobalFlagsTest, EveryGlobalFlagInTheTableIsParsed) {
  // A switch given alone, a value flag with a value: none may be left for the command.
  for (const FlagSpec& f : GlobalFlagSpecs()) {
    std::vector<std::string> spellings{f.name};
    spellings.insert(spellings.end(), f.aliases.begin(), f.aliases.end());
    for (const std::string& spelling : spellings) {
      std::vector<std::string> args{spelling};
      if (f.takes_value()) args.push_back(f.choices.empty() ? "x" : f.choices[0]);
      ParsedLine line = ParseGlobalFlags(args);
      EXPECT_TRUE(line.status.ok()) << spelling << ": " << line.status.ToString();
      EXPECT_TRUE(line.rest.empty()) << spelling << " was left to the command";
    }
    EXPECT_FALSE(f.help.empty()) << f.name;
  }
  EXPECT_TRUE(ParseGlobalFlags({"-h"}).globals.help);
  EXPECT_EQ(ParseGlobalFlags({"--verbose", "-vv"}).globals.verbosity, 3);
  // A switch with a value is not the switch: the command refuses it.
  EXPECT_EQ(ParseGlobalFlags({"--no-color=1"}).rest, std::vector<std::string>{"--no-color=1"});
}

TEST(ArgParserTest, AFlagWithChoicesRefusesOtherValuesUnlessItAlsoTakesFiles) {
  std::string mode, seed;
  ArgParser p("berth x [--mode fast|slow]");
  p.AddString({"--mode", "fast|slow", "how", {"fast", "slow"}}, &mode);
  p.AddString({.name = "--seed", .value = "demo|FILE", .choices = {"demo"}, .complete = ValueCompletion::kFiles},
              &seed);
  std::vector<std::string> pos;
  EXPECT_TRUE(p.Parse({"--mode", "slow", "--seed", "my-seed.json"}, &pos).ok());
  EXPECT_EQ(mode, "slow");
  EXPECT_EQ(seed, "my-seed.json");
  Status s = p.Parse({"--mode=medium"}, &pos);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("--mode must be 'fast' or 'slow', not 'medium'\nusage: berth x"), std::string::npos)
      << s.message();
}

TEST(ArgParserTest, SpecsDescribeWhatWasRegisteredInOrder) {
  std::string input;
  bool dry = false;
  std::vector<std::string> images;
  ArgParser p("berth x");
  p.AddString({"--input", "JSON", "the input"}, &input);
  p.AddBool({"--dry-run", "IGNORED", "change nothing"}, &dry);
  p.AddList({"--image", "NAME=IMAGE", "an image"}, &images);
  p.AddPositional({"SHELL", {"bash", "zsh"}});
  ArgSpecs specs = p.Specs();
  ASSERT_EQ(specs.flags.size(), 3u);
  EXPECT_EQ(specs.flags[0].name, "--input");
  EXPECT_TRUE(specs.flags[0].takes_value());
  EXPECT_FALSE(specs.flags[1].takes_value()) << "a switch never takes a value";
  EXPECT_TRUE(specs.flags[2].repeatable);
  ASSERT_EQ(specs.positionals.size(), 1u);
  EXPECT_EQ(specs.positionals[0].choices, (std::vector<std::string>{"bash", "zsh"}));
}

struct ExampleOptions {
  std::string port = "0";
};
void AddExampleFlags(ArgParser& parser, ExampleOptions* o) {
  parser.AddString({"--port", "P", "the port"}, &o->port);
}

TEST(ArgParserTest, DescribeArgsRunsTheAddFunctionWithoutParsing) {
  ArgSpecs specs = DescribeArgs(&AddExampleFlags);
  ASSERT_EQ(specs.flags.size(), 1u);
  EXPECT_EQ(specs.flags[0].value, "P");
}

TEST(FlagListTextTest, AlignsLabelsAndMarksRepeatableFlags) {
  std::vector<FlagSpec> flags = {{"--port", "P", "the port"},
                                 {.name = "--image", .value = "C=I", .help = "an image", .repeatable = true},
                                 {.name = "--help", .help = "help", .aliases = {"-h"}}};
  EXPECT_EQ(FlagListText(flags),
            "  --port P     the port\n"
            "  --image C=I  an image (repeatable)\n"
            "  --help, -h   help\n");
}

}  // namespace
}  // namespace berth::cli
