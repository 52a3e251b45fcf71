// JSON renderings of ECS output shapes. Member names and types follow
// botocore's ecs/2014-11-13 model (Service, Deployment, Task, Container,
// TaskSet, Cluster); timestamps are epoch seconds.
#include <fmt/format.h>

#include "core/crypto.h"
#include "core/strings.h"
#include "sim/ecs/internal.h"

namespace berth::sim::ecs {
namespace {

void PutTime(Json& j, const char* name, const std::optional<SystemTime>& t) {
  if (t.has_value()) j[name] = EpochSeconds(*t);
}

// "<arn prefix>:<kind>/<cluster>/<service>/<id>".
std::string ServiceChildArn(const Service& s, const char* kind, const std::string& id) {
  auto pos = s.arn.find(":service/");
  return fmt::format("{}:{}/{}/{}", s.arn.substr(0, pos), kind, s.arn.substr(pos + 9), id);
}

}  // namespace

std::string ServiceDeploymentArn(const Service& s, const Deployment& d) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string h = Sha256Hex(s.arn + "\n" + d.id);
  std::string id;
  for (size_t i = 0; i < 20; ++i) id += kAlphabet[std::stoi(h.substr(i * 2, 2), nullptr, 16) % 64];
  return ServiceChildArn(s, "service-deployment", id);
}

std::string ServiceRevisionArn(const Service& s, const std::string& deployment_id) {
  std::string h = Sha256Hex(s.arn + "\nrevision\n" + deployment_id);
  uint64_t n = std::stoull(h.substr(0, 15), nullptr, 16);
  return ServiceChildArn(s, "service-revision", fmt::format("{:019d}", n % 10000000000000000000ULL));
}

namespace {

Json RenderDeployment(const Deployment& d) {
  Json j{{"id", d.id},
         {"status", d.status},
         {"taskDefinition", d.task_definition_arn},
         {"desiredCount", d.desired_count},
         {"pendingCount", d.pending_count},
         {"runningCount", d.running_count},
         {"failedTasks", d.failed_tasks},
         {"createdAt", EpochSeconds(d.created_at)},
         {"updatedAt", EpochSeconds(d.updated_at)},
         {"launchType", d.launch_type}};
  if (!d.platform_version.empty()) {
    j["platformVersion"] = d.platform_version;
    j["platformFamily"] = "Linux";
  }
  if (!d.network_configuration.is_null()) j["networkConfiguration"] = d.network_configuration;
  j["rolloutState"] = d.rollout_state;
  j["rolloutStateReason"] = d.rollout_state_reason;
  return j;
}

}  // namespace

Json RenderService(const World& world, const Cluster& cluster, const Service& s, bool include_tags) {
  (void)world;
  int running = 0, pending = 0;
  for (const auto& [id, t] : cluster.tasks) {
    if (t.service != s.name) continue;
    if (t.running()) running++;
    if (t.pending()) pending++;
  }
  Json j{{"serviceArn", s.arn},
         {"serviceName", s.name},
         {"clusterArn", s.cluster_arn},
         {"loadBalancers", s.load_balancers},
         {"serviceRegistries", s.service_registries},
         {"status", s.status},
         {"desiredCount", s.desired_count},
         {"runningCount", running},
         {"pendingCount", pending},
         {"launchType", s.launch_type}};
  if (!s.platform_version.empty()) {
    j["platformVersion"] = s.platform_version;
    j["platformFamily"] = "Linux";
  }
  if (!s.task_definition_arn.empty()) j["taskDefinition"] = s.task_definition_arn;
  j["deploymentConfiguration"] = s.deployment_configuration;
  if (s.controller == "ECS") {
    Json deps = Json::array();
    for (const auto& d : s.deployments)
      if (d.status != "INACTIVE") deps.push_back(RenderDeployment(d));
    j["deployments"] = deps;
  } else {
    Json sets = Json::array();
    for (const auto& ts : s.task_sets) sets.push_back(RenderTaskSet(cluster, s, ts, false));
    j["taskSets"] = sets;
  }
  if (s.passthrough.contains("roleArn")) j["roleArn"] = s.passthrough["roleArn"];
  Json events = Json::array();
  for (const auto& e : s.events)
    events.push_back(Json{{"id", e.id}, {"createdAt", EpochSeconds(e.created_at)}, {"message", e.message}});
  j["events"] = events;
  j["createdAt"] = EpochSeconds(s.created_at);
  if (s.controller == "ECS" && !s.deployments.empty()) {
    for (const auto& d : s.deployments)
      if (d.rollback_of.empty()) {
        j["currentServiceDeployment"] = ServiceDeploymentArn(s, d);
        break;
      }
  }
  j["placementConstraints"] = s.passthrough.value("placementConstraints", Json::array());
  j["placementStrategy"] = s.passthrough.value("placementStrategy", Json::array());
  if (!s.network_configuration.is_null()) j["networkConfiguration"] = s.network_configuration;
  if (s.health_check_grace_period_seconds.has_value())
    j["healthCheckGracePeriodSeconds"] = *s.health_check_grace_period_seconds;
  j["schedulingStrategy"] = s.scheduling_strategy;
  j["deploymentController"] = Json{{"type", s.controller}};
  if (include_tags) j["tags"] = s.tags;
  j["createdBy"] = s.created_by;
  j["enableECSManagedTags"] = s.passthrough.value("enableECSManagedTags", false);
  j["propagateTags"] = s.passthrough.value("propagateTags", "NONE");
  j["enableExecuteCommand"] = s.passthrough.value("enableExecuteCommand", false);
  for (const auto& [k, v] : s.passthrough.items())
    if (!j.contains(k) && k != "roleArn") j[k] = v;
  return j;
}

Json RenderTaskSet(const Cluster& cluster, const Service& s, const TaskSet& ts, bool include_tags) {
  (void)cluster;
  Json j{{"id", ts.id},
         {"taskSetArn", ts.arn},
         {"serviceArn", s.arn},
         {"clusterArn", s.cluster_arn},
         {"status", ts.status},
         {"taskDefinition", ts.task_definition_arn},
         {"computedDesiredCount", ts.computed_desired_count},
         {"pendingCount", ts.pending_count},
         {"runningCount", ts.running_count},
         {"createdAt", EpochSeconds(ts.created_at)},
         {"updatedAt", EpochSeconds(ts.updated_at)},
         {"launchType", ts.launch_type}};
  if (!ts.started_by.empty()) j["startedBy"] = ts.started_by;
  if (!ts.external_id.empty()) j["externalId"] = ts.external_id;
  if (!ts.platform_version.empty()) {
    j["platformVersion"] = ts.platform_version;
    j["platformFamily"] = "Linux";
  }
  if (!ts.network_configuration.is_null()) j["networkConfiguration"] = ts.network_configuration;
  j["loadBalancers"] = ts.load_balancers;
  j["serviceRegistries"] = ts.service_registries;
  j["scale"] = Json{{"value", ts.scale_value}, {"unit", ts.scale_unit}};
  j["stabilityStatus"] = ts.stability_status;
  j["stabilityStatusAt"] = EpochSeconds(ts.stability_status_at);
  if (include_tags) j["tags"] = ts.tags;
  return j;
}

namespace {

// The containers' lastStatus for the task's: they run from ACTIVATING until
// STOPPING ends, and are STOPPED while the task deprovisions.
std::string ContainerStatus(const Task& t) {
  const std::string& s = t.last_status;
  if (s == "ACTIVATING" || s == "RUNNING" || s == "DEACTIVATING") return "RUNNING";
  if (s == "STOPPING") return t.reached_running ? "RUNNING" : "PENDING";
  if (s == "DEPROVISIONING" || s == "STOPPED") return "STOPPED";
  return "PENDING";
}

// The digest a container runs: the one pinned in its reference, or (the
// simulator pulls nothing) "sha256:" + SHA-256 of the reference itself, the
// same for every task of that reference.
std::string ImageDigest(const std::string& image) {
  if (auto at = image.find("@sha256:"); at != std::string::npos) return image.substr(at + 1);
  return "sha256:" + Sha256Hex(image);
}

// The ElasticNetworkInterface attachment of an awsvpc task.
Json EniAttachment(const Task& t) {
  std::string status = t.last_status == "PROVISIONING"     ? "PRECREATED"
                       : t.last_status == "DEPROVISIONING" ? "DELETED"
                       : t.last_status == "STOPPED"        ? "DELETED"
                                                           : "ATTACHED";
  Json details = Json::array({Json{{"name", "subnetId"}, {"value", t.subnet_id}},
                              Json{{"name", "networkInterfaceId"}, {"value", t.eni_id}},
                              Json{{"name", "macAddress"}, {"value", t.mac_address}},
                              Json{{"name", "privateDnsName"},
                                   {"value", fmt::format("ip-{}.ec2.internal", ReplaceAll(t.private_ip, ".", "-"))}},
                              Json{{"name", "privateIPv4Address"}, {"value", t.private_ip}}});
  // The attachment id is a UUID in AWS; one derived from the task id keeps it stable.
  std::string id = fmt::format("{}-{}-{}-{}-{}", t.id.substr(0, 8), t.id.substr(8, 4), t.id.substr(12, 4),
                               t.id.substr(16, 4), t.id.substr(20, 12));
  return Json{{"id", id}, {"type", "ElasticNetworkInterface"}, {"status", status}, {"details", details}};
}

}  // namespace

Json RenderTask(const EcsRegion& ecs, const Task& t, bool include_tags) {
  std::string container_status = ContainerStatus(t);
  bool every_essential_checked = t.has_health_check;
  for (const auto& c : t.containers)
    if (c.value("essential", true) && !c.value("healthCheck", false)) every_essential_checked = false;
  Json containers = Json::array();
  for (const auto& c : t.containers) {
    std::string name = c.value("name", "");
    Json cj{{"containerArn", fmt::format("arn:aws:ecs:{}:{}:container/{}/{}/{}", ecs.region, ecs.account_id,
                                         t.cluster_arn.substr(t.cluster_arn.rfind('/') + 1), t.id, name)},
            {"taskArn", t.arn},
            {"name", name},
            {"image", c.value("image", "")},
            {"lastStatus", container_status}};
    if (container_status == "STOPPED" && t.exit_code.has_value()) cj["exitCode"] = *t.exit_code;
    if (!t.container_reason.empty()) cj["reason"] = t.container_reason;
    if (t.reached_running || t.last_status == "ACTIVATING") {
      cj["imageDigest"] = ImageDigest(c.value("image", ""));
      if (c.contains("runtimeId")) cj["runtimeId"] = c["runtimeId"];
    }
    cj["networkInterfaces"] = t.private_ip.empty() || t.eni_id.empty()
                                  ? Json::array()
                                  : Json::array({Json{{"attachmentId", ""}, {"privateIpv4Address", t.private_ip}}});
    // Each container reports its own health check; one without is UNKNOWN.
    cj["healthStatus"] = c.value("healthCheck", false) && t.has_health_check ? t.health_status : "UNKNOWN";
    cj["cpu"] = "0";
    containers.push_back(cj);
  }
  Json attachments = Json::array();
  if (!t.eni_id.empty()) {
    attachments.push_back(EniAttachment(t));
    for (auto& c : containers)
      if (!c["networkInterfaces"].empty()) c["networkInterfaces"][0]["attachmentId"] = attachments[0]["id"];
  }
  Json j{{"attachments", attachments},
         {"attributes", Json::array({Json{{"name", "ecs.cpu-architecture"}, {"value", "x86_64"}}})},
         {"availabilityZone", ecs.region + "a"},
         {"clusterArn", t.cluster_arn}};
  if (t.reached_running) {
    j["connectivity"] = "CONNECTED";
    PutTime(j, "connectivityAt", t.pull_started_at);
  }
  j["containers"] = containers;
  if (!t.cpu.empty()) j["cpu"] = t.cpu;
  j["createdAt"] = EpochSeconds(t.created_at);
  j["desiredStatus"] = t.desired_status;
  j["enableExecuteCommand"] = false;
  PutTime(j, "executionStoppedAt", t.execution_stopped_at);
  if (!t.group.empty()) j["group"] = t.group;
  // The task's health is its essential containers': UNKNOWN while any of them has no health check.
  j["healthStatus"] = every_essential_checked ? t.health_status : "UNKNOWN";
  j["lastStatus"] = t.last_status;
  j["launchType"] = t.launch_type;
  if (!t.memory.empty()) j["memory"] = t.memory;
  j["overrides"] = t.overrides.empty()
                       ? Json{{"containerOverrides", Json::array()}, {"inferenceAcceleratorOverrides", Json::array()}}
                       : t.overrides;
  if (t.launch_type == "FARGATE") {
    j["platformVersion"] = "1.4.0";
    j["platformFamily"] = "Linux";
  }
  PutTime(j, "pullStartedAt", t.pull_started_at);
  PutTime(j, "pullStoppedAt", t.pull_stopped_at);
  PutTime(j, "startedAt", t.started_at);
  if (!t.started_by.empty()) j["startedBy"] = t.started_by;
  if (!t.stop_code.empty()) j["stopCode"] = t.stop_code;
  if (t.last_status == "STOPPED") PutTime(j, "stoppedAt", t.stopped_at);
  if (!t.stopped_reason.empty()) j["stoppedReason"] = t.stopped_reason;
  PutTime(j, "stoppingAt", t.stopping_at);
  if (include_tags) j["tags"] = t.tags;
  j["taskArn"] = t.arn;
  j["taskDefinitionArn"] = t.task_definition_arn;
  j["version"] = t.version;
  if (t.launch_type == "FARGATE") j["ephemeralStorage"] = Json{{"sizeInGiB", 20}};
  return j;
}

Json RenderCluster(const Cluster& c, bool include_tags) {
  int running = 0, pending = 0, services = 0;
  for (const auto& [id, t] : c.tasks) {
    if (t.running()) running++;
    if (t.pending()) pending++;
  }
  for (const auto& [n, s] : c.services)
    if (s.status == "ACTIVE") services++;
  Json j{{"clusterArn", c.arn},
         {"clusterName", c.name},
         {"status", c.status},
         {"registeredContainerInstancesCount", 0},
         {"runningTasksCount", running},
         {"pendingTasksCount", pending},
         {"activeServicesCount", services},
         {"statistics", Json::array()}};
  if (include_tags) j["tags"] = c.tags;
  j["settings"] = c.settings;
  j["capacityProviders"] = c.passthrough.value("capacityProviders", Json::array());
  j["defaultCapacityProviderStrategy"] = c.passthrough.value("defaultCapacityProviderStrategy", Json::array());
  for (const auto& [k, v] : c.passthrough.items())
    if (!j.contains(k)) j[k] = v;
  return j;
}

}  // namespace berth::sim::ecs
