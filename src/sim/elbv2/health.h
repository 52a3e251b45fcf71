// The health-check timeline of one registered target, as ELB sees it, shared
// by DescribeTargetHealth, ECS's "healthy behind the load balancer" verdict
// and the traffic model (which targets ELB routes to).
//
// Timeline (docs/sim.md "ELBv2"): registration takes one health-check
// interval (Elb.RegistrationInProgress); the first check goes out then and,
// as AWS documents for a newly registered target ("it must pass one health
// check to be considered healthy", target-group-health-checks.html), one pass
// makes it healthy. HealthyThresholdCount only matters for bringing an
// unhealthy target back, which the simulator's image behaviours never do. A
// failing target turns unhealthy after UnhealthyThresholdCount failed checks,
// one interval apart (Elb.InitialHealthChecking in between).
//
// Thread-safety: pure functions of their arguments.
#pragma once

#include "sim/elbv2/model.h"

namespace berth::sim {

enum class TargetCondition {
  kRegistering,  // initial, Elb.RegistrationInProgress
  kChecking,     // initial, Elb.InitialHealthChecking
  kHealthy,
  kUnhealthy,
  kUnchecked,  // health checks disabled: ELB routes to it
  kDraining,
};

// The target's condition at `at` (at or after its registration).
TargetCondition ConditionAt(const ElbTargetGroup& tg, const ElbTarget& t, SystemTime at);
// When the target reaches its first verdict (healthy or unhealthy); its
// registration time when health checks are disabled.
SystemTime VerdictAt(const ElbTargetGroup& tg, const ElbTarget& t);

}  // namespace berth::sim
