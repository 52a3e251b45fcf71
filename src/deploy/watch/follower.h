// Follower: watches one ECS deployment, the one berth's UpdateService created
// (by id), until it has truly succeeded, failed, or run out of time.
//
// The truth, not "the service is stable": success means *that* deployment
// reached rolloutState COMPLETED, is PRIMARY, runs the expected task
// definition, and no other deployment is left. A FAILED rollout, a
// circuit-breaker rollback (another deployment PRIMARY, ours FAILED or gone),
// or the service being deleted is a failure with the reason ECS gave and the
// service events that explain it. Running past the deadline is kTimedOut.
//
// While waiting it reports progress (desired / running / pending / failed of
// the deployment) and each new service event once. It polls DescribeServices
// (one call per poll) at an interval with +-20% jitter, doubling the interval
// up to max_poll_interval while the API throttles and returning to the base
// interval once calls succeed again; a few consecutive network errors are
// ridden out the same way.
//
// Thread-safety: a Follower is used by one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "aws/ecs/api.h"
#include "core/clock.h"
#include "core/reporter.h"
#include "core/result.h"

namespace berth::deploy {

enum class Verdict { kCompleted, kFailed, kTimedOut };
// "COMPLETED", "FAILED", "TIMED_OUT".
std::string_view VerdictName(Verdict v);

// "web:7" from "arn:aws:ecs:...:task-definition/web:7" (other text as given).
std::string ShortTaskDefinition(const std::string& arn);

struct FollowOptions {
  std::string cluster;
  std::string service;
  std::string deployment_id;    // required: "ecs-svc/..."
  std::string task_definition;  // expected ARN; "" accepts the deployment's own
  Duration timeout = std::chrono::minutes(30);
  Duration poll_interval = std::chrono::seconds(5);
  Duration max_poll_interval = std::chrono::seconds(60);
  // Consecutive network / bad-response errors tolerated before giving up.
  int max_transient_errors = 5;
};

struct FollowResult {
  Verdict verdict = Verdict::kTimedOut;
  std::string reason;
  std::string deployment_id;
  std::optional<aws::EcsDeployment> deployment;  // last seen state of the followed deployment
  std::string primary_deployment_id;             // PRIMARY when the follow ended
  std::string primary_task_definition;
  // Another deployment took over as PRIMARY: ECS rolled back (circuit breaker)
  // or someone else deployed.
  bool replaced = false;
  // Service events since the deployment started, oldest first (at most 20).
  std::vector<std::string> events;
  int polls = 0;
  int throttled_polls = 0;
};

// The verdict one DescribeServices snapshot supports; nullopt while the
// deployment is still undecided. Pure, so every rule is unit-tested.
struct Judgement {
  Verdict verdict;
  std::string reason;
  bool replaced = false;
};
std::optional<Judgement> Judge(const aws::EcsService& service, const std::string& deployment_id,
                               const std::string& expected_task_definition);

class Follower {
 public:
  // `seed` drives the poll jitter (tests pass a fixed one).
  Follower(aws::EcsApi& ecs, Clock& clock, Reporter& reporter, uint64_t seed = std::random_device{}());

  // Errors other than throttling and transient network trouble end the
  // follow with that Status (e.g. kCredentials when credentials cannot be
  // refreshed, kNotFound when the cluster is deleted).
  Result<FollowResult> Follow(const FollowOptions& options);

 private:
  Duration Jittered(Duration d);

  aws::EcsApi& ecs_;
  Clock& clock_;
  Reporter& reporter_;
  std::mt19937_64 rng_;
};

}  // namespace berth::deploy
