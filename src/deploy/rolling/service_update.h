// ServiceUpdate: ship new images to an ECS service berth does not own (the
// rolling strategy's plan and writes, deploy/rolling/rolling_strategy.h).
//
// Plan reads (DescribeTaskDefinition of the service's task definition, or of
// the requested family's latest ACTIVE revision) and works out
// everything the deploy would do without changing anything: the new task
// definition (a lossless clone with the named images and variables replaced,
// or a task definition file), the UpdateService input, and the semantic diff.
// Every input problem (unknown container, a missing family, settings out of
// range) is found here, so bad input never leaves anything half-applied in
// AWS. The service itself was read and its strategy chosen before
// (deploy/lookup.h, deploy/strategy.h).
//
// Apply then makes the two writes: RegisterTaskDefinition (skipped when the
// task definition is unchanged) and one UpdateService, and returns the id of
// the deployment ECS created (or, from an endpoint that answers without one,
// why there is none to follow). Four AWS calls from nothing to a deployment,
// counting the engine's DescribeServices.
//
// Thread-safety: pure planning plus calls through the given EcsApi; no state.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "aws/ecs/api.h"
#include "core/json.h"
#include "core/result.h"
#include "deploy/request.h"
#include "deploy/taskdef/diff.h"
#include "deploy/taskdef/task_definition_edit.h"

namespace berth::deploy {

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
  std::string deployment_id;             // the deployment UpdateService created; "" when it returned none
  std::string previous_task_definition;  // PRIMARY before
  aws::EcsService service;               // UpdateService's answer
  // Why there is no deployment to follow, "" when there is one: the endpoint
  // accepted UpdateService but answered without a PRIMARY deployment of the
  // new revision (an emulator that does not model deployments; Amazon ECS
  // always returns one). The change is made all the same.
  std::string cannot_follow;
};

// kNotFound for a missing family; kInvalidArgument for unknown containers
// (listing those there), bad documents and settings out of range, with the
// request fields at fault (Status::fields).
Result<DeployPlan> PlanDeploy(aws::EcsApi& ecs, const aws::EcsService& service, const DeployRequest& request);

// Registers (when needed) and updates. Requires plan.HasChanges(). An answer
// without the new deployment is not an error: Applied::cannot_follow says so.
Result<Applied> ApplyPlan(aws::EcsApi& ecs, const DeployPlan& plan);

// Points the service back at `task_definition` with one UpdateService call
// (used by rollbacks). Returns the new deployment like ApplyPlan.
Result<Applied> UpdateServiceTaskDefinition(aws::EcsApi& ecs, const std::string& cluster,
                                            const aws::EcsService& service, const std::string& task_definition);

}  // namespace berth::deploy
