#include "aws/elbv2/api.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aws/call/client.h"
#include "aws/call/typed_call.h"

namespace berth::aws {
namespace {

constexpr std::string_view kElbv2 = "elbv2";

std::optional<int> OptInt(const Json& j, std::string_view key) {
  auto v = OptIntField(j, key);
  if (!v) return std::nullopt;
  return static_cast<int>(*v);
}

Json ActionsInput(const std::vector<Elbv2Action>& actions) {
  Json out = Json::array();
  for (const auto& a : actions) out.push_back(a.ToInput());
  return out;
}

Json TargetsInput(const std::vector<Elbv2Target>& targets) {
  Json out = Json::array();
  for (const auto& t : targets) {
    Json j = {{"Id", t.id}};
    PutIf(j, "Port", t.port);
    PutIf(j, "AvailabilityZone", t.availability_zone);
    out.push_back(std::move(j));
  }
  return out;
}

// Collects `list_member` of every page (Marker / NextMarker) through `parse`.
template <typename T, typename Parse>
Result<std::vector<T>> DescribeAll(AwsClient& client, std::string_view operation, Json input,
                                   std::string_view list_member, Parse parse) {
  std::vector<T> out;
  BERTH_RETURN_IF_ERROR(PaginateService(client, kElbv2, operation, std::move(input), "Marker", "NextMarker",
                                        [&](const Json& page) -> Status {
                                          BERTH_RETURN_IF_ERROR(ExpectObject(page, operation));
                                          for (const Json& item : ListField(page, list_member))
                                            out.push_back(parse(item));
                                          return Status::Ok();
                                        }));
  return out;
}

template <typename T, typename Parse>
Result<T> FirstOf(const Json& r, std::string_view operation, std::string_view list_member, Parse parse) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, operation));
  Json list = ListField(r, list_member);
  if (list.empty()) {
    return BadResponse(
        fmt::format("{} returned no {}; the endpoint is not ELBv2 or answered "
                    "incompletely",
                    operation, list_member));
  }
  return parse(list[0]);
}

}  // namespace

Elbv2Action Elbv2Action::Forward(std::vector<Elbv2WeightedTargetGroup> groups, std::optional<int> stickiness_seconds) {
  Elbv2Action a;
  a.type = "forward";
  a.forward_target_groups = std::move(groups);
  if (stickiness_seconds) {
    a.stickiness_enabled = true;
    a.stickiness_duration_seconds = stickiness_seconds;
  }
  return a;
}

std::vector<Elbv2WeightedTargetGroup> Elbv2Action::Weights() const {
  if (!forward_target_groups.empty()) return forward_target_groups;
  if (!target_group_arn.empty()) return {{target_group_arn, 1}};
  return {};
}

Json Elbv2Action::ToInput() const {
  if (type != "forward") {
    Json j = raw.is_object() ? raw : Json::object();
    j["Type"] = type;
    if (order) j["Order"] = *order;
    return j;
  }
  Json j = {{"Type", "forward"}};
  PutIf(j, "TargetGroupArn", target_group_arn);
  if (order) j["Order"] = *order;
  if (!forward_target_groups.empty() || stickiness_enabled) {
    Json forward = Json::object();
    if (!forward_target_groups.empty()) {
      Json groups = Json::array();
      for (const auto& g : forward_target_groups) {
        Json t = {{"TargetGroupArn", g.target_group_arn}};
        PutIf(t, "Weight", g.weight);
        groups.push_back(std::move(t));
      }
      forward["TargetGroups"] = std::move(groups);
    }
    if (stickiness_enabled) {
      Json sticky = {{"Enabled", *stickiness_enabled}};
      PutIf(sticky, "DurationSeconds", stickiness_duration_seconds);
      forward["TargetGroupStickinessConfig"] = std::move(sticky);
    }
    j["ForwardConfig"] = std::move(forward);
  }
  return j;
}

Elbv2Action ParseElbv2Action(const Json& j) {
  Elbv2Action a;
  a.raw = j;
  a.type = StrField(j, "Type");
  a.order = OptInt(j, "Order");
  a.target_group_arn = StrField(j, "TargetGroupArn");
  Json forward = ObjField(j, "ForwardConfig");
  for (const Json& t : ListField(forward, "TargetGroups")) {
    a.forward_target_groups.push_back({StrField(t, "TargetGroupArn"), OptInt(t, "Weight")});
  }
  Json sticky = ObjField(forward, "TargetGroupStickinessConfig");
  if (sticky.contains("Enabled")) a.stickiness_enabled = BoolField(sticky, "Enabled");
  a.stickiness_duration_seconds = OptInt(sticky, "DurationSeconds");
  return a;
}

Elbv2LoadBalancer ParseElbv2LoadBalancer(const Json& j) {
  return {j,
          StrField(j, "LoadBalancerArn"),
          StrField(j, "LoadBalancerName"),
          StrField(j, "DNSName"),
          StrField(j, "Type"),
          StrField(j, "Scheme"),
          StrField(j, "VpcId"),
          StrField(ObjField(j, "State"), "Code")};
}

Elbv2TargetGroup ParseElbv2TargetGroup(const Json& j) {
  return {j,
          StrField(j, "TargetGroupArn"),
          StrField(j, "TargetGroupName"),
          StrField(j, "Protocol"),
          IntField(j, "Port"),
          StrField(j, "VpcId"),
          StrField(j, "TargetType"),
          StrField(j, "HealthCheckPath"),
          StrListField(j, "LoadBalancerArns")};
}

Elbv2Listener ParseElbv2Listener(const Json& j) {
  Elbv2Listener l{
      j, StrField(j, "ListenerArn"), StrField(j, "LoadBalancerArn"), IntField(j, "Port"), StrField(j, "Protocol"), {}};
  for (const Json& a : ListField(j, "DefaultActions")) l.default_actions.push_back(ParseElbv2Action(a));
  return l;
}

Elbv2Rule ParseElbv2Rule(const Json& j) {
  Elbv2Rule r{j, StrField(j, "RuleArn"), StrField(j, "Priority"), BoolField(j, "IsDefault"), ListField(j, "Conditions"),
              {}};
  for (const Json& a : ListField(j, "Actions")) r.actions.push_back(ParseElbv2Action(a));
  return r;
}

Result<std::vector<Elbv2TargetHealth>> ParseDescribeTargetHealthResponse(const Json& r) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, "DescribeTargetHealth"));
  std::vector<Elbv2TargetHealth> out;
  for (const Json& d : ListField(r, "TargetHealthDescriptions")) {
    Json target = ObjField(d, "Target");
    Json health = ObjField(d, "TargetHealth");
    out.push_back({{StrField(target, "Id"), OptInt(target, "Port"), StrField(target, "AvailabilityZone")},
                   StrField(d, "HealthCheckPort"),
                   StrField(health, "State"),
                   StrField(health, "Reason"),
                   StrField(health, "Description")});
  }
  return out;
}

Result<std::map<std::string, TagMap>> ParseDescribeTagsResponse(const Json& r) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, "DescribeTags"));
  std::map<std::string, TagMap> out;
  for (const Json& d : ListField(r, "TagDescriptions")) {
    out[StrField(d, "ResourceArn")] = TagsFromJson(ListField(d, "Tags"));
  }
  return out;
}

Json BuildDescribeLoadBalancersInput(const DescribeLoadBalancersRequest& r) {
  Json j = Json::object();
  PutIf(j, "LoadBalancerArns", r.load_balancer_arns);
  PutIf(j, "Names", r.names);
  PutIf(j, "PageSize", r.page_size);
  return j;
}

Json BuildDescribeTargetGroupsInput(const DescribeTargetGroupsRequest& r) {
  Json j = Json::object();
  PutIf(j, "LoadBalancerArn", r.load_balancer_arn);
  PutIf(j, "TargetGroupArns", r.target_group_arns);
  PutIf(j, "Names", r.names);
  PutIf(j, "PageSize", r.page_size);
  return j;
}

Json BuildDescribeListenersInput(const DescribeListenersRequest& r) {
  Json j = Json::object();
  PutIf(j, "LoadBalancerArn", r.load_balancer_arn);
  PutIf(j, "ListenerArns", r.listener_arns);
  PutIf(j, "PageSize", r.page_size);
  return j;
}

Json BuildDescribeRulesInput(const DescribeRulesRequest& r) {
  Json j = Json::object();
  PutIf(j, "ListenerArn", r.listener_arn);
  PutIf(j, "RuleArns", r.rule_arns);
  PutIf(j, "PageSize", r.page_size);
  return j;
}

Json BuildCreateRuleInput(const CreateRuleRequest& r) {
  Json j = {{"ListenerArn", r.listener_arn},
            {"Conditions", r.conditions.is_array() ? r.conditions : Json::array()},
            {"Priority", r.priority},
            {"Actions", ActionsInput(r.actions)}};
  if (!r.tags.empty()) j["Tags"] = TagsToJson(r.tags, /*capitalized=*/true);
  return j;
}

Json BuildModifyRuleInput(const ModifyRuleRequest& r) {
  Json j = {{"RuleArn", r.rule_arn}};
  PutIf(j, "Conditions", r.conditions);
  if (!r.actions.empty()) j["Actions"] = ActionsInput(r.actions);
  return j;
}

Json BuildDeleteRuleInput(const std::string& rule_arn) {
  return Json{{"RuleArn", rule_arn}};
}

Json BuildModifyListenerInput(const ModifyListenerRequest& r) {
  Json j = {{"ListenerArn", r.listener_arn}};
  PutIf(j, "Port", r.port);
  PutIf(j, "Protocol", r.protocol);
  PutIf(j, "SslPolicy", r.ssl_policy);
  PutIf(j, "Certificates", r.certificates);
  if (!r.default_actions.empty()) j["DefaultActions"] = ActionsInput(r.default_actions);
  return j;
}

Json BuildDescribeTargetHealthInput(const DescribeTargetHealthRequest& r) {
  Json j = {{"TargetGroupArn", r.target_group_arn}};
  if (!r.targets.empty()) j["Targets"] = TargetsInput(r.targets);
  PutIf(j, "Include", r.include);
  return j;
}

Json BuildTargetsInput(const std::string& target_group_arn, const std::vector<Elbv2Target>& targets) {
  return Json{{"TargetGroupArn", target_group_arn}, {"Targets", TargetsInput(targets)}};
}

Json BuildCreateTargetGroupInput(const CreateTargetGroupRequest& r) {
  Json j = {{"Name", r.name}};
  PutIf(j, "Protocol", r.protocol);
  PutIf(j, "ProtocolVersion", r.protocol_version);
  PutIf(j, "Port", r.port);
  PutIf(j, "VpcId", r.vpc_id);
  PutIf(j, "HealthCheckProtocol", r.health_check_protocol);
  PutIf(j, "HealthCheckPort", r.health_check_port);
  PutIf(j, "HealthCheckEnabled", r.health_check_enabled);
  PutIf(j, "HealthCheckPath", r.health_check_path);
  PutIf(j, "HealthCheckIntervalSeconds", r.health_check_interval_seconds);
  PutIf(j, "HealthCheckTimeoutSeconds", r.health_check_timeout_seconds);
  PutIf(j, "HealthyThresholdCount", r.healthy_threshold_count);
  PutIf(j, "UnhealthyThresholdCount", r.unhealthy_threshold_count);
  if (!r.matcher_http_code.empty()) j["Matcher"] = {{"HttpCode", r.matcher_http_code}};
  PutIf(j, "TargetType", r.target_type);
  if (!r.tags.empty()) j["Tags"] = TagsToJson(r.tags, /*capitalized=*/true);
  PutIf(j, "IpAddressType", r.ip_address_type);
  return j;
}

Json BuildDescribeTagsInput(const std::vector<std::string>& resource_arns) {
  return Json{{"ResourceArns", resource_arns}};
}

HttpElbv2Api::HttpElbv2Api(AwsClient& client) : client_(client) {}

Result<std::vector<Elbv2LoadBalancer>> HttpElbv2Api::DescribeLoadBalancers(const DescribeLoadBalancersRequest& r) {
  return DescribeAll<Elbv2LoadBalancer>(client_, "DescribeLoadBalancers", BuildDescribeLoadBalancersInput(r),
                                        "LoadBalancers", ParseElbv2LoadBalancer);
}

Result<std::vector<Elbv2TargetGroup>> HttpElbv2Api::DescribeTargetGroups(const DescribeTargetGroupsRequest& r) {
  return DescribeAll<Elbv2TargetGroup>(client_, "DescribeTargetGroups", BuildDescribeTargetGroupsInput(r),
                                       "TargetGroups", ParseElbv2TargetGroup);
}

Result<std::vector<Elbv2Listener>> HttpElbv2Api::DescribeListeners(const DescribeListenersRequest& r) {
  return DescribeAll<Elbv2Listener>(client_, "DescribeListeners", BuildDescribeListenersInput(r), "Listeners",
                                    ParseElbv2Listener);
}

Result<std::vector<Elbv2Rule>> HttpElbv2Api::DescribeRules(const DescribeRulesRequest& r) {
  return DescribeAll<Elbv2Rule>(client_, "DescribeRules", BuildDescribeRulesInput(r), "Rules", ParseElbv2Rule);
}

Result<Elbv2Rule> HttpElbv2Api::CreateRule(const CreateRuleRequest& r) {
  BERTH_ASSIGN_OR_RETURN(Json out, CallService(client_, kElbv2, "CreateRule", BuildCreateRuleInput(r)));
  return FirstOf<Elbv2Rule>(out, "CreateRule", "Rules", ParseElbv2Rule);
}

Result<Elbv2Rule> HttpElbv2Api::ModifyRule(const ModifyRuleRequest& r) {
  BERTH_ASSIGN_OR_RETURN(Json out, CallService(client_, kElbv2, "ModifyRule", BuildModifyRuleInput(r)));
  return FirstOf<Elbv2Rule>(out, "ModifyRule", "Rules", ParseElbv2Rule);
}

Status HttpElbv2Api::DeleteRule(const std::string& rule_arn) {
  return CallService(client_, kElbv2, "DeleteRule", BuildDeleteRuleInput(rule_arn)).status();
}

Result<Elbv2Listener> HttpElbv2Api::ModifyListener(const ModifyListenerRequest& r) {
  BERTH_ASSIGN_OR_RETURN(Json out, CallService(client_, kElbv2, "ModifyListener", BuildModifyListenerInput(r)));
  return FirstOf<Elbv2Listener>(out, "ModifyListener", "Listeners", ParseElbv2Listener);
}

Result<std::vector<Elbv2TargetHealth>> HttpElbv2Api::DescribeTargetHealth(const DescribeTargetHealthRequest& r) {
  BERTH_ASSIGN_OR_RETURN(Json out,
                         CallService(client_, kElbv2, "DescribeTargetHealth", BuildDescribeTargetHealthInput(r)));
  return ParseDescribeTargetHealthResponse(out);
}

Status HttpElbv2Api::RegisterTargets(const std::string& target_group_arn, const std::vector<Elbv2Target>& targets) {
  return CallService(client_, kElbv2, "RegisterTargets", BuildTargetsInput(target_group_arn, targets)).status();
}

Status HttpElbv2Api::DeregisterTargets(const std::string& target_group_arn, const std::vector<Elbv2Target>& targets) {
  return CallService(client_, kElbv2, "DeregisterTargets", BuildTargetsInput(target_group_arn, targets)).status();
}

Result<Elbv2TargetGroup> HttpElbv2Api::CreateTargetGroup(const CreateTargetGroupRequest& r) {
  BERTH_ASSIGN_OR_RETURN(Json out, CallService(client_, kElbv2, "CreateTargetGroup", BuildCreateTargetGroupInput(r)));
  return FirstOf<Elbv2TargetGroup>(out, "CreateTargetGroup", "TargetGroups", ParseElbv2TargetGroup);
}

Result<std::map<std::string, TagMap>> HttpElbv2Api::DescribeTags(const std::vector<std::string>& resource_arns) {
  std::map<std::string, TagMap> all;
  for (const auto& chunk : Chunk(resource_arns, kDescribeTagsBatch)) {
    BERTH_ASSIGN_OR_RETURN(Json out, CallService(client_, kElbv2, "DescribeTags", BuildDescribeTagsInput(chunk)));
    BERTH_ASSIGN_OR_RETURN(auto part, ParseDescribeTagsResponse(out));
    all.merge(part);
  }
  return all;
}

}  // namespace berth::aws
