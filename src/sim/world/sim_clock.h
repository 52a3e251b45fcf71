// SimClock: the simulator's notion of time. Simulated time runs at
// `time_scale` times the speed of a base clock (the real clock in `berth sim`,
// a ManualClock in tests) and can also be moved forward by hand (admin API
// "advance"). A scale of 0 freezes time except for manual advances.
//
// Thread-safety: all methods are safe from several threads.
#pragma once

#include <mutex>

#include "core/clock.h"

namespace berth::sim {

class SimClock final : public Clock {
 public:
  // `base` must outlive the SimClock. Simulated time starts at base.Now().
  SimClock(Clock& base, double time_scale);

  SystemTime Now() const override;
  std::chrono::steady_clock::time_point Steady() const override;
  // Sleeps on the base clock for d / time_scale (no sleep when frozen).
  void SleepFor(Duration d) override;

  // Moves simulated time forward by `d` (negative values are ignored).
  void Advance(Duration d);
  // Moves simulated "now" forward to `t` (never backwards).
  void SetNow(SystemTime t);
  // Restarts simulated time at exactly `t`, forward or backwards, running on
  // from there at time_scale: loading a saved world resumes at the saved
  // instant, however long the process took to start. Call it only before
  // anyone reads the clock for the new world (Simulator::Start does).
  void ResumeAt(SystemTime t);
  double time_scale() const { return scale_; }

 private:
  Clock& base_;
  double scale_;
  mutable std::mutex mu_;
  std::chrono::steady_clock::time_point base_start_;
  SystemTime sim_start_;
  Duration offset_{0};
};

}  // namespace berth::sim
