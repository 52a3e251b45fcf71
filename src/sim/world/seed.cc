#include "sim/world/seed.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sim/ecs/api.h"
#include "sim/wire/api_error.h"

namespace berth::sim {

Json DemoSeed() {
  auto td = [](const std::string& family, const std::string& image, int port) {
    return Json{
        {"family", family},
        {"networkMode", "awsvpc"},
        {"requiresCompatibilities", {"FARGATE"}},
        {"cpu", "256"},
        {"memory", "512"},
        {"executionRoleArn", "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"},
        {"containerDefinitions",
         {{{"name", family},
           {"image", image},
           {"essential", true},
           {"portMappings", {{{"containerPort", port}, {"protocol", "tcp"}}}},
           // A container health check, so images that fail it are caught by ECS
           // (and its circuit breaker) as they would be on AWS.
           {"healthCheck",
            {{"command", {"CMD-SHELL", "curl -fs http://localhost:" + std::to_string(port) + "/health || exit 1"}},
             {"interval", 10},
             {"timeout", 5},
             {"retries", 3},
             {"startPeriod", 10}}}}}}};
  };
  Json network{
      {"awsvpcConfiguration",
       {{"subnets", {"subnet-0a1b2c3d"}}, {"securityGroups", {"sg-0a1b2c3d"}}, {"assignPublicIp", "DISABLED"}}}};
  auto service = [&](const std::string& name, int count) {
    return Json{{"cluster", "demo"},
                {"serviceName", name},
                {"taskDefinition", name},
                {"desiredCount", count},
                {"launchType", "FARGATE"},
                {"networkConfiguration", network},
                {"deploymentConfiguration",
                 {{"maximumPercent", 200},
                  {"minimumHealthyPercent", 100},
                  {"deploymentCircuitBreaker", {{"enable", true}, {"rollback", true}}}}}};
  };
  return Json{
      {"format", "berth-sim-seed"},
      {"behaviours",
       {{"public.ecr.aws/berth/demo-broken", {{"kind", "exit-on-start"}}},
        {"public.ecr.aws/berth/demo-unhealthy", {{"kind", "fail-health-checks"}}},
        {"public.ecr.aws/berth/demo-slow", {{"kind", "slow-start"}, {"startSeconds", 120}}}}},
      {"calls",
       {{{"action", "CreateCluster"}, {"input", {{"clusterName", "demo"}}}},
        {{"action", "RegisterTaskDefinition"}, {"input", td("web", "public.ecr.aws/berth/demo-web:1.0.0", 8080)}},
        {{"action", "RegisterTaskDefinition"}, {"input", td("api", "public.ecr.aws/berth/demo-api:1.0.0", 9000)}},
        {{"action", "RegisterTaskDefinition"}, {"input", td("worker", "public.ecr.aws/berth/demo-worker:1.0.0", 8081)}},
        {{"action", "CreateService"}, {"input", service("web", 2)}},
        {{"action", "CreateService"}, {"input", service("api", 2)}},
        {{"action", "CreateService"}, {"input", service("worker", 1)}}}}};
}

Status ApplySeedDocument(World& world, const Json& seed, const std::string& account, const std::string& region) {
  if (!seed.is_object() || seed.value("format", "") != "berth-sim-seed")
    return InvalidArgument("a seed file must be a JSON object with \"format\": \"berth-sim-seed\" (see docs/sim.md)");
  const Json behaviours = seed.contains("behaviours") ? seed["behaviours"] : Json::object();
  for (const auto& [image, b] : behaviours.items()) {
    auto kind = ParseBehaviourKind(b.value("kind", "healthy"));
    if (!kind) return InvalidArgument("unknown behaviour kind for image " + image);
    world.SetImageBehaviour(
        image, ImageBehaviour{*kind, b.value("startSeconds", 0), b.value("errorPercent", 0), b.value("exitCode", 1)});
  }
  RequestContext ctx;
  ctx.region = region;
  ctx.account_id = account;
  ctx.caller_arn = "arn:aws:iam::" + account + ":root";
  // Replay ten simulated minutes after the calls so services start steady.
  world.Rewind(std::chrono::minutes(10));
  const Json calls = seed.contains("calls") ? seed["calls"] : Json::array();
  for (const auto& call : calls) {
    std::string action = call.value("action", "");
    try {
      HandleEcs(world, action, call.contains("input") ? call["input"] : Json::object(), ctx);
    } catch (const ApiError& e) {
      return InvalidArgument("seed call " + action + " failed: " + e.code + ": " + e.message);
    }
  }
  world.AdvanceToNow();
  return Status::Ok();
}

Status ApplySeed(World& world, const std::string& name_or_path, const std::string& account, const std::string& region) {
  if (name_or_path == "demo") return ApplySeedDocument(world, DemoSeed(), account, region);
  if (name_or_path == "empty") return Status::Ok();
  std::ifstream in(name_or_path);
  if (!in) return InvalidArgument("--seed " + name_or_path + ": not a built-in seed (demo, empty) nor a readable file");
  std::stringstream ss;
  ss << in.rdbuf();
  Json doc = Json::parse(ss.str(), nullptr, false);
  if (doc.is_discarded()) return InvalidArgument("--seed " + name_or_path + ": not valid JSON");
  return ApplySeedDocument(world, doc, account, region);
}

}  // namespace berth::sim
