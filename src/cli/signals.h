// SignalWatcher: SIGINT and SIGTERM as a cancelled CancelToken.
//
// The first signal cancels the token and says so on stderr: whatever berth
// is waiting for ends early and cleanly (a deployment being followed is recorded as interrupted,
// and berth says how to resume). A second signal exits the process at once
// with 128 + the signal number, for when a clean stop takes too long.
//
// Start blocks both signals in the calling thread before starting its own
// thread, which takes them with sigwait; call it first thing in main, before
// any other thread exists, so every later thread inherits the mask and only
// the watcher sees the signals.
//
// Thread-safety: Start and the destructor from the main thread.
#pragma once

#include <memory>
#include <thread>

#include "core/cancel.h"

namespace berth::cli {

class SignalWatcher {
 public:
  static std::unique_ptr<SignalWatcher> Start(CancelToken& token);
  ~SignalWatcher();
  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

 private:
  explicit SignalWatcher(CancelToken& token) : token_(token) {}
  void Loop();

  CancelToken& token_;
  std::thread thread_;
};

// The exit code for an interruption by `signal` (128 + signal; 130 when the
// signal is not known).
int InterruptedExitCode(int signal);

}  // namespace berth::cli
