// The berth command line: the real entry point, taking an argument vector so
// tests run commands in-process. main() only forwards to it.
//
// Thread-safety: Run sets the process-wide log level; run one at a time.
#pragma once

#include <string>
#include <vector>

#include "cli/command.h"
#include "core/env.h"

namespace berth::cli {

// args[0] is the program name. Returns the process exit code (docs/exit-codes.md).
// The binary's entry point: the process environment, the real network and
// clock, and SIGINT/SIGTERM handled by a signal watcher (cli/signals.h).
int Run(const std::vector<std::string>& args);
// The same with an explicit environment and wiring (tests run commands
// in-process with these).
int Run(const std::vector<std::string>& args, const Environment& env, const RunDeps& deps = {});

}  // namespace berth::cli
