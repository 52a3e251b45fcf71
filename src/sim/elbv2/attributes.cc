// Target group attributes: AWS's keys and defaults per kind of target group,
// DescribeTargetGroupAttributes and ModifyTargetGroupAttributes. The keys,
// defaults and ranges are those of the API reference's TargetGroupAttribute
// (botocore elbv2 2015-12-01 `TargetGroupAttribute.Key`). Only
// deregistration_delay.timeout_seconds changes what the simulator does
// (draining); the others are validated, stored and echoed back.
#include <algorithm>
#include <initializer_list>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/elbv2/internal.h"
#include "sim/wire/api_error.h"

namespace berth::sim::elbv2 {
namespace {

constexpr std::string_view kDeregistrationDelay = "deregistration_delay.timeout_seconds";

bool IsNetworkProtocol(const std::string& p) {
  return p == "TCP" || p == "UDP" || p == "TLS" || p == "TCP_UDP";
}

std::optional<long> ToInt(const std::string& v) {
  if (v.empty() || v.size() > 9 || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  return std::stol(v);
}

// How one attribute's value is checked; returns what is wrong, or "".
using Check = std::string (*)(const std::string&);

std::string Bool(const std::string& v) {
  return v == "true" || v == "false" ? "" : "must be true or false";
}
std::string Seconds0To3600(const std::string& v) {
  auto n = ToInt(v);
  return n && *n <= 3600 ? "" : "must be an integer from 0 to 3600";
}
std::string CookieSeconds(const std::string& v) {
  auto n = ToInt(v);
  return n && *n >= 1 && *n <= 604800 ? "" : "must be an integer from 1 to 604800";
}
std::string SlowStart(const std::string& v) {
  auto n = ToInt(v);
  return n && (*n == 0 || (*n >= 30 && *n <= 900)) ? "" : "must be 0 (disabled) or an integer from 30 to 900";
}
std::string DrainingInterval(const std::string& v) {
  auto n = ToInt(v);
  return n && *n <= 360000 ? "" : "must be an integer from 0 to 360000";
}
std::string CountOrOff(const std::string& v) {
  auto n = ToInt(v);
  return v == "off" || (n && *n >= 1) ? "" : "must be off or an integer of at least 1";
}
std::string Count(const std::string& v) {
  auto n = ToInt(v);
  return n && *n >= 1 ? "" : "must be an integer of at least 1";
}
std::string PercentOrOff(const std::string& v) {
  auto n = ToInt(v);
  return v == "off" || (n && *n >= 1 && *n <= 100) ? "" : "must be off or an integer from 1 to 100";
}
std::string AlbStickinessType(const std::string& v) {
  return v == "lb_cookie" || v == "app_cookie" ? "" : "must be lb_cookie or app_cookie";
}
std::string NlbStickinessType(const std::string& v) {
  return v == "source_ip" ? "" : "must be source_ip";
}
std::string Algorithm(const std::string& v) {
  return v == "round_robin" || v == "least_outstanding_requests" || v == "weighted_random"
             ? ""
             : "must be round_robin, least_outstanding_requests or weighted_random";
}
std::string OnOff(const std::string& v) {
  return v == "on" || v == "off" ? "" : "must be on or off";
}
std::string CrossZone(const std::string& v) {
  return v == "true" || v == "false" || v == "use_load_balancer_configuration"
             ? ""
             : "must be true, false or use_load_balancer_configuration";
}
std::string CookieName(const std::string& v) {
  for (const char* reserved : {"AWSALB", "AWSALBAPP", "AWSALBTG"})
    if (v.rfind(reserved, 0) == 0) return "must not start with AWSALB, AWSALBAPP or AWSALBTG";
  return "";
}

struct Spec {
  std::string_view key, default_value;  // string literals
  Check check;
};

// The attributes of `tg` with their defaults, in the API reference's order.
std::vector<Spec> SpecsFor(const ElbTargetGroup& tg) {
  std::vector<Spec> out = {{kDeregistrationDelay, "300", Seconds0To3600}, {"stickiness.enabled", "false", Bool}};
  bool network = IsNetworkProtocol(tg.protocol);
  bool udp = tg.protocol == "UDP" || tg.protocol == "TCP_UDP";
  if (network) {
    out.push_back({"stickiness.type", "source_ip", NlbStickinessType});
  } else {
    out.push_back({"stickiness.type", "lb_cookie", AlbStickinessType});
  }
  out.push_back({"load_balancing.cross_zone.enabled", "use_load_balancer_configuration", CrossZone});
  out.push_back({"target_group_health.dns_failover.minimum_healthy_targets.count", "1", CountOrOff});
  out.push_back({"target_group_health.dns_failover.minimum_healthy_targets.percentage", "off", PercentOrOff});
  out.push_back({"target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", "1", Count});
  out.push_back(
      {"target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage", "off", PercentOrOff});
  if (network) {
    out.push_back({"deregistration_delay.connection_termination.enabled", udp ? "true" : "false", Bool});
    bool preserve_off = tg.target_type == "ip" && (tg.protocol == "TCP" || tg.protocol == "TLS");
    out.push_back({"preserve_client_ip.enabled", preserve_off ? "false" : "true", Bool});
    out.push_back({"proxy_protocol_v2.enabled", "false", Bool});
    out.push_back({"target_health_state.unhealthy.connection_termination.enabled", "true", Bool});
    out.push_back({"target_health_state.unhealthy.draining_interval_seconds", "0", DrainingInterval});
  } else {
    out.push_back({"load_balancing.algorithm.type", "round_robin", Algorithm});
    out.push_back({"load_balancing.algorithm.anomaly_mitigation", "off", OnOff});
    out.push_back({"slow_start.duration_seconds", "0", SlowStart});
    out.push_back({"stickiness.app_cookie.cookie_name", "", CookieName});
    out.push_back({"stickiness.app_cookie.duration_seconds", "86400", CookieSeconds});
    out.push_back({"stickiness.lb_cookie.duration_seconds", "86400", CookieSeconds});
  }
  return out;
}

std::string ValueOf(const ElbTargetGroup& tg, const Spec& spec) {
  if (spec.key == kDeregistrationDelay) return std::to_string(tg.deregistration_delay);
  const std::string key(spec.key);
  if (tg.attributes.contains(key) && tg.attributes[key].is_string()) return tg.attributes[key];
  return std::string(spec.default_value);
}

}  // namespace

Json TargetGroupAttributes(const ElbTargetGroup& tg) {
  Json list = Json::array();
  for (const Spec& spec : SpecsFor(tg))
    list.push_back(Json{{"Key", std::string(spec.key)}, {"Value", ValueOf(tg, spec)}});
  return Json{{"Attributes", list}};
}

Json ModifyTargetGroupAttributes(Elbv2Region& r, const Json& in) {
  ElbTargetGroup& tg = FindTargetGroup(r, RequireString(in, "TargetGroupArn"));
  Json given = OptList(in, "Attributes");
  if (given.empty())
    ThrowValidation(
        "1 validation error detected: Value null at 'attributes' failed to satisfy constraint: Member must not be "
        "null");
  std::vector<Spec> specs = SpecsFor(tg);
  std::vector<std::pair<std::string, std::string>> changes;
  // Every attribute is checked before any is applied: AWS refuses the whole call.
  for (const auto& a : given) {
    std::string key = OptString(a, "Key"), value = OptString(a, "Value");
    auto spec = std::find_if(specs.begin(), specs.end(), [&](const Spec& s) { return s.key == key; });
    if (spec == specs.end()) ThrowValidation(fmt::format("Target group attribute key '{}' is not recognized", key));
    if (std::string wrong = spec->check(value); !wrong.empty())
      ThrowValidation(fmt::format("Target group attribute '{}' value '{}' is not valid: it {}", key, value, wrong));
    changes.emplace_back(key, value);
  }
  for (const auto& [key, value] : changes) {
    if (key == kDeregistrationDelay)
      tg.deregistration_delay = static_cast<int>(*ToInt(value));
    else
      tg.attributes[key] = value;
  }
  return TargetGroupAttributes(tg);
}

}  // namespace berth::sim::elbv2
