// Seeds: starting worlds for `berth sim --seed NAME`. A seed is a list of ECS
// API calls (so it exercises the same code paths clients do) plus image
// behaviours, replayed "in the past" so services are already steady when the
// simulator starts. Built in: "demo". Otherwise NAME is a JSON seed file
// (format in docs/sim.md).
//
// Thread-safety: the caller holds the World's lock.
#pragma once

#include <string>

#include "core/result.h"
#include "sim/world/world.h"

namespace berth::sim {

// Applies the seed to `world` for account `account`, Region `region`.
Status ApplySeed(World& world, const std::string& name_or_path, const std::string& account, const std::string& region);
// The built-in demo seed document.
Json DemoSeed();
Status ApplySeedDocument(World& world, const Json& seed, const std::string& account, const std::string& region);

}  // namespace berth::sim
