// Simulator throughput: signed DescribeServices over HTTP keep-alive on
// loopback (target >= 5,000/s), and the same call in-process.
#include <benchmark/benchmark.h>

#include "aws/auth/sigv4.h"
#include "http/transport.h"
#include "sim/front/server.h"

namespace berth::sim {
namespace {

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

http::Request DescribeWeb(Simulator& sim) {
  http::Request req;
  req.url = sim.endpoint() + "/";
  req.headers = {{"X-Amz-Target", "AmazonEC2ContainerServiceV20141113.DescribeServices"},
                 {"Content-Type", "application/x-amz-json-1.1"}};
  req.body = R"({"cluster":"demo","services":["web"]})";
  return req;
}

void BM_DescribeServicesOverHttp(benchmark::State& state) {
  Simulator& sim = Shared();
  auto transport = http::MakeCurlTransport();
  aws::Credentials creds{kDefaultAccessKeyId, kDefaultSecretAccessKey, "", std::nullopt, "bench"};
  RealClock clock;
  aws::SigningKeyCache cache;
  for (auto _ : state) {
    http::Request req = DescribeWeb(sim);
    (void)aws::SignRequest(req, creds, aws::SigningParams{"us-east-1", "ecs", clock.Now()}, &cache);
    auto res = transport->Send(req);
    if (!res.ok() || res->status != 200) state.SkipWithError("request failed");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DescribeServicesOverHttp)->Threads(1)->Threads(4)->Threads(8)->UseRealTime();

}  // namespace
}  // namespace berth::sim
