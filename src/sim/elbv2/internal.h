// Shared between the ELBv2 handler files: lookups with AWS's not-found errors
// and the output shapes of the model's structures.
//
// Thread-safety: callers hold the World's lock.
#pragma once

#include <string>

#include "sim/elbv2/model.h"
#include "sim/wire/query.h"
#include "sim/world/world.h"

namespace berth::sim::elbv2 {

ElbLoadBalancer& FindLoadBalancer(Elbv2Region& r, const std::string& arn);
ElbTargetGroup& FindTargetGroup(Elbv2Region& r, const std::string& arn);
ElbListener& FindListener(Elbv2Region& r, const std::string& arn);
// The listener holding rule `arn` and the rule's index in it.
std::pair<ElbListener*, size_t> FindRule(Elbv2Region& r, const std::string& arn);
// ARNs of the load balancers whose listeners forward to `tg_arn`.
Json LoadBalancersOf(const Elbv2Region& r, const std::string& tg_arn);
Json RenderTargetGroup(const Elbv2Region& r, const ElbTargetGroup& tg);
// The tags list of the resource `arn` (load balancer, target group, listener), or nullptr.
Json* TagsOf(Elbv2Region& r, const std::string& arn);

// Target group attributes with AWS's defaults (elbv2/attributes.cc).
Json TargetGroupAttributes(const ElbTargetGroup& tg);
Json ModifyTargetGroupAttributes(Elbv2Region& r, const Json& in);

// Target health operations (elbv2_targets.cc).
Json RegisterTargets(Elbv2Region& r, World& world, const Json& in);
Json DeregisterTargets(Elbv2Region& r, World& world, const Json& in);
Json DescribeTargetHealth(Elbv2Region& r, World& world, const Json& in);
// Drops targets whose deregistration delay has passed.
void PurgeDrained(ElbTargetGroup& tg, SystemTime now);

}  // namespace berth::sim::elbv2
