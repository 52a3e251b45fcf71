#include "deploy/rolling/service_update.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "core/log.h"
#include "deploy/lookup.h"
#include "deploy/taskdef/task_definition_file.h"
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

// The ranges ECS's UpdateService accepts for a rolling deployment (the
// simulator checks the same, with ECS's messages): checked before anything
// is registered, so a bad value cannot leave an orphaned revision behind.
Status CheckPercent(const char* what, const char* field, const std::optional<int>& value, int min, int max,
                    std::string_view why = {}) {
  if (value && (*value < min || *value > max)) {
    return InvalidArgument(fmt::format("the {} must be between {} and {}, got {}{}", what, min, max, *value, why))
        .AddField(field);
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

// The deployment of `task_definition` in UpdateService's answer `updated`:
// its PRIMARY deployment, when that runs the revision and is not the PRIMARY
// deployment `before_id` the service had before a write that changed its
// revision (ECS starts a new deployment for every new revision; an endpoint
// that does not model deployments answers with the old one, and once the
// revision is back to that one's, it would match). A write that keeps the
// revision (a desired count) keeps ECS's deployment, so any PRIMARY of the
// revision will do. nullptr when there is none.
const aws::EcsDeployment* DeploymentOf(const aws::EcsService& updated, const std::string& task_definition,
                                       const std::string& before_id, bool new_revision) {
  const aws::EcsDeployment* primary = updated.PrimaryDeployment();
  if (primary == nullptr) return nullptr;
  if (!task_definition.empty() && primary->task_definition != task_definition) return nullptr;
  if (new_revision && !before_id.empty() && primary->id == before_id) return nullptr;
  return primary;
}

// ECS answers UpdateService with the new PRIMARY deployment; an endpoint that
// does not (moto answers with the deployment the service was created with)
// leaves nothing to follow. Says so, and what the answer held instead.
std::string NoDeploymentReason(const aws::EcsService& updated, const std::string& task_definition,
                               const std::string& before_id) {
  std::string held = "no deployments at all";
  if (const aws::EcsDeployment* primary = updated.PrimaryDeployment()) {
    held = fmt::format("only deployment {} of {}{}", primary->id, ShortTaskDefinition(primary->task_definition),
                       primary->id == before_id ? ", the one it had before" : "");
  } else if (!updated.deployments.empty()) {
    held = "no PRIMARY deployment";
  }
  return fmt::format(
      "the endpoint accepted UpdateService (service {} now points at {}) but returned no deployment of it (its "
      "answer holds {}): it does not model ECS deployments (Amazon ECS always returns the new one; moto, for one, "
      "does not)",
      updated.name, ShortTaskDefinition(task_definition), held);
}

// What UpdateService's answer means for `applied` (previous_task_definition
// set): the deployment to follow, or why there is none. `before` is the
// service as read before the write.
void TakeAnswer(const aws::EcsService& before, aws::EcsService updated, const std::string& task_definition,
                Applied& applied) {
  const aws::EcsDeployment* primary_before = before.PrimaryDeployment();
  const std::string before_id = primary_before != nullptr ? primary_before->id : "";
  applied.task_definition = task_definition;
  bool new_revision = task_definition != applied.previous_task_definition;
  if (const aws::EcsDeployment* ours = DeploymentOf(updated, task_definition, before_id, new_revision)) {
    applied.deployment_id = ours->id;
  } else {
    applied.cannot_follow = NoDeploymentReason(updated, task_definition, before_id);
  }
  applied.service = std::move(updated);
}

}  // namespace

Result<DeployPlan> PlanDeploy(aws::EcsApi& ecs, const aws::EcsService& service, const DeployRequest& request) {
  BERTH_RETURN_IF_ERROR(
      CheckPercent("minimum healthy percent", "min_healthy_percent", request.min_healthy_percent, 0, 100));
  BERTH_RETURN_IF_ERROR(CheckPercent("maximum percent", "max_percent", request.max_percent, 100, 200,
                                     " (ECS starts the new tasks beside the old ones: below 100 it could not)"));
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
  plan.live_task_definition = LiveTaskDefinition(plan.service);

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
    // ECS refuses a task definition over 64 KiB. The plan above is linear in
    // any size, so this comes after it, and before any write.
    size_t bytes = candidate.dump().size();
    if (bytes > kMaxTaskDefinitionFileBytes) {
      Status too_large = InvalidArgument(fmt::format(
          "the new task definition would be {} KiB of JSON, over ECS's limit of {} KiB; nothing was registered",
          (bytes + 1023) / 1024, kMaxTaskDefinitionFileBytes / 1024));
      if (request.task_definition) too_large.AddField("task_definition");
      if (!request.envs.empty()) too_large.AddField("envs");
      return too_large;
    }
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
  TakeAnswer(plan.service, std::move(updated).value(), update.task_definition, applied);
  return applied;
}

Result<Applied> UpdateServiceTaskDefinition(aws::EcsApi& ecs, const std::string& cluster,
                                            const aws::EcsService& service, const std::string& task_definition) {
  aws::UpdateServiceRequest update;
  update.cluster = service.cluster_arn.empty() ? cluster : service.cluster_arn;
  update.service = service.name;
  update.task_definition = task_definition;
  Applied applied;
  applied.previous_task_definition = LiveTaskDefinition(service);
  update.deployments_before = DeploymentIds(service);
  auto updated = ecs.UpdateService(update);
  if (!updated.ok()) return updated.status().WithContext(fmt::format("updating service {}", service.name));
  TakeAnswer(service, std::move(updated).value(), task_definition, applied);
  return applied;
}

}  // namespace berth::deploy
