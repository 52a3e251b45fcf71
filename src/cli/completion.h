// Shell completion scripts for bash, zsh and fish, generated from one model of
// the command line: the global flags and, for each command of the command
// table, its flags and positional arguments (cli/args.h FlagSpec, PositionalSpec).
// Nothing about berth's commands is written in the scripts by hand, so a new
// command or flag completes as soon as it is in the table.
//
// Each script completes: command names (with their summaries where the shell
// shows descriptions), the global flags anywhere on the line, a command's
// flags after it, a flag's fixed values (FlagSpec::choices), file names for
// file-valued flags (ValueCompletion::kFiles; "file://" then a file name for
// kFileUrl) and a command's positional choices (berth help TOPIC, berth
// completion SHELL, berth api SERVICE).
//
// Choices and names are single words: the generators do not quote whitespace
// inside them.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/args.h"

namespace berth::cli {

enum class Shell { kBash, kZsh, kFish };

// "bash", "zsh", "fish", in that order.
std::vector<std::string> CompletionShells();
std::optional<Shell> ParseShell(std::string_view name);

struct CompletionCommand {
  std::string name;
  std::string summary;
  ArgSpecs args;
};

struct CompletionModel {
  std::vector<FlagSpec> globals;
  std::vector<CompletionCommand> commands;
};

// The global flags and every command of the command table.
CompletionModel CompletionModelFromCommandTable();

std::string CompletionScript(Shell shell, const CompletionModel& model);
std::string BashCompletionScript(const CompletionModel& model);
std::string ZshCompletionScript(const CompletionModel& model);
std::string FishCompletionScript(const CompletionModel& model);

// Helpers shared by the generators.
namespace completion_internal {

// `text` as one single-quoted word for bash and zsh: 'it'\''s'.
std::string SingleQuoted(std::string_view text);
// Every spelling of a flag: its name, then its aliases.
std::vector<std::string> Spellings(const FlagSpec& flag);
// The flag names that take a value, over the globals and every command.
std::vector<std::string> ValueFlagNames(const CompletionModel& model);

}  // namespace completion_internal

}  // namespace berth::cli
