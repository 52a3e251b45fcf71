#include "sim/elbv2/traffic.h"

#include <algorithm>
#include <set>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/timestamp.h"
#include "sim/elbv2/health.h"

namespace berth::sim {
namespace {

struct WeightedGroup {
  std::string arn;
  double weight = 1;
};

// The target groups one action forwards to, with their weights (a plain
// TargetGroupArn forward is one group of weight 1; other actions none).
std::vector<WeightedGroup> ForwardGroups(const Json& action) {
  std::vector<WeightedGroup> out;
  if (action.value("Type", "") != "forward") return out;
  if (auto fc = action.find("ForwardConfig"); fc != action.end() && fc->is_object())
    if (auto tgs = fc->find("TargetGroups"); tgs != fc->end() && tgs->is_array())
      for (const auto& g : *tgs) {
        double w = g.contains("Weight") && g["Weight"].is_number() ? g["Weight"].get<double>() : 1.0;
        out.push_back({g.value("TargetGroupArn", ""), w});
      }
  if (out.empty() && !action.value("TargetGroupArn", "").empty()) out.push_back({action["TargetGroupArn"], 1.0});
  return out;
}

// The targets of `tg` that ELB sends requests to at `at` (see traffic.h): the
// healthy ones, else (fail-open) the unhealthy ones, else none.
std::vector<const ElbTarget*> Routable(const ElbTargetGroup& tg, SystemTime at) {
  std::vector<const ElbTarget*> healthy, unhealthy;
  for (const ElbTarget& t : tg.targets) {
    if (at < t.registered_at) continue;
    TargetCondition c = ConditionAt(tg, t, at);
    if (c == TargetCondition::kHealthy || c == TargetCondition::kUnchecked) healthy.push_back(&t);
    if (c == TargetCondition::kUnhealthy) unhealthy.push_back(&t);
  }
  return healthy.empty() ? unhealthy : healthy;
}

// Every instant in (from, to) at which routing may change, and the minute
// boundaries, ascending, with `from` first and `to` last.
std::vector<SystemTime> Breakpoints(const Elbv2Region& r, SystemTime from, SystemTime to) {
  std::vector<SystemTime> points{from, to};
  auto add = [&](SystemTime t) {
    if (t > from && t < to) points.push_back(t);
  };
  for (int64_t m = EpochMillis(from) / 60000 + 1; m * 60000 < EpochMillis(to); ++m)
    points.push_back(SystemTime(std::chrono::milliseconds(m * 60000)));
  for (const auto& lb : r.load_balancers) add(lb.created_at);
  for (const auto& tg : r.target_groups) {
    add(tg.created_at);
    for (const auto& t : tg.targets) {
      add(t.registered_at);
      add(t.registered_at + std::chrono::seconds(tg.health_check_interval));
      add(VerdictAt(tg, t));
      if (t.draining_since) add(*t.draining_since);
    }
  }
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  return points;
}

ElbTargetGroup* FindGroup(Elbv2Region& r, const std::string& arn) {
  for (auto& tg : r.target_groups)
    if (tg.arn == arn) return &tg;
  return nullptr;
}

// Accounts the traffic of [a, b), an interval inside one minute over which no
// target changes condition.
void AddSegment(Elbv2Region& r, SystemTime a, SystemTime b) {
  int64_t minute = EpochMillis(a) / 60000;
  double seconds = static_cast<double>(EpochMillis(b) - EpochMillis(a)) / 1000.0;
  for (auto& lb : r.load_balancers)
    if (lb.created_at <= a) lb.traffic.minutes[minute];  // the load balancer existed: RequestCount is reported
  std::set<const ElbTargetGroup*> counted;               // target_seconds once per group
  for (const auto& l : r.listeners) {
    ElbLoadBalancer* lb = nullptr;
    for (auto& candidate : r.load_balancers)
      if (candidate.arn == l.load_balancer_arn) lb = &candidate;
    for (const auto& rule : l.rules)
      for (const auto& action : rule.actions) {
        std::vector<WeightedGroup> groups = ForwardGroups(action);
        double total = 0;
        for (const auto& g : groups) total += std::max(0.0, g.weight);
        if (total <= 0) continue;
        for (const auto& g : groups) {
          if (g.weight <= 0) continue;
          double requests = kRequestsPerRuleSecond * seconds * g.weight / total;
          ElbTargetGroup* tg = FindGroup(r, g.arn);
          std::vector<const ElbTarget*> targets;
          if (tg != nullptr) targets = Routable(*tg, a);
          if (targets.empty()) {
            if (lb != nullptr) lb->traffic.minutes[minute].elb_5xx += requests;
            if (tg != nullptr) tg->traffic.minutes[minute];  // forwarded to: RequestCount 0 is reported
            continue;
          }
          TrafficMinute& bucket = tg->traffic.minutes[minute];
          double each = requests / static_cast<double>(targets.size());
          for (const ElbTarget* t : targets) {
            double error_share = t->fails_health_checks ? 1.0 : std::clamp(t->error_percent, 0, 100) / 100.0;
            bucket.requests += each;
            bucket.errors += each * error_share;
            bucket.response_time_sum += each * kTargetResponseSeconds;
          }
          if (counted.insert(tg).second) bucket.target_seconds += seconds * static_cast<double>(targets.size());
        }
      }
  }
}

}  // namespace

void SettleTraffic(Elbv2Region& r, SystemTime now) {
  if (r.traffic_settled_to == SystemTime{})  // a state file from before the region kept it
    for (const auto& tg : r.target_groups) r.traffic_settled_to = std::max(r.traffic_settled_to, tg.traffic.settled_to);
  SystemTime from = std::max(r.traffic_settled_to, now - std::chrono::minutes(kTrafficRetentionMinutes));
  if (now <= from) return;
  std::vector<SystemTime> points = Breakpoints(r, from, now);
  for (size_t i = 0; i + 1 < points.size(); ++i) AddSegment(r, points[i], points[i + 1]);
  r.traffic_settled_to = now;
  for (auto& tg : r.target_groups) tg.traffic.settled_to = now;
  int64_t oldest = EpochMillis(now) / 60000 - kTrafficRetentionMinutes;
  for (auto& tg : r.target_groups)
    tg.traffic.minutes.erase(tg.traffic.minutes.begin(), tg.traffic.minutes.lower_bound(oldest));
  for (auto& lb : r.load_balancers)
    lb.traffic.minutes.erase(lb.traffic.minutes.begin(), lb.traffic.minutes.lower_bound(oldest));
}

std::string TargetGroupDimension(const std::string& tg_arn) {
  auto pos = tg_arn.find(":targetgroup/");
  return pos == std::string::npos ? tg_arn : tg_arn.substr(pos + 1);
}

std::string LoadBalancerDimension(const std::string& lb_arn) {
  auto pos = lb_arn.find(":loadbalancer/");
  return pos == std::string::npos ? lb_arn : lb_arn.substr(pos + 14);
}

}  // namespace berth::sim
