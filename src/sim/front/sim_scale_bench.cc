// BM_SimScaleWorld, the simulator's scale promise (docs/sim.md): 200
// clusters x 10 services x 10 tasks (2,000 services, 20,000 tasks) created
// through the ECS API in-process, advanced until steady, then through a
// rolling deployment of every service; reports peak RSS (VmHWM, <= 500 MiB),
// the wall time of one simulated minute of advance on average and the worst
// minute (the one in which every service deploys). Throughput is measured in
// sim_bench.cc.
// VmHWM is per process: run BM_SimScaleWorld alone (scripts/bench.sh does).
#include <benchmark/benchmark.h>

#include <chrono>
#include <fstream>
#include <string>

#include <fmt/format.h>

#include "aws/auth/sigv4.h"
#include "http/transport.h"
#include "sim/front/in_process_transport.h"
#include "sim/front/server.h"

namespace berth::sim {
namespace {

// Peak resident set size of this process, in MiB (0 when /proc is missing).
double PeakRssMib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;  // kB
  }
  return 0;
}

class ScaleWorld {
 public:
  static constexpr int kClusters = 200;
  static constexpr int kServicesPerCluster = 10;
  static constexpr int kDesired = 10;

  explicit ScaleWorld(ManualClock& clock) : clock_(clock) {
    SimOptions o;
    o.time_scale = 0;
    o.base_clock = &clock_;
    o.rate_limits = false;
    o.listen = false;
    sim_ = std::move(Simulator::Start(o)).value();
    transport_ = std::make_unique<InProcessTransport>(*sim_);
  }
  ~ScaleWorld() { sim_->Stop(); }

  // Calls the ECS API in-process (signed, through the dispatcher); false on a non-200.
  bool Ecs(const std::string& op, std::string body) {
    static const aws::Credentials creds{kDefaultAccessKeyId, kDefaultSecretAccessKey, "", std::nullopt, "bench"};
    http::Request req;
    req.url = sim_->endpoint() + "/";
    req.headers = {{"X-Amz-Target", std::string(kEcsTargetPrefix) + "." + op},
                   {"Content-Type", "application/x-amz-json-1.1"}};
    req.body = std::move(body);
    (void)aws::SignRequest(req, creds, aws::SigningParams{"us-east-1", "ecs", clock_.Now()}, &cache_);
    auto res = transport_->Send(req);
    return res.ok() && res->status == 200;
  }

  bool Register(const std::string& image) {
    return Ecs("RegisterTaskDefinition",
               fmt::format(R"({{"family":"app","networkMode":"awsvpc","requiresCompatibilities":["FARGATE"],)"
                           R"("cpu":"256","memory":"512","containerDefinitions":[{{"name":"app","image":"{}",)"
                           R"("essential":true}}]}})",
                           image));
  }

  bool CreateAll() {
    if (!Register("app:v1")) return false;
    for (int c = 0; c < kClusters; ++c) {
      if (!Ecs("CreateCluster", fmt::format(R"({{"clusterName":"c{}"}})", c))) return false;
      for (int s = 0; s < kServicesPerCluster; ++s) {
        if (!Ecs("CreateService",
                 fmt::format(R"({{"cluster":"c{}","serviceName":"s{}","taskDefinition":"app:1","desiredCount":{},)"
                             R"("launchType":"FARGATE","networkConfiguration":{{"awsvpcConfiguration":)"
                             R"({{"subnets":["subnet-1"],"assignPublicIp":"DISABLED"}}}}}})",
                             c, s, kDesired))) {
          return false;
        }
      }
    }
    return true;
  }

  bool DeployAll() {
    if (!Register("app:v2")) return false;
    for (int c = 0; c < kClusters; ++c) {
      for (int s = 0; s < kServicesPerCluster; ++s) {
        if (!Ecs("UpdateService",
                 fmt::format(R"({{"cluster":"c{}","service":"s{}","taskDefinition":"app:2"}})", c, s))) {
          return false;
        }
      }
    }
    return true;
  }

  // Advances one simulated minute; returns the wall time it took, in ms.
  double AdvanceMinute() {
    auto start = std::chrono::steady_clock::now();
    sim_->clock().Advance(std::chrono::minutes(1));
    auto lock = sim_->world().Lock();
    sim_->world().AdvanceToNow();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  }

  // Every service has one live deployment, COMPLETED, with all its tasks running.
  bool AllSteady(int* running_tasks) {
    auto lock = sim_->world().Lock();
    int running = 0;
    bool steady = true;
    for (auto& [key, region] : sim_->world().regions()) {
      for (auto& [cname, cluster] : region.clusters) {
        for (auto& [tid, task] : cluster.tasks) running += task.running() ? 1 : 0;
        for (auto& [sname, service] : cluster.services) {
          int live = 0;
          for (const Deployment& d : service.deployments) {
            if (d.status == "INACTIVE") continue;
            ++live;
            if (d.rollout_state != "COMPLETED" || d.running_count != service.desired_count) steady = false;
          }
          if (live != 1) steady = false;
        }
      }
    }
    *running_tasks = running;
    return steady;
  }

 private:
  ManualClock& clock_;
  aws::SigningKeyCache cache_;
  std::unique_ptr<Simulator> sim_;
  std::unique_ptr<InProcessTransport> transport_;
};

void BM_SimScaleWorld(benchmark::State& state) {
  for (auto _ : state) {
    ManualClock clock;
    ScaleWorld world(clock);
    if (!world.CreateAll()) {
      state.SkipWithError("creating 2,000 services failed");
      return;
    }
    double advance_ms = 0, worst_ms = 0;
    int minutes = 0;
    auto minute = [&] {
      double ms = world.AdvanceMinute();
      worst_ms = std::max(worst_ms, ms);
      return ms;
    };
    int running = 0;
    int minutes_to_steady = 0;
    for (; minutes_to_steady < 60 && !world.AllSteady(&running); ++minutes_to_steady, ++minutes) {
      advance_ms += minute();
    }
    if (running != ScaleWorld::kClusters * ScaleWorld::kServicesPerCluster * ScaleWorld::kDesired) {
      state.SkipWithError(fmt::format("only {} tasks running after {} minutes", running, minutes_to_steady).c_str());
      return;
    }
    if (!world.DeployAll()) {
      state.SkipWithError("deploying 2,000 services failed");
      return;
    }
    int minutes_to_deploy = 0;
    do {  // at least one minute: right after UpdateService the old deployment is still live
      advance_ms += minute();
      ++minutes;
      ++minutes_to_deploy;
    } while (minutes_to_deploy < 120 && !world.AllSteady(&running));
    // Keep advancing past the stopped-task retention (1 h), as a long-running simulator would.
    for (int i = 0; i < 60; ++i, ++minutes) advance_ms += minute();
    state.counters["services"] = ScaleWorld::kClusters * ScaleWorld::kServicesPerCluster;
    state.counters["running_tasks"] = running;
    state.counters["min_to_steady"] = minutes_to_steady;
    state.counters["min_to_deploy"] = minutes_to_deploy;
    state.counters["ms_per_sim_min"] = advance_ms / minutes;
    state.counters["worst_ms_per_sim_min"] = worst_ms;  // a minute in which all 2,000 services deploy
    state.counters["peak_rss_mib"] = PeakRssMib();
  }
}
BENCHMARK(BM_SimScaleWorld)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace
}  // namespace berth::sim
