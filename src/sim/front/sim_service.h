// SimService: one simulated AWS service as a module of the Simulator. The
// Simulator asks every module in the registry (sim/services.h) for the same
// things at the same moments, so a new service is its own folder plus one
// line in the registry; nothing in front/ names it.
//
//   at start:      Register (its API(s) on the Dispatcher, its throttling
//                  buckets), Hooks (told about ECS tasks), then its state
//                  from --state or its part of the seed, then OnServing (the
//                  simulator's URL, once known)
//   HTTP:          ServesPath/HandlePath for paths outside the AWS endpoint
//                  (ECR's registry under /v2/); AWS requests go through the
//                  Dispatcher
//   --state file:  StateToJson/StateFromJson, kept under the member name()
//                  of the state document beside the World's own members
//   /_berth/reset: Clear, then SeedDemo again when the seed is "demo"
//
// ECS is not a module's state: the World is ECS (its document is the top
// level of the state file); the "ecs" module only registers its API.
//
// Thread-safety: Register and Hooks run once, before the first request;
// OnServing once, under the World's lock (the listener may already accept
// connections). StateToJson, StateFromJson, Clear and SeedDemo run under the
// World's lock. HandlePath may be called from many threads at once and takes
// the World's lock itself when it needs it.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "sim/front/dispatch.h"

namespace berth::sim {

class SimService {
 public:
  virtual ~SimService() = default;

  // Lower-case and unique ("elbv2"); also its member in the --state document,
  // so it must not be one of the World's own members (format, version, now,
  // account_id, regions, behaviours, ids).
  virtual std::string_view name() const = 0;

  // Adds its API(s) to `dispatcher` and its throttling buckets to `limiter`.
  virtual void Register(Dispatcher& dispatcher, RateLimiter& limiter) = 0;
  // Hooks into the ECS task lifecycle; nullptr: none.
  virtual std::shared_ptr<TaskLifecycleHooks> Hooks() { return nullptr; }
  // The simulator's own URL (endpoint()), once it is known.
  virtual void OnServing(const std::string& /*endpoint*/) {}

  // Paths it serves outside the AWS endpoint, and their answers.
  virtual bool ServesPath(const std::string& /*path*/) const { return false; }
  virtual SimResponse HandlePath(const SimRequest& /*req*/) { return SimResponse{404, "text/plain", "", {}}; }

  // Its state for the --state file and GET /_berth/state; nullopt: it keeps none.
  virtual std::optional<Json> StateToJson() const { return std::nullopt; }
  // Replaces its state with a saved one (only called when the file has the
  // member: a file written before the service existed loads it empty).
  virtual Status StateFromJson(const Json& /*doc*/) { return Status::Ok(); }
  // Forgets every resource (POST /_berth/reset).
  virtual void Clear() {}
  // Adds its part of the "demo" seed; runs before the ECS calls of the seed,
  // so they can refer to what it creates.
  virtual void SeedDemo(World& /*world*/, const std::string& /*account*/, const std::string& /*region*/) {}
};

// For StateFromJson: runs `parse`, which reads the document with nlohmann's
// at()/get() and assigns only once everything is read, and turns a malformed
// document into an error naming the state file's `member`.
Status ParseState(std::string_view member, const std::function<void()>& parse);

// What the registry hands each module; all of it outlives the modules.
struct SimServiceDeps {
  World& world;
  CredentialStore& credentials;
  std::string region;  // the Region the seed is created in (--seed-region)
};

}  // namespace berth::sim
