#include "aws/cloudwatch/api.h"

#include <nlohmann/json.hpp>

#include "aws/call/client.h"
#include "aws/call/response_fields.h"
#include "aws/call/typed_call.h"
#include "core/timestamp.h"

namespace berth::aws {
namespace {

constexpr std::string_view kCloudWatch = "cloudwatch";

Json QueryInput(const MetricDataQuery& q) {
  Json j = {{"Id", q.id}};
  if (!q.expression.empty()) {
    j["Expression"] = q.expression;
    // An expression query still takes Period when it returns raw metrics
    // (SEARCH); harmless otherwise.
    if (q.period_seconds > 0) j["Period"] = q.period_seconds;
  } else {
    Json dims = Json::array();
    for (const auto& [name, value] : q.dimensions) dims.push_back({{"Name", name}, {"Value", value}});
    Json metric = {{"Namespace", q.metric_namespace}, {"MetricName", q.metric_name}};
    if (!dims.empty()) metric["Dimensions"] = std::move(dims);
    Json stat = {{"Metric", std::move(metric)}, {"Period", q.period_seconds}, {"Stat", q.stat}};
    PutIf(stat, "Unit", q.unit);
    j["MetricStat"] = std::move(stat);
  }
  PutIf(j, "Label", q.label);
  PutIf(j, "ReturnData", q.return_data);
  return j;
}

constexpr Field<CloudWatchAlarm> kAlarm[] = {
    {"AlarmName", &CloudWatchAlarm::name},
    {"AlarmArn", &CloudWatchAlarm::arn},
    {"StateValue", &CloudWatchAlarm::state_value},
    {"StateReason", &CloudWatchAlarm::state_reason},
    {"StateUpdatedTimestamp", &CloudWatchAlarm::state_updated_at},
    {"MetricName", &CloudWatchAlarm::metric_name},
    {"Namespace", &CloudWatchAlarm::metric_namespace},
};

CloudWatchAlarm ParseAlarm(const Json& j, const char* type) {
  CloudWatchAlarm a = ReadShape(j, kAlarm);
  a.type = type;
  return a;
}

constexpr Field<DescribeAlarmsRequest> kDescribeAlarms[] = {
    {"AlarmNames", &DescribeAlarmsRequest::alarm_names},
    {"AlarmNamePrefix", &DescribeAlarmsRequest::alarm_name_prefix},
    {"AlarmTypes", &DescribeAlarmsRequest::alarm_types},
    {"StateValue", &DescribeAlarmsRequest::state_value},
    {"ActionPrefix", &DescribeAlarmsRequest::action_prefix},
    {"MaxRecords", &DescribeAlarmsRequest::max_records},
};

}  // namespace

Json BuildGetMetricDataInput(const GetMetricDataRequest& r) {
  Json queries = Json::array();
  for (const auto& q : r.queries) queries.push_back(QueryInput(q));
  // Query-protocol timestamps are ISO-8601.
  Json j = {{"MetricDataQueries", std::move(queries)},
            {"StartTime", FormatIso8601(r.start_time)},
            {"EndTime", FormatIso8601(r.end_time)}};
  PutIf(j, "ScanBy", r.scan_by);
  PutIf(j, "MaxDatapoints", r.max_datapoints);
  return j;
}

Json BuildDescribeAlarmsInput(const DescribeAlarmsRequest& r) {
  return WriteFields(r, kDescribeAlarms);
}

Result<std::vector<MetricDataResult>> ParseGetMetricDataResponse(const Json& r) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, "GetMetricData"));
  std::vector<MetricDataResult> out;
  for (const Json& m : ListField(r, "MetricDataResults")) {
    MetricDataResult res{StrField(m, "Id"), StrField(m, "Label"), StrField(m, "StatusCode"), {}, {}};
    Json holder = Json::object();
    for (const Json& t : ListField(m, "Timestamps")) {
      holder["t"] = t;
      if (auto ts = TimeField(holder, "t")) res.timestamps.push_back(*ts);
    }
    for (const Json& v : ListField(m, "Values")) {
      holder["v"] = v;
      res.values.push_back(DoubleField(holder, "v"));
    }
    if (res.values.size() != res.timestamps.size()) {
      return BadResponse(
          "GetMetricData returned a result whose Timestamps and Values differ in "
          "length; retry, and report it if it persists");
    }
    out.push_back(std::move(res));
  }
  return out;
}

Result<std::vector<CloudWatchAlarm>> ParseDescribeAlarmsResponse(const Json& r) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, "DescribeAlarms"));
  std::vector<CloudWatchAlarm> out;
  for (const Json& a : ListField(r, "MetricAlarms")) out.push_back(ParseAlarm(a, "MetricAlarm"));
  for (const Json& a : ListField(r, "CompositeAlarms")) {
    out.push_back(ParseAlarm(a, "CompositeAlarm"));
  }
  return out;
}

HttpCloudWatchApi::HttpCloudWatchApi(AwsClient& client) : client_(client) {}

Result<std::vector<MetricDataResult>> HttpCloudWatchApi::GetMetricData(const GetMetricDataRequest& r) {
  std::vector<MetricDataResult> merged;
  BERTH_RETURN_IF_ERROR(PaginateService(
      client_, kCloudWatch, "GetMetricData", BuildGetMetricDataInput(r), "NextToken", "NextToken",
      [&](const Json& page) -> Status {
        BERTH_ASSIGN_OR_RETURN(auto results, ParseGetMetricDataResponse(page));
        for (auto& res : results) {
          auto it =
              std::find_if(merged.begin(), merged.end(), [&](const MetricDataResult& m) { return m.id == res.id; });
          if (it == merged.end()) {
            merged.push_back(std::move(res));
            continue;
          }
          it->timestamps.insert(it->timestamps.end(), res.timestamps.begin(), res.timestamps.end());
          it->values.insert(it->values.end(), res.values.begin(), res.values.end());
          it->status_code = res.status_code;  // the last page's code is the final one
        }
        return Status::Ok();
      }));
  return merged;
}

Result<std::vector<CloudWatchAlarm>> HttpCloudWatchApi::DescribeAlarms(const DescribeAlarmsRequest& r) {
  std::vector<CloudWatchAlarm> out;
  BERTH_RETURN_IF_ERROR(PaginateService(client_, kCloudWatch, "DescribeAlarms", BuildDescribeAlarmsInput(r),
                                        "NextToken", "NextToken", [&](const Json& page) -> Status {
                                          BERTH_ASSIGN_OR_RETURN(auto alarms, ParseDescribeAlarmsResponse(page));
                                          for (auto& a : alarms) out.push_back(std::move(a));
                                          return Status::Ok();
                                        }));
  return out;
}

}  // namespace berth::aws
