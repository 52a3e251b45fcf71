// The simulated Elastic Load Balancing v2 API (query protocol, 2015-12-01):
// load balancers, target groups, listeners, rules with conditions and
// weighted forward actions, target registration and health, tags; and the
// hooks that register ECS service tasks in their target groups.
//
// Thread-safety: the service handler and the hooks run under the World's
// lock; the Elbv2Store must outlive both.
#pragma once

#include <memory>
#include <string>

#include "sim/elbv2/model.h"
#include "sim/front/dispatch.h"

namespace berth::sim {

inline constexpr const char* kElbv2Xmlns = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

// The service for the Dispatcher. `limiter` also enforces ELB's account-wide
// bucket (facts §4.2) on top of the per-category buckets.
QueryServiceSpec MakeElbv2Service(Elbv2Store& store, RateLimiter& limiter);
// ELB's published throttling table: categories plus the account bucket.
void DefineElbv2RateLimits(RateLimiter& limiter);
// Registers running service tasks in the target groups of their service or
// task set and deregisters (drains) them when they stop.
std::shared_ptr<TaskLifecycleHooks> MakeElbv2Hooks(Elbv2Store& store);

// Runs one ELBv2 operation on parsed input (seeds, tests); returns the
// <OpResult> document as JSON; throws ApiError.
Json HandleElbv2(Elbv2Store& store, World& world, const std::string& op, const Json& input, const RequestContext& ctx);
bool IsElbv2Operation(const std::string& op);

// The demo seed's load balancer: an ALB "demo-alb" with target groups
// "web-blue" and "web-green" and an HTTP:80 listener forwarding to web-blue.
// Returns the ARN of "web-blue".
std::string SeedElbv2Demo(Elbv2Store& store, World& world, const std::string& account, const std::string& region);

}  // namespace berth::sim
