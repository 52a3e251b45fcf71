// The simulated traffic behind ELBv2 target groups, from which the
// simulator's CloudWatch answers the AWS/ApplicationELB metrics.
//
// Model (deterministic, documented in docs/sim.md "CloudWatch"): every
// registered target that ELB would route to (healthy by its health-check
// timeline, not draining, in a target group some listener rule forwards to)
// receives kRequestsPerTargetSecond requests per second, scaled by the target
// group's share of the forward action (weight / total weight; the largest
// share when several rules forward to it). A target in front of an ECS task
// whose image behaves `serve-errors` answers errorPercent% of them with 5xx;
// every request takes kTargetResponseSeconds.
//
// Traffic is integrated lazily, per minute bucket, up to a "settled" time:
// target health is a function of time, so only changes of routing (rules,
// listeners, re-registration, purging drained targets) need the buckets
// settled first; the ELBv2 handler and the ECS hooks do that.
//
// Thread-safety: callers hold the World's lock.
#pragma once

#include <string>

#include "sim/elbv2/model.h"

namespace berth::sim {

inline constexpr double kRequestsPerTargetSecond = 10.0;
inline constexpr double kTargetResponseSeconds = 0.05;
inline constexpr int kTrafficRetentionMinutes = 24 * 60;

// The share (0..1) of a full target's traffic the target group receives.
double TrafficShare(const Elbv2Region& r, const std::string& tg_arn);
// Adds the traffic from the group's settled time up to `now` to its buckets
// and drops buckets older than the retention.
void SettleTraffic(const Elbv2Region& r, ElbTargetGroup& tg, SystemTime now);
void SettleTraffic(Elbv2Region& r, SystemTime now);

// CloudWatch dimension values: "targetgroup/<name>/<id>" and "app/<name>/<id>".
std::string TargetGroupDimension(const std::string& tg_arn);
std::string LoadBalancerDimension(const std::string& lb_arn);

}  // namespace berth::sim
