// What every command gets, and the signature each one implements.
//
// One file per command (cli/cmd_<name>.cc) defines its function; the command
// table in cli/commands.cc lists them (explicitly: a static library drops
// self-registering objects nobody references).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/env.h"
#include "core/reporter.h"

namespace berth::cli {

// Flags accepted before or after the command name.
struct GlobalOptions {
  OutputFormat output = OutputFormat::kText;  // --output text|json
  int verbosity = 0;                          // -v (info), -vv (debug), -vvv (trace)
  std::optional<std::string> profile;         // --profile
  std::optional<std::string> region;          // --region
  std::optional<std::string> endpoint_url;    // --endpoint-url
};

struct CommandContext {
  const GlobalOptions& globals;
  Reporter& reporter;
  const Environment& env;
};

// `args` are the arguments after the command name, global flags removed.
// Returns the process exit code.
using CommandFn = int (*)(CommandContext& ctx, const std::vector<std::string>& args);

}  // namespace berth::cli
