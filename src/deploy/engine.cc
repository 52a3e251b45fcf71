#include "deploy/engine.h"

#include <fmt/format.h>

#include <set>

#include "core/duration.h"
#include "deploy/lookup.h"

namespace berth::deploy {
namespace {

store::DeploymentOutcome RecordedOutcome(Verdict v) {
  switch (v) {
    case Verdict::kCompleted: return store::DeploymentOutcome::kSucceeded;
    case Verdict::kFailed: return store::DeploymentOutcome::kFailed;
    case Verdict::kTimedOut: return store::DeploymentOutcome::kTimedOut;
    case Verdict::kInterrupted: return store::DeploymentOutcome::kInterrupted;
  }
  return store::DeploymentOutcome::kInterrupted;
}

LiveState LiveOf(const aws::EcsService& service) {
  LiveState live{service.name, service.cluster_arn, "", ""};
  if (const aws::EcsDeployment* primary = service.PrimaryDeployment()) {
    live.primary_deployment_id = primary->id;
    live.primary_task_definition = primary->task_definition;
  } else {
    live.primary_task_definition = service.task_definition;
  }
  return live;
}

// After a write the endpoint answered without its deployment: the service
// points at the new revision, whatever stale deployment the answer held.
LiveState AppliedLive(const Started& started) {
  return LiveState{started.service.name, started.service.cluster_arn, "", started.task_definition};
}

// A revision number of the live family ("7"), FAMILY:REVISION, or an ARN.
std::string ResolveRevision(const std::string& to, const std::string& live_arn) {
  if (!to.empty() && to.find_first_not_of("0123456789") == std::string::npos) {
    std::string family = ShortTaskDefinition(live_arn);
    family = family.substr(0, family.rfind(':'));
    return family + ":" + to;
  }
  return to;
}

// DescribeTaskDefinition's answer for a revision that does not exist: ECS
// says ClientException ("Unable to describe task definition.").
bool IsMissing(const Status& s) {
  return s.aws_code() == "ClientException" || s.code() == StatusCode::kNotFound;
}

// "web" from an ARN or FAMILY:REVISION; "" when there is none.
std::string FamilyOf(const std::string& task_definition) {
  std::string short_name = ShortTaskDefinition(task_definition);
  size_t colon = short_name.rfind(':');
  return colon == std::string::npos ? "" : short_name.substr(0, colon);
}

// The PRIMARY deployment when a rollout is under way (it is IN_PROGRESS, or
// older deployments still run beside it); null when the service is settled.
const aws::EcsDeployment* DeploymentUnderWay(const aws::EcsService& service) {
  const aws::EcsDeployment* primary = service.PrimaryDeployment();
  if (primary == nullptr) return nullptr;
  // In ECS the PRIMARY deployment runs the service's revision; one that does
  // not is stale (an emulator that does not model deployments): nothing
  // under way can be told from it.
  if (!service.task_definition.empty() && primary->task_definition != service.task_definition) return nullptr;
  bool others = false;
  for (const auto& d : service.deployments) others = others || (d.id != primary->id && d.status == "ACTIVE");
  return primary->rollout_state == "IN_PROGRESS" || others ? primary : nullptr;
}

}  // namespace

std::string_view OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kUnchanged: return "UNCHANGED";
    case Outcome::kPlanned: return "PLANNED";
    case Outcome::kStarted: return "STARTED";
    case Outcome::kApplied: return "APPLIED";
    case Outcome::kCompleted: return "COMPLETED";
    case Outcome::kFailed: return "FAILED";
    case Outcome::kTimedOut: return "TIMED_OUT";
    case Outcome::kInterrupted: return "INTERRUPTED";
  }
  return "UNKNOWN";
}

Outcome OutcomeOf(Verdict verdict) {
  switch (verdict) {
    case Verdict::kCompleted: return Outcome::kCompleted;
    case Verdict::kFailed: return Outcome::kFailed;
    case Verdict::kTimedOut: return Outcome::kTimedOut;
    case Verdict::kInterrupted: return Outcome::kInterrupted;
  }
  return Outcome::kFailed;
}

LiveState LiveAfter(const aws::EcsService& service, const FollowResult& result) {
  LiveState live{service.name, service.cluster_arn, result.primary_deployment_id, result.primary_task_definition};
  return live;
}

Engine::Engine(EngineDeps deps) : deps_(std::move(deps)) {}

const aws::EcsDeployment* Engine::AnotherDeploymentUnderWay(const aws::EcsService& service) {
  const aws::EcsDeployment* running = DeploymentUnderWay(service);
  if (running == nullptr || deps_.state == nullptr) return running;
  // A deployment berth itself judged FAILED or TIMED_OUT is the one being
  // undone, not another one in the way.
  auto record = deps_.state->deployments().FindByDeployment(service.arn, running->id);
  if (record.ok() && record->has_value() &&
      ((*record)->outcome == store::DeploymentOutcome::kFailed ||
       (*record)->outcome == store::DeploymentOutcome::kTimedOut)) {
    return nullptr;
  }
  return running;
}

std::string Engine::SuggestAnother(const aws::EcsService& service, const std::string& from, const std::string& bad) {
  constexpr const char* kOtherwise = "name an ACTIVE revision to go back to";
  if (deps_.state == nullptr) return kOtherwise;
  auto records = deps_.state->deployments().List(service.arn, 100);
  if (!records.ok()) return kOtherwise;
  std::set<std::string> tried{from, bad};
  for (const store::DeploymentRecord& r : *records) {  // newest first
    if (r.outcome != store::DeploymentOutcome::kSucceeded || !tried.insert(r.task_definition).second) continue;
    if (tried.size() > 7) break;  // a few reads at most
    auto td = deps_.ecs->DescribeTaskDefinition(r.task_definition);
    if (td.ok() && td->status == "ACTIVE") {
      return fmt::format("the revision berth saw succeed before it, {}, is ACTIVE", ShortTaskDefinition(td->arn));
    }
  }
  return kOtherwise;
}

void Engine::MarkSuperseded(const std::string& service_arn, const std::string& deployment_id, const std::string& by) {
  if (deps_.state == nullptr) return;
  auto record = deps_.state->deployments().FindByDeployment(service_arn, deployment_id);
  if (!record.ok() || !record->has_value() || store::IsFinal((*record)->outcome)) return;
  Status s =
      store::FinishDeployment(*deps_.state, (*record)->id, store::DeploymentOutcome::kSuperseded,
                              fmt::format("superseded by berth's rollback, deployment {}", by), deps_.clock->Now());
  if (!s.ok()) Warn("", fmt::format("could not update berth's state database: {}", s.message()));
}

Result<aws::EcsService> Engine::ReadService(const std::string& cluster, const std::string& service, Duration patience) {
  const auto start = deps_.clock->Steady();
  Duration interval = std::chrono::seconds(2);
  for (;;) {
    auto read = DescribeOneService(*deps_.ecs, cluster, service);
    if (read.ok() || !RideOut(read.status())) return read;
    Duration spent = std::chrono::duration_cast<Duration>(deps_.clock->Steady() - start);
    if (spent + interval > patience) return read.status().WithContext("reading the service");
    Warn(service, fmt::format("could not read service {} ({}); trying again in {}", service, read.status().message(),
                              FormatDuration(interval)));
    if (deps_.cancel != nullptr) {
      if (!deps_.clock->SleepUnlessCancelled(interval, *deps_.cancel)) {
        return Cancelled(fmt::format("stopped before service {} could be read", service));
      }
    } else {
      deps_.clock->SleepFor(interval);
    }
    interval = std::min<Duration>(interval * 2, std::chrono::seconds(60));
  }
}

void Engine::Warn(const std::string& service, std::string text) {
  deps_.events->OnEvent(Notice{Notice::Level::kWarning, service, std::move(text)});
}

Result<Engine::Planned> Engine::PlanWithStrategy(const DeployRequest& request, Duration patience) {
  BERTH_ASSIGN_OR_RETURN(aws::EcsService service, ReadService(request.cluster, request.service, patience));
  Planned p;
  BERTH_ASSIGN_OR_RETURN(p.strategy, ChooseStrategy(service, *deps_.ecs, *deps_.events));
  BERTH_ASSIGN_OR_RETURN(p.plan, p.strategy->Plan(service, request));
  deps_.events->OnEvent(PlanReady{p.plan.service.name, p.plan.live_task_definition, p.plan.changes,
                                  p.plan.update.force_new_deployment.value_or(false)});
  return p;
}

Result<DeployPlan> Engine::Plan(const DeployRequest& request) {
  BERTH_ASSIGN_OR_RETURN(Planned p, PlanWithStrategy(request, kPlanPatience));
  return std::move(p.plan);
}

std::optional<int64_t> Engine::RecordStart(const Started& started) {
  if (deps_.state == nullptr) return std::nullopt;
  store::DeploymentRecord record;
  record.region = deps_.region;
  record.cluster_arn = started.service.cluster_arn;
  record.service_arn = started.service.arn;
  record.service_name = started.service.name;
  record.kind = started.kind;
  record.deployment_id = started.deployment_id;
  record.previous_task_definition = started.previous_task_definition;
  record.task_definition = started.task_definition;
  record.reason = started.cannot_follow;  // why it stays IN_PROGRESS, when it cannot be followed
  record.started_at = deps_.clock->Now();
  auto id = deps_.state->deployments().Insert(record);
  if (!id.ok()) {
    Warn(started.service.name, fmt::format("could not record the deployment in berth's state database ({}): a "
                                           "later rollback will not know about it",
                                           id.status().message()));
    return std::nullopt;
  }
  return *id;
}

void Engine::RecordFinish(std::optional<int64_t> record_id, const FollowResult& result) {
  if (!record_id || deps_.state == nullptr) return;
  std::string reason = result.status.ok() ? result.reason : "berth stopped following: " + result.status.message();
  store::DeploymentOutcome outcome =
      result.status.ok() ? RecordedOutcome(result.verdict) : store::DeploymentOutcome::kInterrupted;
  if (result.status.ok() && result.superseded) outcome = store::DeploymentOutcome::kSuperseded;
  Status s = store::FinishDeployment(*deps_.state, *record_id, outcome, reason, deps_.clock->Now());
  if (!s.ok()) Warn("", fmt::format("could not update berth's state database: {}", s.message()));
}

Result<FollowResult> Engine::FollowAndRecord(Strategy& strategy, const Started& started,
                                             std::optional<int64_t> record_id, const FollowOptions& options,
                                             const std::set<std::string>& events_seen) {
  Watcher watcher(*deps_.ecs, *deps_.clock, *deps_.events, deps_.cancel, options.watch,
                  deps_.jitter_seed.value_or(std::random_device{}()));
  WatchTarget target = strategy.Follow(started, options.timeout);
  target.events_seen = events_seen;
  watcher.Add(std::move(target));
  BERTH_ASSIGN_OR_RETURN(auto results, watcher.Run());
  FollowResult result = std::move(results.front());
  if (result.status.ok() && (result.verdict == Verdict::kFailed || result.verdict == Verdict::kTimedOut)) {
    // Why its tasks stopped, for the failure summary; the verdict stands without it.
    auto stopped = StoppedTasksOf(*deps_.ecs, started.service.cluster_arn, started.service.name, started.deployment_id);
    if (stopped.ok()) {
      result.stopped_tasks = std::move(stopped).value();
    } else {
      Warn(started.service.name, "could not read why the deployment's tasks stopped: " + stopped.status().message());
    }
  }
  RecordFinish(record_id, result);
  if (!result.status.ok()) return result.status;
  return result;
}

Result<DeployResult> Engine::Deploy(const DeployRequest& request, const DeployOptions& options) {
  if (!options.wait && options.rollback_on_failure) {
    return InvalidArgument("rolling back on failure needs berth to follow the deployment").AddField("wait");
  }
  BERTH_ASSIGN_OR_RETURN(Planned p, PlanWithStrategy(request, options.follow.timeout));
  DeployResult out;
  out.plan = p.plan;
  out.live = LiveOf(p.plan.service);
  if (options.dry_run) {
    out.outcome = Outcome::kPlanned;
    return out;
  }
  if (!p.plan.HasChanges()) return out;  // kUnchanged

  BERTH_ASSIGN_OR_RETURN(Started started, p.strategy->Apply(p.plan));
  out.deployment = Followed{started, std::nullopt, RecordStart(started)};
  out.live = LiveOf(started.service);
  if (!started.cannot_follow.empty()) {
    out.outcome = Outcome::kApplied;
    out.live = AppliedLive(started);
    return out;
  }
  if (!options.wait) {
    out.outcome = Outcome::kStarted;
    return out;
  }
  BERTH_ASSIGN_OR_RETURN(FollowResult result,
                         FollowAndRecord(*p.strategy, started, out.deployment->record_id, options.follow));
  out.deployment->result = result;
  out.outcome = OutcomeOf(result.verdict);
  out.live = LiveAfter(started.service, result);
  bool failed = result.verdict == Verdict::kFailed || result.verdict == Verdict::kTimedOut;
  if (!failed || !options.rollback_on_failure) return out;

  auto back = p.strategy->RollBack(started, result);
  if (!back.ok()) {
    out.rollback_error = back.status();
    return out;
  }
  out.rollback = Followed{*back, std::nullopt, RecordStart(*back)};
  if (!back->cannot_follow.empty()) {
    out.rollback_error = BadResponse(back->cannot_follow + "; berth recorded the rollback but cannot follow it");
    return out;
  }
  auto followed = FollowAndRecord(*p.strategy, *back, out.rollback->record_id, options.follow, result.events_seen);
  if (!followed.ok()) {
    out.rollback_error = followed.status();
    return out;
  }
  out.rollback->result = *followed;
  out.live = LiveAfter(back->service, *followed);
  if (followed->verdict == Verdict::kInterrupted) out.outcome = Outcome::kInterrupted;
  return out;
}

Result<WaitResult> Engine::Wait(const WaitRequest& request, const FollowOptions& options) {
  BERTH_ASSIGN_OR_RETURN(aws::EcsService service, ReadService(request.cluster, request.service, options.timeout));
  BERTH_ASSIGN_OR_RETURN(auto strategy, ChooseStrategy(service, *deps_.ecs, *deps_.events));
  const aws::EcsDeployment* target = nullptr;
  if (request.deployment_id.empty()) {
    target = service.PrimaryDeployment();
    if (target == nullptr) {
      return FailedPrecondition(fmt::format("service {} has no PRIMARY deployment to follow", service.name));
    }
  } else {
    for (const auto& d : service.deployments) {
      if (d.id == request.deployment_id) target = &d;
    }
    if (target == nullptr) {
      std::string there;
      for (const auto& d : service.deployments) there += (there.empty() ? "" : ", ") + d.id + " " + d.status;
      return NotFound(fmt::format("deployment {} is not on service {} (deployments there: {}); ECS drops finished "
                                  "deployments, so the service's events and berth's records tell what became of it",
                                  request.deployment_id, service.name, there.empty() ? "none" : there))
          .AddField("deployment_id");
    }
  }
  WaitResult out;
  out.deployment.started.kind = "deploy";
  out.deployment.started.deployment_id = target->id;
  out.deployment.started.task_definition = target->task_definition;
  out.deployment.started.service = service;
  if (deps_.state != nullptr) {
    auto record = deps_.state->deployments().FindByDeployment(service.arn, target->id);
    if (record.ok() && record->has_value()) {
      out.deployment.record_id = (*record)->id;
      out.deployment.started.kind = (*record)->kind;
      out.deployment.started.previous_task_definition = (*record)->previous_task_definition;
    } else if (!record.ok()) {
      Warn(service.name, "could not read berth's state database: " + record.status().message());
    }
  }
  BERTH_ASSIGN_OR_RETURN(FollowResult result,
                         FollowAndRecord(*strategy, out.deployment.started, out.deployment.record_id, options));
  out.outcome = OutcomeOf(result.verdict);
  out.live = LiveAfter(service, result);
  out.deployment.result = std::move(result);
  return out;
}

Result<RollbackResult> Engine::Rollback(const RollbackRequest& request, const FollowOptions& options) {
  BERTH_ASSIGN_OR_RETURN(aws::EcsService service, ReadService(request.cluster, request.service, options.timeout));
  BERTH_ASSIGN_OR_RETURN(auto strategy, ChooseStrategy(service, *deps_.ecs, *deps_.events));
  RollbackResult out;
  out.from = LiveTaskDefinition(service);
  out.live = LiveOf(service);
  const aws::EcsDeployment* running = AnotherDeploymentUnderWay(service);
  aws::EcsTaskDefinition target;
  if (!request.to.empty()) {
    const std::string wanted = ResolveRevision(request.to, out.from);
    auto td = deps_.ecs->DescribeTaskDefinition(wanted);
    if (!td.ok() && !IsMissing(td.status())) return td.status();  // credentials, network: not "no such"
    if (!td.ok()) {
      return NotFound(fmt::format("no such task definition {} ({}); give a revision number of the live family, "
                                  "FAMILY:REVISION, or an ARN",
                                  wanted, td.status().message()))
          .AddField("to");
    }
    target = std::move(td).value();
    out.to = target.arn;
    out.why = "as asked";
    std::string live_family = FamilyOf(out.from);
    if (!live_family.empty() && target.family != live_family && !request.force) {
      return InvalidArgument(fmt::format("{} is of family {}, but service {} runs family {}: rolling back to another "
                                         "family is refused unless forced (check the revision, or roll back anyway)",
                                         ShortTaskDefinition(target.arn), target.family, service.name, live_family))
          .AddField("to")
          .AddField("force");
    }
  } else {
    if (deps_.state == nullptr) {
      return FailedPrecondition("berth's state database is not open, so it cannot tell where to roll back to")
          .AddField("to");
    }
    BERTH_ASSIGN_OR_RETURN(auto good, deps_.state->deployments().LastSucceeded(service.arn, out.from));
    if (good) {
      out.to = good->task_definition;
      out.why = fmt::format("the last revision berth saw succeed on this service ({} deployment {})", good->kind,
                            good->deployment_id);
    } else {
      BERTH_ASSIGN_OR_RETURN(auto recent, deps_.state->deployments().List(service.arn, 1));
      if (recent.empty() || recent[0].previous_task_definition.empty() ||
          recent[0].previous_task_definition == out.from) {
        return FailedPrecondition(fmt::format("berth has no deployment of service {} on record in {} to roll back "
                                              "to: name the revision to go back to (e.g. {})",
                                              service.name, deps_.state->location(), ShortTaskDefinition(out.from)))
            .AddField("to");
      }
      out.to = recent[0].previous_task_definition;
      out.why = fmt::format("the revision that was live before berth's last deployment ({})", recent[0].deployment_id);
    }
    if (out.to != out.from) {
      auto td = deps_.ecs->DescribeTaskDefinition(out.to);
      if (!td.ok() && !IsMissing(td.status())) return td.status();
      if (!td.ok()) {
        return NotFound(fmt::format("{}, {}, does not exist any more ({}); {}", ShortTaskDefinition(out.to), out.why,
                                    td.status().message(), SuggestAnother(service, out.from, out.to)))
            .AddField("to");
      }
      target = std::move(td).value();
    }
  }
  if (out.to == out.from) return out;  // kUnchanged
  if (target.status != "ACTIVE" && !target.status.empty()) {
    return FailedPrecondition(
               fmt::format("{} is {}{}: ECS does not start tasks from a deregistered revision, so a rollback to it "
                           "cannot succeed; {}",
                           ShortTaskDefinition(target.arn), target.status,
                           out.why == "as asked" ? "" : " (" + out.why + ")",
                           SuggestAnother(service, out.from, target.arn)))
        .AddField("to");
  }
  if (running != nullptr && !request.force) {
    return FailedPrecondition(
               fmt::format("deployment {} ({}) is still IN_PROGRESS on service {}: a rollback now would replace it "
                           "mid-way; wait for it to finish and roll back if it fails, or roll back anyway",
                           running->id, ShortTaskDefinition(running->task_definition), service.name))
        .AddField("force");
  }
  if (running != nullptr) {
    Warn(service.name, fmt::format("deployment {} ({}) is still IN_PROGRESS; rolling back anyway, as forced, replaces "
                                   "it, and berth records it as SUPERSEDED",
                                   running->id, ShortTaskDefinition(running->task_definition)));
  }

  BERTH_ASSIGN_OR_RETURN(Started started, strategy->Revert(service, out.to));
  out.deployment = Followed{started, std::nullopt, RecordStart(started)};
  out.live = LiveOf(started.service);
  if (running != nullptr) MarkSuperseded(service.arn, running->id, started.deployment_id);
  if (!started.cannot_follow.empty()) {
    out.outcome = Outcome::kApplied;
    out.live = AppliedLive(started);
    return out;
  }
  if (!request.wait) {
    out.outcome = Outcome::kStarted;
    return out;
  }
  BERTH_ASSIGN_OR_RETURN(FollowResult result, FollowAndRecord(*strategy, started, out.deployment->record_id, options));
  out.outcome = OutcomeOf(result.verdict);
  out.live = LiveAfter(started.service, result);
  out.deployment->result = std::move(result);
  return out;
}

}  // namespace berth::deploy
