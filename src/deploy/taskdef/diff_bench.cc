// The task-definition half of a plan (`berth deploy` / `berth diff`) on large
// environments, so its scaling is visible (1k, 10k, 100k entries; ECS's 64 KiB
// limit on a registered task definition makes 100k impossible to register,
// but the plan is computed before that limit is met, and the live side is
// whatever DescribeTaskDefinition returned). No AWS: these are the pure steps
// PlanDeploy and the CLI run on the documents.
//
// BM_PlanOneEnvOverride/N: a live revision whose container has N environment
//   entries, one `--env` override: ApplyOverrides, DiffTaskDefinitions,
//   RenderChanges (one change).
// BM_DiffReorderedEnvironment/N: the same N entries in reverse order with
//   every tenth value changed (a file against the live revision):
//   DiffTaskDefinitions, RenderChanges and ChangesToJson (N/10 changes).
// BM_ApplyEnvOverrides/N: N `--env` overrides, each replacing an existing
//   entry: ApplyOverrides alone.
// Each reports its complexity fit (BigO) over N.
// (berth_bench's main() is client_bench.cc's BENCHMARK_MAIN.)
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "deploy/taskdef/diff.h"
#include "deploy/taskdef/task_definition_edit.h"

namespace berth::deploy {
namespace {

Json Environment(int n, bool reversed, int change_every) {
  Json env = Json::array();
  for (int k = 0; k < n; ++k) {
    int i = reversed ? n - 1 - k : k;
    std::string value = fmt::format("value-{}", i);
    if (change_every > 0 && i % change_every == 0) value += "-new";
    env.push_back({{"name", fmt::format("VAR_{:06}", i)}, {"value", value}});
  }
  return env;
}

Json LiveTaskDefinition(const Json& environment) {
  return {{"taskDefinitionArn", "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7"},
          {"family", "web"},
          {"revision", 7},
          {"status", "ACTIVE"},
          {"networkMode", "awsvpc"},
          {"requiresCompatibilities", {"FARGATE"}},
          {"cpu", "256"},
          {"memory", "512"},
          {"containerDefinitions",
           {{{"name", "web"},
             {"image", "repo/web:1.0"},
             {"essential", true},
             {"portMappings", {{{"containerPort", 8080}, {"protocol", "tcp"}}}},
             {"environment", environment}},
            {{"name", "envoy"}, {"image", "envoyproxy/envoy:v1.30"}, {"essential", true}}}}};
}

void BM_PlanOneEnvOverride(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const Json live = LiveTaskDefinition(Environment(n, false, 0));
  const std::vector<EnvOverride> envs = {{"web", fmt::format("VAR_{:06}", n / 2), "changed"}};
  size_t changes = 0;
  for (auto _ : state) {
    Result<Json> candidate = ApplyOverrides(live, {}, envs);
    if (!candidate.ok()) {
      state.SkipWithError(candidate.status().ToString().c_str());
      return;
    }
    std::vector<Change> diff = DiffTaskDefinitions(live, *candidate);
    std::string text = RenderChanges(diff, /*color=*/false);
    benchmark::DoNotOptimize(text);
    changes = diff.size();
  }
  state.counters["changes"] = static_cast<double>(changes);
  state.SetComplexityN(n);
}
BENCHMARK(BM_PlanOneEnvOverride)->RangeMultiplier(10)->Range(1000, 100000)->Unit(benchmark::kMillisecond)->Complexity();

void BM_DiffReorderedEnvironment(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const Json live = LiveTaskDefinition(Environment(n, false, 0));
  const Json file = LiveTaskDefinition(Environment(n, true, 10));
  size_t changes = 0;
  for (auto _ : state) {
    std::vector<Change> diff = DiffTaskDefinitions(live, file);
    std::string text = RenderChanges(diff, /*color=*/false);
    Json json = ChangesToJson(diff);
    benchmark::DoNotOptimize(text);
    benchmark::DoNotOptimize(json);
    changes = diff.size();
  }
  state.counters["changes"] = static_cast<double>(changes);
  state.SetComplexityN(n);
}
BENCHMARK(BM_DiffReorderedEnvironment)
    ->RangeMultiplier(10)
    ->Range(1000, 100000)
    ->Unit(benchmark::kMillisecond)
    ->Complexity();

void BM_ApplyEnvOverrides(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const Json live = LiveTaskDefinition(Environment(n, false, 0));
  std::vector<EnvOverride> envs;
  for (int i = 0; i < n; ++i) envs.push_back({"web", fmt::format("VAR_{:06}", i), "changed"});
  for (auto _ : state) {
    Result<Json> candidate = ApplyOverrides(live, {}, envs);
    if (!candidate.ok()) {
      state.SkipWithError(candidate.status().ToString().c_str());
      return;
    }
    benchmark::DoNotOptimize(candidate);
  }
  state.SetComplexityN(n);
}
BENCHMARK(BM_ApplyEnvOverrides)->RangeMultiplier(10)->Range(1000, 100000)->Unit(benchmark::kMillisecond)->Complexity();

}  // namespace
}  // namespace berth::deploy
