#include "sim/cloudwatch/api.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/strings.h"
#include "core/timestamp.h"
#include "sim/cloudwatch/alarms.h"
#include "sim/cloudwatch/math.h"
#include "sim/elbv2/internal.h"
#include "sim/elbv2/traffic.h"
#include "sim/wire/api_error.h"
#include "sim/wire/query.h"

namespace berth::sim {
namespace {

constexpr const char* kElbNamespace = "AWS/ApplicationELB";
constexpr int kMaxStatisticsDatapoints = 1440;
constexpr int kMaxMetricDataDatapoints = 100800;

[[noreturn]] void InvalidValue(std::string message) {
  ThrowApiError(400, "InvalidParameterValue", std::move(message));
}
[[noreturn]] void Missing(const std::string& member) {
  ThrowApiError(400, "MissingParameter", fmt::format("The parameter {} is required.", member));
}

// Epoch seconds (JSON protocol), or ISO 8601 (query protocol; also accepted as a number in a string).
int64_t ParseTime(const Json& in, const char* member) {
  auto it = in.find(member);
  if (it == in.end() || it->is_null()) Missing(member);
  if (it->is_number()) return static_cast<int64_t>(std::floor(it->get<double>()));
  std::string s = it->is_string() ? it->get<std::string>() : it->dump();
  double seconds = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), seconds);
  if (!s.empty() && ec == std::errc() && end == s.data() + s.size() && std::isfinite(seconds))
    return static_cast<int64_t>(std::floor(seconds));
  auto t = ParseIso8601(s, MissingZone::kUtc);
  if (!t) InvalidValue(fmt::format("The parameter {} must be an ISO 8601 timestamp, not '{}'.", member, s));
  return WholeEpochSeconds(*t);
}

Json RenderTime(int64_t epoch, bool json_protocol) {
  if (json_protocol) return epoch;
  return FormatIso8601Millis(SystemTime(std::chrono::seconds(epoch)));
}

using Dimensions = std::map<std::string, std::string>;

Dimensions ParseDimensions(const Json& list) {
  Dimensions out;
  for (const auto& d : list) {
    if (!d.is_object()) InvalidValue("Each dimension needs a Name and a Value.");
    out[OptString(d, "Name")] = OptString(d, "Value");
  }
  return out;
}

// The load balancer's own error counts: published by LoadBalancer (and
// AvailabilityZone, LoadBalancer) only, never by target group.
bool IsElbCount(const std::string& metric) {
  return metric == "HTTPCode_ELB_5XX_Count" || metric == "HTTPCode_ELB_503_Count" || metric == "HTTPCode_ELB_4XX_Count";
}

// The dimension sets ALB publishes a metric with (load-balancer-cloudwatch-metrics.html):
// CloudWatch answers a query only for a set that matches one exactly.
bool PublishedWith(const std::string& metric, const Dimensions& dims) {
  std::set<std::string> names;
  for (const auto& [name, value] : dims) names.insert(name);
  using Set = std::set<std::string>;
  static const Set kLb = {"LoadBalancer"}, kLbTg = {"LoadBalancer", "TargetGroup"}, kTg = {"TargetGroup"};
  if (metric == "RequestCountPerTarget") return names == kTg || names == kLbTg;
  if (IsElbCount(metric)) return names == kLb;
  return names == kLb || names == kLbTg;
  // The AvailabilityZone sets are AWS's too; the simulator models no zones,
  // so queries with AvailabilityZone get no datapoints (docs/sim.md).
}

// One minute of the traffic `dims` selects, summed over its target groups and load balancers.
struct Minute {
  double requests = 0, errors = 0, response_time_sum = 0, target_seconds = 0, elb_5xx = 0;
};

// The minute buckets of the target groups and load balancers `dims` selects (summed), settled up to now.
std::map<int64_t, Minute> Buckets(Elbv2Region& r, const std::string& metric, const Dimensions& dims) {
  std::map<int64_t, Minute> out;
  if (!PublishedWith(metric, dims)) return out;
  auto tg_dim = dims.find("TargetGroup"), lb_dim = dims.find("LoadBalancer");
  if (tg_dim == dims.end()) {
    // By LoadBalancer alone: the load balancer's own minutes (every minute it
    // existed, so RequestCount reports 0 for minutes without requests) and its errors.
    for (const auto& lb : r.load_balancers) {
      if (LoadBalancerDimension(lb.arn) != lb_dim->second) continue;
      for (const auto& [minute, b] : lb.traffic.minutes) out[minute].elb_5xx += b.elb_5xx;
    }
  }
  if (IsElbCount(metric)) return out;
  for (auto& tg : r.target_groups) {
    if (tg_dim != dims.end() && TargetGroupDimension(tg.arn) != tg_dim->second) continue;
    if (lb_dim != dims.end()) {
      bool behind = false;
      for (const auto& lb : elbv2::LoadBalancersOf(r, tg.arn))
        if (LoadBalancerDimension(lb.get<std::string>()) == lb_dim->second) behind = true;
      if (!behind) continue;
    }
    for (const auto& [minute, b] : tg.traffic.minutes) {
      Minute& o = out[minute];
      o.requests += b.requests;
      o.errors += b.errors;
      o.response_time_sum += b.response_time_sum;
      o.target_seconds += b.target_seconds;
    }
  }
  return out;
}

// One minute's samples of a metric as a statistic set: a value (the same for
// each sample: Minimum, Maximum and the percentiles), their sum and their number.
struct Sample {
  double value = 0, sum = 0, count = 0;
};
std::optional<Sample> SampleOf(const std::string& metric, const Minute& b) {
  constexpr double kEpsilon = 1e-9;
  if (metric == "TargetResponseTime") {
    // One sample per request (the minute's mean stands for each).
    if (b.requests < kEpsilon) return std::nullopt;
    return Sample{b.response_time_sum / b.requests, b.response_time_sum, b.requests};
  }
  if (metric == "RequestCountPerTarget") {
    // RequestCount over the routable targets the minute had, on average; reported as 0 while forwarded to.
    double per_target = b.target_seconds < kEpsilon ? 0 : b.requests / (b.target_seconds / 60.0);
    return Sample{per_target, per_target, 1};
  }
  if (metric == "RequestCount") {
    // "Always reported": a minute without requests is one sample of 0;
    // otherwise each request is a sample of 1, as for the HTTPCode counts.
    if (b.requests < kEpsilon) return Sample{0, 0, 1};
    return Sample{1, b.requests, b.requests};
  }
  double v = metric == "HTTPCode_Target_5XX_Count"   ? b.errors
             : metric == "HTTPCode_Target_2XX_Count" ? b.requests - b.errors
             : metric == "HTTPCode_ELB_5XX_Count"    ? b.elb_5xx
             : metric == "HTTPCode_ELB_503_Count"    ? b.elb_5xx
                                                     : 0;
  // ALB publishes these only for minutes with a non-zero value, each response
  // one sample of 1: "Minimum, Maximum, and Average all return 1".
  if (v < kEpsilon) return std::nullopt;
  return Sample{1, v, v};
}

std::string UnitOf(const std::string& metric) {
  return metric == "TargetResponseTime" ? "Seconds" : "Count";
}

bool IsPercentile(const std::string& stat) {
  if (stat.size() < 2 || stat[0] != 'p') return false;
  try {
    size_t used = 0;
    double p = std::stod(stat.substr(1), &used);
    return used == stat.size() - 1 && p >= 0 && p <= 100;
  } catch (...) {
    return false;
  }
}

void CheckStat(const std::string& stat) {
  static const char* kBasic[] = {"SampleCount", "Average", "Sum", "Minimum", "Maximum"};
  for (const char* s : kBasic)
    if (stat == s) return;
  if (!IsPercentile(stat))
    InvalidValue(
        fmt::format("The statistic '{}' is not supported by berth sim; use SampleCount, Average, Sum, "
                    "Minimum, Maximum or pNN.",
                    stat));
}

double Statistic(const std::vector<Sample>& samples, const std::string& stat) {
  double sum = 0, count = 0, lo = INFINITY, hi = -INFINITY;
  for (const auto& s : samples) {
    sum += s.sum;
    count += s.count;
    lo = std::min(lo, s.value);
    hi = std::max(hi, s.value);
  }
  if (stat == "Sum") return sum;
  if (stat == "SampleCount") return count;
  if (stat == "Average") return count > 0 ? sum / count : 0;
  if (stat == "Minimum") return lo;
  if (stat == "Maximum") return hi;
  // pNN: nearest rank over the samples, each minute's weighing its count.
  std::vector<Sample> sorted = samples;
  std::sort(sorted.begin(), sorted.end(), [](const Sample& a, const Sample& b) { return a.value < b.value; });
  double rank = std::stod(stat.substr(1)) / 100.0 * count, seen = 0;
  for (const auto& s : sorted) {
    seen += s.count;
    if (seen >= rank - 1e-9) return s.value;
  }
  return sorted.back().value;
}

struct Window {
  int64_t start = 0, end = 0;
  int period = 60;
};

Window ParseWindow(const Json& in) {
  Window w;
  w.start = ParseTime(in, "StartTime");
  w.end = ParseTime(in, "EndTime");
  if (w.start >= w.end) InvalidValue("The parameter StartTime must be less than the parameter EndTime.");
  return w;
}

void CheckPeriod(int period) {
  if (period < 60 || period % 60 != 0)
    InvalidValue("The parameter Period must be a multiple of 60 (berth sim keeps one-minute data).");
}

// The statistic per period of one metric, ascending by period start.
std::map<int64_t, std::vector<Sample>> PeriodSamples(Elbv2Region& r, const std::string& ns, const std::string& metric,
                                                     const Dimensions& dims, const Window& w) {
  std::map<int64_t, std::vector<Sample>> out;
  if (ns != kElbNamespace) return out;
  auto buckets = Buckets(r, metric, dims);
  int64_t first = w.start / w.period * w.period;
  for (auto it = buckets.lower_bound(first / 60); it != buckets.end() && it->first * 60 < w.end; ++it) {
    std::optional<Sample> s = SampleOf(metric, it->second);
    if (!s) continue;
    out[it->first * 60 / w.period * w.period].push_back(*s);
  }
  return out;
}

Json GetMetricStatistics(Elbv2Region& r, const Json& in, bool json_protocol) {
  const std::string& ns = RequireString(in, "Namespace");
  const std::string& metric = RequireString(in, "MetricName");
  Window w = ParseWindow(in);
  if (!in.contains("Period")) Missing("Period");
  w.period = OptInt(in, "Period", 60);
  CheckPeriod(w.period);
  int64_t points = (w.end - w.start + w.period - 1) / w.period;
  if (points > kMaxStatisticsDatapoints)
    ThrowApiError(400, "InvalidParameterCombination",
                  fmt::format("You have requested up to {} datapoints, which exceeds the limit of {}. You may reduce "
                              "the datapoints requested by increasing Period, or decreasing the time range.",
                              points, kMaxStatisticsDatapoints));
  std::vector<std::string> stats, extended;
  for (const auto& s : OptList(in, "Statistics")) stats.push_back(s.get<std::string>());
  for (const auto& s : OptList(in, "ExtendedStatistics")) extended.push_back(s.get<std::string>());
  if (stats.empty() && extended.empty())
    ThrowApiError(400, "MissingParameter", "Must specify either Statistics or ExtendedStatistics.");
  for (const auto& s : stats)
    if (s == "p" || IsPercentile(s)) InvalidValue("Statistics takes SampleCount, Average, Sum, Minimum or Maximum.");
  for (const auto& s : stats) CheckStat(s);
  for (const auto& s : extended)
    if (!IsPercentile(s)) InvalidValue(fmt::format("The extended statistic '{}' is not a percentile (pNN).", s));
  Json points_out = Json::array();
  for (const auto& [t, samples] :
       PeriodSamples(r, ns, OptString(in, "MetricName"), ParseDimensions(OptList(in, "Dimensions")), w)) {
    Json dp{{"Timestamp", RenderTime(t, json_protocol)}};
    for (const auto& s : stats) dp[s] = Statistic(samples, s);
    if (!extended.empty()) {
      Json ext = Json::object();
      for (const auto& s : extended) ext[s] = Statistic(samples, s);
      // The query protocol renders maps as entry/key/value.
      if (json_protocol) {
        dp["ExtendedStatistics"] = ext;
      } else {
        Json entries = Json::array();
        for (const auto& [k, v] : ext.items()) entries.push_back(Json{{"key", k}, {"value", v}});
        dp["ExtendedStatistics"] = entries;
      }
    }
    dp["Unit"] = UnitOf(metric);
    points_out.push_back(dp);
  }
  return Json{{"Label", metric}, {"Datapoints", points_out}};
}

Json GetMetricData(Elbv2Region& r, const Json& in, bool json_protocol) {
  Json queries = OptList(in, "MetricDataQueries");
  if (queries.empty()) Missing("MetricDataQueries");
  if (queries.size() > 500) InvalidValue("MetricDataQueries takes at most 500 queries.");
  Window w = ParseWindow(in);
  int grid_period = 0;  // FILL's grid: the first metric stat's period
  std::string scan = OptString(in, "ScanBy", "TimestampDescending");
  if (scan != "TimestampDescending" && scan != "TimestampAscending")
    InvalidValue("ScanBy must be TimestampDescending or TimestampAscending.");
  std::map<std::string, MathSeries> series;                // by query id
  std::vector<std::pair<const Json*, std::string>> order;  // query, label
  // Metric stats first, then expressions (which may refer to them).
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& q : queries) {
      const std::string& id = RequireString(q, "Id");
      if (!std::islower(static_cast<unsigned char>(id[0])))
        InvalidValue(
            fmt::format("The value {} for parameter MetricDataQueries.member.Id is invalid: it must start "
                        "with a lower-case letter.",
                        id));
      bool is_expr = q.contains("Expression");
      if (is_expr == q.contains("MetricStat"))
        ThrowApiError(400, "InvalidParameterCombination",
                      fmt::format("Query {} needs exactly one of MetricStat and Expression.", id));
      if (static_cast<int>(is_expr) != pass) continue;
      if (series.count(id)) InvalidValue(fmt::format("The query id {} is used twice.", id));
      std::string label = OptString(q, "Label", id);
      if (!is_expr) {
        const Json& stat = q["MetricStat"];
        const Json metric = stat.contains("Metric") ? stat["Metric"] : Json::object();
        std::string name = OptString(metric, "MetricName");
        if (name.empty()) Missing("MetricDataQueries.member.MetricStat.Metric.MetricName");
        std::string st = RequireString(stat, "Stat");
        CheckStat(st);
        Window qw = w;
        qw.period = OptInt(stat, "Period", 0);
        CheckPeriod(qw.period);
        if (grid_period == 0) grid_period = qw.period;
        if ((w.end - w.start) / qw.period > kMaxMetricDataDatapoints)
          InvalidValue(
              fmt::format("Query {} asks for more than {} datapoints; increase Period.", id, kMaxMetricDataDatapoints));
        MathSeries s;
        for (const auto& [t, samples] :
             PeriodSamples(r, OptString(metric, "Namespace"), name, ParseDimensions(OptList(metric, "Dimensions")), qw))
          s[t] = Statistic(samples, st);
        series[id] = std::move(s);
        if (!q.contains("Label")) label = name;
      } else {
        series[id] = EvaluateMetricMath(RequireString(q, "Expression"), series, w.start, w.end, grid_period);
      }
      order.emplace_back(&q, label);
    }
  }
  Json results = Json::array();
  for (const auto& q : queries) {
    std::string id = q["Id"];
    std::string rd = q.contains("ReturnData")
                         ? (q["ReturnData"].is_boolean() ? (q["ReturnData"].get<bool>() ? "true" : "false")
                                                         : ToLower(OptString(q, "ReturnData")))
                         : "true";
    if (rd == "false") continue;
    std::string label;
    for (const auto& [qp, l] : order)
      if (qp == &q) label = l;
    Json ts = Json::array(), vs = Json::array();
    const MathSeries& s = series[id];
    auto emit = [&](int64_t t, double v) {
      ts.push_back(RenderTime(t, json_protocol));
      vs.push_back(v);
    };
    if (scan == "TimestampAscending")
      for (const auto& [t, v] : s) emit(t, v);
    else
      for (auto it = s.rbegin(); it != s.rend(); ++it) emit(it->first, it->second);
    results.push_back(
        Json{{"Id", id}, {"Label", label}, {"Timestamps", ts}, {"Values", vs}, {"StatusCode", "Complete"}});
  }
  return Json{{"MetricDataResults", results}, {"Messages", Json::array()}};
}

}  // namespace

std::map<int64_t, double> MetricSeries(Elbv2Region& r, const std::string& ns, const std::string& metric,
                                       const Json& dimensions, const std::string& stat, int period, int64_t start,
                                       int64_t end) {
  Window w;
  w.start = start;
  w.end = end;
  w.period = period;
  std::map<int64_t, double> out;
  for (const auto& [t, samples] : PeriodSamples(r, ns, metric, ParseDimensions(dimensions), w))
    out[t] = Statistic(samples, stat);
  return out;
}

bool IsCloudWatchOperation(const std::string& op) {
  return op == "GetMetricData" || op == "GetMetricStatistics" || IsCloudWatchAlarmOperation(op);
}

Json HandleCloudWatch(Elbv2Store& store, World& world, const std::string& op, const Json& input,
                      const RequestContext& ctx, bool json_protocol) {
  Elbv2Region& r = store.At(ctx.account_id, ctx.region);
  SettleTraffic(r, world.now());
  if (op == "GetMetricData") return GetMetricData(r, input, json_protocol);
  if (op == "GetMetricStatistics") return GetMetricStatistics(r, input, json_protocol);
  if (IsCloudWatchAlarmOperation(op)) return HandleCloudWatchAlarm(r, world, op, input, ctx, json_protocol);
  ThrowApiError(400, "InvalidAction", "Could not find operation " + op + " for version 2010-08-01");
}

QueryServiceSpec MakeCloudWatchQueryService(Elbv2Store& store) {
  QueryServiceSpec spec;
  spec.signing_name = "monitoring";
  spec.version = "2010-08-01";
  spec.xmlns = kCloudWatchXmlns;
  spec.has_operation = IsCloudWatchOperation;
  spec.handle = [&store](World& world, const std::string& op, const QueryParams& params, const RequestContext& ctx) {
    return JsonToQueryXml(HandleCloudWatch(store, world, op, QueryParamsToJson(params), ctx, false));
  };
  return spec;
}

JsonServiceSpec MakeCloudWatchJsonService(Elbv2Store& store) {
  JsonServiceSpec spec;
  spec.signing_name = "monitoring";
  spec.target_prefix = kCloudWatchTargetPrefix;
  spec.content_type = "application/x-amz-json-1.0";
  spec.has_operation = IsCloudWatchOperation;
  spec.query_compatible = true;
  spec.handle = [&store](World& world, const std::string& op, const Json& input, const RequestContext& ctx) {
    return HandleCloudWatch(store, world, op, input, ctx, true);
  };
  return spec;
}

}  // namespace berth::sim
