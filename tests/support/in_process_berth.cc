#include "support/in_process_berth.h"

#include <map>
#include <mutex>

#include "cli/app.h"
#include "core/env.h"
#include "core/log.h"

namespace berth::testing {

ProcessResult RunInProcess(const std::vector<std::string>& args, const EnvMap& env, const cli::RunDeps& deps) {
  static std::mutex one_at_a_time;
  std::lock_guard lock(one_at_a_time);

  std::vector<std::string> argv{"berth"};
  argv.insert(argv.end(), args.begin(), args.end());
  MapEnvironment environment(std::map<std::string, std::string, std::less<>>(env.begin(), env.end()));

  const LogLevel level = GetLogLevel();
  ProcessResult result;
  SetStdoutSinkForTest([&result](std::string_view text) { result.out.append(text); });
  SetStderrSinkForTest([&result](std::string_view text) { result.err.append(text); });
  result.exit_code = cli::Run(argv, environment, deps);
  SetStdoutSinkForTest(nullptr);
  SetStderrSinkForTest(nullptr);
  SetLogLevel(level);
  return result;
}

}  // namespace berth::testing
