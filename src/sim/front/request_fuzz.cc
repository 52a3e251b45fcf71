// libFuzzer target: arbitrary bytes as one request to an in-process
// Simulator (demo seed, ManualClock, no rate limits), handled without HTTP
// through Simulator::Handle. The simulator must answer every input
// with some response: never crash, hang, leak or trip ASan/UBSan.
//
// Input format (text, so the seed corpus in testdata/fuzz/request_fuzz/ is
// readable; the fuzzer mutates it freely):
//   line 1   "sign <service>"  sign with the simulator's documented
//                               credentials for that signing name (ecs, ecr,
//                               sts, elasticloadbalancing), so the
//                               handlers' parsers see the fuzzed body;
//            "registry"        add a valid Basic token for /v2/ requests;
//            anything else     send as is (exercises the SigV4 verifier).
//   line 2   "<METHOD> <path>[?<query>]"
//   then     "Name: value" header lines, an empty line, and the body.
//
// Thread-safety: libFuzzer calls the entry point from one thread.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "aws/auth/credentials.h"
#include "aws/auth/sigv4.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/log.h"
#include "http/transport.h"
#include "sim/ecr/api.h"
#include "sim/front/server.h"

namespace berth::sim {
namespace {

struct FuzzEnv {
  ManualClock clock;
  std::unique_ptr<Simulator> sim;
  aws::Credentials creds;
  std::string registry_auth;  // "Basic ..." from ECR GetAuthorizationToken
};

std::string_view NextLine(std::string_view& in) {
  size_t nl = in.find('\n');
  std::string_view line = in.substr(0, nl);
  in = nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// Signs `req` as aws::SignRequest would for a client talking to the simulator.
void Sign(FuzzEnv& env, std::string_view service, SimRequest& req) {
  http::Request signed_request;
  signed_request.method = req.method;
  signed_request.url = "http://127.0.0.1:" + std::to_string(env.sim->port()) + req.path;
  if (!req.query.empty()) signed_request.url += "?" + req.query;
  signed_request.headers = req.headers;
  signed_request.body = req.body;
  std::string service_name(service);
  if (!aws::SignRequest(signed_request, env.creds, aws::SigningParams{"us-east-1", service_name, env.clock.Now()}).ok())
    return;  // unparsable URL: send unsigned
  req.headers = std::move(signed_request.headers);
}

FuzzEnv& Env() {
  static FuzzEnv* env = [] {
    auto* e = new FuzzEnv();
    SetLogLevel(LogLevel::kError);
    SimOptions o;
    o.time_scale = 0;
    o.base_clock = &e->clock;
    o.rate_limits = false;
    o.seed = "demo";
    o.threads = 1;
    auto sim = Simulator::Start(o);
    if (!sim.ok()) {
      WriteStderr("request_fuzz: simulator did not start: " + sim.status().ToString() + "\n");
      std::abort();
    }
    e->sim = std::move(sim).value();
    e->creds.access_key_id = "AKIDSIMULATOR";
    e->creds.secret_access_key = "berth-simulator-secret";
    SimRequest token;
    token.headers = {{"X-Amz-Target", std::string(kEcrTargetPrefix) + ".GetAuthorizationToken"},
                     {"Content-Type", "application/x-amz-json-1.1"}};
    token.body = "{}";
    Sign(*e, "ecr", token);
    SimResponse r = e->sim->Handle(token);
    Json j = Json::parse(r.body, nullptr, false);
    if (r.status == 200 && j.contains("authorizationData") && !j["authorizationData"].empty())
      e->registry_auth = "Basic " + j["authorizationData"][0].value("authorizationToken", "");
    return e;
  }();
  return *env;
}

}  // namespace
}  // namespace berth::sim

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace berth::sim;
  FuzzEnv& env = Env();
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string_view mode = NextLine(in);
  std::string_view request_line = NextLine(in);

  SimRequest req;
  size_t sp = request_line.find(' ');
  req.method = std::string(request_line.substr(0, sp));
  std::string_view target = sp == std::string_view::npos ? "/" : request_line.substr(sp + 1);
  size_t q = target.find('?');
  req.path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) req.query = std::string(target.substr(q + 1));
  if (req.path.empty() || req.path[0] != '/') req.path.insert(0, "/");  // HTTP servers see no other paths
  while (!in.empty()) {
    std::string_view line = NextLine(in);
    if (line.empty()) break;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    req.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  req.body = std::string(in);

  if (mode.rfind("sign ", 0) == 0) {
    Sign(env, mode.substr(5), req);
  } else if (mode == "registry" && !env.registry_auth.empty()) {
    req.headers.emplace_back("Authorization", env.registry_auth);
  }
  SimResponse r = env.sim->Handle(req);
  if (r.status < 100 || r.status > 599) __builtin_trap();  // every answer is an HTTP status
  return 0;
}
