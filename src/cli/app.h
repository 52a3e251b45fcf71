// The berth command line: the real entry point, taking an argument vector so
// tests run commands in-process. main() only forwards to it.
#pragma once

#include <string>
#include <vector>

namespace berth::cli {

// args[0] is the program name. Returns the process exit code (docs/exit-codes.md).
int Run(const std::vector<std::string>& args);

}  // namespace berth::cli
