// Argument parsing for the command line: global flags (anywhere on the line)
// and a small per-command flag parser.
//
// Hand-written rather than CLI11 on purpose: global flags must be accepted
// before *and* after the command name while each command owns its own flags
// in its own file; the errors must be berth's (one message, the usage line,
// exit code 3 via kInvalidArgument, "did you mean" from the command table);
// and the whole parser is ~200 lines, cheaper than CLI11's compile time on
// every rebuild.
//
// Conventions: `--flag value` and `--flag=value`; `--` ends flag parsing (what
// follows is positional, even if it starts with '-').
//
// Thread-safety: value types and pure functions.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/command.h"
#include "core/status.h"

namespace berth::cli {

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

  // --name VALUE or --name=VALUE. Given twice: the last one wins.
  void AddString(std::string name, std::string* out, bool* seen = nullptr);
  // --name (no value).
  void AddBool(std::string name, bool* out);
  // --name VALUE, repeatable: every value is appended in order.
  void AddList(std::string name, std::vector<std::string>* out);

  // Fills the registered outputs; everything that is not a flag goes to `positionals`.
  Status Parse(const std::vector<std::string>& args, std::vector<std::string>* positionals) const;

  // "message\nusage: <usage>" as kInvalidArgument.
  Status UsageError(std::string_view message) const;

 private:
  struct Flag {
    std::string name;
    bool takes_value;
    std::string* str;
    bool* seen;
    bool* flag;
    std::vector<std::string>* list = nullptr;
  };
  const Flag* Find(std::string_view name) const;

  std::string usage_;
  std::vector<Flag> flags_;
};

}  // namespace berth::cli
