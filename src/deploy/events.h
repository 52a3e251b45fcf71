// Deployment events: what the engine tells whoever is watching while it
// plans, applies, follows and rolls back. Typed, so the CLI renders them as
// its lines of text or JSON and a server streams the same values to its
// dashboard; the engine itself never prints.
//
// Every event names the service it is about, so one stream can carry many
// services (a release deploys several at once).
//
// Thread-safety: events are values. EventSink implementations say their own;
// the engine calls its sink from the thread that runs it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "deploy/taskdef/diff.h"

namespace berth::deploy {

// The plan is ready (nothing has been written yet).
struct PlanReady {
  std::string service;
  std::string live_task_definition;
  std::vector<Change> changes;
  bool force_new_deployment = false;
};

// A new task definition revision was registered.
struct TaskDefinitionRegistered {
  std::string service;
  std::string task_definition;  // ARN
};

// UpdateService started a deployment (kind "deploy" or "rollback").
struct DeploymentStarted {
  std::string service;
  std::string kind;
  std::string deployment_id;
  std::string task_definition;
  std::string previous_task_definition;
};

// berth starts following a deployment.
struct FollowStarted {
  std::string service;
  std::string deployment_id;
  Duration timeout{0};
};

// The counts or the rollout state of a followed deployment changed.
struct CountsChanged {
  std::string service;
  std::string deployment_id;
  int64_t desired = 0, running = 0, pending = 0, failed = 0;
  std::string rollout_state;
  Duration elapsed{0};
};

// A service event ECS emitted after the deployment started, seen once.
struct EcsEventSeen {
  std::string service;
  std::string message;
  std::optional<SystemTime> created_at;
};

enum class Verdict { kCompleted, kFailed, kTimedOut, kInterrupted };
// "COMPLETED", "FAILED", "TIMED_OUT", "INTERRUPTED".
std::string_view VerdictName(Verdict v);

// A followed deployment reached its verdict.
struct VerdictReached {
  std::string service;
  std::string deployment_id;
  Verdict verdict = Verdict::kTimedOut;
  std::string reason;
  std::string task_definition;  // the deployment's
};

// After a failure: berth goes back to `to`, by its own UpdateService or by
// following ECS's circuit-breaker rollback that is already under way.
struct RollbackStarted {
  std::string service;
  std::string from;  // the failed revision
  std::string to;
  bool following_ecs = false;
  std::string deployment_id;  // ECS's rollback deployment when following_ecs
  std::string why;
};

// Anything else worth a line: a transient error ridden out, a record that
// could not be written. kWarning lines go where warnings go.
struct Notice {
  enum class Level { kInfo, kWarning };
  Level level = Level::kInfo;
  std::string service;
  std::string text;
};

using Event = std::variant<PlanReady, TaskDefinitionRegistered, DeploymentStarted, FollowStarted, CountsChanged,
                           EcsEventSeen, VerdictReached, RollbackStarted, Notice>;

// "plan_ready", "task_definition_registered", ...: the event's name on the wire.
std::string_view EventName(const Event& event);
// {"event": "<name>", ...fields}, for --output json and the server's stream.
Json EventToJson(const Event& event);

class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void OnEvent(const Event& event) = 0;
};

// Drops every event (berth diff, tests that do not look).
class NullEventSink final : public EventSink {
 public:
  void OnEvent(const Event&) override {}
};

// Keeps every event, in order (tests).
class RecordingEventSink final : public EventSink {
 public:
  void OnEvent(const Event& event) override { events.push_back(event); }
  // The events of type T, in order.
  template <typename T>
  std::vector<T> Of() const {
    std::vector<T> out;
    for (const Event& e : events) {
      if (const T* t = std::get_if<T>(&e)) out.push_back(*t);
    }
    return out;
  }
  std::vector<Event> events;
};

}  // namespace berth::deploy
