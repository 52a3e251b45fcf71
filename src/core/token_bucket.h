// TokenBucket: the arithmetic of one token bucket (capacity `burst`, refilled
// at `rate` tokens per second), driven by the time points its caller passes
// in. It never reads a clock and never sleeps: the client-side rate limiter
// (aws/call/rate_limit.h) turns a reservation's debt into a Clock::SleepFor,
// the simulator's throttling (sim/front/rate_limits.h) refuses the call.
//
// A new bucket is full. Time going backwards (or standing still) adds nothing.
//
// Thread-safety: none; a value type that its owner guards.
#pragma once

#include <algorithm>
#include <chrono>

namespace berth {

class TokenBucket {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;

  TokenBucket(double burst, double rate, TimePoint now) : burst_(burst), rate_(rate), tokens_(burst), last_(now) {}

  // Takes one token if a whole one is there; false (nothing taken) otherwise.
  bool TryTake(TimePoint now) {
    Refill(now);
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
  }

  // Takes one token even when there is none, going into debt; returns how
  // many seconds from `now` until the debt is repaid (0 when there was a
  // token). Successive reservations queue: each waits for all before it.
  double Reserve(TimePoint now) {
    Refill(now);
    tokens_ -= 1.0;
    return tokens_ < 0 ? -tokens_ / rate_ : 0.0;
  }

  // Drops the tokens saved up (keeps any debt).
  void Drain(TimePoint now) {
    Refill(now);
    tokens_ = std::min(tokens_, 0.0);
  }

  // Changes the refill rate from `now` on; tokens earned until now count at
  // the old rate.
  void SetRate(double rate, TimePoint now) {
    Refill(now);
    rate_ = rate;
  }

  double rate() const { return rate_; }
  double burst() const { return burst_; }
  // Tokens as of the last call (negative while in debt).
  double tokens() const { return tokens_; }

 private:
  void Refill(TimePoint now) {
    if (now <= last_) return;
    double seconds = std::chrono::duration<double>(now - last_).count();
    tokens_ = std::min(burst_, tokens_ + seconds * rate_);
    last_ = now;
  }

  double burst_;
  double rate_;
  double tokens_;
  TimePoint last_;
};

}  // namespace berth
