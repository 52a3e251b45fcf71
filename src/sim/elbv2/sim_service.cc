#include "sim/elbv2/sim_service.h"

#include <nlohmann/json.hpp>

#include "sim/elbv2/api.h"
#include "sim/wire/json_io.h"

namespace berth::sim {

BERTH_SIM_JSON(ElbTarget, id, port, availability_zone, registered_at, draining_since, fails_health_checks, task_arn,
               error_percent)
BERTH_SIM_JSON(TrafficMinute, requests, errors, response_time_sum, target_seconds)
BERTH_SIM_JSON(TargetGroupTraffic, settled_to, minutes)
BERTH_SIM_JSON(LoadBalancerMinute, elb_5xx)
BERTH_SIM_JSON(LoadBalancerTraffic, minutes)
BERTH_SIM_JSON(ElbTargetGroup, arn, name, protocol, protocol_version, vpc_id, target_type, port, health_check_protocol,
               health_check_port, health_check_path, health_check_enabled, health_check_interval, health_check_timeout,
               healthy_threshold, unhealthy_threshold, matcher, deregistration_delay, attributes, targets, tags,
               created_at, traffic)
BERTH_SIM_JSON(ElbRule, arn, priority, conditions, actions)
BERTH_SIM_JSON(ElbListener, arn, load_balancer_arn, protocol, port, rules, tags)
BERTH_SIM_JSON(ElbLoadBalancer, arn, name, dns_name, scheme, type, vpc_id, ip_address_type, subnets, security_groups,
               tags, created_at, traffic)
BERTH_SIM_JSON(MetricAlarm, name, arn, description, metric_namespace, metric_name, statistic, extended_statistic, unit,
               dimensions, period, evaluation_periods, datapoints_to_alarm, threshold, comparison_operator,
               treat_missing_data, actions_enabled, ok_actions, alarm_actions, insufficient_data_actions, state_value,
               state_reason, state_reason_data, configuration_updated_at, state_updated_at, evaluated_minute)
BERTH_SIM_JSON(Elbv2Region, load_balancers, target_groups, listeners, alarms, traffic_settled_to)

namespace {

class Elbv2SimService final : public SimService {
 public:
  explicit Elbv2SimService(std::shared_ptr<Elbv2Store> store) : store_(std::move(store)) {}
  std::string_view name() const override { return "elbv2"; }
  void Register(Dispatcher& dispatcher, RateLimiter& limiter) override {
    dispatcher.AddQueryService(MakeElbv2Service(*store_, limiter));
    DefineElbv2RateLimits(limiter);
  }
  std::shared_ptr<TaskLifecycleHooks> Hooks() override { return MakeElbv2Hooks(*store_); }
  std::optional<Json> StateToJson() const override { return Json{{"regions", store_->regions}}; }
  Status StateFromJson(const Json& doc) override {
    return ParseState(name(), [&] { store_->regions = doc.at("regions").get<std::map<std::string, Elbv2Region>>(); });
  }
  void Clear() override { store_->regions.clear(); }
  void SeedDemo(World& world, const std::string& account, const std::string& region) override {
    SeedElbv2Demo(*store_, world, account, region);
  }

 private:
  std::shared_ptr<Elbv2Store> store_;
};

}  // namespace

std::unique_ptr<SimService> MakeElbv2SimService(std::shared_ptr<Elbv2Store> store) {
  return std::make_unique<Elbv2SimService>(std::move(store));
}

}  // namespace berth::sim
