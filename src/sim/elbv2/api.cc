#include "sim/elbv2/api.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/strings.h"
#include "core/timestamp.h"
#include "sim/ecs/api.h"
#include "sim/elbv2/internal.h"
#include "sim/elbv2/traffic.h"
#include "sim/wire/api_error.h"

namespace berth::sim {
namespace elbv2 {
namespace {

std::string Arn(const RequestContext& ctx, const std::string& resource) {
  return fmt::format("arn:aws:elasticloadbalancing:{}:{}:{}", ctx.region, ctx.account_id, resource);
}
std::string NewId(World& w) {
  return w.ids().TaskId().substr(0, 16);
}

void ValidateName(const std::string& name, const char* what) {
  bool ok = !name.empty() && name.size() <= 32 && name.front() != '-' && name.back() != '-' &&
            std::all_of(name.begin(), name.end(),
                        [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; });
  if (!ok)
    ThrowValidation(
        fmt::format("{} name '{}' must be 1-32 alphanumeric characters or hyphens, and must not begin or "
                    "end with a hyphen",
                    what, name));
}

Json Tags(const Json& in) {
  Json out = Json::array();
  for (const auto& t : OptList(in, "Tags")) {
    if (!t.is_object() || OptString(t, "Key").empty()) ThrowValidation("Each tag needs a Key");
    out.push_back(Json{{"Key", t["Key"]}, {"Value", OptString(t, "Value")}});
  }
  return out;
}

Json RenderLoadBalancer(const ElbLoadBalancer& lb, const std::string& region) {
  Json azs = Json::array();
  char zone = 'a';
  for (const auto& s : lb.subnets) azs.push_back(Json{{"ZoneName", region + std::string(1, zone++)}, {"SubnetId", s}});
  Json j{{"LoadBalancerArn", lb.arn},
         {"DNSName", lb.dns_name},
         {"CanonicalHostedZoneId", "Z35SXDOTRQ7X7K"},
         {"CreatedTime", FormatIso8601Millis(lb.created_at)},
         {"LoadBalancerName", lb.name},
         {"Scheme", lb.scheme},
         {"VpcId", lb.vpc_id},
         {"State", {{"Code", "active"}}},
         {"Type", lb.type},
         {"AvailabilityZones", azs}};
  if (lb.type == "application") j["SecurityGroups"] = lb.security_groups;
  j["IpAddressType"] = lb.ip_address_type;
  return j;
}

Json RenderListener(const ElbListener& l) {
  return Json{{"ListenerArn", l.arn},
              {"LoadBalancerArn", l.load_balancer_arn},
              {"Port", l.port},
              {"Protocol", l.protocol},
              {"DefaultActions", l.rules.front().actions}};
}

Json RenderRule(const ElbRule& rule) {
  return Json{{"RuleArn", rule.arn},
              {"Priority", rule.priority},
              {"Conditions", rule.conditions},
              {"Actions", rule.actions},
              {"IsDefault", rule.is_default()}};
}

// Validates actions as AWS does and returns them in the output shape.
Json NormalizeActions(Elbv2Region& r, const Json& actions, const char* member) {
  if (actions.empty()) ThrowValidation(fmt::format("At least one action must be specified in '{}'", member));
  Json out = Json::array();
  for (size_t i = 0; i < actions.size(); ++i) {
    const Json& a = actions[i];
    if (!a.is_object()) ThrowValidation("Each action must be a structure");
    std::string type = RequireString(a, "Type");
    Json o{{"Type", type}};
    if (a.contains("Order")) {
      int order = OptInt(a, "Order", 1);
      if (order < 1 || order > 50000) ThrowValidation("An action order must be between 1 and 50000");
      o["Order"] = order;
    } else if (actions.size() > 1) {
      ThrowValidation("An action order must be specified when a rule or listener has more than one action");
    }
    if (type == "forward") {
      std::vector<std::pair<std::string, int>> groups;
      std::string single = OptString(a, "TargetGroupArn");
      const Json fc = a.contains("ForwardConfig") ? a["ForwardConfig"] : Json();
      Json tuples = fc.is_object() ? OptList(fc, "TargetGroups") : Json::array();
      for (size_t k = 0; k < tuples.size(); ++k) {
        const std::string& arn = RequireString(tuples[k], "TargetGroupArn");
        int weight = OptInt(tuples[k], "Weight", 1);
        if (weight < 0 || weight > 999)
          ThrowValidation(fmt::format(
              "1 validation error detected: Value '{}' at '{}.{}.member.forwardConfig.targetGroups.{}.member.weight' "
              "failed to satisfy constraint: Member must have value {} {}",
              weight, member, i + 1, k + 1, weight < 0 ? "greater than or equal to" : "less than or equal to",
              weight < 0 ? 0 : 999));
        for (const auto& g : groups)
          if (g.first == arn) ThrowValidation("A target group can be specified only once in a forward action: " + arn);
        groups.emplace_back(arn, weight);
      }
      if (groups.size() > 5)
        ThrowApiError(400, "TooManyTargetGroups",
                      fmt::format("You have reached the maximum number of target groups per action (5); the action "
                                  "lists {}",
                                  groups.size()));
      if (!single.empty()) {
        if (groups.empty())
          groups.emplace_back(single, 1);
        else if (groups.size() != 1 || groups[0].first != single)
          ThrowValidation(
              "You cannot specify both a target group ARN and a forward config with different target groups");
      }
      if (groups.empty()) ThrowValidation("A forward action must specify a target group ARN or a forward config");
      Json tgs = Json::array();
      for (const auto& [arn, weight] : groups) {
        FindTargetGroup(r, arn);
        tgs.push_back(Json{{"TargetGroupArn", arn}, {"Weight", weight}});
      }
      if (groups.size() == 1) o["TargetGroupArn"] = groups[0].first;
      Json sticky{{"Enabled", false}};
      if (fc.is_object() && fc.contains("TargetGroupStickinessConfig")) {
        const Json& s = fc["TargetGroupStickinessConfig"];
        bool enabled = ToLower(OptString(s, "Enabled", "false")) == "true";
        sticky["Enabled"] = enabled;
        if (enabled) {
          int d = OptInt(s, "DurationSeconds", 0);
          if (d < 1 || d > 604800)
            ThrowValidation("Stickiness DurationSeconds must be between 1 and 604800 when stickiness is enabled");
          sticky["DurationSeconds"] = d;
        }
      }
      o["ForwardConfig"] = Json{{"TargetGroups", tgs}, {"TargetGroupStickinessConfig", sticky}};
    } else if (type == "fixed-response") {
      if (!a.contains("FixedResponseConfig")) ThrowValidation("A fixed-response action needs a FixedResponseConfig");
      o["FixedResponseConfig"] = a["FixedResponseConfig"];
    } else if (type == "redirect") {
      if (!a.contains("RedirectConfig")) ThrowValidation("A redirect action needs a RedirectConfig");
      o["RedirectConfig"] = a["RedirectConfig"];
    } else {
      ThrowValidation(
          fmt::format("Action type '{}' is not supported by the simulator (forward, fixed-response, "
                      "redirect are)",
                      type));
    }
    out.push_back(std::move(o));
  }
  return out;
}

bool IsNetworkProtocol(const std::string& p) {
  return p == "TCP" || p == "UDP" || p == "TLS" || p == "TCP_UDP";
}

// A listener's protocol must suit its load balancer's type (ELB's wording).
void CheckListenerProtocol(const ElbLoadBalancer& lb, const std::string& protocol) {
  if (lb.type == "application" && protocol != "HTTP" && protocol != "HTTPS")
    ThrowValidation(fmt::format("Listener protocol '{}' must be one of 'HTTPS, HTTP'", protocol));
  if (lb.type == "network" && !IsNetworkProtocol(protocol))
    ThrowValidation(fmt::format("Listener protocol '{}' must be one of 'TLS, TCP, TCP_UDP, UDP'", protocol));
}

// The target groups that normalized `actions` forward to must suit `lb`'s
// type, and may not be used by another load balancer already: a target group
// serves one load balancer (ELB's TargetGroupAssociationLimit).
void CheckForwardTargets(Elbv2Region& r, const ElbLoadBalancer& lb, const Json& actions) {
  for (const auto& a : actions) {
    if (!a.contains("ForwardConfig")) continue;
    for (const auto& t : a["ForwardConfig"]["TargetGroups"]) {
      const std::string arn = t["TargetGroupArn"];
      const ElbTargetGroup& tg = FindTargetGroup(r, arn);
      bool network = IsNetworkProtocol(tg.protocol);
      if ((lb.type == "application" && (network || tg.protocol == "GENEVE")) || (lb.type == "network" && !network))
        ThrowApiError(400, "IncompatibleProtocols",
                      fmt::format("The target group '{}' uses protocol '{}', which is not supported by a load "
                                  "balancer of type '{}'",
                                  arn, tg.protocol, lb.type));
      for (const auto& other : LoadBalancersOf(r, arn))
        if (other != lb.arn)
          ThrowApiError(
              400, "TargetGroupAssociationLimit",
              fmt::format("The following target groups cannot be associated with more than one load balancer: {}",
                          arn));
    }
  }
}

Json ValuesOf(const Json& c, const char* config) {
  Json v = OptList(c, "Values");
  if (v.empty() && c.contains(config)) v = OptList(c[config], "Values");
  return v;
}

Json NormalizeConditions(const Json& conditions) {
  Json out = Json::array();
  std::set<std::string> single_seen;
  size_t evaluations = 0;
  for (const auto& c : conditions) {
    std::string field = RequireString(c, "Field");
    Json o{{"Field", field}};
    Json values;
    if (field == "path-pattern" || field == "host-header") {
      const char* config = field == "path-pattern" ? "PathPatternConfig" : "HostHeaderConfig";
      values = ValuesOf(c, config);
      o["Values"] = values;
      o[config] = Json{{"Values", values}};
    } else if (field == "http-header") {
      const Json h = c.contains("HttpHeaderConfig") ? c["HttpHeaderConfig"] : Json::object();
      std::string name = OptString(h, "HttpHeaderName");
      if (name.empty()) ThrowValidation("An http-header condition needs HttpHeaderConfig.HttpHeaderName");
      values = OptList(h, "Values");
      o["HttpHeaderConfig"] = Json{{"HttpHeaderName", name}, {"Values", values}};
    } else if (field == "query-string") {
      const Json q = c.contains("QueryStringConfig") ? c["QueryStringConfig"] : Json::object();
      values = Json::array();
      for (const auto& kv : OptList(q, "Values")) {
        Json pair = Json::object();
        if (!OptString(kv, "Key").empty()) pair["Key"] = kv["Key"];
        pair["Value"] = OptString(kv, "Value");
        if (pair["Value"].get<std::string>().empty()) ThrowValidation("A query-string condition value cannot be empty");
        values.push_back(pair);
      }
      o["QueryStringConfig"] = Json{{"Values", values}};
    } else if (field == "http-request-method" || field == "source-ip") {
      const char* config = field == "source-ip" ? "SourceIpConfig" : "HttpRequestMethodConfig";
      values = ValuesOf(c, config);
      o[config] = Json{{"Values", values}};
    } else {
      ThrowValidation(
          fmt::format("Condition field '{}' is not valid; use path-pattern, host-header, http-header, "
                      "query-string, http-request-method or source-ip",
                      field));
    }
    if (values.empty()) ThrowValidation(fmt::format("A '{}' condition must have at least one value", field));
    for (const auto& v : values)
      if (v.is_string() && v.get<std::string>().empty())
        ThrowValidation(fmt::format("A '{}' condition value cannot be empty", field));
    if (field != "http-header" && field != "query-string" && !single_seen.insert(field).second)
      ThrowValidation(fmt::format("A rule can only have one '{}' condition", field));
    evaluations += values.size();
    out.push_back(std::move(o));
  }
  if (evaluations > 5) ThrowApiError(400, "TooManyConditionValues", "A rule can only have '5' condition values");
  return out;
}

void CheckPriority(const ElbListener& l, const std::string& priority, const std::string& except_arn) {
  int p = 0;
  try {
    p = std::stoi(priority);
  } catch (...) {
    ThrowValidation("Priority '" + priority + "' must be a number between 1 and 50000");
  }
  if (p < 1 || p > 50000) ThrowValidation("Priority '" + priority + "' must be between 1 and 50000");
  for (const auto& rule : l.rules)
    if (rule.arn != except_arn && !rule.is_default() && std::stoi(rule.priority) == p)
      ThrowApiError(400, "PriorityInUse", fmt::format("Priority '{}' is currently in use", p));
}

Json Page(const Json& in, const Json& items, const char* member) {
  PageWindow w = Paginate(in, items.size());
  Json page = Json::array();
  for (size_t i = w.begin; i < w.end; ++i) page.push_back(items[i]);
  Json out{{member, page}};
  if (!w.next_token.empty()) out["NextMarker"] = w.next_token;
  return out;
}

Json CreateLoadBalancer(Elbv2Region& r, World& w, const Json& in, const RequestContext& ctx) {
  const std::string& name = RequireString(in, "Name");
  ValidateName(name, "Load balancer");
  for (const auto& lb : r.load_balancers)
    if (lb.name == name) return Json{{"LoadBalancers", {RenderLoadBalancer(lb, ctx.region)}}};
  ElbLoadBalancer lb;
  lb.name = name;
  lb.type = OptString(in, "Type", "application");
  lb.scheme = OptString(in, "Scheme", "internet-facing");
  lb.ip_address_type = OptString(in, "IpAddressType", "ipv4");
  lb.subnets = OptList(in, "Subnets");
  if (lb.type == "application" && lb.subnets.size() < 2)
    ThrowValidation("At least two subnets in two different Availability Zones must be specified");
  lb.security_groups = OptList(in, "SecurityGroups");
  lb.tags = Tags(in);
  std::string id = NewId(w);
  lb.arn = Arn(ctx, fmt::format("loadbalancer/{}/{}/{}", lb.type == "network" ? "net" : "app", name, id));
  lb.dns_name = fmt::format("{}{}-{}.{}.elb.amazonaws.com", lb.scheme == "internal" ? "internal-" : "", name,
                            w.ids().Next() % 9000000000 + 1000000000, ctx.region);
  lb.vpc_id = "vpc-0b1e2r3t4h5s6i7m";
  lb.created_at = w.now();
  r.load_balancers.push_back(lb);
  return Json{{"LoadBalancers", {RenderLoadBalancer(lb, ctx.region)}}};
}

Json DescribeLoadBalancers(Elbv2Region& r, const Json& in, const RequestContext& ctx) {
  Json arns = OptList(in, "LoadBalancerArns"), names = OptList(in, "Names");
  Json items = Json::array();
  if (!arns.empty() || !names.empty()) {
    for (const auto& want : arns.empty() ? names : arns) {
      auto it = std::find_if(r.load_balancers.begin(), r.load_balancers.end(),
                             [&](const ElbLoadBalancer& lb) { return (arns.empty() ? lb.name : lb.arn) == want; });
      if (it == r.load_balancers.end())
        ThrowApiError(400, "LoadBalancerNotFound",
                      arns.empty() ? fmt::format("Load balancers '[{}]' not found", want.get<std::string>())
                                   : "One or more load balancers not found");
      items.push_back(RenderLoadBalancer(*it, ctx.region));
    }
  } else {
    for (const auto& lb : r.load_balancers) items.push_back(RenderLoadBalancer(lb, ctx.region));
  }
  return Page(in, items, "LoadBalancers");
}

Json CreateTargetGroup(Elbv2Region& r, World& w, const Json& in, const RequestContext& ctx) {
  const std::string& name = RequireString(in, "Name");
  ValidateName(name, "Target group");
  ElbTargetGroup tg;
  tg.name = name;
  tg.protocol = OptString(in, "Protocol", "HTTP");
  tg.port = OptInt(in, "Port", 80);
  if (tg.port < 1 || tg.port > 65535) ThrowValidation("Port must be between 1 and 65535");
  tg.vpc_id = OptString(in, "VpcId", "vpc-0b1e2r3t4h5s6i7m");
  tg.target_type = OptString(in, "TargetType", "instance");
  tg.protocol_version = OptString(in, "ProtocolVersion", "HTTP1");
  tg.health_check_protocol = OptString(in, "HealthCheckProtocol", tg.protocol);
  tg.health_check_port = OptString(in, "HealthCheckPort", "traffic-port");
  tg.health_check_path = OptString(in, "HealthCheckPath", "/");
  tg.health_check_enabled = ToLower(OptString(in, "HealthCheckEnabled", "true")) == "true";
  tg.health_check_interval = OptInt(in, "HealthCheckIntervalSeconds", 30);
  tg.health_check_timeout = OptInt(in, "HealthCheckTimeoutSeconds", 5);
  tg.healthy_threshold = OptInt(in, "HealthyThresholdCount", 5);
  tg.unhealthy_threshold = OptInt(in, "UnhealthyThresholdCount", 2);
  if (tg.health_check_interval < 5 || tg.health_check_interval > 300)
    ThrowValidation("Health check interval must be between 5 and 300 seconds");
  if (tg.healthy_threshold < 2 || tg.healthy_threshold > 10 || tg.unhealthy_threshold < 2 ||
      tg.unhealthy_threshold > 10)
    ThrowValidation("Health check threshold counts must be between 2 and 10");
  if (in.contains("Matcher")) tg.matcher = OptString(in["Matcher"], "HttpCode", "200");
  tg.tags = Tags(in);
  for (const auto& existing : r.target_groups)
    if (existing.name == name) {
      if (existing.port != tg.port || existing.protocol != tg.protocol || existing.target_type != tg.target_type)
        ThrowApiError(400, "DuplicateTargetGroupName",
                      "A target group with the same name '" + name + "' exists, but with different settings");
      return Json{{"TargetGroups", {RenderTargetGroup(r, existing)}}};
    }
  tg.arn = Arn(ctx, fmt::format("targetgroup/{}/{}", name, NewId(w)));
  tg.created_at = w.now();
  r.target_groups.push_back(tg);
  return Json{{"TargetGroups", {RenderTargetGroup(r, tg)}}};
}

Json DescribeTargetGroups(Elbv2Region& r, const Json& in) {
  Json arns = OptList(in, "TargetGroupArns"), names = OptList(in, "Names");
  std::string lb_arn = OptString(in, "LoadBalancerArn");
  if (!lb_arn.empty()) FindLoadBalancer(r, lb_arn);
  Json items = Json::array();
  if (!arns.empty() || !names.empty()) {
    for (const auto& want : arns.empty() ? names : arns) {
      auto it = std::find_if(r.target_groups.begin(), r.target_groups.end(),
                             [&](const ElbTargetGroup& tg) { return (arns.empty() ? tg.name : tg.arn) == want; });
      if (it == r.target_groups.end())
        ThrowApiError(400, "TargetGroupNotFound",
                      arns.empty() ? fmt::format("Target groups '[{}]' not found", want.get<std::string>())
                                   : "One or more target groups not found");
      items.push_back(RenderTargetGroup(r, *it));
    }
  } else {
    for (const auto& tg : r.target_groups) {
      Json j = RenderTargetGroup(r, tg);
      if (!lb_arn.empty() &&
          std::find(j["LoadBalancerArns"].begin(), j["LoadBalancerArns"].end(), lb_arn) == j["LoadBalancerArns"].end())
        continue;
      items.push_back(std::move(j));
    }
  }
  return Page(in, items, "TargetGroups");
}

Json CreateListener(Elbv2Region& r, World& w, const Json& in) {
  ElbLoadBalancer& lb = FindLoadBalancer(r, RequireString(in, "LoadBalancerArn"));
  ElbListener l;
  l.load_balancer_arn = lb.arn;
  l.protocol = OptString(in, "Protocol", "HTTP");
  l.port = OptInt(in, "Port", 80);
  if (l.port < 1 || l.port > 65535) ThrowValidation("Port must be between 1 and 65535");
  CheckListenerProtocol(lb, l.protocol);
  for (const auto& other : r.listeners)
    if (other.load_balancer_arn == lb.arn && other.port == l.port)
      ThrowApiError(400, "DuplicateListener", "A listener already exists on this port for this load balancer");
  ElbRule def;
  def.priority = "default";
  def.actions = NormalizeActions(r, OptList(in, "DefaultActions"), "defaultActions");
  CheckForwardTargets(r, lb, def.actions);
  l.tags = Tags(in);
  std::string lb_path = lb.arn.substr(lb.arn.find(":loadbalancer/") + 14);  // app/name/id
  std::string id = NewId(w);
  l.arn = lb.arn.substr(0, lb.arn.find(":loadbalancer/")) + ":listener/" + lb_path + "/" + id;
  def.arn = lb.arn.substr(0, lb.arn.find(":loadbalancer/")) + ":listener-rule/" + lb_path + "/" + id + "/" + NewId(w);
  l.rules.push_back(def);
  r.listeners.push_back(l);
  return Json{{"Listeners", {RenderListener(l)}}};
}

Json DescribeListeners(Elbv2Region& r, const Json& in) {
  Json arns = OptList(in, "ListenerArns");
  std::string lb_arn = OptString(in, "LoadBalancerArn");
  if (arns.empty() && lb_arn.empty()) ThrowValidation("You must specify either listener ARNs or a load balancer ARN");
  Json items = Json::array();
  if (!arns.empty()) {
    for (const auto& a : arns) items.push_back(RenderListener(FindListener(r, a.get<std::string>())));
  } else {
    FindLoadBalancer(r, lb_arn);
    for (const auto& l : r.listeners)
      if (l.load_balancer_arn == lb_arn) items.push_back(RenderListener(l));
  }
  return Page(in, items, "Listeners");
}

Json ModifyListener(Elbv2Region& r, const Json& in) {
  ElbListener& l = FindListener(r, RequireString(in, "ListenerArn"));
  const ElbLoadBalancer& lb = FindLoadBalancer(r, l.load_balancer_arn);
  std::string protocol = OptString(in, "Protocol", l.protocol);
  CheckListenerProtocol(lb, protocol);
  if (in.contains("DefaultActions")) {
    Json actions = NormalizeActions(r, OptList(in, "DefaultActions"), "defaultActions");
    CheckForwardTargets(r, lb, actions);
    l.rules.front().actions = actions;
  }
  l.port = OptInt(in, "Port", l.port);
  l.protocol = protocol;
  return Json{{"Listeners", {RenderListener(l)}}};
}

Json CreateRule(Elbv2Region& r, World& w, const Json& in) {
  ElbListener& l = FindListener(r, RequireString(in, "ListenerArn"));
  ElbRule rule;
  rule.priority = std::to_string(OptInt(in, "Priority", 0));
  if (!in.contains("Priority")) RequireString(in, "Priority");
  CheckPriority(l, rule.priority, "");
  Json conditions = OptList(in, "Conditions");
  if (conditions.empty()) ThrowValidation("A rule must have at least one condition");
  rule.conditions = NormalizeConditions(conditions);
  rule.actions = NormalizeActions(r, OptList(in, "Actions"), "actions");
  CheckForwardTargets(r, FindLoadBalancer(r, l.load_balancer_arn), rule.actions);
  if (l.rules.size() >= 101) ThrowApiError(400, "TooManyRules", "The listener already has 100 rules");
  std::string base = l.arn;
  base.replace(base.find(":listener/"), 10, ":listener-rule/");
  rule.arn = base + "/" + NewId(w);
  l.rules.push_back(rule);
  return Json{{"Rules", {RenderRule(rule)}}};
}

Json DescribeRules(Elbv2Region& r, const Json& in) {
  Json arns = OptList(in, "RuleArns");
  std::string listener_arn = OptString(in, "ListenerArn");
  if (arns.empty() && listener_arn.empty()) ThrowValidation("You must specify either listener ARN or rule ARNs");
  std::vector<const ElbRule*> rules;
  if (!arns.empty()) {
    for (const auto& a : arns) {
      auto [l, i] = FindRule(r, a.get<std::string>());
      rules.push_back(&l->rules[i]);
    }
  } else {
    for (const auto& rule : FindListener(r, listener_arn).rules) rules.push_back(&rule);
    std::stable_sort(rules.begin(), rules.end(), [](const ElbRule* a, const ElbRule* b) {
      if (a->is_default() != b->is_default()) return b->is_default();
      return !a->is_default() && std::stoi(a->priority) < std::stoi(b->priority);
    });
  }
  Json items = Json::array();
  for (const ElbRule* rule : rules) items.push_back(RenderRule(*rule));
  return Page(in, items, "Rules");
}

Json ModifyRule(Elbv2Region& r, const Json& in) {
  auto [l, i] = FindRule(r, RequireString(in, "RuleArn"));
  ElbRule& rule = l->rules[i];
  if (in.contains("Conditions")) {
    if (rule.is_default())
      ThrowApiError(400, "OperationNotPermitted", "The conditions of the default rule cannot be modified");
    Json c = OptList(in, "Conditions");
    if (c.empty()) ThrowValidation("A rule must have at least one condition");
    rule.conditions = NormalizeConditions(c);
  }
  if (in.contains("Actions")) {
    Json actions = NormalizeActions(r, OptList(in, "Actions"), "actions");
    CheckForwardTargets(r, FindLoadBalancer(r, l->load_balancer_arn), actions);
    rule.actions = actions;
  }
  return Json{{"Rules", {RenderRule(rule)}}};
}

Json DeleteRule(Elbv2Region& r, const Json& in) {
  auto [l, i] = FindRule(r, RequireString(in, "RuleArn"));
  if (l->rules[i].is_default())
    ThrowApiError(400, "OperationNotPermitted", fmt::format("Default rule '{}' cannot be deleted", l->rules[i].arn));
  l->rules.erase(l->rules.begin() + static_cast<std::ptrdiff_t>(i));
  return Json::object();
}

// Deleting a load balancer deletes its listeners and their rules (the API
// reference: "Deleting a load balancer also deletes its listeners"); its
// target groups stay, their targets now unused. One that does not exist
// "succeeds" (the API reference).
Json DeleteLoadBalancer(Elbv2Region& r, const Json& in) {
  const std::string arn = RequireString(in, "LoadBalancerArn");
  std::erase_if(r.listeners, [&](const ElbListener& l) { return l.load_balancer_arn == arn; });
  std::erase_if(r.load_balancers, [&](const ElbLoadBalancer& lb) { return lb.arn == arn; });
  return Json::object();
}

Json DeleteListener(Elbv2Region& r, const Json& in) {
  const std::string arn = FindListener(r, RequireString(in, "ListenerArn")).arn;
  std::erase_if(r.listeners, [&](const ElbListener& l) { return l.arn == arn; });
  return Json::object();
}

// A target group that a listener or rule forwards to cannot be deleted
// (ResourceInUse). One that does not exist succeeds: the model lists no
// TargetGroupNotFound for this call (AWS documents nothing; docs/sim.md).
Json DeleteTargetGroup(Elbv2Region& r, const Json& in) {
  const std::string arn = RequireString(in, "TargetGroupArn");
  if (!LoadBalancersOf(r, arn).empty())
    ThrowApiError(400, "ResourceInUse",
                  fmt::format("Target group '{}' is currently in use by a listener or a rule", arn));
  std::erase_if(r.target_groups, [&](const ElbTargetGroup& tg) { return tg.arn == arn; });
  return Json::object();
}

Json SetRulePriorities(Elbv2Region& r, const Json& in) {
  Json changes = OptList(in, "RulePriorities");
  if (changes.empty()) ThrowValidation("RulePriorities must not be empty");
  std::vector<std::pair<ElbRule*, std::string>> plan;
  std::set<int> wanted;
  for (const auto& c : changes) {
    auto [l, i] = FindRule(r, RequireString(c, "RuleArn"));
    if (l->rules[i].is_default())
      ThrowApiError(400, "OperationNotPermitted", "The default rule's priority cannot be changed");
    std::string p = std::to_string(OptInt(c, "Priority", 0));
    if (!wanted.insert(std::stoi(p)).second)
      ThrowApiError(400, "PriorityInUse", "Priority '" + p + "' is currently in use");
    plan.emplace_back(&l->rules[i], p);
  }
  // Priorities held by rules that are not being moved must stay free.
  for (auto& [rule, p] : plan) {
    for (const auto& l : r.listeners) {
      bool same =
          std::any_of(l.rules.begin(), l.rules.end(), [target = rule](const ElbRule& x) { return &x == target; });
      if (!same) continue;
      for (const auto& other : l.rules) {
        bool moving = std::any_of(plan.begin(), plan.end(), [&](const auto& e) { return e.first == &other; });
        if (!moving && !other.is_default() && other.priority == p)
          ThrowApiError(400, "PriorityInUse", "Priority '" + p + "' is currently in use");
      }
    }
    int v = std::stoi(p);
    if (v < 1 || v > 50000) ThrowValidation("Priority '" + p + "' must be between 1 and 50000");
  }
  Json rules = Json::array();
  for (auto& [rule, p] : plan) {
    rule->priority = p;
    rules.push_back(RenderRule(*rule));
  }
  return Json{{"Rules", rules}};
}

Json DescribeTags(Elbv2Region& r, const Json& in) {
  Json out = Json::array();
  for (const auto& a : OptList(in, "ResourceArns")) {
    Json* tags = TagsOf(r, a.get<std::string>());
    out.push_back(Json{{"ResourceArn", a}, {"Tags", *tags}});
  }
  return Json{{"TagDescriptions", out}};
}

Json AddTags(Elbv2Region& r, const Json& in) {
  Json add = Tags(in);
  for (const auto& a : OptList(in, "ResourceArns")) {
    Json* tags = TagsOf(r, a.get<std::string>());
    for (const auto& t : add) {
      bool replaced = false;
      for (auto& existing : *tags)
        if (existing["Key"] == t["Key"]) existing = t, replaced = true;
      if (!replaced) tags->push_back(t);
    }
  }
  return Json::object();
}

Json RemoveTags(Elbv2Region& r, const Json& in) {
  Json keys = OptList(in, "TagKeys");
  for (const auto& a : OptList(in, "ResourceArns")) {
    Json* tags = TagsOf(r, a.get<std::string>());
    Json kept = Json::array();
    for (const auto& t : *tags)
      if (std::find(keys.begin(), keys.end(), t["Key"]) == keys.end()) kept.push_back(t);
    *tags = kept;
  }
  return Json::object();
}

}  // namespace

ElbLoadBalancer& FindLoadBalancer(Elbv2Region& r, const std::string& arn) {
  for (auto& lb : r.load_balancers)
    if (lb.arn == arn) return lb;
  ThrowApiError(400, "LoadBalancerNotFound", fmt::format("Load balancer '{}' not found", arn));
}

ElbTargetGroup& FindTargetGroup(Elbv2Region& r, const std::string& arn) {
  for (auto& tg : r.target_groups)
    if (tg.arn == arn) return tg;
  ThrowApiError(400, "TargetGroupNotFound", fmt::format("Target groups '{}' not found", arn));
}

ElbListener& FindListener(Elbv2Region& r, const std::string& arn) {
  for (auto& l : r.listeners)
    if (l.arn == arn) return l;
  ThrowApiError(400, "ListenerNotFound", fmt::format("Listener '{}' not found", arn));
}

std::pair<ElbListener*, size_t> FindRule(Elbv2Region& r, const std::string& arn) {
  for (auto& l : r.listeners)
    for (size_t i = 0; i < l.rules.size(); ++i)
      if (l.rules[i].arn == arn) return {&l, i};
  ThrowApiError(400, "RuleNotFound", fmt::format("One or more rules not found: '{}'", arn));
}

Json LoadBalancersOf(const Elbv2Region& r, const std::string& tg_arn) {
  std::set<std::string> seen;
  Json out = Json::array();
  for (const auto& l : r.listeners)
    for (const auto& rule : l.rules)
      for (const auto& a : rule.actions)
        if (a.contains("ForwardConfig"))
          for (const auto& t : a["ForwardConfig"]["TargetGroups"])
            if (t["TargetGroupArn"] == tg_arn && seen.insert(l.load_balancer_arn).second)
              out.push_back(l.load_balancer_arn);
  return out;
}

Json RenderTargetGroup(const Elbv2Region& r, const ElbTargetGroup& tg) {
  return Json{{"TargetGroupArn", tg.arn},
              {"TargetGroupName", tg.name},
              {"Protocol", tg.protocol},
              {"Port", tg.port},
              {"VpcId", tg.vpc_id},
              {"HealthCheckProtocol", tg.health_check_protocol},
              {"HealthCheckPort", tg.health_check_port},
              {"HealthCheckEnabled", tg.health_check_enabled},
              {"HealthCheckIntervalSeconds", tg.health_check_interval},
              {"HealthCheckTimeoutSeconds", tg.health_check_timeout},
              {"HealthyThresholdCount", tg.healthy_threshold},
              {"UnhealthyThresholdCount", tg.unhealthy_threshold},
              {"HealthCheckPath", tg.health_check_path},
              {"Matcher", {{"HttpCode", tg.matcher}}},
              {"LoadBalancerArns", LoadBalancersOf(r, tg.arn)},
              {"TargetType", tg.target_type},
              {"ProtocolVersion", tg.protocol_version},
              {"IpAddressType", "ipv4"}};
}

Json* TagsOf(Elbv2Region& r, const std::string& arn) {
  for (auto& lb : r.load_balancers)
    if (lb.arn == arn) return &lb.tags;
  for (auto& tg : r.target_groups)
    if (tg.arn == arn) return &tg.tags;
  for (auto& l : r.listeners)
    if (l.arn == arn) return &l.tags;
  if (arn.find(":targetgroup/") != std::string::npos)
    ThrowApiError(400, "TargetGroupNotFound", fmt::format("Target groups '{}' not found", arn));
  if (arn.find(":listener/") != std::string::npos)
    ThrowApiError(400, "ListenerNotFound", fmt::format("Listener '{}' not found", arn));
  ThrowApiError(400, "LoadBalancerNotFound", fmt::format("Load balancer '{}' not found", arn));
}

Json Dispatch(Elbv2Region& r, World& w, const std::string& op, const Json& in, const RequestContext& ctx) {
  if (op == "CreateLoadBalancer") return CreateLoadBalancer(r, w, in, ctx);
  if (op == "DescribeLoadBalancers") return DescribeLoadBalancers(r, in, ctx);
  if (op == "CreateTargetGroup") return CreateTargetGroup(r, w, in, ctx);
  if (op == "DescribeTargetGroups") return DescribeTargetGroups(r, in);
  if (op == "CreateListener") return CreateListener(r, w, in);
  if (op == "DescribeListeners") return DescribeListeners(r, in);
  if (op == "ModifyListener") return ModifyListener(r, in);
  if (op == "CreateRule") return CreateRule(r, w, in);
  if (op == "DescribeRules") return DescribeRules(r, in);
  if (op == "ModifyRule") return ModifyRule(r, in);
  if (op == "DeleteRule") return DeleteRule(r, in);
  if (op == "DeleteListener") return DeleteListener(r, in);
  if (op == "DeleteLoadBalancer") return DeleteLoadBalancer(r, in);
  if (op == "DeleteTargetGroup") return DeleteTargetGroup(r, in);
  if (op == "SetRulePriorities") return SetRulePriorities(r, in);
  if (op == "RegisterTargets") return RegisterTargets(r, w, in);
  if (op == "DeregisterTargets") return DeregisterTargets(r, w, in);
  if (op == "DescribeTargetHealth") return DescribeTargetHealth(r, w, in);
  if (op == "DescribeTags") return DescribeTags(r, in);
  if (op == "AddTags") return AddTags(r, in);
  if (op == "RemoveTags") return RemoveTags(r, in);
  if (op == "DescribeTargetGroupAttributes")
    return TargetGroupAttributes(FindTargetGroup(r, RequireString(in, "TargetGroupArn")));
  if (op == "ModifyTargetGroupAttributes") return ModifyTargetGroupAttributes(r, in);
  ThrowApiError(400, "InvalidAction", "Could not find operation " + op + " for version 2015-12-01");
}

}  // namespace elbv2

bool IsElbv2Operation(const std::string& op) {
  static const std::set<std::string> kOps = {"CreateLoadBalancer",
                                             "DescribeLoadBalancers",
                                             "CreateTargetGroup",
                                             "DescribeTargetGroups",
                                             "CreateListener",
                                             "DescribeListeners",
                                             "ModifyListener",
                                             "CreateRule",
                                             "DescribeRules",
                                             "ModifyRule",
                                             "DeleteRule",
                                             "DeleteListener",
                                             "DeleteLoadBalancer",
                                             "DeleteTargetGroup",
                                             "SetRulePriorities",
                                             "RegisterTargets",
                                             "DeregisterTargets",
                                             "DescribeTargetHealth",
                                             "DescribeTags",
                                             "AddTags",
                                             "RemoveTags",
                                             "DescribeTargetGroupAttributes",
                                             "ModifyTargetGroupAttributes"};
  return kOps.count(op) > 0;
}

Json HandleElbv2(Elbv2Store& store, World& world, const std::string& op, const Json& input, const RequestContext& ctx) {
  Elbv2Region& r = store.At(ctx.account_id, ctx.region);
  // Routing may change below: account the traffic so far first (elbv2_traffic.h).
  SettleTraffic(r, world.now());
  for (auto& tg : r.target_groups) elbv2::PurgeDrained(tg, world.now());
  return elbv2::Dispatch(r, world, op, input, ctx);
}

QueryServiceSpec MakeElbv2Service(Elbv2Store& store, RateLimiter& limiter) {
  QueryServiceSpec spec;
  spec.signing_name = "elasticloadbalancing";
  spec.version = "2015-12-01";
  spec.xmlns = kElbv2Xmlns;
  spec.has_operation = IsElbv2Operation;
  spec.handle = [&store, &limiter](World& world, const std::string& op, const QueryParams& params,
                                   const RequestContext& ctx) {
    // The per-category bucket was taken by the Dispatcher; ELB also has one
    // bucket shared by every action of the account.
    if (!limiter.TryAcquire(ctx.account_id, ctx.region, "elasticloadbalancing", "*account*"))
      ThrowApiError(400, "Throttling", "Rate exceeded");
    return JsonToQueryXml(HandleElbv2(store, world, op, QueryParamsToJson(params), ctx));
  };
  return spec;
}

void DefineElbv2RateLimits(RateLimiter& limiter) {
  const std::string svc = "elasticloadbalancing";
  limiter.Define(svc, "*account*", BucketSpec{"account", 40, 10});
  for (const char* a : {"CreateLoadBalancer", "SetSubnets"})
    limiter.Define(svc, a, BucketSpec{"resource-intensive", 10, 0.2});
  for (const char* a : {"RegisterTargets", "DeregisterTargets"})
    limiter.Define(svc, a, BucketSpec{"registration", 20, 4});
  for (const char* a : {"DescribeLoadBalancers", "DescribeTargetGroups", "DescribeListeners", "DescribeRules",
                        "DescribeTargetHealth", "DescribeTags", "DescribeTargetGroupAttributes"})
    limiter.Define(svc, a, BucketSpec{"non-mutating", 40, 10});
  for (const char* a : {"CreateTargetGroup", "CreateListener", "ModifyListener", "CreateRule", "ModifyRule",
                        "DeleteRule", "SetRulePriorities", "AddTags", "RemoveTags", "ModifyTargetGroupAttributes",
                        "DeleteListener", "DeleteLoadBalancer", "DeleteTargetGroup"})
    limiter.Define(svc, a, BucketSpec{"mutating", 20, 3});
}

}  // namespace berth::sim
