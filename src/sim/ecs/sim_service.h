// The ECS module of the simulator: its API (JSON 1.1) on the Dispatcher and
// ECS's published throttling table. ECS's state is the World itself, saved at
// the top level of the --state document, so the module keeps none.
//
// Thread-safety: see sim/front/sim_service.h.
#pragma once

#include <memory>

#include "sim/front/sim_service.h"

namespace berth::sim {

std::unique_ptr<SimService> MakeEcsSimService();

}  // namespace berth::sim
