// Simulator: everything `berth sim` runs, assembled once: clock, world,
// credentials, rate limits, faults, the simulated services of the registry
// (sim/services.h) on one Dispatcher, the admin API, the HTTP front end (an
// http::Listener bound to 127.0.0.1, keep-alive, a thread pool), and a ticker
// that advances the world and saves --state periodically. Tests start one on
// port 0 the same way the command does, or without a socket (listen = false)
// and reach it through InProcessTransport (in_process_transport.h).
//
// Every request goes to the AdminApi (/_berth/...), to a service's own paths
// (ECR's registry under /v2/), or to the Dispatcher (Handle). Injected latency
// and dropped connections come back in the SimResponse and are applied by
// whoever carries the request: the HTTP front end here, or the in-process
// transport.
//
// Thread-safety: Start/Stop from one thread; the rest is internally locked.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/cancel.h"
#include "core/result.h"
#include "http/listener.h"
#include "sim/front/admin.h"
#include "sim/front/dispatch.h"
#include "sim/front/sim_service.h"

namespace berth::sim {

// endpoint() of a Simulator started with listen = false: a name that never
// resolves (RFC 2606), so a request that bypasses the in-process transport fails.
inline constexpr const char* kInProcessEndpoint = "http://berth-sim.invalid";

struct SimOptions {
  std::string host = "127.0.0.1";
  int port = 0;                      // 0: any free port
  double time_scale = 1.0;           // simulated seconds per real second; 0 = only /_berth/clock/advance moves time
  std::string seed;                  // "demo", "empty", or a seed file; "" = empty world
  std::string state_file;            // load at start if present, save on Stop and every 30 s
  bool rate_limits = true;           // AWS's ECS throttling buckets
  std::string admin_token;           // "" = random
  std::string region = "us-east-1";  // Region the seed is created in
  int threads = 8;                   // HTTP worker threads
  size_t max_body_bytes = 8 * 1024 * 1024;  // larger bodies get HTTP 413
  Clock* base_clock = nullptr;              // nullptr = the real clock (tests pass a ManualClock)
  bool listen = true;                       // false: no socket; in-process only (endpoint() is kInProcessEndpoint)
};

class Simulator {
 public:
  static Result<std::unique_ptr<Simulator>> Start(SimOptions options);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  int port() const { return port_; }  // 0 when not listening
  // "http://<host>:<port>" (127.0.0.1 by default), or kInProcessEndpoint when not listening.
  std::string endpoint() const;
  const std::string& admin_token() const { return options_.admin_token; }
  const SimOptions& options() const { return options_; }
  World& world() { return *world_; }
  SimClock& clock() { return *clock_; }
  // Real time: rate limits, signature skew, injected latency (a test's ManualClock).
  Clock& base_clock() { return *base_clock_; }
  // Cancelled once Stop begins (injected latency in flight ends with it).
  const CancelToken& stopping() const { return stopping_; }
  CredentialStore& credentials() { return credentials_; }
  RateLimiter& rate_limiter() { return *limiter_; }
  FaultInjector& faults() { return faults_; }
  // AWS API requests received so far, per "<signing name>:<operation>"
  // (also GET /_berth/calls): {"total": N, "calls": {"ecs:DescribeServices": n, ...}}.
  Json CallCounts() const { return dispatcher_->calls().ToJson(); }
  void ResetCallCounts() { dispatcher_->calls().Reset(); }
  // Handles one request without HTTP. Injected faults are left to the
  // caller: latency_ms is not slept, drop_connection is only a flag.
  SimResponse Handle(const SimRequest& req);

  Status SaveState();
  // The whole state as the --state file holds it: the World's document with
  // each service's state under its name ("elbv2", "ecr"); needs the World's lock.
  Json StateDocument() const;
  // Stops serving and saves --state. Idempotent.
  void Stop();

 private:
  explicit Simulator(SimOptions options);
  void Wire();
  Status LoadState();
  Status Reseed(World& world);
  Status Listen();
  http::ServerResponse Serve(const http::ServerRequest& req);
  void TickerLoop();

  SimOptions options_;
  std::unique_ptr<Clock> owned_clock_;
  Clock* base_clock_ = nullptr;  // real time: listener start-up, injected latency, rate limits
  std::unique_ptr<SimClock> clock_;
  std::unique_ptr<World> world_;
  CredentialStore credentials_;
  std::unique_ptr<RateLimiter> limiter_;
  FaultInjector faults_;
  std::unique_ptr<Dispatcher> dispatcher_;
  std::vector<std::unique_ptr<SimService>> services_;
  std::unique_ptr<AdminApi> admin_;
  std::unique_ptr<http::Listener> listener_;
  std::thread ticker_;
  // Cancelled by Stop: ends the ticker and any injected latency in progress,
  // so stopping never waits out a fault.
  CancelToken stopping_;
  bool started_ = false;  // Start succeeded: Stop saves --state
  std::atomic<bool> stopped_{false};
  int port_ = 0;
};

}  // namespace berth::sim
