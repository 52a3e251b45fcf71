// Clock: all reads of time and all sleeps go through this interface, so that
// domain logic never touches the wall clock and tests move time by hand.
//
// Thread-safety: implementations are safe to call from several threads.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>

namespace berth {

class CancelToken;

using SystemTime = std::chrono::system_clock::time_point;
using Duration = std::chrono::milliseconds;

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time (UTC), used for signatures, expiry and timestamps.
  virtual SystemTime Now() const = 0;
  // Monotonic time for measuring intervals and deadlines.
  virtual std::chrono::steady_clock::time_point Steady() const = 0;
  virtual void SleepFor(Duration d) = 0;
  // Sleeps for `d` unless `cancel` is (or becomes) cancelled first; false when
  // cancelled. The default checks before and after a plain SleepFor, which is
  // exact for clocks whose SleepFor returns at once (ManualClock); RealClock
  // wakes as soon as the token is cancelled.
  virtual bool SleepUnlessCancelled(Duration d, const CancelToken& cancel);
};

// The real clocks and std::this_thread::sleep_for.
class RealClock final : public Clock {
 public:
  SystemTime Now() const override;
  std::chrono::steady_clock::time_point Steady() const override;
  void SleepFor(Duration d) override;
  bool SleepUnlessCancelled(Duration d, const CancelToken& cancel) override;
};

// A clock that only moves when told to. SleepFor advances the clock by the
// requested amount at once (and records the total slept), so code that waits
// runs instantly and deterministically in tests.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(SystemTime start = SystemTime(std::chrono::seconds(1700000000)));
  SystemTime Now() const override;
  std::chrono::steady_clock::time_point Steady() const override;
  void SleepFor(Duration d) override;
  void Advance(Duration d);
  Duration total_slept() const;

 private:
  mutable std::mutex mu_;
  SystemTime now_;
  std::chrono::steady_clock::time_point steady_;
  Duration slept_{0};
};

// A process-wide real clock for code paths that have no injected clock (main).
Clock& DefaultClock();

}  // namespace berth
