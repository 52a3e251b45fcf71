// AdminApi: the simulator's control plane under /_berth/ (documented in
// docs/sim.md): reset, clock, image behaviours, faults, rate limits, state
// dump, AWS API call counts. Every call but /_berth/health needs the admin token printed at start,
// in the X-Berth-Admin-Token header (or "Authorization: Bearer <token>").
//
// Thread-safety: Handle may be called from many threads.
#pragma once

#include <functional>
#include <string>

#include "sim/front/dispatch.h"

namespace berth::sim {

struct AdminDeps {
  World* world = nullptr;
  FaultInjector* faults = nullptr;
  RateLimiter* limiter = nullptr;
  std::string token;
  // Re-applies the start-up seed after a reset ("" for none).
  std::function<Status(World&)> reseed;
  // AWS API call counts (GET/DELETE /_berth/calls); nullptr: not served.
  CallCounter* calls = nullptr;
  // Empties the state kept beside the World (ELBv2, ECR, CloudWatch) on every
  // reset, with or without reseed; called under the World's lock.
  std::function<void()> clear_stores;
  // The state dump (GET /_berth/state), called under the World's lock;
  // unset: the World's own JSON.
  std::function<Json()> dump_state;
};

class AdminApi {
 public:
  explicit AdminApi(AdminDeps deps) : deps_(std::move(deps)) {}
  static bool IsAdminPath(const std::string& path) { return path.rfind("/_berth/", 0) == 0; }
  SimResponse Handle(const SimRequest& req);

 private:
  AdminDeps deps_;
};

}  // namespace berth::sim
