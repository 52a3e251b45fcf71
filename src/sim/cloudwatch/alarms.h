// CloudWatch metric alarms in the simulator: PutMetricAlarm, DescribeAlarms,
// DeleteAlarms and SetAlarmState (both protocols, through HandleCloudWatch),
// the lazy evaluation of alarms on the simulated AWS/ApplicationELB metrics
// (at most once per simulated minute, on the first look in that minute), and
// the TaskLifecycleHooks that tell ECS deployment alarms an alarm's state.
//
// Thread-safety: everything runs under the World's lock, which guards the
// Elbv2Store holding the alarms; the store must outlive the hooks.
#pragma once

#include <memory>
#include <string>

#include "sim/elbv2/model.h"
#include "sim/front/dispatch.h"
#include "sim/world/world.h"

namespace berth::sim {

bool IsCloudWatchAlarmOperation(const std::string& op);
// Runs one alarm operation on the Region's alarms (traffic already settled). Throws ApiError.
Json HandleCloudWatchAlarm(Elbv2Region& r, World& world, const std::string& op, const Json& input,
                           const RequestContext& ctx, bool json_protocol);

// Re-evaluates `alarm` on its metric when a new simulated minute began since
// the last evaluation (or SetAlarmState). Alarms on metrics the simulator does
// not produce (any namespace but AWS/ApplicationELB) keep their state.
void RefreshAlarm(Elbv2Region& r, MetricAlarm& alarm, SystemTime now);

std::shared_ptr<TaskLifecycleHooks> MakeCloudWatchHooks(Elbv2Store& store);

}  // namespace berth::sim
