#include "deploy/watch/stopped_tasks.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/timestamp.h"
#include "deploy/watch/verdict.h"

namespace berth::deploy {

Result<std::vector<StoppedTask>> StoppedTasksOf(aws::EcsApi& ecs, const std::string& cluster,
                                                const std::string& service, const std::string& deployment_id,
                                                size_t limit) {
  aws::ListTasksRequest list;
  list.cluster = cluster;
  list.service_name = service;
  list.desired_status = "STOPPED";
  BERTH_ASSIGN_OR_RETURN(std::vector<std::string> arns, ecs.ListTasks(list));
  if (arns.empty()) return std::vector<StoppedTask>{};
  // A service that crash-loops for an hour lists thousands: the newest
  // hundred (one DescribeTasks call) say enough.
  if (arns.size() > 100) arns.resize(100);
  BERTH_ASSIGN_OR_RETURN(auto batch, ecs.DescribeTasks({cluster, arns, false}));
  std::vector<StoppedTask> out;
  for (const aws::EcsTask& t : batch.items) {
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
