// BM_WatchFiftyServices: what following many deployments at once costs.
// 50 services of one cluster on the simulator (in-process, no socket, on a
// ManualClock that berth's poll sleeps move) each get a new task definition;
// one Watcher follows all 50 to COMPLETED. Arg 10 reads them as berth does
// (10 services a DescribeServices call); arg 1 reads one service a call, the
// cost of a follow loop per service, as the baseline side by side. Counters:
//   calls_per_poll  DescribeServices calls per poll round (simulator's count)
//   polls           poll rounds until every verdict
//   calls           DescribeServices calls in total
// Wall time per iteration is berth's side plus the simulator's, both in-process.
#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include <fmt/format.h>

#include "aws/auth/credentials.h"
#include "aws/call/client.h"
#include "aws/call/service.h"
#include "aws/ecs/api.h"
#include "deploy/events.h"
#include "deploy/watch/watcher.h"
#include "sim/front/in_process_transport.h"
#include "sim/front/server.h"

namespace berth::deploy {
namespace {

constexpr int kServices = 50;

// A simulator with kServices running services in cluster "bench", and an
// AWS client (berth's, over InProcessTransport) to it.
class Fleet {
 public:
  Fleet()
      : credentials_(
            aws::Credentials{sim::kDefaultAccessKeyId, sim::kDefaultSecretAccessKey, "", std::nullopt, "bench"}) {
    sim::SimOptions o;
    o.time_scale = 1;
    o.base_clock = &clock_;
    o.rate_limits = false;
    o.listen = false;
    sim_ = std::move(sim::Simulator::Start(o)).value();
    transport_ = std::make_unique<sim::InProcessTransport>(*sim_);
    aws::ClientDeps deps;
    deps.transport = transport_.get();
    deps.credentials = &credentials_;
    deps.clock = &clock_;
    deps.settings.region = "us-east-1";
    deps.settings.endpoint_url = sim_->endpoint();
    client_ = std::make_unique<aws::AwsClient>(std::move(deps));
    ecs_ = std::make_unique<aws::HttpEcsApi>(*client_);
  }
  ~Fleet() { sim_->Stop(); }

  bool Call(const std::string& op, const Json& input, Json* out = nullptr) {
    auto r = client_->Call(*aws::FindService("ecs"), op, input);
    if (r.ok() && out != nullptr) *out = *r;
    return r.ok();
  }

  Json TaskDefinition(const std::string& image) {
    return {{"family", "app"},
            {"networkMode", "awsvpc"},
            {"requiresCompatibilities", {"FARGATE"}},
            {"cpu", "256"},
            {"memory", "512"},
            {"containerDefinitions", {{{"name", "app"}, {"image", image}, {"essential", true}}}}};
  }

  // Creates the services on app:1 and lets them reach steady state.
  bool Create() {
    if (!Call("CreateCluster", {{"clusterName", "bench"}})) return false;
    if (!Call("RegisterTaskDefinition", TaskDefinition("public.ecr.aws/berth/demo-web:1.0.0"))) return false;
    for (int i = 0; i < kServices; ++i) {
      Json input = {{"cluster", "bench"},
                    {"serviceName", fmt::format("s{:02}", i)},
                    {"taskDefinition", "app:1"},
                    {"desiredCount", 2},
                    {"launchType", "FARGATE"},
                    {"networkConfiguration", {{"awsvpcConfiguration", {{"subnets", {"subnet-1"}}}}}}};
      if (!Call("CreateService", input)) return false;
    }
    clock_.Advance(std::chrono::minutes(10));
    return true;
  }

  // Moves every service to a new revision; the targets to follow.
  std::vector<WatchTarget> DeployAll(int round) {
    std::vector<WatchTarget> targets;
    Json registered;
    std::string image = fmt::format("public.ecr.aws/berth/demo-web:1.{}.0", round);
    if (!Call("RegisterTaskDefinition", TaskDefinition(image), &registered)) return targets;
    std::string arn = registered["taskDefinition"]["taskDefinitionArn"];
    for (int i = 0; i < kServices; ++i) {
      std::string name = fmt::format("s{:02}", i);
      Json updated;
      if (!Call("UpdateService", {{"cluster", "bench"}, {"service", name}, {"taskDefinition", arn}}, &updated)) {
        return {};
      }
      for (const Json& d : updated["service"]["deployments"]) {
        if (d.value("status", "") == "PRIMARY") {
          targets.push_back(WatchTarget{"bench", name, d["id"], arn, std::chrono::minutes(30), nullptr, {}});
        }
      }
    }
    return targets;
  }

  ManualClock& clock() { return clock_; }
  sim::Simulator& sim() { return *sim_; }
  aws::EcsApi& ecs() { return *ecs_; }

 private:
  ManualClock clock_;
  aws::StaticCredentialsProvider credentials_;
  std::unique_ptr<sim::Simulator> sim_;
  std::unique_ptr<sim::InProcessTransport> transport_;
  std::unique_ptr<aws::AwsClient> client_;
  std::unique_ptr<aws::HttpEcsApi> ecs_;
};

void BM_WatchFiftyServices(benchmark::State& state) {
  const size_t per_call = static_cast<size_t>(state.range(0));
  Fleet fleet;
  if (!fleet.Create()) {
    state.SkipWithError("could not create the services");
    return;
  }
  int round = 1;
  int64_t calls = 0;
  int64_t polls = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<WatchTarget> targets = fleet.DeployAll(++round);
    if (targets.size() != kServices) {
      state.SkipWithError("could not deploy every service");
      return;
    }
    fleet.sim().ResetCallCounts();
    state.ResumeTiming();

    NullEventSink events;
    WatchOptions options;
    options.services_per_call = per_call;
    Watcher watcher(fleet.ecs(), fleet.clock(), events, nullptr, options, 7);
    for (WatchTarget& t : targets) watcher.Add(std::move(t));
    auto results = watcher.Run();

    state.PauseTiming();
    if (!results.ok()) {
      state.SkipWithError(results.status().ToString().c_str());
      return;
    }
    for (const FollowResult& r : *results) {
      if (r.verdict != Verdict::kCompleted) {
        state.SkipWithError(("a deployment did not complete: " + r.reason).c_str());
        return;
      }
    }
    // The simulator's own count, not the watcher's: what AWS would bill.
    calls += fleet.sim().CallCounts()["calls"].value("ecs:DescribeServices", 0);
    polls += watcher.rounds();
    state.ResumeTiming();
  }
  state.counters["calls"] = benchmark::Counter(static_cast<double>(calls), benchmark::Counter::kAvgIterations);
  state.counters["polls"] = benchmark::Counter(static_cast<double>(polls), benchmark::Counter::kAvgIterations);
  state.counters["calls_per_poll"] = polls > 0 ? static_cast<double>(calls) / static_cast<double>(polls) : 0;
}
BENCHMARK(BM_WatchFiftyServices)->Arg(10)->Arg(1)->ArgName("services_per_call")->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace berth::deploy
