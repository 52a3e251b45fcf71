// ECS clusters and task definitions.
#include <algorithm>

#include <fmt/format.h>

#include "core/strings.h"
#include "sim/ecs/internal.h"

namespace berth::sim::ecs {
namespace {

Json CreateCluster(World& world, EcsRegion& ecs, const Json& in) {
  (void)world;
  std::string name = OptString(in, "clusterName").value_or("default");
  if (name.empty()) name = "default";
  Cluster& c = ecs.clusters[name];
  if (c.arn.empty() || c.status == "INACTIVE") {
    c = Cluster{};
    c.name = name;
    c.arn = ClusterArn(ecs, name);
    if (const Json* tags = OptMember(in, "tags", Json::value_t::array)) c.tags = *tags;
    if (const Json* s = OptMember(in, "settings", Json::value_t::array)) c.settings = *s;
    for (const char* k :
         {"configuration", "capacityProviders", "defaultCapacityProviderStrategy", "serviceConnectDefaults"})
      if (in.contains(k)) c.passthrough[k] = in[k];
  }
  return Json{{"cluster", RenderCluster(c, true)}};
}

Json DescribeClusters(EcsRegion& ecs, const Json& in) {
  auto refs = OptStringList(in, "clusters");
  if (refs.empty()) refs.push_back("default");
  Json clusters = Json::array(), failures = Json::array();
  for (const auto& ref : refs) {
    Cluster* c = FindCluster(ecs, ref);
    if (c == nullptr)
      failures.push_back(Failure(StartsWith(ref, "arn:") ? ref : ClusterArn(ecs, ref), "MISSING"));
    else
      clusters.push_back(RenderCluster(*c, IncludesTags(in)));
  }
  return Json{{"clusters", clusters}, {"failures", failures}};
}

Json ListClusters(EcsRegion& ecs, const Json& in) {
  std::vector<std::string> arns;
  for (const auto& [n, c] : ecs.clusters)
    if (c.status == "ACTIVE") arns.push_back(c.arn);
  std::string next;
  auto [b, e] = Page(in, arns.size(), 100, 100, &next);
  Json out{{"clusterArns", std::vector<std::string>(arns.begin() + b, arns.begin() + e)}};
  if (!next.empty()) out["nextToken"] = next;
  return out;
}

Json DeleteCluster(EcsRegion& ecs, const Json& in) {
  Cluster* c = FindCluster(ecs, RequireString(in, "cluster"));
  if (c == nullptr) ThrowApiError(400, "ClusterNotFoundException", "Cluster not found.");
  for (const auto& [n, s] : c->services)
    if (s.status != "INACTIVE")
      ThrowApiError(400, "ClusterContainsServicesException",
                    "The Cluster cannot be deleted while Services are active.");
  for (const auto& [id, t] : c->tasks)
    if (t.last_status != "STOPPED")
      ThrowApiError(400, "ClusterContainsTasksException", "The Cluster cannot be deleted while Tasks are active.");
  c->status = "INACTIVE";
  return Json{{"cluster", RenderCluster(*c, false)}};
}

// Defaults AWS fills into every container definition, so a registered
// definition reads back the way it does from ECS.
void AddContainerDefaults(Json& c, bool awsvpc) {
  if (!c.contains("cpu")) c["cpu"] = 0;
  if (!c.contains("portMappings")) c["portMappings"] = Json::array();
  if (awsvpc && c["portMappings"].is_array())
    for (auto& pm : c["portMappings"]) {
      if (pm.is_object() && pm.contains("containerPort") && !pm.contains("hostPort"))
        pm["hostPort"] = pm["containerPort"];
      if (pm.is_object() && !pm.contains("protocol")) pm["protocol"] = "tcp";
    }
  if (!c.contains("essential")) c["essential"] = true;
  for (const char* k : {"environment", "mountPoints", "volumesFrom"})
    if (!c.contains(k)) c[k] = Json::array();
}

Json RequiresAttributes(const Json& td) {
  Json out = Json::array();
  auto add = [&](const std::string& n) { out.push_back(Json{{"name", n}}); };
  add("com.amazonaws.ecs.capability.docker-remote-api.1.18");
  if (td.value("networkMode", "") == "awsvpc") add("ecs.capability.task-eni");
  if (td.contains("taskRoleArn")) add("com.amazonaws.ecs.capability.task-iam-role");
  bool ecr = false, awslogs = false, health = false;
  for (const auto& c : td.value("containerDefinitions", Json::array())) {
    if (c.value("image", "").find(".dkr.ecr.") != std::string::npos) ecr = true;
    if (c.contains("logConfiguration") && c["logConfiguration"].value("logDriver", "") == "awslogs") awslogs = true;
    if (c.contains("healthCheck")) health = true;
  }
  if (ecr) add("com.amazonaws.ecs.capability.ecr-auth");
  if (awslogs) add("com.amazonaws.ecs.capability.logging-driver.awslogs");
  if (awslogs && td.contains("executionRoleArn")) add("ecs.capability.execution-role-awslogs");
  if (ecr && td.contains("executionRoleArn")) add("ecs.capability.execution-role-ecr-pull");
  if (health) add("ecs.capability.container-health-check");
  return out;
}

Json RegisterTaskDefinition(World& world, EcsRegion& ecs, const Json& in, const RequestContext& ctx) {
  std::string family = RequireString(in, "family");
  const Json* defs = OptMember(in, "containerDefinitions", Json::value_t::array);
  if (defs == nullptr || defs->empty()) ThrowClientException("Container list cannot be empty.");
  for (const auto& c : *defs) {
    if (!c.is_object()) ThrowApiError(400, "SerializationException", "containerDefinitions must hold structures");
    if (c.value("name", "").empty()) ThrowClientException("Container.name should not be null or empty.");
    if (c.value("image", "").empty()) ThrowClientException("Container.image should not be null or empty.");
  }
  std::string network_mode = OptString(in, "networkMode").value_or("");
  auto requires_compat = OptStringList(in, "requiresCompatibilities");
  bool fargate = std::find(requires_compat.begin(), requires_compat.end(), "FARGATE") != requires_compat.end();
  if (fargate && network_mode != "awsvpc")
    ThrowClientException("Fargate only supports network mode \u2018awsvpc\u2019.");
  if (fargate && !in.contains("cpu")) ThrowClientException("Fargate requires that 'cpu' be defined at the task level.");
  if (fargate && !in.contains("memory"))
    ThrowClientException("Fargate requires that 'memory' be defined at the task level.");
  auto& revisions = ecs.families[family];
  int revision = static_cast<int>(revisions.size()) + 1;
  std::string arn =
      fmt::format("arn:aws:ecs:{}:{}:task-definition/{}:{}", ecs.region, ecs.account_id, family, revision);

  Json doc{{"taskDefinitionArn", arn}};
  for (const auto& [k, v] : in.items())
    if (k != "tags") doc[k] = v;
  for (auto& c : doc["containerDefinitions"]) AddContainerDefaults(c, network_mode == "awsvpc");
  doc["revision"] = revision;
  if (!doc.contains("volumes")) doc["volumes"] = Json::array();
  doc["status"] = "ACTIVE";
  doc["requiresAttributes"] = RequiresAttributes(doc);
  if (!doc.contains("placementConstraints")) doc["placementConstraints"] = Json::array();
  Json compat = Json::array({"EC2"});
  bool fargate_ok = network_mode == "awsvpc" && in.contains("cpu") && in.contains("memory");
  if (fargate_ok) compat.push_back("FARGATE");
  doc["compatibilities"] = compat;
  doc["registeredAt"] = EpochSeconds(world.now());
  doc["registeredBy"] = ctx.caller_arn;
  TaskDefinitionRecord rec{doc, in.contains("tags") && in["tags"].is_array() ? in["tags"] : Json::array()};
  revisions.push_back(rec);
  Json out{{"taskDefinition", doc}};
  if (!rec.tags.empty()) out["tags"] = rec.tags;
  return out;
}

Json DescribeTaskDefinition(EcsRegion& ecs, const Json& in) {
  TaskDefinitionRecord* td = FindTaskDefinition(ecs, RequireString(in, "taskDefinition"));
  if (td == nullptr) ThrowClientException("Unable to describe task definition.");
  Json out{{"taskDefinition", td->document}};
  if (IncludesTags(in)) out["tags"] = td->tags;
  return out;
}

Json DeregisterTaskDefinition(World& world, EcsRegion& ecs, const Json& in) {
  std::string ref = RequireString(in, "taskDefinition");
  std::string spec = StartsWith(ref, "arn:") ? ref.substr(ref.find('/') + 1) : ref;
  if (spec.find(':') == std::string::npos) ThrowClientException("Invalid revision number. Number: " + spec);
  TaskDefinitionRecord* td = FindTaskDefinition(ecs, ref);
  if (td == nullptr) ThrowClientException("The specified task definition does not exist.");
  if (td->active()) {
    td->document["status"] = "INACTIVE";
    td->document["deregisteredAt"] = EpochSeconds(world.now());
  }
  return Json{{"taskDefinition", td->document}};
}

Json ListTaskDefinitions(EcsRegion& ecs, const Json& in) {
  auto prefix = OptString(in, "familyPrefix");
  std::string status = OptString(in, "status").value_or("ACTIVE");
  std::string sort = OptString(in, "sort").value_or("ASC");
  std::vector<std::string> arns;
  for (const auto& [family, revs] : ecs.families) {
    if (prefix.has_value() && family != *prefix) continue;  // AWS matches the full family name
    for (const auto& r : revs)
      if (r.document.value("status", "") == status) arns.push_back(r.document.value("taskDefinitionArn", ""));
  }
  if (sort == "DESC") std::reverse(arns.begin(), arns.end());
  std::string next;
  auto [b, e] = Page(in, arns.size(), 100, 100, &next);
  Json out{{"taskDefinitionArns", std::vector<std::string>(arns.begin() + b, arns.begin() + e)}};
  if (!next.empty()) out["nextToken"] = next;
  return out;
}

Json ListTaskDefinitionFamilies(EcsRegion& ecs, const Json& in) {
  auto prefix = OptString(in, "familyPrefix").value_or("");
  std::string status = OptString(in, "status").value_or("ACTIVE");
  std::vector<std::string> names;
  for (const auto& [family, revs] : ecs.families) {
    if (!StartsWith(family, prefix)) continue;
    bool any_active = std::any_of(revs.begin(), revs.end(), [](const auto& r) { return r.active(); });
    if (status == "ALL" || (status == "ACTIVE") == any_active) names.push_back(family);
  }
  std::string next;
  auto [b, e] = Page(in, names.size(), 100, 100, &next);
  Json out{{"families", std::vector<std::string>(names.begin() + b, names.begin() + e)}};
  if (!next.empty()) out["nextToken"] = next;
  return out;
}

}  // namespace

std::optional<Json> HandleClusterOrTaskDefinition(World& world, EcsRegion& ecs, const std::string& op, const Json& in,
                                                  const RequestContext& ctx) {
  if (op == "CreateCluster") return CreateCluster(world, ecs, in);
  if (op == "DescribeClusters") return DescribeClusters(ecs, in);
  if (op == "ListClusters") return ListClusters(ecs, in);
  if (op == "DeleteCluster") return DeleteCluster(ecs, in);
  if (op == "RegisterTaskDefinition") return RegisterTaskDefinition(world, ecs, in, ctx);
  if (op == "DescribeTaskDefinition") return DescribeTaskDefinition(ecs, in);
  if (op == "DeregisterTaskDefinition") return DeregisterTaskDefinition(world, ecs, in);
  if (op == "ListTaskDefinitions") return ListTaskDefinitions(ecs, in);
  if (op == "ListTaskDefinitionFamilies") return ListTaskDefinitionFamilies(ecs, in);
  return std::nullopt;
}

}  // namespace berth::sim::ecs
