#include "cli/signals.h"

#include <pthread.h>
#include <unistd.h>

#include <csignal>
#include <string>

#include <fmt/format.h>

#include "core/log.h"

namespace berth::cli {
namespace {

// Wakes the watcher thread for shutdown; blocked like the stop signals.
constexpr int kWakeSignal = SIGUSR2;

sigset_t WatchedSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, kWakeSignal);
  return set;
}

}  // namespace

int InterruptedExitCode(int signal) {
  return 128 + (signal > 0 ? signal : SIGINT);
}

std::unique_ptr<SignalWatcher> SignalWatcher::Start(CancelToken& token) {
  sigset_t set = WatchedSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::unique_ptr<SignalWatcher> watcher(new SignalWatcher(token));
  watcher->thread_ = std::thread([w = watcher.get()] { w->Loop(); });
  return watcher;
}

void SignalWatcher::Loop() {
  sigset_t set = WatchedSignals();
  for (;;) {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) continue;
    if (sig == kWakeSignal) return;
    if (!token_.cancelled()) {
      token_.Cancel(sig);
      WriteStderr(fmt::format("\nberth: {}: stopping at the next step (again to exit at once)\n",
                              sig == SIGTERM ? "terminated" : "interrupted"));
      continue;
    }
    // The second signal: no more waiting. write(2) only: the main thread may
    // hold any lock berth has.
    const std::string text = "\nberth: interrupted again; exiting now (what berth started in AWS goes on)\n";
    ssize_t ignored = ::write(STDERR_FILENO, text.data(), text.size());
    (void)ignored;
    _exit(InterruptedExitCode(sig));
  }
}

SignalWatcher::~SignalWatcher() {
  if (thread_.joinable()) {
    pthread_kill(thread_.native_handle(), kWakeSignal);
    thread_.join();
  }
}

}  // namespace berth::cli
