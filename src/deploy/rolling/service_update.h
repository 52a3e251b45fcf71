// ServiceUpdate: ship new images to an ECS service berth does not own.
//
// Plan reads (DescribeServices, then DescribeTaskDefinition of the service's
// task definition or of `--family`'s latest ACTIVE revision) and works out
// everything the deploy would do without changing anything: the new task
// definition (a lossless clone with the named images and variables replaced,
// or a task definition file), the UpdateService input, and the semantic diff.
// Every input problem (unknown container, missing service or cluster, a
// controller berth cannot drive) is found here, so bad input never leaves
// anything half-applied in AWS.
//
// Apply then makes the two writes: RegisterTaskDefinition (skipped when the
// task definition is unchanged) and one UpdateService, and returns the id of
// the deployment ECS created. Four AWS calls from nothing to a deployment.
//
// Thread-safety: pure planning plus calls through the given EcsApi; no state.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "aws/ecs/api.h"
#include "core/json.h"
#include "core/result.h"
#include "deploy/taskdef/diff.h"
#include "deploy/taskdef/task_definition_edit.h"

namespace berth::deploy {

struct DeployRequest {
  std::string cluster;  // name or ARN; "" is the default cluster
  std::string service;  // name or ARN
  std::string family;   // clone the latest ACTIVE revision of this family instead of the service's
  std::vector<ImageOverride> images;
  std::vector<EnvOverride> envs;
  std::optional<Json> task_definition;  // a whole document (--task-definition FILE) instead of a clone
  std::optional<int> desired_count;
  std::optional<int> min_healthy_percent;
  std::optional<int> max_percent;
  bool force_new_deployment = false;
};

struct DeployPlan {
  aws::EcsService service;           // as described
  aws::EcsTaskDefinition base;       // the revision the new one is made from (the live one, or --family's latest)
  std::string live_task_definition;  // ARN the service runs now (PRIMARY)
  Json register_input;               // RegisterTaskDefinition input; null when nothing changes in it
  aws::TagMap tags;                  // the base revision's tags, carried to the new one
  aws::UpdateServiceRequest update;  // task_definition is filled in by Apply when registering
  std::vector<Change> changes;       // task definition + service settings
  bool HasChanges() const { return !changes.empty() || update.force_new_deployment.value_or(false); }
};

struct Applied {
  std::string task_definition;           // ARN the service now points at
  bool registered = false;               // a new revision was registered
  std::string deployment_id;             // the deployment UpdateService created
  std::string previous_task_definition;  // PRIMARY before
  aws::EcsService service;               // UpdateService's answer
};

// kNotFound for a missing cluster/service/family (with what to check);
// kInvalidArgument for unknown containers (listing those there), bad files;
// kFailedPrecondition for EXTERNAL / CODE_DEPLOY / DAEMON-with-desired-count
// services, naming what handles them.
Result<DeployPlan> PlanDeploy(aws::EcsApi& ecs, const DeployRequest& request);

// Registers (when needed) and updates. Requires plan.HasChanges().
Result<Applied> ApplyPlan(aws::EcsApi& ecs, const DeployPlan& plan);

// Points the service back at `task_definition` with one UpdateService call
// (used by rollbacks). Returns the new deployment like ApplyPlan.
Result<Applied> UpdateServiceTaskDefinition(aws::EcsApi& ecs, const std::string& cluster,
                                            const aws::EcsService& service, const std::string& task_definition);

// Reads one service: kNotFound for a missing or INACTIVE service and for a
// missing cluster, with a message that says what to check.
Result<aws::EcsService> DescribeOneService(aws::EcsApi& ecs, const std::string& cluster, const std::string& service);

}  // namespace berth::deploy
