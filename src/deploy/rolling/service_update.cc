#include "deploy/rolling/service_update.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "core/log.h"
#include "deploy/watch/verdict.h"

namespace berth::deploy {
namespace {

// `document` with `tags` as the top-level RegisterTaskDefinition member,
// unless it has one already or there are none.
Json WithTags(Json document, const aws::TagMap& tags) {
  if (!tags.empty() && document.is_object() && !document.contains("tags")) {
    document["tags"] = aws::TagsToJson(tags, false);
  }
  return document;
}

Status CheckDaemon(const aws::EcsService& service, const DeployRequest& request) {
  if (service.scheduling_strategy == "DAEMON" && request.desired_count) {
    return InvalidArgument(fmt::format("service {} uses the DAEMON scheduling strategy: it runs one task per "
                                       "instance, so a desired count does not apply",
                                       service.name))
        .AddField("desired_count");
  }
  return Status::Ok();
}

Status CheckPercent(const char* what, const char* field, const std::optional<int>& value, int max) {
  if (value && (*value < 0 || *value > max)) {
    return InvalidArgument(fmt::format("the {} must be between 0 and {}, got {}", what, max, *value)).AddField(field);
  }
  return Status::Ok();
}

// The service's deploymentConfiguration with the requested percentages, the
// rest (circuit breaker, alarms, strategy) kept as it is.
Json DeploymentConfiguration(const aws::EcsService& service, const DeployRequest& request) {
  if (!request.min_healthy_percent && !request.max_percent) return Json();
  Json config = service.deployment_configuration.is_object() ? service.deployment_configuration : Json::object();
  if (request.min_healthy_percent) config["minimumHealthyPercent"] = *request.min_healthy_percent;
  if (request.max_percent) config["maximumPercent"] = *request.max_percent;
  return config;
}

const aws::EcsDeployment* PrimaryWith(const aws::EcsService& service, const std::string& task_definition) {
  const aws::EcsDeployment* primary = service.PrimaryDeployment();
  if (primary == nullptr || task_definition.empty() || primary->task_definition == task_definition) return primary;
  return nullptr;
}

// ECS answers UpdateService with the new PRIMARY deployment; an endpoint that
// does not (some emulators do not model deployments) leaves nothing to follow.
Status NoDeployment(const aws::EcsService& updated, const std::string& task_definition) {
  return BadResponse(fmt::format(
      "UpdateService succeeded (service {} now points at {}), but the answer has no PRIMARY deployment of it, "
      "so there is no deployment to follow. Amazon ECS always returns one; an emulator that does not model "
      "deployments does not",
      updated.name, ShortTaskDefinition(task_definition)));
}

}  // namespace

Result<DeployPlan> PlanDeploy(aws::EcsApi& ecs, const aws::EcsService& service, const DeployRequest& request) {
  BERTH_RETURN_IF_ERROR(
      CheckPercent("minimum healthy percent", "min_healthy_percent", request.min_healthy_percent, 100));
  BERTH_RETURN_IF_ERROR(CheckPercent("maximum percent", "max_percent", request.max_percent, 200));
  if (request.desired_count && *request.desired_count < 0) {
    return InvalidArgument("the desired count must be 0 or more").AddField("desired_count");
  }
  if (request.task_definition && (!request.images.empty() || !request.family.empty())) {
    return InvalidArgument(
               "a whole task definition document cannot be combined with image overrides or a family (put the "
               "images in the document, or add environment overrides on top of it)")
        .AddField("task_definition")
        .AddField("images")
        .AddField("family");
  }

  DeployPlan plan;
  plan.service = service;
  BERTH_RETURN_IF_ERROR(CheckDaemon(plan.service, request));
  const aws::EcsDeployment* primary = plan.service.PrimaryDeployment();
  plan.live_task_definition = primary != nullptr ? primary->task_definition : plan.service.task_definition;

  auto live = ecs.DescribeTaskDefinition(plan.live_task_definition);
  if (!live.ok()) return live.status().WithContext("reading the task definition the service runs");
  plan.base = *live;
  if (!request.family.empty()) {
    auto latest = ecs.DescribeTaskDefinition(request.family);
    if (!latest.ok()) {
      if (latest.status().code() == StatusCode::kNotFound || latest.status().code() == StatusCode::kAwsError) {
        return NotFound(fmt::format("no ACTIVE revision of task definition family {} ({})", request.family,
                                    latest.status().message()))
            .AddField("family");
      }
      return latest.status();
    }
    plan.base = *latest;
  }

  // Tags are part of a revision: both sides of the diff carry them as
  // RegisterTaskDefinition does (a top-level `tags` list). A document that
  // has no `tags` member keeps the base revision's tags (docs/deploy.md);
  // `"tags": []` drops them.
  Json candidate;
  if (request.task_definition) {
    BERTH_ASSIGN_OR_RETURN(candidate, ApplyOverrides(*request.task_definition, {}, request.envs));
  } else {
    BERTH_ASSIGN_OR_RETURN(candidate, ApplyOverrides(plan.base.raw, request.images, request.envs));
  }
  if (!candidate.contains("tags")) plan.tags = plan.base.tags;
  std::vector<Change> td_changes = DiffTaskDefinitions(WithTags(live->raw, live->tags), WithTags(candidate, plan.tags));
  bool family_switch = plan.base.arn != live->arn;
  bool edits = request.task_definition || !request.images.empty() || !request.envs.empty();
  if (family_switch && !edits) {
    // --family alone: run that revision as it is registered, without a copy.
    plan.update.task_definition = plan.base.arn;
    td_changes.insert(td_changes.begin(), Change{"taskDefinition", live->arn, plan.base.arn});
  } else if (!td_changes.empty()) {
    plan.register_input = std::move(candidate);
  } else if (family_switch) {
    // The edits make the latest revision equal (modulo defaults) to the live
    // one; the user still asked for a revision of that family.
    plan.update.task_definition = plan.base.arn;
    td_changes.push_back(Change{"taskDefinition", live->arn, plan.base.arn});
  }

  plan.update.cluster = plan.service.cluster_arn.empty() ? request.cluster : plan.service.cluster_arn;
  plan.update.service = plan.service.name;
  plan.update.desired_count = request.desired_count;
  plan.update.deployment_configuration = DeploymentConfiguration(plan.service, request);
  if (request.force_new_deployment) plan.update.force_new_deployment = true;

  Json service_after = Json::object();
  if (request.desired_count) service_after["desiredCount"] = *request.desired_count;
  if (!plan.update.deployment_configuration.is_null()) {
    service_after["deploymentConfiguration"] = plan.update.deployment_configuration;
  }
  plan.changes = std::move(td_changes);
  for (Change& c : DiffServiceSettings(plan.service.raw, service_after)) plan.changes.push_back(std::move(c));
  return plan;
}

namespace {

// For UpdateServiceRequest::deployments_before: a retried write is read back against these.
std::vector<std::string> DeploymentIds(const aws::EcsService& service) {
  std::vector<std::string> ids;
  for (const aws::EcsDeployment& d : service.deployments) ids.push_back(d.id);
  return ids;
}

}  // namespace

Result<Applied> ApplyPlan(aws::EcsApi& ecs, const DeployPlan& plan) {
  if (!plan.HasChanges()) return FailedPrecondition("the plan changes nothing; there is nothing to apply");
  Applied applied;
  applied.previous_task_definition = plan.live_task_definition;
  aws::UpdateServiceRequest update = plan.update;
  if (!plan.register_input.is_null()) {
    auto registered = ecs.RegisterTaskDefinition({plan.register_input, plan.tags});
    if (!registered.ok()) return registered.status().WithContext("registering the new task definition");
    update.task_definition = registered->arn;
    applied.registered = true;
    BERTH_LOG_INFO("registered {}", registered->arn);
  } else if (update.task_definition.empty()) {
    // Naming the live revision changes nothing by itself, and pins the
    // deployment ECS creates to it.
    update.task_definition = plan.live_task_definition;
  }
  update.deployments_before = DeploymentIds(plan.service);
  auto updated = ecs.UpdateService(update);
  if (!updated.ok()) {
    Status s = updated.status().WithContext(fmt::format("updating service {}", plan.service.name));
    if (applied.registered) {
      s = s.WithContext(fmt::format("the new revision {} is registered but unused; the service was not changed",
                                    update.task_definition));
    }
    return s;
  }
  applied.task_definition = update.task_definition;
  const aws::EcsDeployment* primary = PrimaryWith(*updated, applied.task_definition);
  if (primary == nullptr) return NoDeployment(*updated, applied.task_definition);
  applied.deployment_id = primary->id;
  applied.service = std::move(updated).value();
  return applied;
}

Result<Applied> UpdateServiceTaskDefinition(aws::EcsApi& ecs, const std::string& cluster,
                                            const aws::EcsService& service, const std::string& task_definition) {
  aws::UpdateServiceRequest update;
  update.cluster = service.cluster_arn.empty() ? cluster : service.cluster_arn;
  update.service = service.name;
  update.task_definition = task_definition;
  Applied applied;
  const aws::EcsDeployment* before = service.PrimaryDeployment();
  applied.previous_task_definition = before != nullptr ? before->task_definition : service.task_definition;
  update.deployments_before = DeploymentIds(service);
  auto updated = ecs.UpdateService(update);
  if (!updated.ok()) return updated.status().WithContext(fmt::format("updating service {}", service.name));
  const aws::EcsDeployment* primary = PrimaryWith(*updated, task_definition);
  if (primary == nullptr) return NoDeployment(*updated, task_definition);
  applied.task_definition = task_definition;
  applied.deployment_id = primary->id;
  applied.service = std::move(updated).value();
  return applied;
}

}  // namespace berth::deploy
