// RunInProcess: runs a berth command in this process (cli::Run) with exactly
// the environment and wiring a test gives it, and captures what it prints,
// as RunBerth does for the binary. With a transport to an in-process
// simulator and a ManualClock (SimEnv's Via::kInProcess) a command needs no
// subprocess, no socket and no real time.
//
// Thread-safety: commands run one at a time (cli::Run sets the process-wide
// log level and output sinks); concurrent calls wait their turn.
#pragma once

#include <string>
#include <vector>

#include "cli/command.h"
#include "support/berth_process.h"

namespace berth::testing {

// `args` do not include the program name. Never signaled: a crash ends the test binary.
ProcessResult RunInProcess(const std::vector<std::string>& args, const EnvMap& env, const cli::RunDeps& deps);

}  // namespace berth::testing
