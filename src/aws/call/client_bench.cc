// Requests per second of ECS DescribeServices through AwsClient and the curl
// transport (serialise, sign, send, parse) against a local http::Listener
// answering a canned service document, with 1, 8 and 64 calls in flight.
//
//   berth_bench --benchmark_filter=AwsClient
#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>

#include "aws/call/client.h"
#include "core/clock.h"
#include "http/listener.h"

namespace berth::aws {
namespace {

constexpr char kServiceJson[] = R"({"services":[{"serviceArn":"arn:aws:ecs:us-east-1:123456789012:service/prod/web",
"serviceName":"web","clusterArn":"arn:aws:ecs:us-east-1:123456789012:cluster/prod","status":"ACTIVE",
"desiredCount":4,"runningCount":4,"pendingCount":0,"launchType":"FARGATE",
"taskDefinition":"arn:aws:ecs:us-east-1:123456789012:task-definition/web:42",
"deployments":[{"id":"ecs-svc/1","status":"PRIMARY","taskDefinition":"arn:aws:ecs:us-east-1:123456789012:task-definition/web:42",
"desiredCount":4,"pendingCount":0,"runningCount":4,"rolloutState":"COMPLETED","createdAt":1.700000000123E9}],
"deploymentController":{"type":"ECS"},"events":[]}],"failures":[]})";

// One server and client for the whole process: shared by every thread.
struct Fixture {
  Fixture() {
    http::ListenerOptions options;
    options.threads = 96;  // one per keep-alive connection of the 64-thread run, and spare
    auto started = http::Listener::Start(options, [](const http::ServerRequest&) {
      return http::ServerResponse{200, {{"x-amzn-RequestId", "bench"}}, kServiceJson, "application/x-amz-json-1.1"};
    });
    if (!started.ok()) {
      std::fprintf(stderr, "client bench: %s\n", started.status().ToString().c_str());
      std::abort();
    }
    server = std::move(started).value();

    transport = http::MakeCurlTransport();
    Credentials c;
    c.access_key_id = "AKIDEXAMPLE";
    c.secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    credentials = std::make_unique<StaticCredentialsProvider>(c);
    ClientDeps deps;
    deps.transport = transport.get();
    deps.credentials = credentials.get();
    deps.clock = &clock;
    deps.settings.region = "us-east-1";
    deps.settings.endpoint_url = server->url();
    client = std::make_unique<AwsClient>(std::move(deps));
  }

  std::unique_ptr<http::Listener> server;
  RealClock clock;
  std::unique_ptr<http::Transport> transport;
  std::unique_ptr<CredentialsProvider> credentials;
  std::unique_ptr<AwsClient> client;
};

Fixture& GetFixture() {
  static Fixture f;
  return f;
}

void BM_AwsClientDescribeServices(benchmark::State& state) {
  Fixture& f = GetFixture();
  const ServiceInfo& ecs = *FindService("ecs");
  Json input = Json::parse(R"({"cluster":"prod","services":["web"]})");
  int64_t failures = 0;
  for (auto _ : state) {
    auto out = f.client->Call(ecs, "DescribeServices", input);
    if (!out.ok()) ++failures;
    benchmark::DoNotOptimize(out);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["failures"] = static_cast<double>(failures);
}
BENCHMARK(BM_AwsClientDescribeServices)->Threads(1)->Threads(8)->Threads(64)->UseRealTime();

}  // namespace
}  // namespace berth::aws

// berth_bench's one main: CMake links no benchmark_main, and this was the
// first *_bench.cc. Other benchmark files must not define another.
BENCHMARK_MAIN();
