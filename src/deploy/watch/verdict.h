// The verdict on one ECS deployment, the one berth's UpdateService created
// (by id): has it truly succeeded, failed, or not yet decided?
//
// The truth, not "the service is stable": success means *that* deployment
// reached rolloutState COMPLETED, is PRIMARY, runs the expected task
// definition, and no other deployment is left. A FAILED rollout, a
// circuit-breaker rollback (another deployment PRIMARY, ours FAILED or gone),
// or the service being deleted is a failure with the reason ECS gave.
// Running out of time is the watcher's business (watch/watcher.h).
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "aws/ecs/api.h"
#include "deploy/events.h"

namespace berth::deploy {

// "web:7" from "arn:aws:ecs:...:task-definition/web:7" (other text as given).
std::string ShortTaskDefinition(const std::string& arn);

// How many failed task starts, with none running, make a crash loop on a
// service without a circuit breaker: ECS's own breaker threshold,
// ceil(desired / 2) clamped to [3, 200].
int64_t CrashLoopThreshold(int64_t desired_count);

// The verdict one DescribeServices snapshot supports; nullopt while the
// deployment is still undecided. Pure, so every rule is unit-tested.
struct Judgement {
  Verdict verdict;
  std::string reason;
  bool replaced = false;  // another deployment took over as PRIMARY
  // ...while ours had not failed: someone else's deployment (or a forced
  // rollback) superseded it, rather than ECS rolling it back.
  bool superseded = false;
};
std::optional<Judgement> Judge(const aws::EcsService& service, const std::string& deployment_id,
                               const std::string& expected_task_definition);

}  // namespace berth::deploy
