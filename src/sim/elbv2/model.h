// The simulated ELBv2 state of the whole simulator: per account and Region,
// load balancers, target groups (with their registered targets), listeners
// and rules. Documents the scheduler does not interpret (actions, conditions,
// tags) are kept as JSON in the model's own member names, so they render
// straight back to query-protocol XML.
//
// Target health is not stepped: it is a function of the registration time,
// the health-check settings and world.now() (see elbv2_targets.cc), so it
// follows simulated time without a ticker.
//
// Thread-safety: none; every access happens under the World's lock (service
// handlers and TaskLifecycleHooks both run under it).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/json.h"

namespace berth::sim {

struct ElbTarget {
  std::string id;  // IP address (target type ip) or instance id
  int port = 0;
  std::string availability_zone;
  SystemTime registered_at{};
  std::optional<SystemTime> draining_since;
  bool fails_health_checks = false;  // decided by the image behaviour of the ECS task behind it
  std::string task_arn;              // "" for targets registered through the API
  int error_percent = 0;             // serve-errors image behaviour: share of requests answered with 5xx
};

// Simulated traffic of a target group, one bucket per minute (see
// elbv2_traffic.cc for the model): what CloudWatch's AWS/ApplicationELB
// metrics report.
struct TrafficMinute {
  double requests = 0;
  double errors = 0;             // answered 5xx by the target
  double response_time_sum = 0;  // seconds, summed over requests
  double target_seconds = 0;     // seconds healthy targets served, summed (RequestCountPerTarget)
};
struct TargetGroupTraffic {
  SystemTime settled_to{};                   // buckets are complete up to here
  std::map<int64_t, TrafficMinute> minutes;  // by epoch minute (epoch seconds / 60)
};

struct ElbTargetGroup {
  std::string arn, name, protocol = "HTTP", protocol_version = "HTTP1", vpc_id, target_type = "ip";
  int port = 80;
  std::string health_check_protocol = "HTTP", health_check_port = "traffic-port", health_check_path = "/";
  bool health_check_enabled = true;
  int health_check_interval = 30, health_check_timeout = 5, healthy_threshold = 5, unhealthy_threshold = 2;
  std::string matcher = "200";
  int deregistration_delay = 300;  // deregistration_delay.timeout_seconds, which draining follows
  // The other attributes set by ModifyTargetGroupAttributes (key -> value);
  // unset keys have AWS's defaults (elbv2_attributes.cc).
  Json attributes = Json::object();
  std::vector<ElbTarget> targets;
  Json tags = Json::array();
  SystemTime created_at{};
  TargetGroupTraffic traffic;
};

struct ElbRule {
  std::string arn;
  std::string priority;  // "1".."50000" or "default"
  Json conditions = Json::array();
  Json actions = Json::array();
  bool is_default() const { return priority == "default"; }
};

struct ElbListener {
  std::string arn, load_balancer_arn, protocol = "HTTP";
  int port = 80;
  std::vector<ElbRule> rules;  // the default rule first
  Json tags = Json::array();
};

struct ElbLoadBalancer {
  std::string arn, name, dns_name, scheme = "internet-facing", type = "application", vpc_id, ip_address_type = "ipv4";
  Json subnets = Json::array();
  Json security_groups = Json::array();
  Json tags = Json::array();
  SystemTime created_at{};
};

// A CloudWatch metric alarm (cloudwatch_alarms.cc). It lives beside the
// ELBv2 state because the only metrics it can watch are the simulated
// AWS/ApplicationELB ones, and so it is saved and cleared with that state.
struct MetricAlarm {
  std::string name, arn, description;
  std::string metric_namespace, metric_name, statistic, extended_statistic, unit;
  Json dimensions = Json::array();                                   // [{Name, Value}]
  int period = 60, evaluation_periods = 1, datapoints_to_alarm = 0;  // 0: EvaluationPeriods
  double threshold = 0;
  std::string comparison_operator = "GreaterThanThreshold", treat_missing_data = "missing";
  bool actions_enabled = true;
  Json ok_actions = Json::array(), alarm_actions = Json::array(), insufficient_data_actions = Json::array();
  std::string state_value = "INSUFFICIENT_DATA", state_reason = "Unchecked: Initial alarm creation", state_reason_data;
  SystemTime configuration_updated_at{}, state_updated_at{};
  // The metric was last evaluated (or the state last set) in this epoch minute;
  // the next evaluation happens on the first look in a later minute.
  int64_t evaluated_minute = 0;
};

struct Elbv2Region {
  std::vector<ElbLoadBalancer> load_balancers;  // creation order
  std::vector<ElbTargetGroup> target_groups;
  std::vector<ElbListener> listeners;
  std::map<std::string, MetricAlarm> alarms;  // CloudWatch alarms, by name
};

struct Elbv2Store {
  std::map<std::string, Elbv2Region> regions;  // "<account>/<region>"
  Elbv2Region& At(const std::string& account, const std::string& region) { return regions[account + "/" + region]; }
};

}  // namespace berth::sim
