// The ELBv2 module of the simulator: its query API and throttling table, the
// hooks that register ECS service tasks in their target groups, the "demo"
// seed's load balancer, and the Elbv2Store as the "elbv2" member of --state
// files (load balancers, target groups with targets and traffic, listeners,
// rules, tags, and the CloudWatch alarms kept beside them, see model.h).
//
// Thread-safety: see sim/front/sim_service.h; the store is guarded by the
// World's lock.
#pragma once

#include <memory>

#include "sim/elbv2/model.h"
#include "sim/front/sim_service.h"

namespace berth::sim {

// `store` is shared with the CloudWatch module, whose alarms it holds.
std::unique_ptr<SimService> MakeElbv2SimService(std::shared_ptr<Elbv2Store> store);

}  // namespace berth::sim
