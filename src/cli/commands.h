// The command table: one entry per command drives dispatch, `berth --help`,
// `berth help COMMAND` and "did you mean" for typos.
//
// Adding a command: write cli/cmd_<name>.cc defining `int Cmd<Name>(CommandContext&,
// const std::vector<std::string>&)`, declare it below, add one row to the table
// in commands.cc.
//
// Thread-safety: immutable data and pure functions.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cli/command.h"

namespace berth::cli {

struct CommandSpec {
  std::string_view name;
  std::string_view summary;  // one line for the overview
  std::string_view usage;    // "berth api SERVICE OPERATION [--input JSON|file://PATH]"
  CommandFn fn;
  std::string_view details = {};  // flags and examples for `berth help NAME`; optional
};

std::span<const CommandSpec> Commands();
const CommandSpec* FindCommand(std::string_view name);

// Edit distance: insert, delete, substitute, swap two adjacent characters; each costs 1.
size_t EditDistance(std::string_view a, std::string_view b);
// The closest name among `candidates` when it is close enough to be a typo
// (distance <= max(1, len/3)), else nullopt.
std::optional<std::string> SuggestName(std::string_view typo,
                                       const std::vector<std::string_view>& candidates);
std::optional<std::string> SuggestCommand(std::string_view typo);

// The commands.
int CmdApi(CommandContext& ctx, const std::vector<std::string>& args);
int CmdHelp(CommandContext& ctx, const std::vector<std::string>& args);
int CmdSim(CommandContext& ctx, const std::vector<std::string>& args);
int CmdDemo(CommandContext& ctx, const std::vector<std::string>& args);
int CmdDeploy(CommandContext& ctx, const std::vector<std::string>& args);
int CmdDiff(CommandContext& ctx, const std::vector<std::string>& args);
int CmdRollback(CommandContext& ctx, const std::vector<std::string>& args);
int CmdStatus(CommandContext& ctx, const std::vector<std::string>& args);
int CmdWait(CommandContext& ctx, const std::vector<std::string>& args);
int CmdVersion(CommandContext& ctx, const std::vector<std::string>& args);

// The texts help prints (also used by `--help`).
std::string OverviewText();
std::string CommandHelpText(const CommandSpec& spec);

}  // namespace berth::cli
