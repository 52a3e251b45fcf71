// Target registration and health for the simulated ELBv2, the hooks from the
// ECS task lifecycle, and the demo seed's load balancer.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/ecs/api.h"
#include "sim/elbv2/api.h"
#include "sim/elbv2/health.h"
#include "sim/elbv2/internal.h"
#include "sim/elbv2/traffic.h"
#include "sim/wire/api_error.h"

namespace berth::sim {
namespace elbv2 {
namespace {

using std::chrono::seconds;

struct HealthView {
  std::string state, reason, description;
};

HealthView HealthAt(const ElbTargetGroup& tg, const ElbTarget& t, bool in_use, SystemTime now) {
  if (t.draining_since) return {"draining", "Target.DeregistrationInProgress", "Target deregistration is in progress"};
  if (!in_use)
    return {"unused", "Target.NotInUse", "Target group is not configured to receive traffic from the load balancer"};
  switch (ConditionAt(tg, t, now)) {
    case TargetCondition::kUnchecked:
      return {"unavailable", "Target.HealthCheckDisabled", "Health checks are disabled"};
    case TargetCondition::kRegistering:
      return {"initial", "Elb.RegistrationInProgress", "Target registration is in progress"};
    case TargetCondition::kChecking:
      return {"initial", "Elb.InitialHealthChecking", "Initial health checks in progress"};
    case TargetCondition::kUnhealthy:
      return {"unhealthy", "Target.ResponseCodeMismatch", "Health checks failed with these codes: [502]"};
    default: return {"healthy", "", ""};
  }
}

std::vector<ElbTarget> ParseTargets(const Json& in, const ElbTargetGroup& tg) {
  Json list = OptList(in, "Targets");
  if (list.empty())
    ThrowValidation(
        "1 validation error detected: Value null at 'targets' failed to satisfy constraint: Member must not be null");
  std::vector<ElbTarget> out;
  for (const auto& j : list) {
    ElbTarget t;
    t.id = RequireString(j, "Id");
    t.port = OptInt(j, "Port", tg.port);
    if (t.port < 1 || t.port > 65535)
      ThrowApiError(400, "InvalidTarget", "The target port must be between 1 and 65535");
    t.availability_zone = OptString(j, "AvailabilityZone");
    if (tg.target_type == "ip" && std::count(t.id.begin(), t.id.end(), '.') != 3 && t.id.find(':') == std::string::npos)
      ThrowApiError(400, "InvalidTarget", fmt::format("The IP address '{}' is not a valid IPv4 address", t.id));
    if (tg.target_type == "instance" && t.id.rfind("i-", 0) != 0)
      ThrowApiError(400, "InvalidTarget", fmt::format("The following targets are not valid instances: '{}'", t.id));
    out.push_back(std::move(t));
  }
  return out;
}

ElbTarget* FindTarget(ElbTargetGroup& tg, const std::string& id, int port) {
  for (auto& t : tg.targets)
    if (t.id == id && t.port == port) return &t;
  return nullptr;
}

Json TargetJson(const ElbTarget& t) {
  Json j{{"Id", t.id}, {"Port", t.port}};
  if (!t.availability_zone.empty()) j["AvailabilityZone"] = t.availability_zone;
  return j;
}

void Register(ElbTargetGroup& tg, ElbTarget t, SystemTime now) {
  if (ElbTarget* existing = FindTarget(tg, t.id, t.port)) {
    if (!existing->draining_since) {
      // Registering a registered target changes nothing, except that an ECS
      // task taking over an address registered by hand becomes its owner (so
      // ECS can read its health instead of waiting for a target it never finds).
      if (!t.task_arn.empty() && existing->task_arn != t.task_arn) {
        existing->task_arn = t.task_arn;
        existing->fails_health_checks = t.fails_health_checks;
        existing->error_percent = t.error_percent;
      }
      return;
    }
    *existing = t;
    existing->registered_at = now;
    return;
  }
  t.registered_at = now;
  tg.targets.push_back(std::move(t));
}

// The private IP of an ECS task: its network interface's (unique while it
// lives); tasks without one (bridge mode, older state files) get an address
// derived from the id.
std::string TaskIp(const Task& t) {
  if (!t.private_ip.empty()) return t.private_ip;
  unsigned long n = std::stoul(t.id.substr(0, 6), nullptr, 16);
  return fmt::format("10.0.{}.{}", (n >> 8) % 256, n % 254 + 1);
}

// The share of requests the task's containers answer with 5xx (image behaviour serve-errors).
int ErrorPercent(const World& world, const Task& t) {
  int pct = 0;
  for (const auto& c : t.containers) {
    ImageBehaviour b = world.BehaviourFor(c.value("image", ""));
    if (b.kind == ImageBehaviour::Kind::kServeErrors) pct = std::max(pct, b.error_percent);
  }
  return pct;
}

// The loadBalancers of the service or task set that started `t`.
const Json& LoadBalancersFor(const Service& svc, const Task& t) {
  for (const auto& ts : svc.task_sets)
    if (ts.id == t.started_by) return ts.load_balancers;
  return svc.load_balancers;
}

class Elbv2Hooks : public TaskLifecycleHooks {
 public:
  explicit Elbv2Hooks(Elbv2Store& store) : store_(store) {}

  std::vector<std::string> OnTaskActivating(World& world, EcsRegion& ecs, Service& svc, Task& task) override {
    Elbv2Region& r = store_.At(ecs.account_id, ecs.region);
    std::vector<std::string> registered;
    for (const auto& lb : LoadBalancersFor(svc, task)) {
      ElbTargetGroup* tg = Find(r, lb.value("targetGroupArn", ""));
      if (tg == nullptr) continue;
      ElbTarget t;
      t.id = TaskIp(task);
      t.port = lb.value("containerPort", tg->port);
      t.fails_health_checks = task.fails_health_checks;
      t.error_percent = ErrorPercent(world, task);
      t.task_arn = task.arn;
      SettleTraffic(r, world.now());  // a re-registration restarts the target's health timeline
      t.availability_zone = ecs.region + "a";
      Register(*tg, t, world.now());
      registered.push_back(tg->arn);
    }
    return registered;
  }

  // Drains the task's targets; done when the slowest group's deregistration
  // delay has passed (the target then leaves `draining`).
  Deregistration OnTaskStopping(World& world, EcsRegion& ecs, Service&, Task& task) override {
    Elbv2Region& r = store_.At(ecs.account_id, ecs.region);
    Deregistration out;
    for (auto& tg : r.target_groups)
      for (auto& t : tg.targets)
        if (t.task_arn == task.arn && !t.draining_since) {
          t.draining_since = world.now();
          out.target_group_arns.push_back(tg.arn);
          out.drained_at = std::max(out.drained_at, world.now() + seconds(tg.deregistration_delay));
        }
    return out;
  }

  // ELB's own timeline (health.h): healthy after the first passing check, one
  // interval after registration; unhealthy after interval x unhealthy
  // threshold; until then not known. With several target groups the worst
  // verdict wins.
  LoadBalancerVerdict LoadBalancerHealth(World& world, EcsRegion& ecs, const Service& svc, const Task& task) override {
    using State = LoadBalancerVerdict::State;
    Elbv2Region& r = store_.At(ecs.account_id, ecs.region);
    LoadBalancerVerdict out;
    auto rank = [](State s) {
      return s == State::kUnhealthy ? 3 : s == State::kNotKnownYet ? 2 : s == State::kHealthy ? 1 : 0;
    };
    for (const auto& lb : LoadBalancersFor(svc, task)) {
      ElbTargetGroup* tg = Find(r, lb.value("targetGroupArn", ""));
      if (tg == nullptr) continue;
      LoadBalancerVerdict v;
      v.state = State::kHealthy;
      auto not_known_until = [&](SystemTime at) {
        v.state = State::kNotKnownYet;
        v.known_at = at;
      };
      const ElbTarget* target = nullptr;
      for (const auto& t : tg->targets)
        if (t.task_arn == task.arn && !t.draining_since) target = &t;
      if (target == nullptr) {
        not_known_until(world.now() + seconds(tg->health_check_interval));
      } else if (tg->health_check_enabled) {
        SystemTime due = VerdictAt(*tg, *target);
        if (world.now() < due)
          not_known_until(due);
        else if (target->fails_health_checks) {
          v.state = State::kUnhealthy;
          v.target_group_arn = tg->arn;
          v.port = target->port;
          v.reason = HealthAt(*tg, *target, true, world.now()).description;
        }
      }
      if (rank(v.state) > rank(out.state))
        out = v;
      else if (v.state == State::kNotKnownYet && out.state == State::kNotKnownYet)
        out.known_at = std::max(out.known_at, v.known_at);
    }
    return out;
  }

  bool KnowsTargetGroups() const override { return true; }
  std::optional<TargetGroupView> TargetGroup(World&, const EcsRegion& ecs, const std::string& arn) override {
    Elbv2Region& r = store_.At(ecs.account_id, ecs.region);
    const ElbTargetGroup* tg = Find(r, arn);
    if (tg == nullptr) return std::nullopt;
    return TargetGroupView{tg->target_type, static_cast<int>(LoadBalancersOf(r, arn).size())};
  }

 private:
  static ElbTargetGroup* Find(Elbv2Region& r, const std::string& arn) {
    for (auto& tg : r.target_groups)
      if (tg.arn == arn) return &tg;
    return nullptr;
  }
  Elbv2Store& store_;
};

}  // namespace

void PurgeDrained(ElbTargetGroup& tg, SystemTime now) {
  std::erase_if(tg.targets, [&](const ElbTarget& t) {
    return t.draining_since && now - *t.draining_since >= seconds(tg.deregistration_delay);
  });
}

Json RegisterTargets(Elbv2Region& r, World& world, const Json& in) {
  ElbTargetGroup& tg = FindTargetGroup(r, RequireString(in, "TargetGroupArn"));
  for (auto& t : ParseTargets(in, tg)) Register(tg, std::move(t), world.now());
  return Json::object();
}

Json DeregisterTargets(Elbv2Region& r, World& world, const Json& in) {
  ElbTargetGroup& tg = FindTargetGroup(r, RequireString(in, "TargetGroupArn"));
  for (const auto& want : ParseTargets(in, tg)) {
    ElbTarget* t = FindTarget(tg, want.id, want.port);
    if (t == nullptr)
      ThrowApiError(
          400, "InvalidTarget",
          fmt::format("The following targets are not registered in target group '{}': '{}'", tg.arn, want.id));
    if (!t->draining_since) t->draining_since = world.now();
  }
  PurgeDrained(tg, world.now());
  return Json::object();
}

Json DescribeTargetHealth(Elbv2Region& r, World& world, const Json& in) {
  ElbTargetGroup& tg = FindTargetGroup(r, RequireString(in, "TargetGroupArn"));
  bool in_use = !LoadBalancersOf(r, tg.arn).empty();
  auto describe = [&](const ElbTarget& t, const HealthView& h) {
    Json health{{"State", h.state}};
    if (!h.reason.empty()) health["Reason"] = h.reason, health["Description"] = h.description;
    std::string port = tg.health_check_port == "traffic-port" ? std::to_string(t.port) : tg.health_check_port;
    return Json{{"Target", TargetJson(t)}, {"HealthCheckPort", port}, {"TargetHealth", health}};
  };
  Json out = Json::array();
  Json wanted = OptList(in, "Targets");
  if (wanted.empty()) {
    for (const auto& t : tg.targets) out.push_back(describe(t, HealthAt(tg, t, in_use, world.now())));
  } else {
    for (const auto& w : wanted) {
      ElbTarget probe;
      probe.id = RequireString(w, "Id");
      probe.port = OptInt(w, "Port", tg.port);
      if (const ElbTarget* t = FindTarget(tg, probe.id, probe.port))
        out.push_back(describe(*t, HealthAt(tg, *t, in_use, world.now())));
      else
        out.push_back(
            describe(probe, {"unused", "Target.NotRegistered", "Target is not registered to the target group"}));
    }
  }
  return Json{{"TargetHealthDescriptions", out}};
}

}  // namespace elbv2

std::shared_ptr<TaskLifecycleHooks> MakeElbv2Hooks(Elbv2Store& store) {
  return std::make_shared<elbv2::Elbv2Hooks>(store);
}

std::string SeedElbv2Demo(Elbv2Store& store, World& world, const std::string& account, const std::string& region) {
  RequestContext ctx;
  ctx.account_id = account;
  ctx.region = region;
  auto call = [&](const char* op, const Json& in) { return HandleElbv2(store, world, op, in, ctx); };
  Json lb = call("CreateLoadBalancer", Json{{"Name", "demo-alb"},
                                            {"Subnets", {"subnet-0a1b2c3d", "subnet-1a2b3c4d"}},
                                            {"SecurityGroups", {"sg-0a1b2c3d"}}});
  std::string lb_arn = lb["LoadBalancers"][0]["LoadBalancerArn"];
  auto tg = [&](const char* name) {
    Json in{{"Name", name},
            {"Protocol", "HTTP"},
            {"Port", "8080"},
            {"VpcId", "vpc-0b1e2r3t4h5s6i7m"},
            {"TargetType", "ip"},
            {"HealthCheckPath", "/health"},
            {"HealthCheckIntervalSeconds", "10"},
            {"HealthyThresholdCount", "3"}};
    return call("CreateTargetGroup", in)["TargetGroups"][0]["TargetGroupArn"].get<std::string>();
  };
  std::string blue = tg("web-blue"), green = tg("web-green");
  call("CreateListener",
       Json{{"LoadBalancerArn", lb_arn},
            {"Protocol", "HTTP"},
            {"Port", "80"},
            {"DefaultActions",
             {{{"Type", "forward"},
               {"ForwardConfig",
                {{"TargetGroups",
                  {{{"TargetGroupArn", blue}, {"Weight", "100"}}, {{"TargetGroupArn", green}, {"Weight", "0"}}}}}}}}}});
  return blue;
}

}  // namespace berth::sim
