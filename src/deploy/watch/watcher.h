// Watcher: follows many ECS deployments at once, to their verdicts, with one
// poll loop for all of them.
//
// Each poll reads every service still undecided with DescribeServices,
// batched as the API allows (10 services a call, per cluster): following 50
// services of one cluster costs 5 calls a poll, not 50. Each deployment is
// then judged on its service's snapshot by its target's judge (by default the
// pure verdict of watch/verdict.h). Following one deployment is the same
// watcher with one target.
//
// While waiting it reports, through the EventSink, each target's counts when
// they change (desired / running / pending / failed, rollout state) and each
// new service event once. It polls at an interval with +-20% jitter, doubling
// it up to max_poll_interval while the API throttles, answers 5xx, or the
// connection drops or times out, and back to the base interval once calls
// succeed: those are ridden out until the deadline (a warning each time but
// throttling), whose verdict then says why the service could not be read.
// Answers that are not AWS's (a proxy's page) end the follow after
// max_transient_errors polls in a row. Each target has its own deadline
// (kTimedOut past it).
//
// A cancelled CancelToken (Ctrl-C, SIGTERM) ends the wait at once: every
// undecided target's verdict is kInterrupted. ECS goes on deploying; only
// berth stopped looking.
//
// Thread-safety: a Watcher is used by one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "aws/ecs/api.h"
#include "core/cancel.h"
#include "core/clock.h"
#include "core/result.h"
#include "deploy/events.h"
#include "deploy/watch/stopped_tasks.h"
#include "deploy/watch/verdict.h"

namespace berth::deploy {

// Errors a wait rides out until its deadline, backing off: AWS throttling,
// its 5xx answers, and connections that drop or time out (once the client's
// own retries are spent). ECS goes on deploying meanwhile; only berth's view
// is interrupted.
bool RideOut(const Status& s);

struct WatchTarget {
  std::string cluster;          // name or ARN ("" = the default cluster)
  std::string service;          // name or ARN
  std::string deployment_id;    // required: "ecs-svc/..."
  std::string task_definition;  // the ARN expected; "" accepts the deployment's own
  Duration timeout = std::chrono::minutes(30);
  // How to judge a snapshot of the service; default: Judge(service,
  // deployment_id, task_definition).
  std::function<std::optional<Judgement>(const aws::EcsService&)> judge;
  // Ids of service events already shown (by the follow of the deployment
  // this one rolls back): not shown again.
  std::set<std::string> events_seen;
};

struct WatchOptions {
  Duration poll_interval = std::chrono::seconds(5);
  Duration max_poll_interval = std::chrono::seconds(60);
  // Consecutive polls answered by something that is not AWS (kBadResponse)
  // tolerated before the undecided targets end with that error.
  int max_transient_errors = 5;
  // Services read per DescribeServices call, clamped to [1, 10] (10 is the
  // API's limit and the default). Lower only to measure what batching saves
  // (watcher_bench.cc compares against 1, a follow loop per service).
  size_t services_per_call = 10;
};

struct FollowResult {
  // Not OK when following itself failed (the service vanished, credentials
  // expired): the verdict is then meaningless.
  Status status;
  Verdict verdict = Verdict::kTimedOut;
  std::string reason;
  std::string deployment_id;
  std::optional<aws::EcsDeployment> deployment;  // last seen state of the followed deployment
  std::string primary_deployment_id;             // PRIMARY when the follow ended
  std::string primary_task_definition;
  // Another deployment took over as PRIMARY: ECS rolled back (circuit
  // breaker) or someone else deployed.
  bool replaced = false;
  // ...before ours had failed (recorded SUPERSEDED, not FAILED).
  bool superseded = false;
  // The newest tasks of the deployment that stopped, newest first, when it
  // failed or timed out (the engine reads them after the verdict).
  std::vector<StoppedTask> stopped_tasks;
  // Service events since the deployment started, oldest first (at most 20).
  std::vector<std::string> events;
  // Ids of the service events shown while following, and those given in
  // WatchTarget::events_seen.
  std::set<std::string> events_seen;
  int polls = 0;            // polls that read this target's service
  int throttled_polls = 0;  // polls that were throttled while it was undecided
};

class Watcher {
 public:
  // `cancel` may be null (nothing cancels). `seed` drives the poll jitter
  // (tests pass a fixed one).
  Watcher(aws::EcsApi& ecs, Clock& clock, EventSink& events, const CancelToken* cancel, WatchOptions options = {},
          uint64_t seed = std::random_device{}());

  // Adds a deployment to follow; returns its index in Run's results.
  size_t Add(WatchTarget target);

  // Polls until every target has a verdict (or an error); results in Add
  // order. Fails only for bad targets (no deployment id).
  Result<std::vector<FollowResult>> Run();

  // DescribeServices calls made so far, and polls (rounds of calls).
  int describe_calls() const { return describe_calls_; }
  int rounds() const { return rounds_; }

 private:
  struct Entry;
  Duration Jittered(Duration d);
  // One round: describes every undecided service; returns the status of the
  // round (OK, or the error that hit every batch).
  Status Poll(std::vector<Entry>& entries, std::chrono::steady_clock::time_point start);

  aws::EcsApi& ecs_;
  Clock& clock_;
  EventSink& events_;
  const CancelToken* cancel_;
  WatchOptions options_;
  std::mt19937_64 rng_;
  std::vector<WatchTarget> targets_;
  int describe_calls_ = 0;
  int rounds_ = 0;
};

}  // namespace berth::deploy
