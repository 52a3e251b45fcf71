#include "support/berth_process.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "support/berth_child.h"

namespace berth::testing {

ProcessResult RunProcess(const std::vector<std::string>& argv, const EnvMap& env, std::chrono::seconds timeout) {
  // The deadline is a safety net against a hung child, not a measurement.
  return ChildProcess(argv, env).Wait(timeout);
}

ProcessResult RunBerth(const std::vector<std::string>& args, const EnvMap& env, std::chrono::seconds timeout) {
  std::vector<std::string> argv = {BERTH_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProcess(argv, env, timeout);
}

TempHome::TempHome() : dir_("berth-home"), path_(dir_.path()) {
  if (!dir_.ok()) throw std::runtime_error("mkdtemp failed");
  std::filesystem::create_directories(path_ + "/.aws");
}

TempHome::~TempHome() = default;

std::string TempHome::Write(const std::string& relative, const std::string& text) const {
  std::filesystem::path p = std::filesystem::path(path_) / relative;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
  return p.string();
}

EnvMap TempHome::BaseEnv() const {
  return {{"HOME", path_},
          {"AWS_CONFIG_FILE", config_path()},
          {"AWS_SHARED_CREDENTIALS_FILE", credentials_path()},
          // No IMDS probing from tests: the chain must not wait on 169.254.169.254.
          {"AWS_EC2_METADATA_DISABLED", "true"}};
}

}  // namespace berth::testing
