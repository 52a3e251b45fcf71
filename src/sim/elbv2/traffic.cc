#include "sim/elbv2/traffic.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/timestamp.h"

namespace berth::sim {
namespace {

// Share of `tg_arn` in one forward action (0 when the action does not reach it).
double ActionShare(const Json& action, const std::string& tg_arn) {
  if (action.value("Type", "") != "forward") return 0;
  const Json* groups = nullptr;
  if (auto fc = action.find("ForwardConfig"); fc != action.end() && fc->is_object())
    if (auto tgs = fc->find("TargetGroups"); tgs != fc->end() && tgs->is_array()) groups = &*tgs;
  if (groups == nullptr || groups->empty()) return action.value("TargetGroupArn", "") == tg_arn ? 1.0 : 0.0;
  double total = 0, mine = 0;
  for (const auto& g : *groups) {
    double w = g.contains("Weight") && g["Weight"].is_number() ? g["Weight"].get<double>() : 1.0;
    total += w;
    if (g.value("TargetGroupArn", "") == tg_arn) mine += w;
  }
  return total > 0 ? mine / total : 0.0;
}

}  // namespace

double TrafficShare(const Elbv2Region& r, const std::string& tg_arn) {
  double share = 0;
  for (const auto& l : r.listeners)
    for (const auto& rule : l.rules)
      for (const auto& a : rule.actions) share = std::max(share, ActionShare(a, tg_arn));
  return share;
}

void SettleTraffic(const Elbv2Region& r, ElbTargetGroup& tg, SystemTime now) {
  TargetGroupTraffic& tr = tg.traffic;
  SystemTime from = std::max({tr.settled_to, tg.created_at, now - std::chrono::minutes(kTrafficRetentionMinutes)});
  if (now <= from) return;
  double share = TrafficShare(r, tg.arn);
  if (share > 0) {
    auto health_delay =
        std::chrono::seconds(tg.health_check_enabled ? tg.health_check_interval * tg.healthy_threshold : 0);
    for (const ElbTarget& t : tg.targets) {
      if (t.fails_health_checks && tg.health_check_enabled) continue;
      int64_t start = EpochMillis(std::max(from, t.registered_at + health_delay));
      int64_t end = EpochMillis(std::min(now, t.draining_since.value_or(now)));
      double rate = kRequestsPerTargetSecond * share;  // per second
      while (start < end) {
        int64_t minute = start / 60000;
        int64_t seg_end = std::min(end, (minute + 1) * 60000);
        double requests = rate * static_cast<double>(seg_end - start) / 1000.0;
        TrafficMinute& b = tr.minutes[minute];
        b.requests += requests;
        b.errors += requests * std::clamp(t.error_percent, 0, 100) / 100.0;
        b.response_time_sum += requests * kTargetResponseSeconds;
        b.target_seconds += static_cast<double>(seg_end - start) / 1000.0;
        start = seg_end;
      }
    }
  }
  tr.settled_to = now;
  int64_t oldest = EpochMillis(now) / 60000 - kTrafficRetentionMinutes;
  tr.minutes.erase(tr.minutes.begin(), tr.minutes.lower_bound(oldest));
}

void SettleTraffic(Elbv2Region& r, SystemTime now) {
  for (auto& tg : r.target_groups) SettleTraffic(r, tg, now);
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
