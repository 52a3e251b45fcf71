// libFuzzer target: valid ECS requests whose members the fuzzer gives other
// JSON types, sent in the order a deployment uses them (RegisterTaskDefinition,
// CreateService, UpdateService), then simulated time moved on so that the
// world's dynamics read whatever was stored, then read back. The bytes say,
// member by member (depth first), whether to keep it or replace it with a
// null, a number, a fraction, a string, a boolean, an array or an object.
// A wrong type must be refused (SerializationException) or handled: never a
// crash, in the request or minutes later in the dynamics (which the
// arbitrary-bytes request_fuzz could not reach).
//
// Thread-safety: libFuzzer calls the entry point from one thread.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "aws/auth/credentials.h"
#include "aws/auth/sigv4.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/log.h"
#include "http/transport.h"
#include "sim/ecs/api.h"
#include "sim/front/server.h"

namespace berth::sim {
namespace {

// The fuzz bytes, read one at a time; zeros once they run out (keep).
struct Choices {
  const uint8_t* data;
  size_t size;
  size_t at = 0;
  uint8_t Next() { return at < size ? data[at++] : 0; }
};

// Replaces members of `doc` depth first as the choices say.
void Mutate(Json& doc, Choices& choices, int depth = 0) {
  if (depth > 8) return;
  auto replace = [&](Json& v) {
    switch (choices.Next() % 10) {
      case 1: v = nullptr; return true;
      case 2: v = 256; return true;
      case 3: v = 2.5; return true;
      case 4: v = "x"; return true;
      case 5: v = true; return true;
      case 6: v = Json::array({1, "a"}); return true;
      case 7: v = Json{{"k", 1}}; return true;
      case 8: v = -1; return true;
      default: return false;
    }
  };
  if (doc.is_object()) {
    for (auto& [key, value] : doc.items()) {
      if (!replace(value)) Mutate(value, choices, depth + 1);
    }
  } else if (doc.is_array()) {
    for (Json& value : doc) {
      if (!replace(value)) Mutate(value, choices, depth + 1);
    }
  }
}

struct FuzzEnv {
  ManualClock clock;
  aws::Credentials creds{kDefaultAccessKeyId, kDefaultSecretAccessKey, "", std::nullopt, "fuzz"};
};

SimResponse Call(Simulator& sim, FuzzEnv& env, const std::string& op, const Json& input) {
  http::Request req;
  req.url = std::string(kInProcessEndpoint) + "/";
  req.headers = {{"X-Amz-Target", std::string(kEcsTargetPrefix) + "." + op},
                 {"Content-Type", "application/x-amz-json-1.1"}};
  req.body = input.dump();
  (void)aws::SignRequest(req, env.creds, aws::SigningParams{"us-east-1", "ecs", env.clock.Now()});
  return sim.Handle(SimRequest{"POST", "/", "", req.headers, req.body});
}

}  // namespace
}  // namespace berth::sim

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace berth::sim;
  using berth::Json;
  static FuzzEnv env;
  berth::SetLogLevel(berth::LogLevel::kError);
  SimOptions o;
  o.time_scale = 1;  // simulated time follows env.clock
  o.base_clock = &env.clock;
  o.rate_limits = false;
  o.listen = false;
  o.threads = 1;
  auto started = Simulator::Start(o);
  if (!started.ok()) __builtin_trap();
  std::unique_ptr<Simulator> sim = std::move(started).value();
  Choices choices{data, size};

  Call(*sim, env, "CreateCluster", Json{{"clusterName", "c"}});
  Json td = {{"family", "app"},
             {"cpu", "256"},
             {"memory", "512"},
             {"networkMode", "awsvpc"},
             {"requiresCompatibilities", {"FARGATE"}},
             {"containerDefinitions",
              {{{"name", "app"},
                {"image", "app:1"},
                {"essential", true},
                {"cpu", 128},
                {"portMappings", {{{"containerPort", 8080}, {"protocol", "tcp"}}}},
                {"environment", {{{"name", "A"}, {"value", "1"}}}},
                {"healthCheck", {{"command", {"CMD", "true"}}, {"interval", 30}, {"retries", 3}}}}}}};
  Mutate(td, choices);
  Call(*sim, env, "RegisterTaskDefinition", td);
  Json create = {{"cluster", "c"},
                 {"serviceName", "s"},
                 {"taskDefinition", "app"},
                 {"desiredCount", 2},
                 {"launchType", "FARGATE"},
                 {"networkConfiguration", {{"awsvpcConfiguration", {{"subnets", {"subnet-1"}}}}}},
                 {"deploymentConfiguration",
                  {{"maximumPercent", 200},
                   {"minimumHealthyPercent", 100},
                   {"deploymentCircuitBreaker", {{"enable", true}, {"rollback", true}}}}}};
  Mutate(create, choices);
  Call(*sim, env, "CreateService", create);
  env.clock.Advance(std::chrono::minutes(3));
  Json update = {{"cluster", "c"}, {"service", "s"}, {"desiredCount", 3}, {"forceNewDeployment", true}};
  Mutate(update, choices);
  Call(*sim, env, "UpdateService", update);
  env.clock.Advance(std::chrono::minutes(10));
  for (const char* op : {"DescribeServices", "ListTasks"}) {
    SimResponse r = Call(*sim, env, op, Json{{"cluster", "c"}, {"services", {"s"}}});
    if (r.status < 100 || r.status > 599) __builtin_trap();
  }
  sim->Stop();
  return 0;
}
