// CancelToken: a request to stop, made once and seen by everyone who holds
// the token. berth's signal thread cancels it on the first SIGINT or SIGTERM
// (cli/signals.h); waits check it and end early, so a deployment being
// followed is recorded as interrupted instead of being cut off mid-write.
//
// Cancel() may be called from any thread (not from a signal handler: it
// locks a mutex); it is idempotent and remembers the first reason.
//
// Thread-safety: all methods are safe from several threads.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace berth {

class CancelToken {
 public:
  // `signal` is the reason: the signal number (SIGINT, SIGTERM), or 0.
  void Cancel(int signal = 0);
  bool cancelled() const { return cancelled_.load(std::memory_order_acquire); }
  // The signal passed to the first Cancel (0 when none, or not cancelled).
  int signal() const { return signal_.load(std::memory_order_acquire); }

  // Blocks in real time until cancelled or `timeout` has passed; true when
  // cancelled. For RealClock sleeps and for commands that wait for a signal.
  bool WaitFor(std::chrono::milliseconds timeout) const;
  // Blocks until cancelled.
  void Wait() const;

 private:
  std::atomic<bool> cancelled_{false};
  std::atomic<int> signal_{0};
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
};

}  // namespace berth
