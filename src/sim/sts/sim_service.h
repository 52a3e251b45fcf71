// The STS module of the simulator: its query API on the Dispatcher. The
// temporary credentials it issues live in the simulator's CredentialStore and
// are not saved in --state files (docs/sim.md).
//
// Thread-safety: see sim/front/sim_service.h.
#pragma once

#include <memory>

#include "sim/front/sim_service.h"

namespace berth::sim {

std::unique_ptr<SimService> MakeStsSimService(CredentialStore& credentials);

}  // namespace berth::sim
