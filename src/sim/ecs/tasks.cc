// ECS tasks (ListTasks, DescribeTasks, RunTask, StopTask), task sets
// (EXTERNAL controller) and resource tags.
#include <algorithm>

#include <fmt/format.h>

#include "core/strings.h"
#include "sim/ecs/internal.h"

namespace berth::sim::ecs {
namespace {

Task* FindTask(Cluster& c, const std::string& ref) {
  auto it = c.tasks.find(NameFromRef(ref));
  return it == c.tasks.end() ? nullptr : &it->second;
}

Json ListTasks(World& world, EcsRegion& ecs, const Json& in) {
  Cluster& cluster = ResolveCluster(world, ecs, in);
  auto service = OptString(in, "serviceName");
  auto family = OptString(in, "family");
  auto started_by = OptString(in, "startedBy");
  std::string desired = OptString(in, "desiredStatus").value_or("RUNNING");
  if (started_by && (service || family))
    ThrowInvalidParameter("When you specify startedBy as the filter, it must be the only filter that you use.");
  if (service && cluster.services.find(NameFromRef(*service)) == cluster.services.end())
    ThrowApiError(400, "ServiceNotFoundException", "Service not found.");
  std::vector<std::string> arns;
  for (const auto& [id, t] : cluster.tasks) {
    if (t.desired_status != desired) continue;
    if (service && t.service != NameFromRef(*service)) continue;
    if (started_by && t.started_by != *started_by) continue;
    if (family && !StartsWith(t.task_definition_arn.substr(t.task_definition_arn.find('/') + 1), *family + ":"))
      continue;
    arns.push_back(t.arn);
  }
  std::string next;
  auto [b, e] = Page(in, arns.size(), 100, 100, &next);
  Json out{{"taskArns", std::vector<std::string>(arns.begin() + b, arns.begin() + e)}};
  if (!next.empty()) out["nextToken"] = next;
  return out;
}

Json DescribeTasks(World& world, EcsRegion& ecs, const Json& in) {
  Cluster& cluster = ResolveCluster(world, ecs, in);
  auto refs = OptStringList(in, "tasks");
  if (refs.empty()) ThrowInvalidParameter("Tasks cannot be empty.");
  if (refs.size() > 100) ThrowInvalidParameter("Tasks can have at most 100 items.");
  Json tasks = Json::array(), failures = Json::array();
  for (const auto& ref : refs) {
    Task* t = FindTask(cluster, ref);
    if (t == nullptr)
      failures.push_back(Failure(ref, "MISSING"));
    else
      tasks.push_back(RenderTask(ecs, *t, IncludesTags(in)));
  }
  return Json{{"tasks", tasks}, {"failures", failures}};
}

Json RunTask(World& world, EcsRegion& ecs, const Json& in) {
  Cluster& cluster = ResolveCluster(world, ecs, in);
  TaskDefinitionRecord* td = FindTaskDefinition(ecs, RequireString(in, "taskDefinition"));
  if (td == nullptr || !td->active()) ThrowClientException("TaskDefinition not found.");
  int count = OptInt(in, "count").value_or(1);
  if (count < 1 || count > 10) ThrowInvalidParameter("count must be between 1 and 10.");
  std::string started_by = OptString(in, "startedBy").value_or("");
  Json tasks = Json::array();
  for (int i = 0; i < count; ++i) {
    Task& t = LaunchTask(world, ecs, cluster, nullptr, td->document.value("taskDefinitionArn", ""), started_by);
    if (auto lt = OptString(in, "launchType")) t.launch_type = *lt;
    if (const Json* o = OptMember(in, "overrides", Json::value_t::object)) t.overrides = *o;
    if (const Json* tags = OptMember(in, "tags", Json::value_t::array)) t.tags = *tags;
    if (auto g = OptString(in, "group")) t.group = *g;
    tasks.push_back(RenderTask(ecs, t, false));
  }
  return Json{{"tasks", tasks}, {"failures", Json::array()}};
}

Json StopTaskOp(World& world, EcsRegion& ecs, const Json& in) {
  Cluster& cluster = ResolveCluster(world, ecs, in);
  Task* t = FindTask(cluster, RequireString(in, "task"));
  if (t == nullptr) ThrowInvalidParameter("The referenced task was not found.");
  std::string reason = OptString(in, "reason").value_or("Task stopped by user");
  StopTask(world, ecs, cluster, *t, reason, "UserInitiated", 0);
  return Json{{"task", RenderTask(ecs, *t, false)}};
}

// --- Task sets ---

Service& TaskSetService(World& world, EcsRegion& ecs, const Json& in, Cluster** cluster_out) {
  Cluster& cluster = ResolveCluster(world, ecs, in);
  *cluster_out = &cluster;
  Service& s = ResolveActiveService(cluster, RequireString(in, "service"));
  if (s.controller != "EXTERNAL")
    ThrowInvalidParameter(
        "Amazon ECS only supports task set management on services configured to use external deployment "
        "controllers.");
  return s;
}

TaskSet& FindTaskSet(Service& s, const std::string& ref) {
  for (auto& ts : s.task_sets)
    if (ts.id == ref || ts.arn == ref) return ts;
  ThrowApiError(400, "TaskSetNotFoundException", "The specified task set does not exist.");
}

std::pair<double, std::string> ReadScale(const Json& in) {
  const Json* scale = OptMember(in, "scale", Json::value_t::object);
  if (scale == nullptr) return {100.0, "PERCENT"};
  double v = 100.0;
  if (const Json* value = OptMember(*scale, "value", Json::value_t::number_float)) v = value->get<double>();
  if (v < 0 || v > 100) ThrowInvalidParameter("scale value must be between 0 and 100.");
  return {v, OptString(*scale, "unit").value_or("PERCENT")};
}

Json CreateTaskSet(World& world, EcsRegion& ecs, const Json& in) {
  Cluster* cluster = nullptr;
  Service& s = TaskSetService(world, ecs, in, &cluster);
  TaskDefinitionRecord* td = FindTaskDefinition(ecs, RequireString(in, "taskDefinition"));
  if (td == nullptr || !td->active()) ThrowClientException("TaskDefinition not found.");
  if (auto token = OptString(in, "clientToken")) {
    for (auto& ts : s.task_sets)
      if (ts.started_by == "clientToken:" + *token) return Json{{"taskSet", RenderTaskSet(*cluster, s, ts, true)}};
  }
  TaskSet ts;
  ts.id = world.ids().DeploymentId();
  ts.arn = fmt::format("arn:aws:ecs:{}:{}:task-set/{}/{}/{}", ecs.region, ecs.account_id, cluster->name, s.name, ts.id);
  ts.status = s.task_sets.empty() ? "PRIMARY" : "ACTIVE";
  ts.task_definition_arn = td->document.value("taskDefinitionArn", "");
  ts.external_id = OptString(in, "externalId").value_or("");
  if (auto token = OptString(in, "clientToken")) ts.started_by = "clientToken:" + *token;
  std::tie(ts.scale_value, ts.scale_unit) = ReadScale(in);
  ts.computed_desired_count = ComputedDesiredCount(s.desired_count, ts.scale_value);
  ts.created_at = ts.updated_at = ts.stability_status_at = world.now();
  ts.launch_type = OptString(in, "launchType").value_or("FARGATE");
  ts.platform_version = OptString(in, "platformVersion").value_or(ts.launch_type == "FARGATE" ? "LATEST" : "");
  if (const Json* v = OptMember(in, "networkConfiguration", Json::value_t::object)) ts.network_configuration = *v;
  if (const Json* v = OptMember(in, "loadBalancers", Json::value_t::array)) ts.load_balancers = *v;
  if (const Json* v = OptMember(in, "serviceRegistries", Json::value_t::array)) ts.service_registries = *v;
  if (const Json* v = OptMember(in, "tags", Json::value_t::array)) ts.tags = *v;
  if (ts.status == "PRIMARY") s.task_definition_arn = ts.task_definition_arn;
  s.task_sets.push_back(ts);
  s.steady = false;
  return Json{{"taskSet", RenderTaskSet(*cluster, s, s.task_sets.back(), true)}};
}

Json UpdateTaskSet(World& world, EcsRegion& ecs, const Json& in) {
  Cluster* cluster = nullptr;
  Service& s = TaskSetService(world, ecs, in, &cluster);
  TaskSet& ts = FindTaskSet(s, RequireString(in, "taskSet"));
  if (!in.contains("scale")) ThrowInvalidParameter("scale can not be blank.");
  std::tie(ts.scale_value, ts.scale_unit) = ReadScale(in);
  ts.computed_desired_count = ComputedDesiredCount(s.desired_count, ts.scale_value);
  ts.updated_at = world.now();
  s.steady = false;
  return Json{{"taskSet", RenderTaskSet(*cluster, s, ts, false)}};
}

Json UpdateServicePrimaryTaskSet(World& world, EcsRegion& ecs, const Json& in) {
  Cluster* cluster = nullptr;
  Service& s = TaskSetService(world, ecs, in, &cluster);
  TaskSet& target = FindTaskSet(s, RequireString(in, "primaryTaskSet"));
  for (auto& ts : s.task_sets)
    if (ts.status == "PRIMARY" && &ts != &target) ts.status = "ACTIVE";
  target.status = "PRIMARY";
  target.updated_at = world.now();
  s.task_definition_arn = target.task_definition_arn;
  s.load_balancers = target.load_balancers;
  s.network_configuration = target.network_configuration;
  return Json{{"taskSet", RenderTaskSet(*cluster, s, target, false)}};
}

Json DeleteTaskSet(World& world, EcsRegion& ecs, const Json& in) {
  Cluster* cluster = nullptr;
  Service& s = TaskSetService(world, ecs, in, &cluster);
  TaskSet& ts = FindTaskSet(s, RequireString(in, "taskSet"));
  bool force = OptBool(in, "force").value_or(false);
  if (ts.status == "PRIMARY" && !force) ThrowInvalidParameter("Cannot delete a PRIMARY task set without force.");
  if (ts.computed_desired_count > 0 && ts.scale_value > 0 && !force)
    ThrowInvalidParameter("The task set cannot be deleted until it has been scaled to zero.");
  std::string id = ts.id;
  for (auto& [tid, t] : cluster->tasks)
    if (t.service == s.name && t.started_by == id && t.active())
      StopTask(world, ecs, *cluster, t, fmt::format("Scaling activity initiated by (deployment {})", id),
               "ServiceSchedulerInitiated", 0);
  ts.status = "DRAINING";
  ts.computed_desired_count = 0;
  Json out{{"taskSet", RenderTaskSet(*cluster, s, ts, false)}};
  s.task_sets.erase(
      std::remove_if(s.task_sets.begin(), s.task_sets.end(), [&](const TaskSet& t) { return t.id == id; }),
      s.task_sets.end());
  return out;
}

Json DescribeTaskSets(World& world, EcsRegion& ecs, const Json& in) {
  Cluster* cluster = nullptr;
  Service& s = TaskSetService(world, ecs, in, &cluster);
  auto refs = OptStringList(in, "taskSets");
  bool tags = IncludesTags(in);
  Json sets = Json::array(), failures = Json::array();
  if (refs.empty()) {
    for (const auto& ts : s.task_sets) sets.push_back(RenderTaskSet(*cluster, s, ts, tags));
  } else {
    for (const auto& ref : refs) {
      auto it = std::find_if(s.task_sets.begin(), s.task_sets.end(),
                             [&](const TaskSet& t) { return t.id == ref || t.arn == ref; });
      if (it == s.task_sets.end())
        failures.push_back(Failure(ref, "MISSING"));
      else
        sets.push_back(RenderTaskSet(*cluster, s, *it, tags));
    }
  }
  return Json{{"taskSets", sets}, {"failures", failures}};
}

// --- Tags ---

// The tags array a resource ARN names, or throws InvalidParameterException.
Json& TagsOf(EcsRegion& ecs, const std::string& arn) {
  for (auto& [cn, c] : ecs.clusters) {
    if (c.arn == arn) return c.tags;
    for (auto& [sn, s] : c.services) {
      if (s.arn == arn && s.status != "INACTIVE") return s.tags;
      for (auto& ts : s.task_sets)
        if (ts.arn == arn) return ts.tags;
    }
    for (auto& [id, t] : c.tasks)
      if (t.arn == arn) return t.tags;
  }
  if (arn.find(":task-definition/") != std::string::npos)
    if (TaskDefinitionRecord* td = FindTaskDefinition(ecs, arn); td != nullptr && arn.rfind(':') > arn.find('/'))
      return td->tags;
  ThrowInvalidParameter("The specified resource could not be found.");
}

Json TagResource(EcsRegion& ecs, const Json& in) {
  Json& tags = TagsOf(ecs, RequireString(in, "resourceArn"));
  const Json* add = OptMember(in, "tags", Json::value_t::array);
  if (add == nullptr) ThrowInvalidParameter("tags can not be blank.");
  for (const auto& t : *add) {
    if (!t.is_object() || !t.contains("key")) ThrowInvalidParameter("Each tag needs a key.");
    bool replaced = false;
    for (auto& existing : tags)
      if (existing.value("key", "") == t.value("key", "")) {
        existing["value"] = t.value("value", "");
        replaced = true;
      }
    if (!replaced) tags.push_back(Json{{"key", t.value("key", "")}, {"value", t.value("value", "")}});
  }
  if (tags.size() > 50) ThrowInvalidParameter("A resource can have at most 50 tags.");
  return Json::object();
}

Json UntagResource(EcsRegion& ecs, const Json& in) {
  Json& tags = TagsOf(ecs, RequireString(in, "resourceArn"));
  auto keys = OptStringList(in, "tagKeys");
  Json kept = Json::array();
  for (const auto& t : tags)
    if (std::find(keys.begin(), keys.end(), t.value("key", "")) == keys.end()) kept.push_back(t);
  tags = kept;
  return Json::object();
}

Json ListTagsForResource(EcsRegion& ecs, const Json& in) {
  return Json{{"tags", TagsOf(ecs, RequireString(in, "resourceArn"))}};
}

}  // namespace

std::optional<Json> HandleTaskOp(World& world, EcsRegion& ecs, const std::string& op, const Json& in,
                                 const RequestContext& ctx) {
  (void)ctx;
  if (op == "ListTasks") return ListTasks(world, ecs, in);
  if (op == "DescribeTasks") return DescribeTasks(world, ecs, in);
  if (op == "RunTask") return RunTask(world, ecs, in);
  if (op == "StopTask") return StopTaskOp(world, ecs, in);
  if (op == "CreateTaskSet") return CreateTaskSet(world, ecs, in);
  if (op == "UpdateTaskSet") return UpdateTaskSet(world, ecs, in);
  if (op == "UpdateServicePrimaryTaskSet") return UpdateServicePrimaryTaskSet(world, ecs, in);
  if (op == "DeleteTaskSet") return DeleteTaskSet(world, ecs, in);
  if (op == "DescribeTaskSets") return DescribeTaskSets(world, ecs, in);
  if (op == "TagResource") return TagResource(ecs, in);
  if (op == "UntagResource") return UntagResource(ecs, in);
  if (op == "ListTagsForResource") return ListTagsForResource(ecs, in);
  return std::nullopt;
}

}  // namespace berth::sim::ecs
