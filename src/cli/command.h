// What every command gets, and the signature each one implements.
//
// One file per command (cli/cmd_<name>.cc) defines its function; the command
// table in cli/commands.cc lists them (explicitly: a static library drops
// self-registering objects nobody references).
//
// Thread-safety: a CommandContext belongs to the one command that runs.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/flag_hints.h"
#include "core/cancel.h"
#include "core/clock.h"
#include "core/env.h"
#include "core/log.h"
#include "core/reporter.h"
#include "http/transport.h"

namespace berth::cli {

// Flags accepted before or after the command name (docs/cli.md).
struct GlobalOptions {
  OutputFormat output = OutputFormat::kText;   // --output text|json; default text
  int verbosity = 0;                           // -v (info), -vv (debug), -vvv (trace); default 0 (warn)
  std::optional<LogLevel> log_level;           // --log-level LEVEL: wins over -v; default unset
  std::optional<std::string> profile;          // --profile
  std::optional<std::string> region;           // --region
  std::optional<std::string> endpoint_url;     // --endpoint-url
  std::optional<std::string> request_timeout;  // --request-timeout DURATION (BERTH_REQUEST_TIMEOUT); default 60s
  bool no_color = false;                       // --no-color (NO_COLOR works too); default off
  bool help = false;                           // --help / -h: help for the command given
  bool version = false;                        // --version
};

// What a run of berth is wired to. The binary uses the real things (libcurl,
// the real clock, a token its signal watcher cancels); tests running commands
// in-process pass their own: a transport into an in-process simulator, the
// simulator's clock, a token they cancel.
struct RunDeps {
  const CancelToken* cancel = nullptr;  // nullptr: nothing cancels a wait
  // Makes the transport for AWS calls; empty: libcurl.
  std::function<std::unique_ptr<http::Transport>()> transport;
  Clock* clock = nullptr;  // nullptr: the real clock
};

struct CommandContext {
  const GlobalOptions& globals;
  Reporter& reporter;
  const Environment& env;
  // The command's usage line from the table, for argument errors.
  std::string_view usage;
  const RunDeps& deps;
};

// `args` are the arguments after the command name, global flags removed.
// Returns the process exit code.
using CommandFn = int (*)(CommandContext& ctx, const std::vector<std::string>& args);

// Reports `status` once through the Reporter (nothing when OK), with the
// flag hints for the request fields it names (cli/flag_hints.h), and returns
// its exit code (docs/exit-codes.md). Commands end with `return Finish(ctx, status);`.
inline int Finish(CommandContext& ctx, const Status& status) {
  if (status.ok()) return 0;
  ctx.reporter.Error(WithFlagHints(status));
  return ExitCodeFor(status.code());
}

}  // namespace berth::cli
