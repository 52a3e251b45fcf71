// InProcessTransport: an http::Transport that hands each request straight to
// a Simulator, with no socket, and answers as the simulator's HTTP front end
// and the curl transport together would: the same routing (admin API,
// registry, AWS dispatch), status, headers (plus Content-Type and
// Content-Length) and body. Injected faults behave as they do over HTTP:
//  - latency sleeps on the simulator's base clock (a test's ManualClock
//    moves at once); latency past the request's timeout is kTimeout after
//    sleeping the timeout, as curl gives up while the server still waits;
//  - a drop fault is the kNetwork Status of a connection reset mid-response;
//  - a body over SimOptions::max_body_bytes is answered 413.
// The URL's scheme, host and port are not looked at (a Simulator started
// with listen = false has none); only its path and query are.
//
// For running berth commands and AwsClient against the simulator in one
// process: fast end-to-end tests that share the simulator's clock.
//
// Thread-safety: Send may be called from many threads at once; the Simulator
// must outlive the transport.
#pragma once

#include <chrono>

#include "http/transport.h"
#include "sim/front/server.h"

namespace berth::sim {

class InProcessTransport final : public http::Transport {
 public:
  // `default_timeout` stands in for the curl transport's request timeout
  // when a request sets none (TransportOptions::request_timeout).
  explicit InProcessTransport(Simulator& sim, std::chrono::milliseconds default_timeout = std::chrono::seconds(60))
      : sim_(sim), default_timeout_(default_timeout) {}

  Result<http::Response> Send(const http::Request& request) override;

 private:
  Simulator& sim_;
  std::chrono::milliseconds default_timeout_;
};

}  // namespace berth::sim
