// Why a deployment's tasks stopped: the tasks ECS still lists as STOPPED
// (about an hour after they stop) that the deployment started, with their
// stop codes, reasons and containers' exit codes, for the failure summary
// of deploy, wait and rollback (what `berth status` shows for a service).
//
// Thread-safety: pure functions over an EcsApi the caller owns.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "aws/ecs/api.h"
#include "core/json.h"

namespace berth::deploy {

struct StoppedTask {
  struct Container {
    std::string name;
    std::optional<int64_t> exit_code;
    std::string reason;  // e.g. "CannotPullContainerError: ..."
  };
  std::string task_id;  // the last part of the task ARN
  std::string task_definition;
  std::string stop_code;       // EssentialContainerExited, TaskFailedToStart, ...
  std::string stopped_reason;  // "Essential container in task exited"
  std::optional<SystemTime> stopped_at;
  std::vector<Container> containers;  // those with an exit code or a reason
};

// The tasks of a service that ECS lists with any of `desired_statuses`
// (RUNNING, STOPPED: stopped ones stay listed about an hour), described:
// ListTasks per status, then DescribeTasks in batches of 100; at most
// `max_tasks` of them are described.
Result<std::vector<aws::EcsTask>> ListServiceTasks(aws::EcsApi& ecs, const std::string& cluster,
                                                   const std::string& service,
                                                   const std::vector<std::string>& desired_statuses,
                                                   size_t max_tasks = 300);

// The newest `limit` stopped tasks that deployment `deployment_id` of the
// service started, newest first. ECS's startedBy filter cannot be combined
// with serviceName, so the service's stopped tasks are filtered here.
Result<std::vector<StoppedTask>> StoppedTasksOf(aws::EcsApi& ecs, const std::string& cluster,
                                                const std::string& service, const std::string& deployment_id,
                                                size_t limit = 5);

// "task 0f3c… (web:8) stopped: Essential container in task exited [EssentialContainerExited];
// container web exited 1"
std::string DescribeStoppedTask(const StoppedTask& task);
Json StoppedTaskJson(const StoppedTask& task);

}  // namespace berth::deploy
