#include "sim/front/admin.h"

#include <nlohmann/json.hpp>

#include "core/duration.h"
#include "core/strings.h"
#include "core/timestamp.h"

namespace berth::sim {
namespace {

SimResponse Reply(int status, const Json& body) {
  SimResponse r;
  r.status = status;
  r.content_type = "application/json";
  r.body = body.dump(2) + "\n";
  return r;
}

SimResponse Bad(const std::string& message) {
  return Reply(400, Json{{"error", message}});
}

}  // namespace

SimResponse AdminApi::Handle(const SimRequest& req) {
  std::string path = req.path;
  if (path == "/_berth/health") return Reply(200, Json{{"ok", true}});
  const std::string* token = http::FindHeader(req.headers, "X-Berth-Admin-Token");
  const std::string* bearer = http::FindHeader(req.headers, "Authorization");
  bool ok = (token != nullptr && *token == deps_.token) || (bearer != nullptr && *bearer == "Bearer " + deps_.token);
  if (!ok)
    return Reply(401, Json{{"error",
                            "missing or wrong admin token: send the token berth sim printed at start "
                            "in the X-Berth-Admin-Token header"}});
  Json body = Trim(req.body).empty() ? Json::object() : Json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return Bad("the request body must be a JSON object");
  World& world = *deps_.world;

  if (path == "/_berth/state" && req.method == "GET") {
    auto lock = world.Lock();
    world.AdvanceToNow();
    return Reply(200, deps_.dump_state ? deps_.dump_state() : world.ToJson());
  }
  if (path == "/_berth/reset" && req.method == "POST") {
    auto lock = world.Lock();
    world.Reset(42);
    if (deps_.clear_stores) deps_.clear_stores();
    deps_.faults->Clear();
    if (body.value("reseed", true) && deps_.reseed) {
      Status s = deps_.reseed(world);
      if (!s.ok()) return Reply(500, Json{{"error", s.message()}});
    }
    return Reply(200, Json{{"ok", true}});
  }
  if (path == "/_berth/calls" && deps_.calls != nullptr) {
    if (req.method == "DELETE") {
      deps_.calls->Reset();
      return Reply(200, Json{{"ok", true}});
    }
    if (req.method == "GET") return Reply(200, deps_.calls->ToJson());
  }
  if (path == "/_berth/clock" && req.method == "GET") {
    auto lock = world.Lock();
    return Reply(200, Json{{"now", EpochSeconds(world.clock().Now())}, {"timeScale", world.clock().time_scale()}});
  }
  if (path == "/_berth/clock/advance" && req.method == "POST") {
    std::optional<Duration> d;
    if (body.contains("seconds") && body["seconds"].is_number())
      d = Duration(static_cast<int64_t>(body["seconds"].get<double>() * 1000));
    else if (body.contains("duration") && body["duration"].is_string())
      d = ParseDuration(body["duration"].get<std::string>());
    if (!d || d->count() < 0) return Bad("give {\"seconds\": N} or {\"duration\": \"5m\"}");
    auto lock = world.Lock();
    world.clock().Advance(*d);
    world.AdvanceToNow();
    return Reply(200, Json{{"now", EpochSeconds(world.clock().Now())}});
  }
  if (path == "/_berth/behaviours") {
    auto lock = world.Lock();
    if (req.method == "DELETE") {
      world.ClearImageBehaviours();
      return Reply(200, Json{{"ok", true}});
    }
    if (req.method == "POST" || req.method == "PUT") {
      std::string image = body.value("image", "");
      auto kind = ParseBehaviourKind(body.value("behaviour", body.value("kind", "healthy")));
      if (image.empty() || !kind)
        return Bad(
            "give {\"image\": \"repo:tag\", \"behaviour\": \"healthy|exit-on-start|fail-health-checks|"
            "slow-start|serve-errors|exit-after-start|pull-failure\"}");
      world.SetImageBehaviour(image, ImageBehaviour{*kind, body.value("startSeconds", 0), body.value("errorPercent", 0),
                                                    body.value("exitCode", 1)});
      return Reply(200, Json{{"ok", true}});
    }
    Json out = Json::object();
    for (const auto& [image, b] : world.behaviours())
      out[image] = Json{{"behaviour", std::string(BehaviourKindName(b.kind))},
                        {"startSeconds", b.start_seconds},
                        {"errorPercent", b.error_percent},
                        {"exitCode", b.exit_code}};
    return Reply(200, out);
  }
  if (path == "/_berth/faults") {
    if (req.method == "DELETE") {
      deps_.faults->Clear();
      return Reply(200, Json{{"ok", true}});
    }
    if (req.method == "POST" || req.method == "PUT") {
      auto kind = ParseFaultKind(body.value("kind", ""));
      if (!kind)
        return Bad("give {\"kind\": \"throttle|error|latency|drop\", \"action\": \"DescribeServices\", \"count\": N}");
      Fault f;
      f.kind = *kind;
      f.action = body.value("action", "*");
      f.remaining = body.value("count", 1);
      f.http_status = body.value("status", 500);
      f.latency_ms = body.value("latencyMs", 0);
      if (f.http_status < 500 || f.http_status > 599) return Bad("status must be a 5xx code");
      deps_.faults->Add(f);
      return Reply(200, Json{{"ok", true}});
    }
    return Reply(200, deps_.faults->ToJson());
  }
  if (path == "/_berth/ratelimits" && (req.method == "POST" || req.method == "PUT")) {
    if (!body.contains("enabled") || !body["enabled"].is_boolean()) return Bad("give {\"enabled\": true|false}");
    deps_.limiter->set_enabled(body["enabled"].get<bool>());
    return Reply(200, Json{{"ok", true}});
  }
  return Reply(404, Json{{"error", "unknown admin endpoint " + req.method + " " + path + " (see docs/sim.md)"}});
}

}  // namespace berth::sim
