// The command table: one entry per command drives dispatch, `berth --help`,
// `berth help COMMAND`, "did you mean" for typos and the shell completion
// scripts (`berth completion`).
//
// Adding a command: write cli/cmd_<name>.cc with its options struct, its
// `Add<Name>Flags(ArgParser&, <Name>Options*)` (the one description of its flags
// and positional arguments), `int Cmd<Name>(CommandContext&, const
// std::vector<std::string>&)` and `ArgSpecs <Name>ArgSpecs()` (DescribeArgs of
// the Add function); declare the two below and add one row to the table in
// commands.cc.
//
// Thread-safety: immutable data and pure functions.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cli/args.h"
#include "cli/command.h"

namespace berth::cli {

struct CommandSpec {
  std::string_view name;
  std::string_view summary;  // one line for the overview
  std::string_view usage;    // "berth api SERVICE OPERATION [--input JSON|file://PATH]"
  CommandFn fn;
  ArgSpecs (*args)();             // its flags and positional arguments; null: it takes none
  std::string_view details = {};  // flags and examples for `berth help NAME`; optional
};

std::span<const CommandSpec> Commands();
const CommandSpec* FindCommand(std::string_view name);

// The command a typo most likely meant (core/suggest.h), else nullopt.
std::optional<std::string> SuggestCommand(std::string_view typo);

// What a command accepts (an empty ArgSpecs when `args` is null).
ArgSpecs ArgSpecsOf(const CommandSpec& spec);

// The commands, and what each accepts.
int CmdApi(CommandContext& ctx, const std::vector<std::string>& args);
int CmdCompletion(CommandContext& ctx, const std::vector<std::string>& args);
int CmdHelp(CommandContext& ctx, const std::vector<std::string>& args);
int CmdSim(CommandContext& ctx, const std::vector<std::string>& args);
int CmdDemo(CommandContext& ctx, const std::vector<std::string>& args);
int CmdDeploy(CommandContext& ctx, const std::vector<std::string>& args);
int CmdDiff(CommandContext& ctx, const std::vector<std::string>& args);
int CmdRollback(CommandContext& ctx, const std::vector<std::string>& args);
int CmdStatus(CommandContext& ctx, const std::vector<std::string>& args);
int CmdWait(CommandContext& ctx, const std::vector<std::string>& args);
int CmdVersion(CommandContext& ctx, const std::vector<std::string>& args);
ArgSpecs ApiArgSpecs();
ArgSpecs CompletionArgSpecs();
ArgSpecs HelpArgSpecs();
ArgSpecs SimArgSpecs();
ArgSpecs DemoArgSpecs();
ArgSpecs DeployArgSpecs();
ArgSpecs DiffArgSpecs();
ArgSpecs RollbackArgSpecs();
ArgSpecs StatusArgSpecs();
ArgSpecs WaitArgSpecs();

// The topics `berth help TOPIC` takes: every command, then exit-codes.
std::vector<std::string> HelpTopics();

// The texts help prints (also used by `--help`).
std::string OverviewText();
std::string CommandHelpText(const CommandSpec& spec);

}  // namespace berth::cli
