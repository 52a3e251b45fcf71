// State database benchmarks (the SQLite StateStore on a real file in a fresh
// temporary directory, WAL, synchronous=NORMAL).
//
// BM_HistoryRecordAndFinish: one deploy's writes (Insert, then FinishDeployment:
// a read and a compare-and-set update); items_per_second is deploys recorded per second.
// BM_HistoryLastSucceeded/...: `berth rollback`'s lookup on a 10,000-record
// history of one service. "Recent" has the target a few records down;
// "Oldest" makes the only success the very first record under 9,999 failures,
// the case an index on (service_arn, outcome) exists for.
// (berth_bench's main() is client_bench.cc's BENCHMARK_MAIN.)
#include <benchmark/benchmark.h>

#include <stdlib.h>

#include <filesystem>
#include <string>

#include "core/temp_dir.h"
#include "store/state.h"

namespace berth::store {
namespace {

const std::string kService = "arn:aws:ecs:eu-west-1:123456789012:service/prod/web";
const SystemTime kT0 = SystemTime(std::chrono::seconds(1700000000));

// A fresh directory for one benchmark run, removed when it goes out of scope.

DeploymentRecord Rec(int i) {
  DeploymentRecord r;
  r.region = "eu-west-1";
  r.cluster_arn = "arn:aws:ecs:eu-west-1:123456789012:cluster/prod";
  r.service_arn = kService;
  r.service_name = "web";
  r.kind = "deploy";
  r.deployment_id = "ecs-svc/" + std::to_string(1000000000 + i);
  r.previous_task_definition = "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:" + std::to_string(i);
  r.task_definition = "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:" + std::to_string(i + 1);
  r.started_at = kT0 + std::chrono::seconds(i);
  return r;
}

std::unique_ptr<StateStore> OpenIn(const TempDir& dir, benchmark::State& state) {
  auto h = OpenStateStore(dir.path() + "/state.db");
  if (!h.ok()) {
    state.SkipWithError(h.status().ToString().c_str());
    return nullptr;
  }
  return std::move(h).value();
}

void BM_HistoryRecordAndFinish(benchmark::State& state) {
  TempDir dir("berth-history-bench");
  auto h = OpenIn(dir, state);
  if (!h) return;
  int i = 0;
  for (auto _ : state) {
    auto id = h->deployments().Insert(Rec(i));
    if (!id.ok()) {
      state.SkipWithError(id.status().ToString().c_str());
      break;
    }
    Status s =
        FinishDeployment(*h, *id, DeploymentOutcome::kSucceeded, "COMPLETED", kT0 + std::chrono::seconds(i + 60));
    if (!s.ok()) {
      state.SkipWithError(s.ToString().c_str());
      break;
    }
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HistoryRecordAndFinish)->Unit(benchmark::kMicrosecond);

// 10,000 records of one service. only_first_succeeds: record 0 is the only
// success; otherwise every third record succeeds.
void BM_HistoryLastSucceeded(benchmark::State& state, bool only_first_succeeds) {
  constexpr int kRecords = 10000;
  TempDir dir("berth-history-bench");
  auto h = OpenIn(dir, state);
  if (!h) return;
  std::string live_td;
  for (int i = 0; i < kRecords; ++i) {
    DeploymentRecord r = Rec(i);
    bool succeeded = only_first_succeeds ? i == 0 : i % 3 == 0;
    r.outcome = succeeded ? DeploymentOutcome::kSucceeded : DeploymentOutcome::kFailed;
    r.finished_at = r.started_at + std::chrono::seconds(60);
    if (!h->deployments().Insert(r).ok()) {
      state.SkipWithError("populating the history failed");
      return;
    }
    if (succeeded) live_td = r.task_definition;
  }
  if (only_first_succeeds) live_td = Rec(kRecords - 1).task_definition;
  for (auto _ : state) {
    auto r = h->deployments().LastSucceeded(kService, live_td);
    if (!r.ok() || !r->has_value()) {
      state.SkipWithError("LastSucceeded found nothing");
      break;
    }
    benchmark::DoNotOptimize(r->value().id);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_HistoryLastSucceeded, Recent10k, false)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_HistoryLastSucceeded, Oldest10k, true)->Unit(benchmark::kMicrosecond);

void BM_HistoryList20Of10k(benchmark::State& state) {
  TempDir dir("berth-history-bench");
  auto h = OpenIn(dir, state);
  if (!h) return;
  for (int i = 0; i < 10000; ++i) {
    if (!h->deployments().Insert(Rec(i)).ok()) {
      state.SkipWithError("populating the history failed");
      return;
    }
  }
  for (auto _ : state) {
    auto rows = h->deployments().List(kService, 20);
    benchmark::DoNotOptimize(rows.ok());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HistoryList20Of10k)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace berth::store
