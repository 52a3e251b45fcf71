// What every command gets, and the signature each one implements.
//
// One file per command (cli/cmd_<name>.cc) defines its function; the command
// table in cli/commands.cc lists them (explicitly: a static library drops
// self-registering objects nobody references).
//
// Thread-safety: a CommandContext belongs to the one command that runs.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/env.h"
#include "core/log.h"
#include "core/reporter.h"

namespace berth::cli {

// Flags accepted before or after the command name (docs/cli.md).
struct GlobalOptions {
  OutputFormat output = OutputFormat::kText;  // --output text|json; default text
  int verbosity = 0;                          // -v (info), -vv (debug), -vvv (trace); default 0 (warn)
  std::optional<LogLevel> log_level;          // --log-level LEVEL: wins over -v; default unset
  std::optional<std::string> profile;         // --profile
  std::optional<std::string> region;          // --region
  std::optional<std::string> endpoint_url;    // --endpoint-url
  bool no_color = false;                      // --no-color (NO_COLOR works too); default off
  bool help = false;                          // --help / -h: help for the command given
  bool version = false;                       // --version
};

struct CommandContext {
  const GlobalOptions& globals;
  Reporter& reporter;
  const Environment& env;
  // The command's usage line from the table, for argument errors.
  std::string_view usage;
};

// `args` are the arguments after the command name, global flags removed.
// Returns the process exit code.
using CommandFn = int (*)(CommandContext& ctx, const std::vector<std::string>& args);

// Reports `status` once through the Reporter (nothing when OK) and returns its
// exit code (docs/exit-codes.md). Commands end with `return Finish(ctx, status);`.
inline int Finish(CommandContext& ctx, const Status& status) {
  if (status.ok()) return 0;
  ctx.reporter.Error(status);
  return ExitCodeFor(status.code());
}

}  // namespace berth::cli
