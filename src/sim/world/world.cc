#include "sim/world/world.h"

#include "sim/ecs/dynamics.h"

namespace berth::sim {

std::string_view BehaviourKindName(ImageBehaviour::Kind kind) {
  switch (kind) {
    case ImageBehaviour::Kind::kHealthy: return "healthy";
    case ImageBehaviour::Kind::kExitOnStart: return "exit-on-start";
    case ImageBehaviour::Kind::kFailHealthChecks: return "fail-health-checks";
    case ImageBehaviour::Kind::kSlowStart: return "slow-start";
    case ImageBehaviour::Kind::kServeErrors: return "serve-errors";
    case ImageBehaviour::Kind::kExitAfterStart: return "exit-after-start";
    case ImageBehaviour::Kind::kPullFailure: return "pull-failure";
  }
  return "healthy";
}

std::optional<ImageBehaviour::Kind> ParseBehaviourKind(std::string_view name) {
  for (auto k :
       {ImageBehaviour::Kind::kHealthy, ImageBehaviour::Kind::kExitOnStart, ImageBehaviour::Kind::kFailHealthChecks,
        ImageBehaviour::Kind::kSlowStart, ImageBehaviour::Kind::kServeErrors, ImageBehaviour::Kind::kExitAfterStart,
        ImageBehaviour::Kind::kPullFailure})
    if (BehaviourKindName(k) == name) return k;
  return std::nullopt;
}

World::World(SimClock& clock, uint64_t seed) : clock_(clock), ids_(seed), now_(clock.Now()) {}

void World::AdvanceToNow() {
  SystemTime target = clock_.Now();
  // Replaying more than a day second by second is pointless: nothing in the
  // model has a timer that long except stopped-task retention.
  constexpr auto kMaxReplay = std::chrono::hours(24);
  if (target - now_ > kMaxReplay) now_ = target - kMaxReplay;
  while (now_ + std::chrono::seconds(1) <= target) {
    now_ += std::chrono::seconds(1);
    Step();
  }
}

void World::Step() {
  for (auto& [name, region] : regions_) StepRegion(*this, region);
  changed_ = false;
}

void World::Reset(uint64_t seed) {
  regions_.clear();
  behaviours_.clear();
  ids_ = IdSource(seed);
  now_ = clock_.Now();
  changed_ = true;
}

EcsRegion& World::Ecs(const std::string& account_id, const std::string& region) {
  std::string key = account_id + "/" + region;
  auto it = regions_.find(key);
  if (it != regions_.end()) return it->second;
  EcsRegion& r = regions_[key];
  r.region = region;
  r.account_id = account_id;
  return r;
}

ImageBehaviour World::BehaviourFor(const std::string& image) const {
  if (auto it = behaviours_.find(image); it != behaviours_.end()) return it->second;
  std::string repo = image;
  if (auto at = repo.find('@'); at != std::string::npos) repo = repo.substr(0, at);
  auto slash = repo.rfind('/');
  auto colon = repo.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) repo = repo.substr(0, colon);
  if (auto it = behaviours_.find(repo); it != behaviours_.end()) return it->second;
  return ImageBehaviour{};
}

}  // namespace berth::sim
