// SigV4 signer benchmarks.
//
// With BERTH_SIGN_FILE=PATH set, also registers BM_SignFile/...: each
// iteration signs every request of that JSON file (the input format of
// tests/tools/botocore_sign.py) in-process, and items_per_second is requests
// signed per second. scripts/bench_sigv4.py uses it for the side-by-side with
// botocore on the same requests. (berth_bench's main() is client_bench.cc's
// BENCHMARK_MAIN, so this file registers instead of parsing arguments.)
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "aws/auth/sigv4.h"
#include "http/url.h"

namespace berth::aws {
namespace {

const Credentials kCreds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "SESSIONTOKEN", {}, "bench"};

http::Request DescribeServicesRequest() {
  http::Request req;
  req.url = "https://ecs.us-east-1.amazonaws.com/";
  req.headers = {{"X-Amz-Target", "AmazonEC2ContainerServiceV20141113.DescribeServices"},
                 {"Content-Type", "application/x-amz-json-1.1"},
                 {"User-Agent", "berth/0.1.0"}};
  req.body = R"({"cluster":"prod","services":["web","api","worker"],"include":["TAGS"]})";
  return req;
}

void BM_SignRequestDescribeServices(benchmark::State& state) {
  const http::Request base = DescribeServicesRequest();
  const SigningParams params{"us-east-1", "ecs", *ParseAmzDate("20240101T000000Z")};
  for (auto _ : state) {
    http::Request req = base;
    benchmark::DoNotOptimize(SignRequest(req, kCreds, params));
    benchmark::DoNotOptimize(req.headers.data());
  }
}
BENCHMARK(BM_SignRequestDescribeServices);

void BM_SignRequestDescribeServicesWithKeyCache(benchmark::State& state) {
  const http::Request base = DescribeServicesRequest();
  const SigningParams params{"us-east-1", "ecs", *ParseAmzDate("20240101T000000Z")};
  SigningKeyCache cache;
  for (auto _ : state) {
    http::Request req = base;
    benchmark::DoNotOptimize(SignRequest(req, kCreds, params, &cache));
    benchmark::DoNotOptimize(req.headers.data());
  }
}
BENCHMARK(BM_SignRequestDescribeServicesWithKeyCache);

void BM_CanonicalRequestDescribeServices(benchmark::State& state) {
  http::Request req = DescribeServicesRequest();
  req.headers.emplace_back("Host", "ecs.us-east-1.amazonaws.com");
  req.headers.emplace_back("X-Amz-Date", "20240101T000000Z");
  req.headers.emplace_back("X-Amz-Security-Token", "SESSIONTOKEN");
  const std::vector<std::string> names = HeadersToSign(req.headers);
  const std::string payload_hash = Sha256Hex(req.body);
  for (auto _ : state) {
    benchmark::DoNotOptimize(CanonicalRequest("POST", "/", "", req.headers, names, payload_hash));
  }
}
BENCHMARK(BM_CanonicalRequestDescribeServices);

struct FileRequest {
  http::Request http;
  Credentials creds;
  std::string region, service;
};

std::vector<FileRequest> LoadSignFile(const std::string& path, SystemTime* t) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  auto doc = nlohmann::json::parse(ss.str(), nullptr, false);
  std::vector<FileRequest> reqs;
  if (!doc.is_array() || doc.empty()) return reqs;
  for (const auto& j : doc) {
    FileRequest f;
    f.http.method = j["method"];
    f.http.url = j["url"];
    for (const auto& h : j["headers"]) f.http.headers.emplace_back(h[0], h[1]);
    f.http.body = j["body"];
    f.creds = {j["access_key"], j["secret_key"], j["token"], {}, "bench"};
    f.region = j["region"];
    f.service = j["service"];
    reqs.push_back(std::move(f));
  }
  *t = ParseAmzDate(doc[0]["amz_date"].get<std::string>()).value_or(SystemTime{});
  return reqs;
}

void BM_SignFile(benchmark::State& state, const std::string& path, bool use_cache) {
  SystemTime t{};
  const std::vector<FileRequest> reqs = LoadSignFile(path, &t);
  if (reqs.empty()) {
    state.SkipWithError(("cannot read a JSON array of requests from " + path).c_str());
    return;
  }
  SigningKeyCache cache;
  for (auto _ : state) {
    for (const auto& f : reqs) {
      http::Request req = f.http;
      Status s = SignRequest(req, f.creds, {f.region, f.service, t}, use_cache ? &cache : nullptr);
      benchmark::DoNotOptimize(s);
      benchmark::DoNotOptimize(req.headers.data());
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(reqs.size()));
  state.counters["requests"] = static_cast<double>(reqs.size());
}

[[maybe_unused]] const bool kSignFileRegistered = [] {
  const char* path = std::getenv("BERTH_SIGN_FILE");
  if (path == nullptr || *path == '\0') return false;
  benchmark::RegisterBenchmark("BM_SignFile/no_cache", BM_SignFile, std::string(path), false);
  benchmark::RegisterBenchmark("BM_SignFile/key_cache", BM_SignFile, std::string(path), true);
  return true;
}();

}  // namespace
}  // namespace berth::aws
