// The CloudWatch module of the simulator: its API over both protocols
// botocore speaks (query and JSON 1.0) and the hooks that tell ECS
// deployment alarms an alarm's state. Its alarms live in the ELBv2 store
// (sim/elbv2/model.h says why), so they are saved, cleared and seeded with
// ELBv2's state and the module keeps none of its own.
//
// Thread-safety: see sim/front/sim_service.h.
#pragma once

#include <memory>

#include "sim/elbv2/model.h"
#include "sim/front/sim_service.h"

namespace berth::sim {

// `elbv2` is the ELBv2 module's store.
std::unique_ptr<SimService> MakeCloudWatchSimService(std::shared_ptr<Elbv2Store> elbv2);

}  // namespace berth::sim
