// World <-> JSON: the admin state dump and the --state file (format documented
// in docs/sim.md, "State file"). Field names follow the C++ members; the
// document carries a format version so later simulators can migrate it.
#include <nlohmann/json.hpp>

#include "sim/wire/json_io.h"
#include "sim/world/world.h"

namespace berth::sim {

BERTH_SIM_JSON(TaskDefinitionRecord, document, tags)
BERTH_SIM_JSON(Task, id, arn, cluster_arn, task_definition_arn, service, started_by, group, launch_type, last_status,
               desired_status, health_status, has_health_check, healthy, reached_running, created_at, next_transition,
               health_due, pull_started_at, pull_stopped_at, started_at, stopping_at, stopped_at, stopped_reason,
               stop_code, exit_code, container_reason, containers, cpu, memory, tags, overrides, version,
               exits_on_start, exit_code_on_start, fails_health_checks, extra_start_seconds,
               health_check_detect_seconds, exits_after_seconds, exits_at, pull_failure_image, announce_stop,
               replace_reason, stop_timeout_seconds, execution_stopped_at, private_ip, subnet_id, eni_id, mac_address)
BERTH_SIM_JSON(Deployment, id, status, task_definition_arn, desired_count, pending_count, running_count, failed_tasks,
               created_at, updated_at, launch_type, platform_version, network_configuration, rollout_state,
               rollout_state_reason, breaker_stage, breaker_failures, deployment_configuration,
               service_deployment_status, service_deployment_reason, finished_at, rollback_started_at, rollback_reason,
               rollback_of, source_task_definitions, triggered_alarms, alarms_in_alarm_at_start, bake_started_at,
               bake_seconds, config_stall_reported, source_deployment_ids, rollback_target, frozen_revisions)
BERTH_SIM_JSON(TaskSet, id, arn, status, task_definition_arn, external_id, started_by, scale_value, scale_unit,
               computed_desired_count, pending_count, running_count, stability_status, stability_status_at, created_at,
               updated_at, launch_type, platform_version, network_configuration, load_balancers, service_registries,
               tags)
BERTH_SIM_JSON(ServiceEvent, id, created_at, message)
BERTH_SIM_JSON(Service, name, arn, cluster_arn, status, desired_count, task_definition_arn, controller, launch_type,
               platform_version, scheduling_strategy, deployment_configuration, load_balancers, service_registries,
               network_configuration, health_check_grace_period_seconds, passthrough, tags, created_by, created_at,
               events, deployments, task_sets, steady, last_steady_event, start_failures, launch_not_before)
BERTH_SIM_JSON(Cluster, name, arn, status, tags, settings, passthrough, services, tasks)
BERTH_SIM_JSON(EcsRegion, region, account_id, next_ip, clusters, families)
BERTH_SIM_JSON(ImageBehaviour, kind, start_seconds, error_percent, exit_code)

namespace {
constexpr int kStateFormatVersion = 1;
}

Json World::ToJson() const {
  Json behaviours = Json::object();
  for (const auto& [image, b] : behaviours_) {
    Json j = b;
    j["kind"] = std::string(BehaviourKindName(b.kind));
    behaviours[image] = j;
  }
  return Json{{"format", "berth-sim-state"},
              {"version", kStateFormatVersion},
              {"now", now_},
              {"account_id", account_id_},
              {"regions", regions_},
              {"behaviours", behaviours},
              {"ids", ids_.SaveState()}};
}

Status World::FromJson(const Json& doc) {
  if (!doc.is_object() || doc.value("format", "") != "berth-sim-state")
    return InvalidArgument("not a berth sim state file (missing \"format\": \"berth-sim-state\")");
  if (doc.value("version", 0) > kStateFormatVersion)
    return InvalidArgument("the state file was written by a newer berth; upgrade berth or start without --state");
  try {
    auto regions = doc.at("regions").get<std::map<std::string, EcsRegion>>();
    std::map<std::string, ImageBehaviour> behaviours;
    Json saved_behaviours = doc.contains("behaviours") ? doc["behaviours"] : Json::object();
    for (const auto& [image, j] : saved_behaviours.items()) {
      Json copy = j;
      auto kind = ParseBehaviourKind(j.value("kind", "healthy"));
      copy["kind"] = static_cast<int>(kind.value_or(ImageBehaviour::Kind::kHealthy));
      behaviours[image] = copy.get<ImageBehaviour>();
    }
    // Files written before "ids" was saved restart the sequence from a seed
    // mixed with the saved time, so new ids do not replay the saved ones.
    IdSource ids(ids_.Next() ^ static_cast<uint64_t>(doc.at("now").get<SystemTime>().time_since_epoch().count()));
    if (doc.contains("ids") && doc["ids"].is_string() && !ids.LoadState(doc["ids"].get<std::string>())) {
      return InvalidArgument("malformed berth sim state file: \"ids\" is not a saved id generator state");
    }
    regions_ = std::move(regions);
    behaviours_ = std::move(behaviours);
    ids_ = ids;
    SystemTime saved = doc.at("now").get<SystemTime>();
    // Resume exactly where the saved world stopped, not wherever the new
    // process's clock happens to be: nothing may happen to the saved world
    // that did not happen before it was saved.
    clock_.ResumeAt(saved);
    now_ = saved;
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgument(std::string("malformed berth sim state file: ") + e.what());
  }
  return Status::Ok();
}

}  // namespace berth::sim
