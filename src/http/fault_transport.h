// FaultTransport: an Transport wrapper that injects failures into the
// calls it forwards, for tests and `berth sim` experiments:
//   ThrottleNext(n):  the next n calls get AWS's throttling error without
//                     reaching the inner transport (JSON ThrottlingException
//                     for requests with X-Amz-Target, query XML <Code>Throttling
//                     </Code> otherwise; HTTP 400 as AWS sends them)
//   FailNext(n, s):   the next n calls get HTTP `s` (default 503) with an empty body
//   DropNext(n):      the next n calls fail as a reset connection (kNetwork)
//   SetLatency(d):    every call first sleeps `d` on the clock
// Faults are applied in the order drop, throttle, fail; a call consumes at
// most one fault.
//
// Thread-safety: Send and the setters may be called from many threads.
#pragma once

#include <atomic>
#include <mutex>

#include "core/clock.h"
#include "http/transport.h"

namespace berth::http {

class FaultTransport final : public Transport {
 public:
  // `inner` and `clock` must outlive this; `clock` may be null when no
  // latency is injected.
  explicit FaultTransport(Transport* inner, Clock* clock = nullptr) : inner_(inner), clock_(clock) {}

  void ThrottleNext(int n);
  void FailNext(int n, int http_status = 503);
  void DropNext(int n);
  void SetLatency(Duration d);

  // Calls received (faulted or forwarded) and calls forwarded.
  int calls() const { return calls_.load(); }
  int forwarded() const { return forwarded_.load(); }

  Result<Response> Send(const Request& request) override;

 private:
  Transport* inner_;
  Clock* clock_;
  std::mutex mu_;
  int throttle_ = 0;
  int fail_ = 0;
  int fail_status_ = 503;
  int drop_ = 0;
  Duration latency_{0};
  std::atomic<int> calls_{0};
  std::atomic<int> forwarded_{0};
};

}  // namespace berth::http
