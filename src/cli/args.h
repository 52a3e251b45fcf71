// Argument parsing for the command line: global flags (anywhere on the line)
// and a small per-command flag parser, both driven by flag descriptions
// (FlagSpec) that are also the source of `berth help COMMAND`'s flag lists and
// of the shell completion scripts (`berth completion`).
//
// Hand-written rather than CLI11 on purpose: global flags must be accepted
// before *and* after the command name while each command owns its own flags
// in its own file; the errors must be berth's (one message, the usage line,
// exit code 3 via kInvalidArgument, "did you mean" from the command table);
// and the whole parser is ~300 lines, cheaper than CLI11's compile time on
// every rebuild.
//
// Conventions: `--flag value` and `--flag=value`; `--` ends flag parsing (what
// follows is positional, even if it starts with '-').
//
// A command describes its flags once, in `Add<Name>Flags(ArgParser&, <Name>Options*)`
// beside its options struct; DescribeArgs runs that function on a throwaway
// options object to get the descriptions without parsing anything.
//
// Thread-safety: value types and pure functions.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cli/command.h"
#include "core/status.h"

namespace berth::cli {

// What a shell offers for a value, besides a flag's `choices`.
enum class ValueCompletion {
  kNone,
  kFiles,    // file names
  kFileUrl,  // "file://" followed by a file name (berth api --input file://PATH)
};

// One flag, as the parser, the help and the completion scripts see it.
struct FlagSpec {
  std::string name;        // "--timeout"
  std::string value = "";  // the value's placeholder: "DURATION", "FILE", "N"; empty: the flag takes no value
  std::string help = "";   // one line
  // The values it takes when they are a fixed few. With `complete` kNone the
  // parser refuses any other value; otherwise they are offered besides files.
  std::vector<std::string> choices = {};
  ValueCompletion complete = ValueCompletion::kNone;
  std::vector<std::string> aliases = {};  // other spellings: "-h" for "--help"
  bool repeatable = false;                // set by ArgParser::AddList

  bool takes_value() const { return !value.empty(); }
};

// A positional argument, for help and completion (the parser hands every
// positional to the command, which checks how many it got).
struct PositionalSpec {
  std::string name;                       // "SHELL"
  std::vector<std::string> choices = {};  // the words a shell offers for it
};

// Everything a command accepts besides the global flags.
struct ArgSpecs {
  std::vector<FlagSpec> flags;
  std::vector<PositionalSpec> positionals;
};

// The global flags, in the order `berth --help` lists them.
std::span<const FlagSpec> GlobalFlagSpecs();

struct ParsedLine {
  GlobalOptions globals;
  // The command name followed by its arguments, global flags removed.
  std::vector<std::string> rest;
  // Non-OK for an unknown value or a missing value of a global flag.
  Status status;
};

// `args` excludes the program name.
ParsedLine ParseGlobalFlags(const std::vector<std::string>& args);

// The log level the global flags ask for: --log-level, else -v count, else warn.
LogLevel EffectiveLogLevel(const GlobalOptions& globals);

// A command's own flags. Unknown flags and missing values are kInvalidArgument
// with the usage line in the message.
class ArgParser {
 public:
  explicit ArgParser(std::string_view usage) : usage_(usage) {}

  // --name VALUE or --name=VALUE. Given twice: the last one wins. `spec.value`
  // must name the value.
  void AddString(FlagSpec spec, std::string* out, bool* seen = nullptr);
  // --name (no value); `spec.value` must be empty.
  void AddBool(FlagSpec spec, bool* out);
  // --name VALUE, repeatable: every value is appended in order.
  void AddList(FlagSpec spec, std::vector<std::string>* out);
  // Describes the next positional argument (help and completion only).
  void AddPositional(PositionalSpec spec);

  // Fills the registered outputs; everything that is not a flag goes to `positionals`.
  Status Parse(const std::vector<std::string>& args, std::vector<std::string>* positionals) const;

  // "message\nusage: <usage>" as kInvalidArgument.
  Status UsageError(std::string_view message) const;

  // The descriptions of what was registered, in registration order.
  ArgSpecs Specs() const;

 private:
  struct Flag {
    FlagSpec spec;
    std::string* str = nullptr;
    bool* seen = nullptr;
    bool* flag = nullptr;
    std::vector<std::string>* list = nullptr;
  };
  const Flag* Find(std::string_view name) const;
  Status Store(const Flag& flag, std::string value) const;

  std::string usage_;
  std::vector<Flag> flags_;
  std::vector<PositionalSpec> positionals_;
};

// What `add` registers, without parsing anything: the options object it fills
// lives only for this call.
template <typename Options>
ArgSpecs DescribeArgs(void (*add)(ArgParser&, Options*)) {
  Options unused;
  ArgParser parser("");
  add(parser, &unused);
  return parser.Specs();
}

// "  --timeout DURATION   how long to follow" lines, aligned, for help texts.
std::string FlagListText(std::span<const FlagSpec> flags);

}  // namespace berth::cli
