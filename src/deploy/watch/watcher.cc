#include "deploy/watch/watcher.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "core/duration.h"
#include "core/log.h"

namespace berth::deploy {
namespace {

// DescribeServices takes at most this many services per call.
constexpr size_t kDescribeBatch = 10;
// Service events kept per result.
constexpr size_t kKeptEvents = 20;

const aws::EcsDeployment* FindDeployment(const aws::EcsService& service, const std::string& id) {
  for (const auto& d : service.deployments) {
    if (d.id == id) return &d;
  }
  return nullptr;
}

// Answers that are not AWS's (a proxy's HTML page): ridden out a few polls
// (WatchOptions::max_transient_errors), since they rarely heal by waiting.
bool Transient(const Status& s) {
  return RideOut(s) || s.code() == StatusCode::kBadResponse;
}

// The last path segment of an ARN ("web" of ".../service/demo/web"), or the name as given.
std::string NameOf(const std::string& name_or_arn) {
  size_t slash = name_or_arn.rfind('/');
  return name_or_arn.rfind("arn:", 0) == 0 && slash != std::string::npos ? name_or_arn.substr(slash + 1) : name_or_arn;
}

}  // namespace

bool RideOut(const Status& s) {
  return s.code() == StatusCode::kThrottled || s.code() == StatusCode::kNetwork ||
         (s.code() == StatusCode::kAwsError && s.http_status() >= 500);
}

struct Watcher::Entry {
  WatchTarget target;
  FollowResult result;
  bool decided = false;
  std::chrono::steady_clock::time_point deadline;
  std::set<std::string> seen_events;
  std::optional<SystemTime> since;
  std::vector<std::string> events;  // oldest first
  std::optional<CountsChanged> last_counts;

  void Decide(Verdict verdict, std::string reason, bool replaced = false, bool superseded = false) {
    decided = true;
    result.verdict = verdict;
    result.reason = std::move(reason);
    result.replaced = replaced;
    result.superseded = superseded;
  }
  void Fail(Status status) {
    decided = true;
    result.status = std::move(status);
  }
};

Watcher::Watcher(aws::EcsApi& ecs, Clock& clock, EventSink& events, const CancelToken* cancel, WatchOptions options,
                 uint64_t seed)
    : ecs_(ecs), clock_(clock), events_(events), cancel_(cancel), options_(options), rng_(seed) {}

size_t Watcher::Add(WatchTarget target) {
  targets_.push_back(std::move(target));
  return targets_.size() - 1;
}

Duration Watcher::Jittered(Duration d) {
  std::uniform_real_distribution<double> factor(0.8, 1.2);
  return Duration(static_cast<int64_t>(static_cast<double>(d.count()) * factor(rng_)));
}

Status Watcher::Poll(std::vector<Entry>& entries, std::chrono::steady_clock::time_point start) {
  // Undecided entries by cluster, then by service name (several deployments
  // of one service share one read).
  std::map<std::string, std::map<std::string, std::vector<Entry*>>> by_cluster;
  for (Entry& e : entries) {
    if (!e.decided) by_cluster[e.target.cluster][NameOf(e.target.service)].push_back(&e);
  }
  Status round;
  for (auto& [cluster, by_service] : by_cluster) {
    std::vector<std::string> names;
    for (const auto& [name, unused] : by_service) names.push_back(name);
    const size_t per_call = std::clamp<size_t>(options_.services_per_call, 1, kDescribeBatch);
    for (size_t from = 0; from < names.size(); from += per_call) {
      std::vector<std::string> batch(
          names.begin() + static_cast<std::ptrdiff_t>(from),
          names.begin() + static_cast<std::ptrdiff_t>(std::min(names.size(), from + per_call)));
      ++describe_calls_;
      auto described = ecs_.DescribeServices({cluster, batch, false});
      if (!described.ok()) {
        const Status& s = described.status();
        if (Transient(s)) {
          for (const std::string& name : batch) {
            for (Entry* e : by_service[name]) {
              if (s.code() == StatusCode::kThrottled) ++e->result.throttled_polls;
            }
          }
          if (round.ok() || s.code() == StatusCode::kThrottled) round = s;
          continue;
        }
        for (const std::string& name : batch) {
          for (Entry* e : by_service[name]) {
            e->Fail(s.WithContext(fmt::format("following deployment {}", e->target.deployment_id)));
          }
        }
        continue;
      }
      std::map<std::string, const aws::EcsService*> found;
      for (const aws::EcsService& svc : described->items) found[svc.name] = &svc;
      for (const std::string& name : batch) {
        auto it = found.find(name);
        for (Entry* e : by_service[name]) {
          ++e->result.polls;
          if (it == found.end()) {
            e->Fail(NotFound(fmt::format("service {} is gone from cluster {} while deployment {} ran", name,
                                         cluster.empty() ? "default" : cluster, e->target.deployment_id)));
            continue;
          }
          const aws::EcsService& service = *it->second;
          const aws::EcsDeployment* ours = FindDeployment(service, e->target.deployment_id);
          if (ours != nullptr) e->result.deployment = *ours;
          if (!e->since) {
            // Events from before the deployment started are history, not news.
            e->since = ours != nullptr && ours->created_at ? *ours->created_at - std::chrono::seconds(1)
                                                           : clock_.Now() - std::chrono::seconds(1);
          }
          for (auto ev = service.events.rbegin(); ev != service.events.rend(); ++ev) {
            if (!e->seen_events.insert(ev->id).second) continue;
            if (ev->created_at && *ev->created_at < *e->since) continue;
            e->events.push_back(ev->message);
            events_.OnEvent(EcsEventSeen{service.name, ev->message, ev->created_at});
          }
          const aws::EcsDeployment* primary = service.PrimaryDeployment();
          e->result.primary_deployment_id = primary != nullptr ? primary->id : "";
          e->result.primary_task_definition = primary != nullptr ? primary->task_definition : "";
          auto judged = e->target.judge ? e->target.judge(service)
                                        : Judge(service, e->target.deployment_id, e->target.task_definition);
          if (judged) {
            e->Decide(judged->verdict, judged->reason, judged->replaced, judged->superseded);
            continue;
          }
          if (ours != nullptr) {
            CountsChanged counts{service.name,        e->target.deployment_id,
                                 ours->desired_count, ours->running_count,
                                 ours->pending_count, ours->failed_tasks,
                                 ours->rollout_state, std::chrono::duration_cast<Duration>(clock_.Steady() - start)};
            const auto& last = e->last_counts;
            if (!last || last->desired != counts.desired || last->running != counts.running ||
                last->pending != counts.pending || last->failed != counts.failed ||
                last->rollout_state != counts.rollout_state) {
              events_.OnEvent(counts);
              e->last_counts = counts;
            }
          }
        }
      }
    }
  }
  return round;
}

Result<std::vector<FollowResult>> Watcher::Run() {
  std::vector<Entry> entries;
  const auto start = clock_.Steady();
  for (const WatchTarget& t : targets_) {
    if (t.deployment_id.empty()) return InvalidArgument(fmt::format("no deployment id to follow on {}", t.service));
    Entry e;
    e.target = t;
    e.result.deployment_id = t.deployment_id;
    e.seen_events = t.events_seen;
    // Saturating: a timeout of centuries must not wrap round to the past.
    auto room = std::chrono::duration_cast<Duration>(std::chrono::steady_clock::time_point::max() - start);
    e.deadline = t.timeout >= room ? std::chrono::steady_clock::time_point::max() : start + t.timeout;
    events_.OnEvent(FollowStarted{NameOf(t.service), t.deployment_id, t.timeout});
    entries.push_back(std::move(e));
  }
  Duration interval = options_.poll_interval;
  int transient_errors = 0;
  Status unreadable;  // why the last polls could not read the services, while riding it out
  auto undecided = [&entries] {
    return std::any_of(entries.begin(), entries.end(), [](const Entry& e) { return !e.decided; });
  };
  auto interrupt_all = [&entries] {
    for (Entry& e : entries) {
      if (!e.decided) e.Decide(Verdict::kInterrupted, "berth stopped following (interrupted); ECS goes on deploying");
    }
  };

  while (undecided()) {
    if (cancel_ != nullptr && cancel_->cancelled()) {
      interrupt_all();
      break;
    }
    ++rounds_;
    Status round = Poll(entries, start);
    if (round.ok()) {
      transient_errors = 0;
      unreadable = Status::Ok();
      interval = options_.poll_interval;
    } else if (round.code() == StatusCode::kThrottled) {
      interval = std::min(interval * 2, options_.max_poll_interval);
      BERTH_LOG_INFO("DescribeServices throttled; polling every {} for now", FormatDuration(interval));
    } else if (RideOut(round)) {
      interval = std::min(interval * 2, options_.max_poll_interval);
      unreadable = round;
      events_.OnEvent(Notice{Notice::Level::kWarning, "",
                             fmt::format("could not read the service ({}); trying again in {}", round.message(),
                                         FormatDuration(interval))});
    } else if (++transient_errors <= options_.max_transient_errors) {
      interval = std::min(interval * 2, options_.max_poll_interval);
      events_.OnEvent(Notice{Notice::Level::kWarning, "",
                             fmt::format("could not read the service ({}); trying again in {}", round.message(),
                                         FormatDuration(interval))});
    } else {
      for (Entry& e : entries) {
        if (!e.decided) e.Fail(round.WithContext(fmt::format("following deployment {}", e.target.deployment_id)));
      }
      break;
    }
    auto now = clock_.Steady();
    std::optional<Duration> until_deadline;
    for (Entry& e : entries) {
      if (e.decided) continue;
      if (now >= e.deadline) {
        std::string reason = fmt::format("deployment {} did not finish within {}", e.target.deployment_id,
                                         FormatDuration(e.target.timeout));
        if (!unreadable.ok())
          reason += fmt::format(" (berth could not read the service lately: {})", unreadable.message());
        e.Decide(Verdict::kTimedOut, std::move(reason));
        continue;
      }
      Duration left = std::chrono::duration_cast<Duration>(e.deadline - now);
      until_deadline = until_deadline ? std::min(*until_deadline, left) : left;
    }
    if (!until_deadline) break;
    Duration sleep = std::min(Jittered(interval), *until_deadline);
    if (cancel_ != nullptr) {
      if (!clock_.SleepUnlessCancelled(sleep, *cancel_)) interrupt_all();
    } else {
      clock_.SleepFor(sleep);
    }
  }

  std::vector<FollowResult> results;
  for (Entry& e : entries) {
    size_t keep = std::min(e.events.size(), kKeptEvents);
    e.result.events.assign(e.events.end() - static_cast<std::ptrdiff_t>(keep), e.events.end());
    if (e.result.status.ok()) {
      std::string td = e.result.deployment ? e.result.deployment->task_definition : e.target.task_definition;
      events_.OnEvent(
          VerdictReached{NameOf(e.target.service), e.target.deployment_id, e.result.verdict, e.result.reason, td});
    }
    e.result.events_seen = std::move(e.seen_events);
    results.push_back(std::move(e.result));
  }
  return results;
}

}  // namespace berth::deploy
