#include "core/clock.h"

#include <thread>

#include "core/cancel.h"

namespace berth {

bool Clock::SleepUnlessCancelled(Duration d, const CancelToken& cancel) {
  if (cancel.cancelled()) return false;
  SleepFor(d);
  return !cancel.cancelled();
}

SystemTime RealClock::Now() const {
  return std::chrono::system_clock::now();
}
std::chrono::steady_clock::time_point RealClock::Steady() const {
  return std::chrono::steady_clock::now();
}
void RealClock::SleepFor(Duration d) {
  if (d.count() > 0) std::this_thread::sleep_for(d);
}
bool RealClock::SleepUnlessCancelled(Duration d, const CancelToken& cancel) {
  if (d.count() <= 0) return !cancel.cancelled();
  return !cancel.WaitFor(d);
}

ManualClock::ManualClock(SystemTime start) : now_(start), steady_(std::chrono::steady_clock::time_point{}) {}

SystemTime ManualClock::Now() const {
  std::lock_guard lock(mu_);
  return now_;
}
std::chrono::steady_clock::time_point ManualClock::Steady() const {
  std::lock_guard lock(mu_);
  return steady_;
}
void ManualClock::SleepFor(Duration d) {
  std::lock_guard lock(mu_);
  if (d.count() <= 0) return;
  now_ += d;
  steady_ += d;
  slept_ += d;
}
void ManualClock::Advance(Duration d) {
  std::lock_guard lock(mu_);
  now_ += d;
  steady_ += d;
}
Duration ManualClock::total_slept() const {
  std::lock_guard lock(mu_);
  return slept_;
}

Clock& DefaultClock() {
  static RealClock clock;
  return clock;
}

}  // namespace berth
