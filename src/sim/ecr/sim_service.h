// The ECR module of the simulator: its JSON API and request quotas, the
// registry HTTP API v2 under /v2/ on the simulator's own port (registry.h),
// the "demo" seed's repositories, and the EcrStore (repositories, images and
// the registry passwords ECR issued) as the "ecr" member of --state files.
// The registry's endpoint, account and Region come from the running
// simulator, not from the file.
//
// Thread-safety: see sim/front/sim_service.h; the store is guarded by the
// World's lock.
#pragma once

#include <memory>

#include "sim/front/sim_service.h"

namespace berth::sim {

std::unique_ptr<SimService> MakeEcrSimService(const SimServiceDeps& deps);

}  // namespace berth::sim
