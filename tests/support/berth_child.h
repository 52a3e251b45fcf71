// ChildProcess: a program running in the background with exactly the
// environment a test gives it, its stdout and stderr captured: wait until it
// has printed something, send it a signal, then collect how it ended (exit
// code, output). RunProcess/RunBerth (berth_process.h) are a ChildProcess
// waited for at once; BerthChild is one running the real `berth` binary, for
// tests that must act while it runs.
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

class ChildProcess {
 public:
  // Starts argv[0] (a path) with exactly `env` (plus PATH when it has none),
  // stdin from /dev/null and no signal blocked, as from a shell.
  ChildProcess(const std::vector<std::string>& argv, const EnvMap& env);
  ~ChildProcess();  // kills the child if it still runs
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

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

class BerthChild : public ChildProcess {
 public:
  // Starts BERTH_BINARY with `args` and exactly `env` (plus PATH).
  BerthChild(const std::vector<std::string>& args, const EnvMap& env);
};

}  // namespace berth::testing
