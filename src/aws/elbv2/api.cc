#include "aws/elbv2/api.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aws/call/client.h"
#include "aws/call/typed_call.h"

namespace berth::aws {
namespace {

constexpr std::string_view kElbv2 = "elbv2";

Json ActionsInput(const std::vector<Elbv2Action>& actions) {
  Json out = Json::array();
  for (const auto& a : actions) out.push_back(a.ToInput());
  return out;
}

constexpr Field<Elbv2Target> kTarget[] = {
    {"Id", &Elbv2Target::id, FieldRule::kAlways},
    {"Port", &Elbv2Target::port},
    {"AvailabilityZone", &Elbv2Target::availability_zone},
};

Json TargetsInput(const std::vector<Elbv2Target>& targets) {
  Json out = Json::array();
  for (const auto& t : targets) out.push_back(WriteFields(t, kTarget));
  return out;
}

constexpr Field<Elbv2Action> kAction[] = {
    {"Type", &Elbv2Action::type},
    {"Order", &Elbv2Action::order},
    {"TargetGroupArn", &Elbv2Action::target_group_arn},
    {"ForwardConfig.TargetGroupStickinessConfig.DurationSeconds", &Elbv2Action::stickiness_duration_seconds},
};

constexpr Field<Elbv2WeightedTargetGroup> kWeightedTargetGroup[] = {
    {"TargetGroupArn", &Elbv2WeightedTargetGroup::target_group_arn, FieldRule::kAlways},
    {"Weight", &Elbv2WeightedTargetGroup::weight},
};

constexpr Field<Elbv2LoadBalancer> kLoadBalancer[] = {
    {"LoadBalancerArn", &Elbv2LoadBalancer::arn}, {"LoadBalancerName", &Elbv2LoadBalancer::name},
    {"DNSName", &Elbv2LoadBalancer::dns_name},    {"Type", &Elbv2LoadBalancer::type},
    {"Scheme", &Elbv2LoadBalancer::scheme},       {"VpcId", &Elbv2LoadBalancer::vpc_id},
    {"State.Code", &Elbv2LoadBalancer::state},
};

constexpr Field<Elbv2TargetGroup> kTargetGroup[] = {
    {"TargetGroupArn", &Elbv2TargetGroup::arn},
    {"TargetGroupName", &Elbv2TargetGroup::name},
    {"Protocol", &Elbv2TargetGroup::protocol},
    {"Port", &Elbv2TargetGroup::port},
    {"VpcId", &Elbv2TargetGroup::vpc_id},
    {"TargetType", &Elbv2TargetGroup::target_type},
    {"HealthCheckPath", &Elbv2TargetGroup::health_check_path},
    {"LoadBalancerArns", &Elbv2TargetGroup::load_balancer_arns},
};

constexpr Field<Elbv2Listener> kListener[] = {
    {"ListenerArn", &Elbv2Listener::arn},
    {"LoadBalancerArn", &Elbv2Listener::load_balancer_arn},
    {"Port", &Elbv2Listener::port},
    {"Protocol", &Elbv2Listener::protocol},
};

constexpr Field<Elbv2Rule> kRule[] = {
    {"RuleArn", &Elbv2Rule::arn},
    {"Priority", &Elbv2Rule::priority},
    {"IsDefault", &Elbv2Rule::is_default},
    {"Conditions", &Elbv2Rule::conditions, FieldRule::kList},
};

constexpr Field<Elbv2TargetHealth> kTargetHealth[] = {
    {"HealthCheckPort", &Elbv2TargetHealth::health_check_port},
    {"TargetHealth.State", &Elbv2TargetHealth::state},
    {"TargetHealth.Reason", &Elbv2TargetHealth::reason},
    {"TargetHealth.Description", &Elbv2TargetHealth::description},
};

// Describe* inputs: the filters, then PageSize.
constexpr Field<DescribeLoadBalancersRequest> kDescribeLoadBalancers[] = {
    {"LoadBalancerArns", &DescribeLoadBalancersRequest::load_balancer_arns},
    {"Names", &DescribeLoadBalancersRequest::names},
    {"PageSize", &DescribeLoadBalancersRequest::page_size},
};
constexpr Field<DescribeTargetGroupsRequest> kDescribeTargetGroups[] = {
    {"LoadBalancerArn", &DescribeTargetGroupsRequest::load_balancer_arn},
    {"TargetGroupArns", &DescribeTargetGroupsRequest::target_group_arns},
    {"Names", &DescribeTargetGroupsRequest::names},
    {"PageSize", &DescribeTargetGroupsRequest::page_size},
};
constexpr Field<DescribeListenersRequest> kDescribeListeners[] = {
    {"LoadBalancerArn", &DescribeListenersRequest::load_balancer_arn},
    {"ListenerArns", &DescribeListenersRequest::listener_arns},
    {"PageSize", &DescribeListenersRequest::page_size},
};
constexpr Field<DescribeRulesRequest> kDescribeRules[] = {
    {"ListenerArn", &DescribeRulesRequest::listener_arn},
    {"RuleArns", &DescribeRulesRequest::rule_arns},
    {"PageSize", &DescribeRulesRequest::page_size},
};

constexpr Field<ModifyListenerRequest> kModifyListener[] = {
    {"ListenerArn", &ModifyListenerRequest::listener_arn, FieldRule::kAlways},
    {"Port", &ModifyListenerRequest::port},
    {"Protocol", &ModifyListenerRequest::protocol},
    {"SslPolicy", &ModifyListenerRequest::ssl_policy},
    {"Certificates", &ModifyListenerRequest::certificates},
};

constexpr Field<CreateTargetGroupRequest> kCreateTargetGroup[] = {
    {"Name", &CreateTargetGroupRequest::name, FieldRule::kAlways},
    {"Protocol", &CreateTargetGroupRequest::protocol},
    {"ProtocolVersion", &CreateTargetGroupRequest::protocol_version},
    {"Port", &CreateTargetGroupRequest::port},
    {"VpcId", &CreateTargetGroupRequest::vpc_id},
    {"HealthCheckProtocol", &CreateTargetGroupRequest::health_check_protocol},
    {"HealthCheckPort", &CreateTargetGroupRequest::health_check_port},
    {"HealthCheckEnabled", &CreateTargetGroupRequest::health_check_enabled},
    {"HealthCheckPath", &CreateTargetGroupRequest::health_check_path},
    {"HealthCheckIntervalSeconds", &CreateTargetGroupRequest::health_check_interval_seconds},
    {"HealthCheckTimeoutSeconds", &CreateTargetGroupRequest::health_check_timeout_seconds},
    {"HealthyThresholdCount", &CreateTargetGroupRequest::healthy_threshold_count},
    {"UnhealthyThresholdCount", &CreateTargetGroupRequest::unhealthy_threshold_count},
    {"Matcher.HttpCode", &CreateTargetGroupRequest::matcher_http_code},
    {"TargetType", &CreateTargetGroupRequest::target_type},
    {"Tags", &CreateTargetGroupRequest::tags},
    {"IpAddressType", &CreateTargetGroupRequest::ip_address_type},
};

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
      for (const auto& g : forward_target_groups) groups.push_back(WriteFields(g, kWeightedTargetGroup));
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
  Elbv2Action a = ReadShape(j, kAction);
  Json forward = ObjField(j, "ForwardConfig");
  a.forward_target_groups =
      ReadList(forward, "TargetGroups", [](const Json& t) { return ReadShape(t, kWeightedTargetGroup); });
  Json sticky = ObjField(forward, "TargetGroupStickinessConfig");
  if (sticky.contains("Enabled")) a.stickiness_enabled = BoolField(sticky, "Enabled");
  return a;
}

Elbv2LoadBalancer ParseElbv2LoadBalancer(const Json& j) {
  return ReadShape(j, kLoadBalancer);
}

Elbv2TargetGroup ParseElbv2TargetGroup(const Json& j) {
  return ReadShape(j, kTargetGroup);
}

Elbv2Listener ParseElbv2Listener(const Json& j) {
  Elbv2Listener l = ReadShape(j, kListener);
  l.default_actions = ReadList(j, "DefaultActions", ParseElbv2Action);
  return l;
}

Elbv2Rule ParseElbv2Rule(const Json& j) {
  Elbv2Rule r = ReadShape(j, kRule);
  r.actions = ReadList(j, "Actions", ParseElbv2Action);
  return r;
}

Result<std::vector<Elbv2TargetHealth>> ParseDescribeTargetHealthResponse(const Json& r) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, "DescribeTargetHealth"));
  return ReadList(r, "TargetHealthDescriptions", [](const Json& d) {
    Elbv2TargetHealth h = ReadShape(d, kTargetHealth);
    h.target = ReadShape(ObjField(d, "Target"), kTarget);
    return h;
  });
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
  return WriteFields(r, kDescribeLoadBalancers);
}

Json BuildDescribeTargetGroupsInput(const DescribeTargetGroupsRequest& r) {
  return WriteFields(r, kDescribeTargetGroups);
}

Json BuildDescribeListenersInput(const DescribeListenersRequest& r) {
  return WriteFields(r, kDescribeListeners);
}

Json BuildDescribeRulesInput(const DescribeRulesRequest& r) {
  return WriteFields(r, kDescribeRules);
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
  Json j = WriteFields(r, kModifyListener);
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
  return WriteFields(r, kCreateTargetGroup);
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
