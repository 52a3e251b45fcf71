#include "sim/cloudwatch/alarms.h"

#include <cmath>
#include <ctime>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "core/strings.h"
#include "core/timestamp.h"
#include "sim/cloudwatch/api.h"
#include "sim/elbv2/traffic.h"
#include "sim/wire/api_error.h"
#include "sim/wire/pagination.h"
#include "sim/wire/query.h"

namespace berth::sim {
namespace {

constexpr const char* kElbNamespace = "AWS/ApplicationELB";
// DescribeAlarms' page size when MaxRecords is absent: the API reference gives
// none, so the model's maximum (an assumption).
constexpr int kDefaultMaxRecords = 100;

[[noreturn]] void InvalidValue(std::string message) {
  ThrowApiError(400, "InvalidParameterValue", std::move(message));
}
[[noreturn]] void NotFound(std::string message) {
  ThrowApiError(404, "ResourceNotFound", std::move(message));
}

Json RenderTime(SystemTime t, bool json_protocol) {
  if (json_protocol) return EpochSeconds(t);
  return FormatIso8601Millis(t);
}

double ParseDouble(const Json& in, const char* member) {
  const Json& v = in[member];
  if (v.is_number()) return v.get<double>();
  std::string s = v.is_string() ? v.get<std::string>() : v.dump();
  try {
    size_t used = 0;
    double d = std::stod(s, &used);
    if (used == s.size()) return d;
  } catch (...) {
  }
  InvalidValue(fmt::format("The parameter {} must be a number, not '{}'.", member, s));
}

bool ParseBool(const Json& in, const char* member, bool fallback) {
  auto it = in.find(member);
  if (it == in.end() || it->is_null()) return fallback;
  if (it->is_boolean()) return it->get<bool>();
  std::string s = ToLower(it->is_string() ? it->get<std::string>() : it->dump());
  if (s == "true") return true;
  if (s == "false") return false;
  InvalidValue(fmt::format("The parameter {} must be true or false, not '{}'.", member, s));
}

std::vector<std::string> Strings(const Json& in, const char* member) {
  std::vector<std::string> out;
  for (const auto& v : OptList(in, member))
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

bool IsState(const std::string& s) {
  return s == "OK" || s == "ALARM" || s == "INSUFFICIENT_DATA";
}

bool Breaches(const MetricAlarm& a, double v) {
  const std::string& op = a.comparison_operator;
  if (op == "GreaterThanOrEqualToThreshold") return v >= a.threshold;
  if (op == "GreaterThanThreshold") return v > a.threshold;
  if (op == "LessThanThreshold") return v < a.threshold;
  return v <= a.threshold;  // LessThanOrEqualToThreshold
}

void SetState(MetricAlarm& a, const std::string& value, std::string reason, std::string data, SystemTime now) {
  if (a.state_value == value && a.state_reason == reason) return;
  a.state_value = value;
  a.state_reason = std::move(reason);
  a.state_reason_data = std::move(data);
  a.state_updated_at = now;
}

// One evaluation of an alarm: its datapoints newest first, and how the
// missing periods counted.
struct AlarmEvaluation {
  struct Point {
    int64_t t = 0;
    double value = 0;
    bool breaching = false;
  };
  std::vector<Point> points;
  int missing = 0, breaching_missing = 0, ok_missing = 0;
  int64_t epoch = 0, start = 0;
};

// A number as CloudWatch prints it in reasons (Java's Double.toString for the
// usual range): 12.0, 0.5, 0.19726775956284198.
std::string JavaDouble(double v) {
  std::string s = fmt::format("{}", v);
  if (s.find_first_of(".eE") == std::string::npos && s.find_first_of("ni") == std::string::npos) s += ".0";
  return s;
}

std::string Plural(int n, const char* word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

std::string OperatorPhrase(const std::string& op) {
  if (op == "GreaterThanOrEqualToThreshold") return "greater than or equal to";
  if (op == "GreaterThanThreshold") return "greater than";
  if (op == "LessThanThreshold") return "less than";
  return "less than or equal to";
}

// "dd/MM/yy HH:mm:ss", UTC: how alarm reasons print a datapoint's period start.
std::string ReasonTime(int64_t epoch) {
  std::time_t t = static_cast<std::time_t>(epoch);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:02}/{:02}/{:02} {:02}:{:02}:{:02}", tm.tm_mday, tm.tm_mon + 1, tm.tm_year % 100, tm.tm_hour,
                     tm.tm_min, tm.tm_sec);
}

// "2026-03-03T01:35:00.000+0000", the timestamps of StateReasonData.
std::string ReasonDataTime(int64_t epoch_millis) {
  std::string s = FormatIso8601Millis(SystemTime(std::chrono::milliseconds(epoch_millis)));
  if (!s.empty() && s.back() == 'Z') s.replace(s.size() - 1, 1, "+0000");
  return s;
}

std::string InsufficientDataReason(const MetricAlarm& a) {
  return fmt::format("Insufficient Data: {} {} unknown.", Plural(a.evaluation_periods, "datapoint"),
                     a.evaluation_periods == 1 ? "was" : "were");
}

// StateReason of a threshold verdict, in AWS's words, e.g. "Threshold Crossed:
// 1 out of the last 1 datapoints [12.0 (03/12/26 10:05:00)] was greater than or
// equal to the threshold (5.0) (minimum 1 datapoint for OK -> ALARM transition)."
// Without DatapointsToAlarm AWS drops the "out of the last" and "minimum" parts.
std::string ThresholdReason(const MetricAlarm& a, const AlarmEvaluation& e, bool alarm) {
  int treated = alarm ? e.breaching_missing : e.ok_missing;
  if (e.points.empty())
    return fmt::format("Threshold Crossed: no datapoints were received for {} and {} {} treated as [{}].",
                       Plural(e.missing, "period"), Plural(treated, "missing datapoint"), treated == 1 ? "was" : "were",
                       alarm ? "Breaching" : "NonBreaching");
  std::vector<std::string> listed;
  for (const auto& p : e.points)
    if (p.breaching == alarm) listed.push_back(fmt::format("{} ({})", JavaDouble(p.value), ReasonTime(p.t)));
  int n = static_cast<int>(listed.size()) + treated;
  std::string verb =
      fmt::format("{} {}{}", n == 1 ? "was" : "were", alarm ? "" : "not ", OperatorPhrase(a.comparison_operator));
  std::string points = fmt::format("[{}]", fmt::join(listed, ", "));
  if (a.datapoints_to_alarm == 0)
    return fmt::format("Threshold Crossed: {} {} {} the threshold ({}).", Plural(n, "datapoint"), points, verb,
                       JavaDouble(a.threshold));
  int minimum = alarm ? a.datapoints_to_alarm : a.evaluation_periods - a.datapoints_to_alarm + 1;
  return fmt::format(
      "Threshold Crossed: {} out of the last {} datapoints {} {} the threshold ({}) (minimum {} for {} transition).", n,
      a.evaluation_periods, points, verb, JavaDouble(a.threshold), Plural(minimum, "datapoint"),
      alarm ? "OK -> ALARM" : "ALARM -> OK");
}

// StateReasonData: the JSON document AWS attaches to an evaluation's state.
std::string ReasonData(const MetricAlarm& a, const AlarmEvaluation& e) {
  nlohmann::ordered_json j;
  j["version"] = "1.0";
  j["queryDate"] = ReasonDataTime(e.epoch * 1000);
  if (!e.points.empty()) j["startDate"] = ReasonDataTime(e.points.back().t * 1000);
  if (!a.statistic.empty())
    j["statistic"] = a.statistic;
  else
    j["extendedStatistic"] = a.extended_statistic;
  j["period"] = a.period;
  nlohmann::ordered_json recent = nlohmann::ordered_json::array(), evaluated = nlohmann::ordered_json::array();
  for (auto it = e.points.rbegin(); it != e.points.rend(); ++it) recent.push_back(it->value);  // oldest first
  for (int64_t t = e.start + static_cast<int64_t>(a.evaluation_periods - 1) * a.period; t >= e.start; t -= a.period) {
    nlohmann::ordered_json p{{"timestamp", ReasonDataTime(t * 1000)}};
    for (const auto& point : e.points)
      if (point.t == t) p["value"] = point.value;
    evaluated.push_back(p);
  }
  j["recentDatapoints"] = recent;
  j["threshold"] = a.threshold;
  j["evaluatedDatapoints"] = evaluated;
  return j.dump();
}

void PutMetricAlarm(Elbv2Region& r, World& world, const Json& in, const RequestContext& ctx) {
  MetricAlarm a;
  a.name = RequireString(in, "AlarmName");
  if (a.name.empty() || a.name.size() > 255) InvalidValue("AlarmName must be 1 to 255 characters long.");
  if (in.contains("Metrics") || in.contains("ThresholdMetricId") || in.contains("EvaluationCriteria"))
    ThrowApiError(400, "InvalidParameterCombination",
                  "berth sim supports single-metric alarms only (MetricName, Namespace, Statistic); remove Metrics, "
                  "ThresholdMetricId and EvaluationCriteria.");
  a.arn = fmt::format("arn:aws:cloudwatch:{}:{}:alarm:{}", ctx.region, ctx.account_id, a.name);
  a.description = OptString(in, "AlarmDescription");
  a.metric_namespace = RequireString(in, "Namespace");
  a.metric_name = RequireString(in, "MetricName");
  a.statistic = OptString(in, "Statistic");
  a.extended_statistic = OptString(in, "ExtendedStatistic");
  static const char* kStats[] = {"SampleCount", "Average", "Sum", "Minimum", "Maximum"};
  if (a.statistic.empty() == a.extended_statistic.empty())
    ThrowApiError(400, "InvalidParameterCombination", "Exactly one of Statistic and ExtendedStatistic is required.");
  if (!a.statistic.empty() && std::find_if(std::begin(kStats), std::end(kStats),
                                           [&](const char* s) { return a.statistic == s; }) == std::end(kStats))
    InvalidValue(
        fmt::format("Statistic must be one of SampleCount, Average, Sum, Minimum, Maximum, not '{}'.", a.statistic));
  if (!a.extended_statistic.empty() && (a.extended_statistic.size() < 2 || a.extended_statistic[0] != 'p'))
    InvalidValue(fmt::format("ExtendedStatistic must be a percentile such as p99, not '{}'.", a.extended_statistic));
  a.unit = OptString(in, "Unit");
  a.dimensions = Json::array();
  for (const auto& d : OptList(in, "Dimensions"))
    a.dimensions.push_back(Json{{"Name", OptString(d, "Name")}, {"Value", OptString(d, "Value")}});
  a.period = OptInt(in, "Period", 60);
  if (a.period < 60 || a.period % 60 != 0)
    InvalidValue("The parameter Period must be a multiple of 60 (berth sim keeps one-minute data).");
  if (!in.contains("EvaluationPeriods"))
    ThrowApiError(400, "MissingParameter", "The parameter EvaluationPeriods is required.");
  a.evaluation_periods = OptInt(in, "EvaluationPeriods", 1);
  if (a.evaluation_periods < 1) InvalidValue("EvaluationPeriods must be at least 1.");
  // The PutMetricAlarm reference: Period x EvaluationPeriods at most seven
  // days, and at most one day for periods under an hour (the wording of the
  // refusal is the simulator's).
  int64_t window = static_cast<int64_t>(a.period) * a.evaluation_periods;
  if (window > 604800 || (a.period < 3600 && window > 86400))
    InvalidValue(
        fmt::format("Period x EvaluationPeriods is {} seconds; an alarm's evaluation range can be at most "
                    "604800 seconds, and 86400 for periods under 3600 seconds.",
                    window));
  a.datapoints_to_alarm = OptInt(in, "DatapointsToAlarm", 0);
  if (a.datapoints_to_alarm < 0 || a.datapoints_to_alarm > a.evaluation_periods)
    InvalidValue("DatapointsToAlarm must be between 1 and EvaluationPeriods.");
  if (!in.contains("Threshold")) ThrowApiError(400, "MissingParameter", "The parameter Threshold is required.");
  a.threshold = ParseDouble(in, "Threshold");
  a.comparison_operator = RequireString(in, "ComparisonOperator");
  static const char* kOps[] = {"GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold",
                               "LessThanOrEqualToThreshold"};
  if (std::find_if(std::begin(kOps), std::end(kOps), [&](const char* s) { return a.comparison_operator == s; }) ==
      std::end(kOps))
    InvalidValue(
        fmt::format("ComparisonOperator '{}' is not supported by berth sim; use GreaterThanThreshold, "
                    "GreaterThanOrEqualToThreshold, LessThanThreshold or LessThanOrEqualToThreshold.",
                    a.comparison_operator));
  a.treat_missing_data = OptString(in, "TreatMissingData", "missing");
  if (a.treat_missing_data != "missing" && a.treat_missing_data != "notBreaching" &&
      a.treat_missing_data != "breaching" && a.treat_missing_data != "ignore")
    InvalidValue("TreatMissingData must be missing, notBreaching, breaching or ignore.");
  a.actions_enabled = ParseBool(in, "ActionsEnabled", true);
  a.ok_actions = OptList(in, "OKActions");
  a.alarm_actions = OptList(in, "AlarmActions");
  a.insufficient_data_actions = OptList(in, "InsufficientDataActions");
  a.configuration_updated_at = world.now();
  if (auto it = r.alarms.find(a.name); it != r.alarms.end()) {
    // An update overwrites the configuration and leaves the state alone.
    a.state_value = it->second.state_value;
    a.state_reason = it->second.state_reason;
    a.state_reason_data = it->second.state_reason_data;
    a.state_updated_at = it->second.state_updated_at;
    a.evaluated_minute = it->second.evaluated_minute;
  } else {
    a.state_updated_at = world.now();
    a.evaluated_minute = WholeEpochSeconds(world.now()) / 60;
  }
  r.alarms[a.name] = std::move(a);
}

Json RenderAlarm(const MetricAlarm& a, bool json_protocol) {
  Json j{{"AlarmName", a.name}, {"AlarmArn", a.arn}};
  if (!a.description.empty()) j["AlarmDescription"] = a.description;
  j["AlarmConfigurationUpdatedTimestamp"] = RenderTime(a.configuration_updated_at, json_protocol);
  j["ActionsEnabled"] = a.actions_enabled;
  j["OKActions"] = a.ok_actions;
  j["AlarmActions"] = a.alarm_actions;
  j["InsufficientDataActions"] = a.insufficient_data_actions;
  j["StateValue"] = a.state_value;
  j["StateReason"] = a.state_reason;
  if (!a.state_reason_data.empty()) j["StateReasonData"] = a.state_reason_data;
  j["StateUpdatedTimestamp"] = RenderTime(a.state_updated_at, json_protocol);
  j["MetricName"] = a.metric_name;
  j["Namespace"] = a.metric_namespace;
  if (!a.statistic.empty()) j["Statistic"] = a.statistic;
  if (!a.extended_statistic.empty()) j["ExtendedStatistic"] = a.extended_statistic;
  j["Dimensions"] = a.dimensions;
  j["Period"] = a.period;
  if (!a.unit.empty()) j["Unit"] = a.unit;
  j["EvaluationPeriods"] = a.evaluation_periods;
  if (a.datapoints_to_alarm > 0) j["DatapointsToAlarm"] = a.datapoints_to_alarm;
  j["Threshold"] = a.threshold;
  j["ComparisonOperator"] = a.comparison_operator;
  j["TreatMissingData"] = a.treat_missing_data;
  j["StateTransitionedTimestamp"] = RenderTime(a.state_updated_at, json_protocol);
  return j;
}

Json DescribeAlarms(Elbv2Region& r, World& world, const Json& in, bool json_protocol) {
  std::vector<std::string> names = Strings(in, "AlarmNames");
  if (names.size() > 100) InvalidValue("AlarmNames takes at most 100 names.");
  std::string prefix = OptString(in, "AlarmNamePrefix");
  if (!names.empty() && !prefix.empty())
    ThrowApiError(400, "InvalidParameterCombination", "AlarmNames and AlarmNamePrefix cannot be used together.");
  std::string state = OptString(in, "StateValue");
  if (!state.empty() && !IsState(state)) InvalidValue("StateValue must be OK, ALARM or INSUFFICIENT_DATA.");
  std::vector<std::string> types = Strings(in, "AlarmTypes");
  bool metric_alarms = types.empty() || std::find(types.begin(), types.end(), "MetricAlarm") != types.end();
  int max_records = OptInt(in, "MaxRecords", kDefaultMaxRecords);
  if (max_records < 1 || max_records > 100) InvalidValue("MaxRecords must be between 1 and 100.");
  std::vector<MetricAlarm*> matching;
  if (metric_alarms) {
    for (auto& [name, a] : r.alarms) {
      if (!names.empty() && std::find(names.begin(), names.end(), name) == names.end()) continue;
      if (!StartsWith(name, prefix)) continue;
      RefreshAlarm(r, a, world.now());
      if (!state.empty() && a.state_value != state) continue;
      matching.push_back(&a);
    }
  }
  auto page = PageOf(matching.size(), OptString(in, "NextToken"), static_cast<size_t>(max_records), "alarm-offset:");
  if (!page) ThrowApiError(400, "InvalidNextToken", "The next token specified is invalid.");
  Json out = Json::array();
  for (size_t i = page->begin; i < page->end; ++i) out.push_back(RenderAlarm(*matching[i], json_protocol));
  Json result{{"MetricAlarms", out}, {"CompositeAlarms", Json::array()}};
  if (!page->next_token.empty()) result["NextToken"] = page->next_token;
  return result;
}

Json DeleteAlarms(Elbv2Region& r, const Json& in) {
  std::vector<std::string> names = Strings(in, "AlarmNames");
  if (names.empty()) ThrowApiError(400, "MissingParameter", "The parameter AlarmNames is required.");
  for (const auto& n : names)
    if (!r.alarms.count(n)) NotFound(fmt::format("Alarm {} does not exist; no alarms were deleted.", n));
  for (const auto& n : names) r.alarms.erase(n);
  return Json::object();
}

Json SetAlarmState(Elbv2Region& r, World& world, const Json& in) {
  const std::string& name = RequireString(in, "AlarmName");
  std::string state = RequireString(in, "StateValue");
  if (!IsState(state)) InvalidValue("StateValue must be OK, ALARM or INSUFFICIENT_DATA.");
  std::string reason = RequireString(in, "StateReason");
  std::string data = OptString(in, "StateReasonData");
  if (!data.empty() && !Json::accept(data))
    ThrowApiError(400, "InvalidFormat", "StateReasonData must be a JSON document.");
  auto it = r.alarms.find(name);
  if (it == r.alarms.end()) NotFound(fmt::format("Alarm {} does not exist; create it with PutMetricAlarm.", name));
  MetricAlarm& a = it->second;
  SetState(a, state, reason, data, world.now());
  a.state_updated_at = world.now();
  a.evaluated_minute = WholeEpochSeconds(world.now()) / 60;  // holds until the next minute's evaluation
  world.MarkChanged();  // ECS deployments watching this alarm look again on the next step
  return Json::object();
}

}  // namespace

bool IsCloudWatchAlarmOperation(const std::string& op) {
  return op == "PutMetricAlarm" || op == "DescribeAlarms" || op == "DeleteAlarms" || op == "SetAlarmState";
}

Json HandleCloudWatchAlarm(Elbv2Region& r, World& world, const std::string& op, const Json& input,
                           const RequestContext& ctx, bool json_protocol) {
  if (op == "PutMetricAlarm") {
    PutMetricAlarm(r, world, input, ctx);
    return Json::object();
  }
  if (op == "DescribeAlarms") return DescribeAlarms(r, world, input, json_protocol);
  if (op == "DeleteAlarms") return DeleteAlarms(r, input);
  if (op == "SetAlarmState") return SetAlarmState(r, world, input);
  ThrowApiError(400, "InvalidAction", "Could not find operation " + op + " for version 2010-08-01");
}

void RefreshAlarm(Elbv2Region& r, MetricAlarm& a, SystemTime now) {
  int64_t epoch = WholeEpochSeconds(now);
  if (epoch / 60 <= a.evaluated_minute) return;
  a.evaluated_minute = epoch / 60;
  if (a.metric_namespace != kElbNamespace) return;
  // The last EvaluationPeriods whole periods before now.
  int64_t end = epoch / a.period * a.period;
  int64_t start = end - static_cast<int64_t>(a.evaluation_periods) * a.period;
  std::string stat = a.statistic.empty() ? a.extended_statistic : a.statistic;
  std::map<int64_t, double> series =
      MetricSeries(r, a.metric_namespace, a.metric_name, a.dimensions, stat, a.period, start, end);
  AlarmEvaluation e;
  for (int64_t t = end - a.period; t >= start; t -= a.period) {  // newest first, as AWS lists them
    auto it = series.find(t);
    if (it == series.end()) {
      e.missing++;
      if (a.treat_missing_data == "breaching") e.breaching_missing++;
      if (a.treat_missing_data == "notBreaching") e.ok_missing++;
    } else {
      e.points.push_back({t, it->second, Breaches(a, it->second)});
    }
  }
  e.epoch = epoch;
  e.start = start;
  int breaching = e.breaching_missing, known = static_cast<int>(e.points.size()) + e.breaching_missing + e.ok_missing;
  for (const auto& p : e.points) breaching += p.breaching ? 1 : 0;
  int needed = a.datapoints_to_alarm > 0 ? a.datapoints_to_alarm : a.evaluation_periods;
  if (known == 0) {
    if (a.treat_missing_data == "ignore") return;
    SetState(a, "INSUFFICIENT_DATA", InsufficientDataReason(a), ReasonData(a, e), now);
    return;
  }
  std::string state = breaching >= needed ? "ALARM" : "OK";
  // As in AWS, StateReason is the reason of the last transition: an
  // evaluation that keeps the state leaves it alone.
  if (state == a.state_value) return;
  SetState(a, state, ThresholdReason(a, e, state == "ALARM"), ReasonData(a, e), now);
}

namespace {
class CloudWatchHooks : public TaskLifecycleHooks {
 public:
  explicit CloudWatchHooks(Elbv2Store& store) : store_(store) {}
  std::optional<AlarmView> Alarm(World& world, const EcsRegion& ecs, const std::string& name) override {
    Elbv2Region& r = store_.At(ecs.account_id, ecs.region);
    auto it = r.alarms.find(name);
    if (it == r.alarms.end()) return std::nullopt;
    if (WholeEpochSeconds(world.now()) / 60 > it->second.evaluated_minute) SettleTraffic(r, world.now());
    RefreshAlarm(r, it->second, world.now());
    return AlarmView{it->second.state_value, it->second.period * it->second.evaluation_periods};
  }

 private:
  Elbv2Store& store_;
};
}  // namespace

std::shared_ptr<TaskLifecycleHooks> MakeCloudWatchHooks(Elbv2Store& store) {
  return std::make_shared<CloudWatchHooks>(store);
}

}  // namespace berth::sim
