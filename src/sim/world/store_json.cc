#include "sim/world/store_json.h"

#include <nlohmann/json.hpp>

#include "sim/wire/json_io.h"

namespace berth::sim {

BERTH_SIM_JSON(ElbTarget, id, port, availability_zone, registered_at, draining_since, fails_health_checks, task_arn,
               error_percent)
BERTH_SIM_JSON(TrafficMinute, requests, errors, response_time_sum)
BERTH_SIM_JSON(TargetGroupTraffic, settled_to, minutes)
BERTH_SIM_JSON(ElbTargetGroup, arn, name, protocol, protocol_version, vpc_id, target_type, port, health_check_protocol,
               health_check_port, health_check_path, health_check_enabled, health_check_interval, health_check_timeout,
               healthy_threshold, unhealthy_threshold, matcher, deregistration_delay, targets, tags, created_at,
               traffic)
BERTH_SIM_JSON(ElbRule, arn, priority, conditions, actions)
BERTH_SIM_JSON(ElbListener, arn, load_balancer_arn, protocol, port, rules, tags)
BERTH_SIM_JSON(ElbLoadBalancer, arn, name, dns_name, scheme, type, vpc_id, ip_address_type, subnets, security_groups,
               tags, created_at)
BERTH_SIM_JSON(MetricAlarm, name, arn, description, metric_namespace, metric_name, statistic, extended_statistic, unit,
               dimensions, period, evaluation_periods, datapoints_to_alarm, threshold, comparison_operator,
               treat_missing_data, actions_enabled, ok_actions, alarm_actions, insufficient_data_actions, state_value,
               state_reason, state_reason_data, configuration_updated_at, state_updated_at, evaluated_minute)
BERTH_SIM_JSON(Elbv2Region, load_balancers, target_groups, listeners, alarms)
BERTH_SIM_JSON(EcrImage, digest, manifest, media_type, tags, pushed_at)
BERTH_SIM_JSON(EcrRepository, name, arn, uri, tag_mutability, created_at, images, tags)

Json Elbv2StoreToJson(const Elbv2Store& store) {
  return Json{{"regions", store.regions}};
}

Status Elbv2StoreFromJson(const Json& doc, Elbv2Store& store) {
  try {
    auto regions = doc.at("regions").get<std::map<std::string, Elbv2Region>>();
    store.regions = std::move(regions);
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgument(std::string("malformed \"elbv2\" section in the berth sim state file: ") + e.what());
  }
  return Status::Ok();
}

Json EcrStoreToJson(const EcrStore& store) {
  return Json{{"regions", store.regions}, {"passwords", store.passwords}};
}

Status EcrStoreFromJson(const Json& doc, EcrStore& store) {
  try {
    auto regions = doc.at("regions").get<std::map<std::string, std::map<std::string, EcrRepository>>>();
    std::map<std::string, SystemTime> passwords;
    if (doc.contains("passwords")) passwords = doc["passwords"].get<std::map<std::string, SystemTime>>();
    store.regions = std::move(regions);
    store.passwords = std::move(passwords);
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgument(std::string("malformed \"ecr\" section in the berth sim state file: ") + e.what());
  }
  return Status::Ok();
}

}  // namespace berth::sim
