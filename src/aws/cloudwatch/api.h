// CloudWatchApi: the Amazon CloudWatch reads berth uses to judge a rollout:
// alarm states (DescribeAlarms) and metric values (GetMetricData), as an
// interface so domain code can run against HttpCloudWatchApi or a fake.
//
// CloudWatch is spoken over the query protocol (aws-api-facts.md §1.1);
// responses arrive with string leaves and are typed here. Both operations
// return every page (NextToken); GetMetricData merges the pages of each
// query id in order.
//
// Thread-safety: value types and pure functions; HttpCloudWatchApi as its AwsClient.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "core/result.h"

namespace berth::aws {

class AwsClient;

struct MetricDataQuery {
  std::string id;          // required: [a-z][a-zA-Z0-9_]*
  std::string expression;  // a metric math expression, or empty for a metric stat
  // Metric stat (when expression is empty):
  std::string metric_namespace;  // "AWS/ApplicationELB"
  std::string metric_name;       // "HTTPCode_Target_5XX_Count"
  std::map<std::string, std::string> dimensions;
  int period_seconds = 60;
  std::string stat = "Sum";
  std::string unit;
  std::string label;
  std::optional<bool> return_data;
};

struct GetMetricDataRequest {
  std::vector<MetricDataQuery> queries;  // 1-500
  SystemTime start_time;
  SystemTime end_time;
  std::string scan_by;  // TimestampDescending (default), TimestampAscending
  std::optional<int> max_datapoints;
};

struct MetricDataResult {
  std::string id;
  std::string label;
  std::string status_code;  // Complete, InternalError, PartialData, Forbidden
  std::vector<SystemTime> timestamps;
  std::vector<double> values;  // same length as timestamps
};

struct DescribeAlarmsRequest {
  std::vector<std::string> alarm_names;  // up to 100
  std::string alarm_name_prefix;
  std::vector<std::string> alarm_types;  // MetricAlarm, CompositeAlarm
  std::string state_value;               // OK, ALARM, INSUFFICIENT_DATA
  std::string action_prefix;
  std::optional<int> max_records;  // 1-100 per page
};

struct CloudWatchAlarm {
  Json raw;
  std::string name;
  std::string arn;
  std::string type;         // MetricAlarm or CompositeAlarm
  std::string state_value;  // OK, ALARM, INSUFFICIENT_DATA
  std::string state_reason;
  std::optional<SystemTime> state_updated_at;
  std::string metric_name;  // metric alarms only
  std::string metric_namespace;
};

Json BuildGetMetricDataInput(const GetMetricDataRequest& r);
Json BuildDescribeAlarmsInput(const DescribeAlarmsRequest& r);

// One page; results of the same id across pages are merged by the caller.
Result<std::vector<MetricDataResult>> ParseGetMetricDataResponse(const Json& r);
Result<std::vector<CloudWatchAlarm>> ParseDescribeAlarmsResponse(const Json& r);

class CloudWatchApi {
 public:
  virtual ~CloudWatchApi() = default;
  virtual Result<std::vector<MetricDataResult>> GetMetricData(const GetMetricDataRequest& r) = 0;
  // Metric alarms first, then composite alarms.
  virtual Result<std::vector<CloudWatchAlarm>> DescribeAlarms(const DescribeAlarmsRequest& r) = 0;
};

class HttpCloudWatchApi final : public CloudWatchApi {
 public:
  explicit HttpCloudWatchApi(AwsClient& client);  // `client` must outlive this object

  Result<std::vector<MetricDataResult>> GetMetricData(const GetMetricDataRequest& r) override;
  Result<std::vector<CloudWatchAlarm>> DescribeAlarms(const DescribeAlarmsRequest& r) override;

 private:
  AwsClient& client_;
};

}  // namespace berth::aws
