#include "sim/world/sim_clock.h"

namespace berth::sim {

SimClock::SimClock(Clock& base, double time_scale)
    : base_(base), scale_(time_scale < 0 ? 0 : time_scale), base_start_(base.Steady()), sim_start_(base.Now()) {}

SystemTime SimClock::Now() const {
  std::lock_guard<std::mutex> lock(mu_);
  auto real = base_.Steady() - base_start_;
  auto scaled = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::duration<double, std::milli>(std::chrono::duration<double, std::milli>(real).count() * scale_));
  return sim_start_ + scaled + offset_;
}

std::chrono::steady_clock::time_point SimClock::Steady() const {
  // Simulated time never goes backwards once a world is running (Advance and
  // SetNow only add; ResumeAt comes before the first reading), so it doubles
  // as the monotonic reading.
  return std::chrono::steady_clock::time_point(Now().time_since_epoch());
}

void SimClock::SleepFor(Duration d) {
  if (scale_ <= 0) return;
  base_.SleepFor(Duration(static_cast<int64_t>(static_cast<double>(d.count()) / scale_)));
}

void SimClock::Advance(Duration d) {
  if (d.count() <= 0) return;
  std::lock_guard<std::mutex> lock(mu_);
  offset_ += d;
}

void SimClock::ResumeAt(SystemTime t) {
  std::lock_guard<std::mutex> lock(mu_);
  base_start_ = base_.Steady();
  sim_start_ = t;
  offset_ = Duration(0);
}

void SimClock::SetNow(SystemTime t) {
  SystemTime now = Now();
  if (t > now) Advance(std::chrono::duration_cast<Duration>(t - now));
}

}  // namespace berth::sim
