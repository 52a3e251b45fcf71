// The simulated traffic through ELBv2 load balancers, from which the
// simulator's CloudWatch answers the AWS/ApplicationELB metrics.
//
// Model (deterministic, documented in docs/sim.md "CloudWatch"): every
// listener rule whose action forwards receives kRequestsPerRuleSecond
// requests per second (conditions are not evaluated: each rule stands for the
// requests that match it). A weighted forward divides them among its target
// groups by weight ("a 90/10 split gives the canary 10% of the requests",
// whatever the groups' sizes), and a group divides its share evenly among the
// targets ELB routes to:
//   - its healthy targets (health.h; all of them when health checks are off);
//   - none healthy but some unhealthy: all the unhealthy ones ("if a target
//     group contains only unhealthy registered targets, the load balancer
//     routes requests to all those targets", the fail-open of
//     target-group-health-checks.html), which answer with 5xx when their
//     image fails health checks;
//   - otherwise (no target, or only initial or draining ones) the load
//     balancer answers 503 itself: HTTPCode_ELB_5XX_Count, not RequestCount.
// A target in front of an ECS task whose image behaves `serve-errors`
// answers errorPercent% of its requests with 5xx; every request a target
// answers takes kTargetResponseSeconds.
//
// Traffic is integrated lazily, per minute bucket, up to the region's settled
// time: target health is a function of time, so only changes of routing
// (rules, listeners, re-registration, purging drained targets) need the
// buckets settled first; the ELBv2 handler and the ECS hooks do that.
//
// Thread-safety: callers hold the World's lock.
#pragma once

#include <string>

#include "sim/elbv2/model.h"

namespace berth::sim {

inline constexpr double kRequestsPerRuleSecond = 20.0;
inline constexpr double kTargetResponseSeconds = 0.05;
inline constexpr int kTrafficRetentionMinutes = 24 * 60;

// Adds the traffic from the region's settled time up to `now` to the buckets
// of its target groups and load balancers, and drops buckets older than the
// retention.
void SettleTraffic(Elbv2Region& r, SystemTime now);

// CloudWatch dimension values: "targetgroup/<name>/<id>" and "app/<name>/<id>".
std::string TargetGroupDimension(const std::string& tg_arn);
std::string LoadBalancerDimension(const std::string& lb_arn);

}  // namespace berth::sim
