#include "deploy/watch/stopped_tasks.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/timestamp.h"
#include "deploy/watch/verdict.h"

namespace berth::deploy {

Result<std::vector<aws::EcsTask>> ListServiceTasks(aws::EcsApi& ecs, const std::string& cluster,
                                                   const std::string& service,
                                                   const std::vector<std::string>& desired_statuses, size_t max_tasks) {
  std::vector<std::string> arns;
  for (const std::string& desired : desired_statuses) {
    aws::ListTasksRequest list;
    list.cluster = cluster;
    list.service_name = service;
    list.desired_status = desired;
    BERTH_ASSIGN_OR_RETURN(auto some, ecs.ListTasks(list));
    arns.insert(arns.end(), some.begin(), some.end());
  }
  // A service crash-looping for the hour ECS keeps stopped tasks lists
  // hundreds: a few DescribeTasks calls' worth say enough.
  if (arns.size() > max_tasks) arns.resize(max_tasks);
  if (arns.empty()) return std::vector<aws::EcsTask>{};
  BERTH_ASSIGN_OR_RETURN(auto batch, ecs.DescribeTasks({cluster, arns, false}));
  return std::move(batch.items);
}

Result<std::vector<StoppedTask>> StoppedTasksOf(aws::EcsApi& ecs, const std::string& cluster,
                                                const std::string& service, const std::string& deployment_id,
                                                size_t limit) {
  BERTH_ASSIGN_OR_RETURN(std::vector<aws::EcsTask> tasks, ListServiceTasks(ecs, cluster, service, {"STOPPED"}));
  std::vector<StoppedTask> out;
  for (const aws::EcsTask& t : tasks) {
    if (t.started_by != deployment_id || t.last_status != "STOPPED") continue;
    StoppedTask s;
    s.task_id = t.arn.substr(t.arn.rfind('/') + 1);
    s.task_definition = t.task_definition_arn;
    s.stop_code = t.stop_code;
    s.stopped_reason = t.stopped_reason;
    s.stopped_at = t.stopped_at;
    for (const aws::EcsContainer& c : t.containers) {
      if (c.exit_code || !c.reason.empty()) s.containers.push_back({c.name, c.exit_code, c.reason});
    }
    out.push_back(std::move(s));
  }
  std::stable_sort(out.begin(), out.end(), [](const StoppedTask& a, const StoppedTask& b) {
    return a.stopped_at.value_or(SystemTime{}) > b.stopped_at.value_or(SystemTime{});
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

std::string DescribeStoppedTask(const StoppedTask& task) {
  std::string text = fmt::format("task {} ({}) stopped: {}", task.task_id, ShortTaskDefinition(task.task_definition),
                                 task.stopped_reason.empty() ? "no reason given" : task.stopped_reason);
  if (!task.stop_code.empty()) text += " [" + task.stop_code + "]";
  for (const StoppedTask::Container& c : task.containers) {
    text += "; container " + c.name;
    if (c.exit_code) text += fmt::format(" exited {}", *c.exit_code);
    if (!c.reason.empty()) text += ": " + c.reason;
  }
  return text;
}

Json StoppedTaskJson(const StoppedTask& task) {
  Json containers = Json::array();
  for (const StoppedTask::Container& c : task.containers) {
    Json j{{"name", c.name}, {"reason", c.reason}};
    j["exitCode"] = c.exit_code ? Json(*c.exit_code) : Json();
    containers.push_back(std::move(j));
  }
  return Json{{"taskId", task.task_id},
              {"taskDefinition", task.task_definition},
              {"stopCode", task.stop_code},
              {"stoppedReason", task.stopped_reason},
              {"stoppedAt", task.stopped_at ? FormatIso8601(*task.stopped_at) : ""},
              {"containers", std::move(containers)}};
}

}  // namespace berth::deploy
