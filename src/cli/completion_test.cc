// The completion scripts, generated from the command table and run in the
// real shells: bash's completion function driven with COMP_WORDS/COMP_CWORD,
// fish's `complete -C`, and zsh's completion system in a pseudo-terminal.
//
// A test that needs zsh or fish skips when the shell is not installed, unless
// BERTH_REQUIRE_ORACLES=1 (CI), where a missing shell is a failure.
#include "cli/completion.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "core/strings.h"
#include "core/temp_dir.h"
#include "support/berth_process.h"
#include "support/oracles.h"

namespace berth::cli {
namespace {

using testing::ProcessResult;
using testing::RunProcess;

// The absolute path of `program` on $PATH (or the usual directories), "" when absent.
std::string FindProgram(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string dirs = std::string(path != nullptr ? path : "") + ":/usr/local/bin:/usr/bin:/bin";
  for (const std::string& dir : Split(dirs, ':')) {
    if (dir.empty()) continue;
    std::string candidate = dir + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

// The shell's path; skips the test (fails it under BERTH_REQUIRE_ORACLES=1) when it is not installed.
#define REQUIRE_SHELL(var, name)                                                   \
  std::string var = FindProgram(name);                                             \
  if (var.empty()) {                                                               \
    if (::berth::testing::OraclesRequired())                                       \
      FAIL() << name << " is not installed (scripts/install-deps.sh installs it)"; \
    GTEST_SKIP() << name << " is not installed";                                   \
  }

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

bool Has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

// A directory holding the scripts and a few files for file-name completion.
class CompletionShellTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(dir_.ok());
    Write("berth.bash", CompletionScript(Shell::kBash, CompletionModelFromCommandTable()));
    Write("berth.zsh", CompletionScript(Shell::kZsh, CompletionModelFromCommandTable()));
    Write("zfunc/_berth", CompletionScript(Shell::kZsh, CompletionModelFromCommandTable()));
    Write("berth.fish", CompletionScript(Shell::kFish, CompletionModelFromCommandTable()));
    Write("files/td.json", "{}");
    Write("files/tdsub/other.json", "{}");
  }
  std::string Path(const std::string& relative) const { return dir_.path() + "/" + relative; }
  void Write(const std::string& relative, const std::string& text) const {
    std::string path = Path(relative);
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path) << text;
  }

  // What bash's _berth puts in COMPREPLY for `words` (as bash split them),
  // the cursor at the end of the last one, run in files/.
  std::vector<std::string> Bash(const std::vector<std::string>& words) const {
    std::string array;
    for (const std::string& w : words) array += completion_internal::SingleQuoted(w) + " ";
    std::string program = "cd " + Path("files") + " && source " + Path("berth.bash") + " && COMP_WORDS=(" + array +
                          ") && COMP_CWORD=" + std::to_string(words.size() - 1) +
                          " && _berth && printf '%s\\n' \"${COMPREPLY[@]}\"";
    ProcessResult r = RunProcess({FindProgram("bash"), "--norc", "--noprofile", "-c", program}, {});
    EXPECT_EQ(r.exit_code, 0) << r.all();
    EXPECT_EQ(r.err, "") << "bash wrote to stderr for " << Join(words, " ");
    return Lines(r.out);
  }

  TempDir dir_{"berth-completion"};
};

TEST(CompletionScriptTest, EachShellsScriptNamesEveryCommandAndItsFlags) {
  CompletionModel model = CompletionModelFromCommandTable();
  for (const std::string& name : CompletionShells()) {
    std::string script = CompletionScript(*ParseShell(name), model);
    for (const CompletionCommand& c : model.commands) {
      EXPECT_NE(script.find(c.name), std::string::npos) << name << " script lacks command " << c.name;
      for (const FlagSpec& f : c.args.flags) {
        // fish names a long flag without its dashes (-l timeout).
        std::string bare = f.name.substr(f.name.find_first_not_of('-'));
        EXPECT_NE(script.find(bare), std::string::npos) << name << " script lacks " << c.name << " " << f.name;
      }
    }
    EXPECT_NE(script.find("exit-codes"), std::string::npos) << name;
  }
  EXPECT_EQ(ParseShell("tcsh"), std::nullopt);
}

TEST(CompletionScriptTest, TheModelHoldsTheCommandTableAndTheGlobalFlags) {
  CompletionModel model = CompletionModelFromCommandTable();
  std::vector<std::string> names;
  for (const CompletionCommand& c : model.commands) names.push_back(c.name);
  EXPECT_TRUE(Has(names, "deploy"));
  EXPECT_TRUE(Has(names, "completion"));
  std::vector<std::string> globals;
  for (const FlagSpec& f : model.globals) globals.push_back(f.name);
  for (const char* g :
       {"--output", "-v", "--profile", "--region", "--endpoint-url", "--no-color", "--log-level", "--help"}) {
    EXPECT_TRUE(Has(globals, g)) << g;
  }
}

TEST_F(CompletionShellTest, BashCompletesCommandNames) {
  EXPECT_EQ(Bash({"berth", "dep"}), std::vector<std::string>{"deploy"});
  EXPECT_EQ(Bash({"berth", "--output", "json", "st"}), std::vector<std::string>{"status"});
  std::vector<std::string> all = Bash({"berth", ""});
  EXPECT_TRUE(Has(all, "completion") && Has(all, "wait") && Has(all, "api")) << Join(all, " ");
}

TEST_F(CompletionShellTest, BashCompletesACommandsFlagsAndTheGlobalOnes) {
  EXPECT_EQ(Bash({"berth", "deploy", "--ti"}), std::vector<std::string>{"--timeout"});
  EXPECT_EQ(Bash({"berth", "deploy", "--image", "web=x", "--rollb"}),
            std::vector<std::string>{"--rollback-on-failure"});
  std::vector<std::string> flags = Bash({"berth", "wait", "--"});
  EXPECT_TRUE(Has(flags, "--deployment") && Has(flags, "--output") && Has(flags, "--endpoint-url")) << Join(flags, " ");
  EXPECT_FALSE(Has(flags, "--dry-run")) << "a deploy flag offered for wait";
  std::vector<std::string> globals = Bash({"berth", "-"});
  EXPECT_TRUE(Has(globals, "-v") && Has(globals, "--no-color") && Has(globals, "--help")) << Join(globals, " ");
  EXPECT_FALSE(Has(globals, "--timeout"));
}

TEST_F(CompletionShellTest, BashCompletesEnumeratedValues) {
  EXPECT_EQ(Bash({"berth", "--output", ""}), (std::vector<std::string>{"text", "json"}));
  EXPECT_EQ(Bash({"berth", "deploy", "--output", "j"}), std::vector<std::string>{"json"});
  // --output=j: bash splits at '=' and readline replaces only what follows it.
  EXPECT_EQ(Bash({"berth", "--output", "=", "j"}), std::vector<std::string>{"json"});
  EXPECT_EQ(Bash({"berth", "--output", "="}), (std::vector<std::string>{"text", "json"}));
  EXPECT_EQ(Bash({"berth", "--log-level", "de"}), std::vector<std::string>{"debug"});
  EXPECT_EQ(Bash({"berth", "completion", ""}), (std::vector<std::string>{"bash", "zsh", "fish"}));
  EXPECT_EQ(Bash({"berth", "help", "exit"}), std::vector<std::string>{"exit-codes"});
  std::vector<std::string> topics = Bash({"berth", "help", ""});
  EXPECT_TRUE(Has(topics, "deploy") && Has(topics, "exit-codes")) << Join(topics, " ");
  EXPECT_EQ(Bash({"berth", "api", "ec"}), (std::vector<std::string>{"ecs", "ecr"}));
  // A flag's value is not taken for the command's first positional argument.
  EXPECT_EQ(Bash({"berth", "api", "--input", "{}", "st"}), std::vector<std::string>{"sts"});
  EXPECT_TRUE(Bash({"berth", "deploy", "--cluster", ""}).empty()) << "free-form values get no candidates";
}

TEST_F(CompletionShellTest, BashCompletesFileNamesForFileValuedFlags) {
  EXPECT_EQ(Bash({"berth", "deploy", "--task-definition", "td"}), (std::vector<std::string>{"td.json", "tdsub"}));
  EXPECT_EQ(Bash({"berth", "deploy", "--task-definition", "=", "td."}), std::vector<std::string>{"td.json"});
  EXPECT_EQ(Bash({"berth", "rollback", "--history", "td."}), std::vector<std::string>{"td.json"});
  EXPECT_EQ(Bash({"berth", "sim", "--state", "td."}), std::vector<std::string>{"td.json"});
  std::vector<std::string> seeds = Bash({"berth", "sim", "--seed", ""});
  EXPECT_TRUE(Has(seeds, "demo") && Has(seeds, "empty") && Has(seeds, "td.json")) << Join(seeds, " ");
  // --input file://PATH: bash splits "file://td" into file, :, //td.
  EXPECT_EQ(Bash({"berth", "api", "ecs", "ListClusters", "--input", "fi"}), std::vector<std::string>{"file://"});
  EXPECT_EQ(Bash({"berth", "api", "ecs", "ListClusters", "--input", "file", ":", "//td"}),
            (std::vector<std::string>{"//td.json", "//tdsub/"}));
  EXPECT_TRUE(Bash({"berth", "api", "ecs", "ListClusters", "--input", "{"}).empty());
}

TEST_F(CompletionShellTest, ZshLoadsTheScriptSourcedAndFromFpath) {
  REQUIRE_SHELL(zsh, "zsh");
  std::string program = "autoload -U compinit && compinit -u -D -d " + Path("zcompdump") + " && source " +
                        Path("berth.zsh") + " && print -r -- \"sourced:$_comps[berth]\"";
  ProcessResult sourced = RunProcess({zsh, "-f", "-c", program}, {{"HOME", dir_.path()}});
  EXPECT_EQ(sourced.exit_code, 0) << sourced.all();
  EXPECT_EQ(sourced.err, "");
  EXPECT_EQ(sourced.out, "sourced:_berth\n");

  program = "fpath=(" + Path("zfunc") + " $fpath) && autoload -U compinit && compinit -u -D -d " + Path("zcompdump2") +
            " && print -r -- \"fpath:$_comps[berth]\"";
  ProcessResult autoloaded = RunProcess({zsh, "-f", "-c", program}, {{"HOME", dir_.path()}});
  EXPECT_EQ(autoloaded.exit_code, 0) << autoloaded.all();
  EXPECT_EQ(autoloaded.out, "fpath:_berth\n");
}

// Types `line` and TAB into an interactive zsh in a pseudo-terminal (zsh/zpty),
// then Enter: `berth` there is a function printing its arguments between
// markers (split in its source so that the echo of the source never matches),
// so the output shows the line as completion left it.
std::string ZshCompletedLine(const std::string& zsh, const std::string& home, const std::string& script,
                             const std::string& line) {
  std::string program = R"(
zmodload zsh/zpty || exit 2
zpty berth_shell zsh -f -i
zpty -w berth_shell 'cd )" +
                        home +
                        R"(/files; PS1="" PS2="" RPS1=""; unsetopt beep; autoload -U compinit; compinit -u -D -d )" +
                        home + R"(/zcompdump3; source )" + script + R"(; berth() { print -r -- "R""AN:$*:E""ND" }'
zpty -w -n berth_shell ')" +
                        line + R"('$'\t\r'
# Blocks until the function's output appears; the process timeout bounds a shell that never prints it.
zpty -r berth_shell out '*RAN:*:END*'
zpty -d berth_shell
print -r -- ${${out##*RAN:}%%:END*}
)";
  ProcessResult r = RunProcess({zsh, "-f", "-c", program}, {{"HOME", home}, {"TERM", "dumb"}});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  return r.out.substr(0, r.out.find('\n'));
}

TEST_F(CompletionShellTest, ZshCompletesCommandNamesFlagsValuesAndFileNames) {
  REQUIRE_SHELL(zsh, "zsh");
  EXPECT_EQ(ZshCompletedLine(zsh, dir_.path(), Path("berth.zsh"), "berth dep"), "deploy");
  EXPECT_EQ(ZshCompletedLine(zsh, dir_.path(), Path("berth.zsh"), "berth deploy --ti"), "deploy --timeout");
  EXPECT_EQ(ZshCompletedLine(zsh, dir_.path(), Path("berth.zsh"), "berth --output j"), "--output json");
  EXPECT_EQ(ZshCompletedLine(zsh, dir_.path(), Path("berth.zsh"), "berth help exit"), "help exit-codes");
  EXPECT_EQ(ZshCompletedLine(zsh, dir_.path(), Path("berth.zsh"), "berth deploy --task-definition td."),
            "deploy --task-definition td.json");
  EXPECT_EQ(ZshCompletedLine(zsh, dir_.path(), Path("berth.zsh"), "berth sim --seed de"), "sim --seed demo");
  EXPECT_EQ(ZshCompletedLine(zsh, dir_.path(), Path("berth.zsh"), "berth api ecs X --input file://td."),
            "api ecs X --input file://td.json");
}

// fish's own completions for `line`: "candidate<TAB>description" lines.
std::vector<std::string> FishComplete(const std::string& fish, const std::string& dir, const std::string& line) {
  std::string program = "cd " + dir + "/files; and source " + dir + "/berth.fish; and complete -C" +
                        completion_internal::SingleQuoted(line);
  ProcessResult r = RunProcess({fish, "--no-config", "-c", program}, {{"HOME", dir}});
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_EQ(r.err, "") << "fish wrote to stderr for " << line;
  std::vector<std::string> words;
  for (const std::string& l : Lines(r.out)) words.push_back(l.substr(0, l.find('\t')));
  return words;
}

TEST_F(CompletionShellTest, FishLoadsTheScriptAndCompletesCommandsFlagsAndValues) {
  REQUIRE_SHELL(fish, "fish");
  EXPECT_EQ(FishComplete(fish, dir_.path(), "berth dep"), std::vector<std::string>{"deploy"});
  EXPECT_EQ(FishComplete(fish, dir_.path(), "berth --output json dep"), std::vector<std::string>{"deploy"});
  EXPECT_EQ(FishComplete(fish, dir_.path(), "berth deploy --ti"), std::vector<std::string>{"--timeout"});
  // fish sorts the candidates.
  EXPECT_EQ(FishComplete(fish, dir_.path(), "berth --output "), (std::vector<std::string>{"json", "text"}));
  EXPECT_EQ(FishComplete(fish, dir_.path(), "berth completion "), (std::vector<std::string>{"bash", "fish", "zsh"}));
  std::vector<std::string> topics = FishComplete(fish, dir_.path(), "berth help ");
  EXPECT_TRUE(Has(topics, "exit-codes") && Has(topics, "deploy")) << Join(topics, " ");
  std::vector<std::string> files = FishComplete(fish, dir_.path(), "berth deploy --task-definition td");
  EXPECT_TRUE(Has(files, "td.json")) << Join(files, " ");
  std::vector<std::string> urls = FishComplete(fish, dir_.path(), "berth api ecs ListClusters --input file://td");
  EXPECT_TRUE(Has(urls, "file://td.json")) << Join(urls, " ");
}

}  // namespace
}  // namespace berth::cli
