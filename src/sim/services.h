// The registry of simulated services: every SimService module the
// Simulator runs, in the order it registers them (the order the Dispatcher
// tries services in and the World calls their hooks in). Adding a service is
// its own folder under src/sim/ with a SimService (sim/front/sim_service.h)
// and one line in MakeSimServices (docs/sim.md, "Extending").
//
// Thread-safety: MakeSimServices is a pure factory; see SimService for the modules.
#pragma once

#include <memory>
#include <vector>

#include "sim/front/sim_service.h"

namespace berth::sim {

std::vector<std::unique_ptr<SimService>> MakeSimServices(const SimServiceDeps& deps);

}  // namespace berth::sim
