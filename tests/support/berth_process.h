// Runs the real `berth` binary (BERTH_BINARY) as a subprocess with exactly the
// environment a test gives it, and captures what it prints. For end-to-end
// CLI tests: exit codes, messages, and that nothing secret is ever printed.
//
// Also TempHome: a temporary HOME with .aws/config and .aws/credentials a test
// writes, removed at the end.
//
// Thread-safety: RunBerth may be called from several threads; TempHome is
// owned by one test.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "core/temp_dir.h"

namespace berth::testing {

struct ProcessResult {
  int exit_code = -1;     // valid when !signaled
  bool signaled = false;  // killed by a signal (a crash, or the timeout)
  int signal = 0;
  std::string out;  // stdout
  std::string err;  // stderr
  std::string all() const { return out + err; }
};

using EnvMap = std::map<std::string, std::string>;

// Runs BERTH_BINARY with `args` (not including the program name) and only the
// variables in `env` (plus PATH). Killed with SIGKILL after `timeout`.
ProcessResult RunBerth(const std::vector<std::string>& args, const EnvMap& env,
                       std::chrono::seconds timeout = std::chrono::seconds(60));

// Runs any program the same way (argv[0] is the path).
ProcessResult RunProcess(const std::vector<std::string>& argv, const EnvMap& env,
                         std::chrono::seconds timeout = std::chrono::seconds(60));

class TempHome {
 public:
  TempHome();
  ~TempHome();
  TempHome(const TempHome&) = delete;
  TempHome& operator=(const TempHome&) = delete;

  const std::string& path() const { return path_; }
  std::string config_path() const { return path_ + "/.aws/config"; }
  std::string credentials_path() const { return path_ + "/.aws/credentials"; }
  // Writes `text` to `relative` under the home; returns the absolute path.
  std::string Write(const std::string& relative, const std::string& text) const;
  void WriteConfig(const std::string& text) const { Write(".aws/config", text); }
  void WriteCredentials(const std::string& text) const { Write(".aws/credentials", text); }

  // HOME, AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE pointed here; no AWS_* otherwise.
  EnvMap BaseEnv() const;

 private:
  TempDir dir_;
  std::string path_;
};

}  // namespace berth::testing
