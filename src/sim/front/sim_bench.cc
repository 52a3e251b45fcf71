// Simulator throughput (docs/sim.md promises >= 5,000/s): signed
// DescribeServices for the demo seed's demo/web from 1, 4 and 8 client
// threads, each on its own connection, through
//  - BM_SimDescribeServicesKeepAlive: a cpp-httplib keep-alive client;
//  - BM_DescribeServicesOverHttp: berth's curl transport;
//  - BM_DescribeServicesInProcess: InProcessTransport (no socket).
// The scale of the world is measured in sim_scale_bench.cc.
#include <benchmark/benchmark.h>
#include <httplib.h>

#include "aws/auth/sigv4.h"
#include "http/transport.h"
#include "sim/front/in_process_transport.h"
#include "sim/front/server.h"

namespace berth::sim {
namespace {

constexpr const char* kJson = "application/x-amz-json-1.1";

Simulator& Shared() {
  static std::unique_ptr<Simulator> sim = [] {
    SimOptions o;
    o.seed = "demo";
    o.rate_limits = false;
    o.threads = 8;
    return std::move(Simulator::Start(o)).value();
  }();
  return *sim;
}

// Signed now on the real clock, as a client would.
http::Request DescribeWeb(Simulator& sim, aws::SigningKeyCache& cache) {
  static const aws::Credentials creds{kDefaultAccessKeyId, kDefaultSecretAccessKey, "", std::nullopt, "bench"};
  static RealClock clock;
  http::Request req;
  req.url = sim.endpoint() + "/";
  req.headers = {{"X-Amz-Target", std::string(kEcsTargetPrefix) + ".DescribeServices"}, {"Content-Type", kJson}};
  req.body = R"({"cluster":"demo","services":["web"]})";
  (void)aws::SignRequest(req, creds, aws::SigningParams{"us-east-1", "ecs", clock.Now()}, &cache);
  return req;
}

void BM_SimDescribeServicesKeepAlive(benchmark::State& state) {
  Simulator& sim = Shared();
  httplib::Client client("127.0.0.1", sim.port());
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);  // without it, delayed ACKs cost ~40 ms per request
  aws::SigningKeyCache cache;
  for (auto _ : state) {
    http::Request req = DescribeWeb(sim, cache);
    httplib::Headers headers;
    for (const auto& [name, value] : req.headers) {
      if (name != "Content-Type") headers.emplace(name, value);
    }
    auto res = client.Post("/", headers, req.body, kJson);
    if (!res || res->status != 200) {
      state.SkipWithError("DescribeServices failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SimDescribeServicesKeepAlive)->Threads(1)->Threads(4)->Threads(8)->UseRealTime();

void Run(benchmark::State& state, http::Transport& transport) {
  Simulator& sim = Shared();
  aws::SigningKeyCache cache;
  for (auto _ : state) {
    auto res = transport.Send(DescribeWeb(sim, cache));
    if (!res.ok() || res->status != 200) {
      state.SkipWithError("DescribeServices failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_DescribeServicesOverHttp(benchmark::State& state) {
  auto transport = http::MakeCurlTransport();
  Run(state, *transport);
}
BENCHMARK(BM_DescribeServicesOverHttp)->Threads(1)->Threads(4)->Threads(8)->UseRealTime();

void BM_DescribeServicesInProcess(benchmark::State& state) {
  InProcessTransport transport(Shared());
  Run(state, transport);
}
BENCHMARK(BM_DescribeServicesInProcess)->Threads(1)->Threads(4)->Threads(8)->UseRealTime();

}  // namespace
}  // namespace berth::sim
