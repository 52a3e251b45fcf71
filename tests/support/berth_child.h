// BerthChild: the real `berth` binary running in the background, for tests
// that must act while it runs: wait until it has printed something, send it
// a signal, then collect how it ended (exit code, output).
//
// Waiting for output is event-driven (the test reacts to what berth says),
// never a sleep; the timeouts are safety nets against a hung child, never
// part of a verdict.
//
// Thread-safety: owned by one test.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

#include "support/berth_process.h"

namespace berth::testing {

class BerthChild {
 public:
  // Starts BERTH_BINARY with `args` and exactly `env` (plus PATH).
  BerthChild(const std::vector<std::string>& args, const EnvMap& env);
  ~BerthChild();  // kills the child if it still runs
  BerthChild(const BerthChild&) = delete;
  BerthChild& operator=(const BerthChild&) = delete;

  // Reads output until stdout or stderr contains `text`; false when the
  // child exits first or `timeout` passes.
  bool WaitForOutput(const std::string& text, std::chrono::seconds timeout = std::chrono::seconds(60));
  void Signal(int signal);
  // Reads the rest of the output and reaps the child (SIGKILL after `timeout`).
  ProcessResult Wait(std::chrono::seconds timeout = std::chrono::seconds(60));

  const std::string& out() const { return result_.out; }
  const std::string& err() const { return result_.err; }

 private:
  // One poll round of at most `wait`; false when both pipes are closed.
  bool ReadSome(std::chrono::milliseconds wait);

  pid_t pid_ = -1;
  int out_fd_ = -1, err_fd_ = -1;
  bool out_open_ = true, err_open_ = true;
  bool reaped_ = false;
  ProcessResult result_;
};

}  // namespace berth::testing
