// SimServer: the simulator's HTTP front end on cpp-httplib (keep-alive, a
// thread pool), bound to 127.0.0.1. Every request goes to the AdminApi
// (/_berth/...) or the Dispatcher; injected latency and dropped connections
// are applied here, where the socket is.
//
// Simulator: everything `berth sim` runs, assembled once (clock, world,
// credentials, rate limits, faults, services, admin API, server, and a
// ticker that advances the world and saves --state periodically). Tests
// start one on port 0 the same way the command does.
//
// Thread-safety: Start/Stop from one thread; the rest is internally locked.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <string>
#include <thread>

#include "core/result.h"
#include "sim/ecr/api.h"
#include "sim/ecr/registry.h"
#include "sim/elbv2/model.h"
#include "sim/front/admin.h"
#include "sim/front/dispatch.h"

namespace httplib {
class Server;
}

namespace berth::sim {

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
};

class Simulator {
 public:
  static Result<std::unique_ptr<Simulator>> Start(SimOptions options);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  int port() const { return port_; }
  std::string endpoint() const;
  const std::string& admin_token() const { return options_.admin_token; }
  World& world() { return *world_; }
  SimClock& clock() { return *clock_; }
  CredentialStore& credentials() { return credentials_; }
  RateLimiter& rate_limiter() { return *limiter_; }
  FaultInjector& faults() { return faults_; }
  // ELBv2 and ECR state (guarded by the World's lock).
  Elbv2Store& elbv2() { return *elbv2_; }
  EcrStore& ecr() { return *ecr_; }
  // AWS API requests received so far, per "<signing name>:<operation>"
  // (also GET /_berth/calls): {"total": N, "calls": {"ecs:DescribeServices": n, ...}}.
  Json CallCounts() const { return dispatcher_->calls().ToJson(); }
  void ResetCallCounts() { dispatcher_->calls().Reset(); }
  // Handles one request without HTTP (benchmarks, in-process tests).
  SimResponse HandleForTest(const SimRequest& req);

  Status SaveState();
  // The whole state (World, ELBv2, ECR) as the --state file holds it; needs the World's lock.
  Json StateDocument() const;
  // Stops serving and saves --state. Idempotent.
  void Stop();

 private:
  explicit Simulator(SimOptions options);
  void Serve(const void* http_request, void* http_response);
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
  std::unique_ptr<AdminApi> admin_;
  std::shared_ptr<Elbv2Store> elbv2_ = std::make_shared<Elbv2Store>();
  std::shared_ptr<EcrStore> ecr_ = std::make_shared<EcrStore>();
  std::unique_ptr<RegistryApi> registry_;
  std::unique_ptr<httplib::Server> http_;
  std::thread listener_;
  std::thread ticker_;
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::atomic<bool> stopped_{false};
  int port_ = 0;
};

}  // namespace berth::sim
