// ECS services: CreateService, UpdateService, DeleteService, DescribeServices,
// ListServices, ListServiceDeployments, DescribeServiceDeployments.
#include <fmt/format.h>

#include "core/strings.h"
#include "sim/ecs/internal.h"

namespace berth::sim::ecs {
namespace {

// Members stored as given and returned by DescribeServices unchanged.
constexpr const char* kPassthrough[] = {
    "placementConstraints",        "placementStrategy",    "capacityProviderStrategy",
    "enableECSManagedTags",        "propagateTags",        "enableExecuteCommand",
    "serviceConnectConfiguration", "volumeConfigurations", "availabilityZoneRebalancing",
    "vpcLatticeConfigurations"};

// Passthrough members whose change starts a deployment (UpdateService API
// reference; volumeConfigurations: "update your volume configurations" there).
bool IsDeploymentTrigger(std::string_view member) {
  return member == "placementConstraints" || member == "placementStrategy" || member == "enableECSManagedTags" ||
         member == "propagateTags" || member == "volumeConfigurations";
}

// A trigger member's value with ECS's default when absent, so that sending
// the default (propagateTags NONE) is no change.
Json EffectiveValue(const Json& members, const char* k) {
  if (members.contains(k) && !members[k].is_null()) return members[k];
  std::string_view m = k;
  if (m == "propagateTags") return "NONE";
  if (m == "enableECSManagedTags") return false;
  return Json::array();
}

std::string RequireTaskDefinitionArn(EcsRegion& ecs, const std::string& ref) {
  TaskDefinitionRecord* td = FindTaskDefinition(ecs, ref);
  if (td == nullptr) ThrowClientException("TaskDefinition not found.");
  if (!td->active()) ThrowClientException(fmt::format("TaskDefinition is inactive"));
  return td->document.value("taskDefinitionArn", "");
}

// The network mode of a registered task definition ("" when it names none).
std::string NetworkModeOf(const TaskDefinitionRecord& td) {
  return td.document.value("networkMode", "");
}

// Refuses what ECS refuses about a service's networking and load balancers,
// with ECS's messages (docs/sim.md "ECS"): awsvpc without a network
// configuration, a containerName/containerPort the task definition does not
// map, and, checked against the load balancer hooks, a target group that does
// not exist, that no load balancer uses, or of target type instance for awsvpc.
void ValidateServiceNetworking(World& world, EcsRegion& ecs, const TaskDefinitionRecord& td, const Json& lbs,
                               const Json& network) {
  bool awsvpc = NetworkModeOf(td) == "awsvpc";
  if (awsvpc && !network.is_object())
    ThrowInvalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
  for (const auto& lb : lbs) {
    if (!lb.is_object()) continue;
    std::string name = OptString(lb, "containerName").value_or("");
    std::optional<int> port = OptInt(lb, "containerPort");
    if (lb.contains("targetGroupArn") && (name.empty() || !port.has_value()))
      ThrowInvalidParameter("Container Name can not be blank.");
    bool mapped = false;
    const Json containers = td.document.value("containerDefinitions", Json::array());
    for (const auto& c : containers) {
      if (c.value("name", "") != name) continue;
      for (const auto& pm : c.value("portMappings", Json::array()))
        if (pm.is_object() && pm.value("containerPort", -1) == port.value_or(-2)) mapped = true;
    }
    if (!mapped)
      ThrowInvalidParameter(
          fmt::format("The container {} did not have a container port {} defined.", name, port.value_or(0)));
    auto arn = OptString(lb, "targetGroupArn");
    if (!arn.has_value()) continue;
    for (const auto& h : world.hooks()) {
      if (!h->KnowsTargetGroups()) continue;
      std::optional<TargetGroupView> tg = h->TargetGroup(world, ecs, *arn);
      if (!tg.has_value())
        ThrowInvalidParameter(
            "Unable to assume role and validate the specified targetGroupArn. Please verify that the ECS service "
            "role being passed has the proper permissions.");
      if (tg->load_balancer_count == 0)
        ThrowInvalidParameter(
            fmt::format("The target group with targetGroupArn {} does not have an associated load balancer.", *arn));
      if (awsvpc && tg->target_type == "instance")
        ThrowInvalidParameter(fmt::format(
            "The provided target group {} has target type instance, which is incompatible with the awsvpc network "
            "mode specified in the task definition.",
            *arn));
    }
  }
}

void ValidateDeploymentConfiguration(const Json& cfg) {
  if (!cfg.is_object()) ThrowApiError(400, "SerializationException", "deploymentConfiguration must be a structure");
  int max = OptInt(cfg, "maximumPercent").value_or(200);
  int min = OptInt(cfg, "minimumHealthyPercent").value_or(100);
  if (min < 0 || min > 100) ThrowInvalidParameter("minimumHealthyPercent must be between 0 and 100.");
  if (max < 100 && max != 0) ThrowInvalidParameter("maximumPercent must be at least 100.");
  if (const Json* cb = OptMember(cfg, "deploymentCircuitBreaker", Json::value_t::object)) {
    if (!cb->contains("enable") || !cb->contains("rollback"))
      ThrowInvalidParameter("deploymentCircuitBreaker requires both enable and rollback.");
    OptBool(*cb, "enable");
    OptBool(*cb, "rollback");
  }
  if (const Json* al = OptMember(cfg, "alarms", Json::value_t::object)) {
    if (!al->contains("alarmNames") || !al->contains("enable") || !al->contains("rollback"))
      ThrowInvalidParameter("alarms requires alarmNames, enable and rollback.");
    if (!(*al)["alarmNames"].is_array()) ThrowInvalidParameter("alarms.alarmNames must be a list of alarm names.");
    OptBool(*al, "enable");
    OptBool(*al, "rollback");
  }
}

Json CreateService(World& world, EcsRegion& ecs, const Json& in, const RequestContext& ctx) {
  Cluster& cluster = ResolveCluster(world, ecs, in);
  std::string name = RequireString(in, "serviceName");
  std::string controller = "ECS";
  if (const Json* dc = OptMember(in, "deploymentController", Json::value_t::object))
    controller = OptString(*dc, "type").value_or("ECS");
  if (controller != "ECS" && controller != "EXTERNAL" && controller != "CODE_DEPLOY")
    ThrowInvalidParameter("deploymentController type must be one of ECS, CODE_DEPLOY, EXTERNAL.");
  auto td_ref = OptString(in, "taskDefinition");
  if (!td_ref.has_value() && controller != "EXTERNAL") ThrowInvalidParameter("TaskDefinition can not be blank.");
  if (auto it = cluster.services.find(name); it != cluster.services.end() && it->second.status != "INACTIVE")
    ThrowInvalidParameter("Creation of service was not idempotent.");

  Service s;
  s.name = name;
  s.arn = ServiceArn(ecs, cluster.name, name);
  s.cluster_arn = cluster.arn;
  s.controller = controller;
  if (td_ref.has_value()) s.task_definition_arn = RequireTaskDefinitionArn(ecs, *td_ref);
  s.desired_count = OptInt(in, "desiredCount").value_or(0);
  if (s.desired_count < 0) ThrowInvalidParameter("desiredCount must be at least 0.");
  s.launch_type = OptString(in, "launchType").value_or(in.contains("capacityProviderStrategy") ? "" : "FARGATE");
  s.platform_version = OptString(in, "platformVersion").value_or(s.launch_type == "FARGATE" ? "LATEST" : "");
  s.scheduling_strategy = OptString(in, "schedulingStrategy").value_or("REPLICA");
  Json cfg = in.contains("deploymentConfiguration") ? in["deploymentConfiguration"] : Json::object();
  ValidateDeploymentConfiguration(cfg);
  s.deployment_configuration = NormalizeDeploymentConfiguration(cfg, controller);
  if (const Json* v = OptMember(in, "loadBalancers", Json::value_t::array)) s.load_balancers = *v;
  if (const Json* v = OptMember(in, "serviceRegistries", Json::value_t::array)) s.service_registries = *v;
  if (const Json* v = OptMember(in, "networkConfiguration", Json::value_t::object)) s.network_configuration = *v;
  s.health_check_grace_period_seconds = OptInt(in, "healthCheckGracePeriodSeconds");
  if (const Json* v = OptMember(in, "tags", Json::value_t::array)) s.tags = *v;
  for (const char* k : kPassthrough)
    if (in.contains(k)) s.passthrough[k] = in[k];
  if (auto role = OptString(in, "role")) s.passthrough["roleArn"] = *role;
  if (TaskDefinitionRecord* td =
          s.task_definition_arn.empty() ? nullptr : FindTaskDefinition(ecs, s.task_definition_arn))
    ValidateServiceNetworking(world, ecs, *td, s.load_balancers, s.network_configuration);
  s.created_by = ctx.caller_arn;
  s.created_at = world.now();
  if (controller == "ECS") {
    StartDeployment(world, s);
    SnapshotDeploymentAlarms(world, ecs, s.deployments.front());
  } else if (controller == "CODE_DEPLOY") {
    // CodeDeploy services start with one PRIMARY task set at 100%.
    TaskSet ts;
    ts.id = world.ids().DeploymentId();
    ts.arn = fmt::format("arn:aws:ecs:{}:{}:task-set/{}/{}/{}", ecs.region, ecs.account_id, cluster.name, name, ts.id);
    ts.status = "PRIMARY";
    ts.task_definition_arn = s.task_definition_arn;
    ts.created_at = ts.updated_at = ts.stability_status_at = world.now();
    ts.launch_type = s.launch_type;
    ts.platform_version = s.platform_version;
    ts.network_configuration = s.network_configuration;
    ts.load_balancers = s.load_balancers;
    s.task_sets.push_back(ts);
  }
  cluster.services[name] = std::move(s);
  return Json{{"service", RenderService(world, cluster, cluster.services[name], true)}};
}

Json UpdateService(World& world, EcsRegion& ecs, const Json& in) {
  Cluster& cluster = ResolveCluster(world, ecs, in);
  Service& s = ResolveActiveService(cluster, RequireString(in, "service"));
  bool new_deployment = OptBool(in, "forceNewDeployment").value_or(false);
  // Every member is read and checked before anything changes: AWS refuses
  // the whole call, and a refused call must leave the service as it was.
  auto td_ref = OptString(in, "taskDefinition");
  std::optional<std::string> td_arn;
  if (td_ref) {
    if (s.controller == "CODE_DEPLOY")
      ThrowInvalidParameter(
          "Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS "
          "CodeDeploy to trigger a new deployment.");
    if (s.controller == "EXTERNAL")
      ThrowInvalidParameter(
          "Unable to update task definition on services with a EXTERNAL deployment controller. Use task sets.");
    td_arn = RequireTaskDefinitionArn(ecs, *td_ref);
  }
  auto desired = OptInt(in, "desiredCount");
  if (desired && *desired < 0) ThrowInvalidParameter("desiredCount must be at least 0.");
  if (in.contains("deploymentConfiguration")) ValidateDeploymentConfiguration(in["deploymentConfiguration"]);
  const Json* new_lbs = OptMember(in, "loadBalancers", Json::value_t::array);
  const Json* new_network = OptMember(in, "networkConfiguration", Json::value_t::object);
  const Json* new_registries = OptMember(in, "serviceRegistries", Json::value_t::array);
  auto platform_version = OptString(in, "platformVersion");
  auto grace = OptInt(in, "healthCheckGracePeriodSeconds");
  // The networking the service would have after this call.
  if (s.controller == "ECS" && (td_arn || new_lbs != nullptr || new_network != nullptr)) {
    if (TaskDefinitionRecord* td = FindTaskDefinition(ecs, td_arn.value_or(s.task_definition_arn)))
      ValidateServiceNetworking(world, ecs, *td, new_lbs != nullptr ? *new_lbs : s.load_balancers,
                                new_network != nullptr ? *new_network : s.network_configuration);
  }

  if (td_arn) {
    if (*td_arn != s.task_definition_arn) new_deployment = true;
    s.task_definition_arn = *td_arn;
  }
  if (desired) {
    if (*desired != s.desired_count) s.steady = false;
    s.desired_count = *desired;
  }
  if (in.contains("deploymentConfiguration")) {
    Json merged = s.deployment_configuration;
    for (const auto& [k, v] : in["deploymentConfiguration"].items()) merged[k] = v;
    s.deployment_configuration = NormalizeDeploymentConfiguration(merged, s.controller);
  }
  if (new_network != nullptr) {
    if (*new_network != s.network_configuration) new_deployment = true;
    s.network_configuration = *new_network;
  }
  if (new_lbs != nullptr) {
    if (*new_lbs != s.load_balancers) new_deployment = true;
    s.load_balancers = *new_lbs;
  }
  if (new_registries != nullptr) {
    if (*new_registries != s.service_registries) new_deployment = true;
    s.service_registries = *new_registries;
  }
  if (platform_version) {
    if (*platform_version != s.platform_version) new_deployment = true;
    s.platform_version = *platform_version;
  }
  if (grace) s.health_check_grace_period_seconds = *grace;
  for (const char* k : kPassthrough) {
    if (!in.contains(k)) continue;
    // The UpdateService API reference: a change to these "starts new tasks with the new configuration".
    if (IsDeploymentTrigger(k) && !in[k].is_null() && EffectiveValue(s.passthrough, k) != EffectiveValue(in, k))
      new_deployment = true;
    s.passthrough[k] = in[k];
  }
  if (s.controller == "ECS") {
    if (new_deployment) {
      StartDeployment(world, s);
      SnapshotDeploymentAlarms(world, ecs, s.deployments.front());
    } else {
      for (auto& d : s.deployments)
        if (d.status == "PRIMARY") {
          d.desired_count = s.desired_count;
          d.deployment_configuration = s.deployment_configuration;
        }
    }
  }
  return Json{{"service", RenderService(world, cluster, s, false)}};
}

Json DeleteService(World& world, EcsRegion& ecs, const Json& in) {
  Cluster& cluster = ResolveCluster(world, ecs, in);
  Service& s = ResolveService(cluster, RequireString(in, "service"));
  if (s.status != "ACTIVE") ThrowApiError(400, "ServiceNotActiveException", "Service was not ACTIVE.");
  bool force = OptBool(in, "force").value_or(false);
  if (s.desired_count > 0 && !force && s.controller == "ECS")
    ThrowInvalidParameter("The service cannot be stopped while it is scaled above 0.");
  s.status = "DRAINING";
  s.desired_count = 0;
  for (auto& [id, t] : cluster.tasks)
    if (t.service == s.name && t.active())
      StopTask(world, ecs, cluster, t, "Service " + s.name + " has been deleted", "ServiceSchedulerInitiated", 0);
  return Json{{"service", RenderService(world, cluster, s, false)}};
}

Json DescribeServices(World& world, EcsRegion& ecs, const Json& in) {
  Cluster& cluster = ResolveCluster(world, ecs, in);
  auto refs = OptStringList(in, "services");
  if (refs.empty()) ThrowInvalidParameter("Services cannot be empty.");
  if (refs.size() > 10) ThrowInvalidParameter("Length of services must be less than or equal to 10.");
  bool tags = IncludesTags(in);
  Json services = Json::array(), failures = Json::array();
  for (const auto& ref : refs) {
    auto it = cluster.services.find(NameFromRef(ref));
    if (it == cluster.services.end())
      failures.push_back(Failure(StartsWith(ref, "arn:") ? ref : ServiceArn(ecs, cluster.name, ref), "MISSING"));
    else
      services.push_back(RenderService(world, cluster, it->second, tags));
  }
  return Json{{"services", services}, {"failures", failures}};
}

Json ListServices(World& world, EcsRegion& ecs, const Json& in) {
  Cluster& cluster = ResolveCluster(world, ecs, in);
  auto launch = OptString(in, "launchType");
  auto strategy = OptString(in, "schedulingStrategy");
  std::vector<std::string> arns;
  for (const auto& [n, s] : cluster.services) {
    if (s.status == "INACTIVE") continue;
    if (launch && s.launch_type != *launch) continue;
    if (strategy && s.scheduling_strategy != *strategy) continue;
    arns.push_back(s.arn);
  }
  std::string next;
  auto [b, e] = Page(in, arns.size(), 10, 100, &next);
  Json out{{"serviceArns", std::vector<std::string>(arns.begin() + b, arns.begin() + e)}};
  if (!next.empty()) out["nextToken"] = next;
  return out;
}

Json RenderServiceDeployment(const Cluster& cluster, const Service& s, const Deployment& d, bool brief) {
  Json j{{"serviceDeploymentArn", ServiceDeploymentArn(s, d)}, {"serviceArn", s.arn}, {"clusterArn", cluster.arn}};
  j["createdAt"] = EpochSeconds(d.created_at);
  j["startedAt"] = EpochSeconds(d.created_at);
  if (d.finished_at) j["finishedAt"] = EpochSeconds(*d.finished_at);
  if (brief) {
    j["targetServiceRevisionArn"] = ServiceRevisionArn(s, d.id);
  } else {
    j["updatedAt"] = EpochSeconds(d.updated_at);
    // Counts live while it runs, as they were when it finished afterwards.
    const Json& frozen = d.frozen_revisions;
    auto revision = [&](const std::string& id, const Json& counts) {
      return Json{{"arn", ServiceRevisionArn(s, id)},
                  {"requestedTaskCount", counts[0]},
                  {"runningTaskCount", counts[1]},
                  {"pendingTaskCount", counts[2]}};
    };
    auto live = [](const Deployment& x) { return Json::array({x.desired_count, x.running_count, x.pending_count}); };
    j["targetServiceRevision"] = revision(d.id, frozen.is_object() ? frozen["target"] : live(d));
    Json sources = Json::array();
    for (const auto& id : d.source_deployment_ids) {
      if (frozen.is_object() && frozen["sources"].contains(id)) {
        sources.push_back(revision(id, frozen["sources"][id]));
        continue;
      }
      for (const auto& x : s.deployments)
        if (x.id == id) sources.push_back(revision(id, live(x)));
    }
    j["sourceServiceRevisions"] = sources;
    j["deploymentConfiguration"] = d.deployment_configuration;
    bool enabled = d.deployment_configuration.value("/deploymentCircuitBreaker/enable"_json_pointer, false);
    bool breaker_failed = d.rollout_state == "FAILED" && d.triggered_alarms.empty();
    std::string cb_status = !enabled                         ? "DISABLED"
                            : breaker_failed                 ? "TRIGGERED"
                            : d.rollout_state == "COMPLETED" ? "MONITORING_COMPLETE"
                                                             : "MONITORING";
    j["deploymentCircuitBreaker"] = Json{{"status", cb_status},
                                         {"failureCount", d.breaker_failures},
                                         {"threshold", CircuitBreakerThreshold(d.desired_count)}};
    const Json alarms = d.deployment_configuration.value("alarms", Json::object());
    if (alarms.is_object() && alarms.contains("alarmNames")) {
      bool on = alarms.value("enable", false);
      // Alarms already in ALARM at the start: not monitored (AWS names no
      // status for that; the simulator reports DISABLED, docs/sim.md).
      std::string status = !on || !d.alarms_in_alarm_at_start.empty() ? "DISABLED"
                           : !d.triggered_alarms.empty()              ? "TRIGGERED"
                           : d.rollout_state == "COMPLETED"           ? "MONITORING_COMPLETE"
                                                                      : "MONITORING";
      j["alarms"] =
          Json{{"status", status}, {"alarmNames", alarms["alarmNames"]}, {"triggeredAlarmNames", d.triggered_alarms}};
    }
    if (d.rollback_started_at) {
      j["rollback"] = Json{{"reason", d.rollback_reason}, {"startedAt", EpochSeconds(*d.rollback_started_at)}};
      if (!d.rollback_target.empty()) j["rollback"]["serviceRevisionArn"] = ServiceRevisionArn(s, d.rollback_target);
    }
  }
  j["status"] = d.service_deployment_status;
  if (!d.service_deployment_reason.empty()) j["statusReason"] = d.service_deployment_reason;
  return j;
}

Json ListServiceDeployments(World& world, EcsRegion& ecs, const Json& in) {
  Cluster& cluster = ResolveCluster(world, ecs, in);
  Service& s = ResolveService(cluster, RequireString(in, "service"));
  auto statuses = OptStringList(in, "status");
  std::vector<const Deployment*> deps;
  for (const auto& d : s.deployments) {
    if (!d.rollback_of.empty()) continue;  // a rollback belongs to the deployment it rolls back
    if (!statuses.empty() && std::find(statuses.begin(), statuses.end(), d.service_deployment_status) == statuses.end())
      continue;
    deps.push_back(&d);
  }
  std::string next;
  auto [b, e] = Page(in, deps.size(), 20, 100, &next);
  Json list = Json::array();
  for (size_t i = b; i < e; ++i) list.push_back(RenderServiceDeployment(cluster, s, *deps[i], true));
  Json out{{"serviceDeployments", list}};
  if (!next.empty()) out["nextToken"] = next;
  return out;
}

Json DescribeServiceDeployments(EcsRegion& ecs, const Json& in) {
  auto arns = OptStringList(in, "serviceDeploymentArns");
  if (arns.empty()) ThrowInvalidParameter("serviceDeploymentArns can not be empty.");
  if (arns.size() > 20) ThrowInvalidParameter("serviceDeploymentArns can hold at most 20 ARNs.");
  Json found = Json::array(), failures = Json::array();
  for (const auto& arn : arns) {
    bool hit = false;
    for (auto& [cn, cluster] : ecs.clusters)
      for (auto& [sn, s] : cluster.services)
        for (const auto& d : s.deployments)
          if (!hit && d.rollback_of.empty() && ServiceDeploymentArn(s, d) == arn) {
            found.push_back(RenderServiceDeployment(cluster, s, d, false));
            hit = true;
          }
    if (!hit) failures.push_back(Failure(arn, "MISSING"));
  }
  return Json{{"serviceDeployments", found}, {"failures", failures}};
}

}  // namespace

std::optional<Json> HandleServiceOp(World& world, EcsRegion& ecs, const std::string& op, const Json& in,
                                    const RequestContext& ctx) {
  if (op == "CreateService") return CreateService(world, ecs, in, ctx);
  if (op == "UpdateService") return UpdateService(world, ecs, in);
  if (op == "DeleteService") return DeleteService(world, ecs, in);
  if (op == "DescribeServices") return DescribeServices(world, ecs, in);
  if (op == "ListServices") return ListServices(world, ecs, in);
  if (op == "ListServiceDeployments") return ListServiceDeployments(world, ecs, in);
  if (op == "DescribeServiceDeployments") return DescribeServiceDeployments(ecs, in);
  return std::nullopt;
}

}  // namespace berth::sim::ecs
