// The simulated Amazon CloudWatch (signing name `monitoring`, 2010-08-01):
// GetMetricData and GetMetricStatistics for the AWS/ApplicationELB metrics
// RequestCount, HTTPCode_Target_2XX_Count, HTTPCode_Target_5XX_Count and
// TargetResponseTime, computed from the simulated traffic of ELBv2 target
// groups (sim/elbv2/traffic.h), and the metric alarm operations of
// sim/cloudwatch/alarms.h. Served over both protocols botocore speaks:
// query (form + XML, botocore 1.29) and JSON 1.0 (X-Amz-Target
// GraniteServiceVersion20100801.<Op>, botocore 1.43, awsQueryCompatible).
//
// Thread-safety: the handlers run under the World's lock, which guards the
// Elbv2Store; the store must outlive the services.
#pragma once

#include <map>
#include <string>

#include "sim/elbv2/model.h"
#include "sim/front/dispatch.h"

namespace berth::sim {

inline constexpr const char* kCloudWatchXmlns = "http://monitoring.amazonaws.com/doc/2010-08-01/";
inline constexpr const char* kCloudWatchTargetPrefix = "GraniteServiceVersion20100801";

bool IsCloudWatchOperation(const std::string& op);
// Runs one operation; timestamps in the output are epoch seconds (JSON) or
// ISO 8601 strings (query). Throws ApiError.
Json HandleCloudWatch(Elbv2Store& store, World& world, const std::string& op, const Json& input,
                      const RequestContext& ctx, bool json_protocol);

// The statistic `stat` of one metric per `period` seconds over [start, end),
// by period start (epoch seconds); periods without data are absent. Only the
// AWS/ApplicationELB metrics exist. Settle the Region's traffic first.
std::map<int64_t, double> MetricSeries(Elbv2Region& r, const std::string& ns, const std::string& metric,
                                       const Json& dimensions, const std::string& stat, int period, int64_t start,
                                       int64_t end);

QueryServiceSpec MakeCloudWatchQueryService(Elbv2Store& store);
JsonServiceSpec MakeCloudWatchJsonService(Elbv2Store& store);

}  // namespace berth::sim
