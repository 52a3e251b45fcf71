// Elbv2Api: the Elastic Load Balancing v2 operations berth uses to read load
// balancers and shift traffic between target groups (listener and rule
// weights), as an interface so domain code can run against HttpElbv2Api or a
// fake.
//
// ELBv2 speaks the query protocol: responses arrive as JSON converted from XML,
// so numbers and booleans are strings there; the parsers here turn them into
// typed members and keep the original object in `raw`. Actions are typed
// because berth edits their forward weights; ToInput() rebuilds an action as a
// request member (forward actions from the typed members, other action types
// from `raw`, which the query encoder sends as is).
//
// Describe* operations return every page (Marker / NextMarker). Errors as in
// AwsClient, with "elbv2 <Operation>" as context.
//
// Thread-safety: value types and pure functions; HttpElbv2Api as its AwsClient.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "aws/call/response_fields.h"
#include "core/json.h"
#include "core/result.h"

namespace berth::aws {

class AwsClient;

struct Elbv2WeightedTargetGroup {
  std::string target_group_arn;
  std::optional<int> weight;  // 0-999; absent means the default (1)
  bool operator==(const Elbv2WeightedTargetGroup&) const = default;
};

struct Elbv2Action {
  Json raw;
  std::string type;  // forward, redirect, fixed-response, authenticate-oidc, ...
  std::optional<int> order;
  std::string target_group_arn;                                 // the single-target-group form of forward
  std::vector<Elbv2WeightedTargetGroup> forward_target_groups;  // ForwardConfig.TargetGroups
  std::optional<bool> stickiness_enabled;
  std::optional<int> stickiness_duration_seconds;

  // A forward action over weighted target groups (ForwardConfig form).
  static Elbv2Action Forward(std::vector<Elbv2WeightedTargetGroup> groups,
                             std::optional<int> stickiness_seconds = std::nullopt);
  // The target groups this action forwards to, with weights; a plain
  // TargetGroupArn counts as one group with weight 1.
  std::vector<Elbv2WeightedTargetGroup> Weights() const;
  Json ToInput() const;
};

struct Elbv2LoadBalancer {
  Json raw;
  std::string arn;
  std::string name;
  std::string dns_name;
  std::string type;    // application, network, gateway
  std::string scheme;  // internet-facing, internal
  std::string vpc_id;
  std::string state;  // active, provisioning, active_impaired, failed
};

struct Elbv2TargetGroup {
  Json raw;
  std::string arn;
  std::string name;
  std::string protocol;
  int64_t port = 0;
  std::string vpc_id;
  std::string target_type;  // instance, ip, lambda, alb
  std::string health_check_path;
  std::vector<std::string> load_balancer_arns;
};

struct Elbv2Listener {
  Json raw;
  std::string arn;
  std::string load_balancer_arn;
  int64_t port = 0;
  std::string protocol;
  std::vector<Elbv2Action> default_actions;
};

struct Elbv2Rule {
  Json raw;
  std::string arn;
  std::string priority;  // "1".."50000" or "default"
  bool is_default = false;
  Json conditions;  // array, as returned (values are strings)
  std::vector<Elbv2Action> actions;
};

struct Elbv2Target {
  std::string id;
  std::optional<int> port;
  std::string availability_zone;
  bool operator==(const Elbv2Target&) const = default;
};

struct Elbv2TargetHealth {
  Elbv2Target target;
  std::string health_check_port;
  std::string state;  // initial, healthy, unhealthy, unused, draining, unavailable, ...
  std::string reason;
  std::string description;
};

// Requests. Empty/nullopt members are not sent.
struct DescribeLoadBalancersRequest {
  std::vector<std::string> load_balancer_arns;
  std::vector<std::string> names;
  std::optional<int> page_size;  // 1-400
};
struct DescribeTargetGroupsRequest {
  std::string load_balancer_arn;
  std::vector<std::string> target_group_arns;
  std::vector<std::string> names;
  std::optional<int> page_size;
};
struct DescribeListenersRequest {
  std::string load_balancer_arn;
  std::vector<std::string> listener_arns;
  std::optional<int> page_size;
};
struct DescribeRulesRequest {
  std::string listener_arn;
  std::vector<std::string> rule_arns;
  std::optional<int> page_size;
};
struct CreateRuleRequest {
  std::string listener_arn;
  Json conditions;  // array of RuleCondition
  int priority = 1;
  std::vector<Elbv2Action> actions;
  TagMap tags;
};
struct ModifyRuleRequest {
  std::string rule_arn;
  Json conditions;                   // null: unchanged
  std::vector<Elbv2Action> actions;  // empty: unchanged
};
struct ModifyListenerRequest {
  std::string listener_arn;
  std::vector<Elbv2Action> default_actions;  // empty: unchanged
  std::optional<int> port;
  std::string protocol;
  std::string ssl_policy;
  Json certificates;  // [{CertificateArn}]
};
struct DescribeTargetHealthRequest {
  std::string target_group_arn;
  std::vector<Elbv2Target> targets;  // empty: all registered targets
  std::vector<std::string> include;  // AnomalyDetection, All
};
struct CreateTargetGroupRequest {
  std::string name;
  std::string protocol;
  std::string protocol_version;
  std::optional<int> port;
  std::string vpc_id;
  std::string health_check_protocol;
  std::string health_check_port;
  std::optional<bool> health_check_enabled;
  std::string health_check_path;
  std::optional<int> health_check_interval_seconds;
  std::optional<int> health_check_timeout_seconds;
  std::optional<int> healthy_threshold_count;
  std::optional<int> unhealthy_threshold_count;
  std::string matcher_http_code;  // "200-299"
  std::string target_type;
  std::string ip_address_type;
  TagMap tags;
};

Json BuildDescribeLoadBalancersInput(const DescribeLoadBalancersRequest& r);
Json BuildDescribeTargetGroupsInput(const DescribeTargetGroupsRequest& r);
Json BuildDescribeListenersInput(const DescribeListenersRequest& r);
Json BuildDescribeRulesInput(const DescribeRulesRequest& r);
Json BuildCreateRuleInput(const CreateRuleRequest& r);
Json BuildModifyRuleInput(const ModifyRuleRequest& r);
Json BuildDeleteRuleInput(const std::string& rule_arn);
Json BuildModifyListenerInput(const ModifyListenerRequest& r);
Json BuildDescribeTargetHealthInput(const DescribeTargetHealthRequest& r);
// RegisterTargets and DeregisterTargets.
Json BuildTargetsInput(const std::string& target_group_arn, const std::vector<Elbv2Target>& targets);
Json BuildCreateTargetGroupInput(const CreateTargetGroupRequest& r);
Json BuildDescribeTagsInput(const std::vector<std::string>& resource_arns);

inline constexpr size_t kDescribeTagsBatch = 20;

Elbv2Action ParseElbv2Action(const Json& j);
Elbv2LoadBalancer ParseElbv2LoadBalancer(const Json& j);
Elbv2TargetGroup ParseElbv2TargetGroup(const Json& j);
Elbv2Listener ParseElbv2Listener(const Json& j);
Elbv2Rule ParseElbv2Rule(const Json& j);
Result<std::vector<Elbv2TargetHealth>> ParseDescribeTargetHealthResponse(const Json& r);
Result<std::map<std::string, TagMap>> ParseDescribeTagsResponse(const Json& r);

class Elbv2Api {
 public:
  virtual ~Elbv2Api() = default;
  virtual Result<std::vector<Elbv2LoadBalancer>> DescribeLoadBalancers(const DescribeLoadBalancersRequest& r) = 0;
  virtual Result<std::vector<Elbv2TargetGroup>> DescribeTargetGroups(const DescribeTargetGroupsRequest& r) = 0;
  virtual Result<std::vector<Elbv2Listener>> DescribeListeners(const DescribeListenersRequest& r) = 0;
  virtual Result<std::vector<Elbv2Rule>> DescribeRules(const DescribeRulesRequest& r) = 0;
  virtual Result<Elbv2Rule> CreateRule(const CreateRuleRequest& r) = 0;
  virtual Result<Elbv2Rule> ModifyRule(const ModifyRuleRequest& r) = 0;
  virtual Status DeleteRule(const std::string& rule_arn) = 0;
  virtual Result<Elbv2Listener> ModifyListener(const ModifyListenerRequest& r) = 0;
  virtual Result<std::vector<Elbv2TargetHealth>> DescribeTargetHealth(const DescribeTargetHealthRequest& r) = 0;
  virtual Status RegisterTargets(const std::string& target_group_arn, const std::vector<Elbv2Target>& targets) = 0;
  virtual Status DeregisterTargets(const std::string& target_group_arn, const std::vector<Elbv2Target>& targets) = 0;
  virtual Result<Elbv2TargetGroup> CreateTargetGroup(const CreateTargetGroupRequest& r) = 0;
  // Any number of ARNs (split into calls of 20); tags by resource ARN.
  virtual Result<std::map<std::string, TagMap>> DescribeTags(const std::vector<std::string>& resource_arns) = 0;
};

class HttpElbv2Api final : public Elbv2Api {
 public:
  explicit HttpElbv2Api(AwsClient& client);  // `client` must outlive this object

  Result<std::vector<Elbv2LoadBalancer>> DescribeLoadBalancers(const DescribeLoadBalancersRequest& r) override;
  Result<std::vector<Elbv2TargetGroup>> DescribeTargetGroups(const DescribeTargetGroupsRequest& r) override;
  Result<std::vector<Elbv2Listener>> DescribeListeners(const DescribeListenersRequest& r) override;
  Result<std::vector<Elbv2Rule>> DescribeRules(const DescribeRulesRequest& r) override;
  Result<Elbv2Rule> CreateRule(const CreateRuleRequest& r) override;
  Result<Elbv2Rule> ModifyRule(const ModifyRuleRequest& r) override;
  Status DeleteRule(const std::string& rule_arn) override;
  Result<Elbv2Listener> ModifyListener(const ModifyListenerRequest& r) override;
  Result<std::vector<Elbv2TargetHealth>> DescribeTargetHealth(const DescribeTargetHealthRequest& r) override;
  Status RegisterTargets(const std::string& target_group_arn, const std::vector<Elbv2Target>& targets) override;
  Status DeregisterTargets(const std::string& target_group_arn, const std::vector<Elbv2Target>& targets) override;
  Result<Elbv2TargetGroup> CreateTargetGroup(const CreateTargetGroupRequest& r) override;
  Result<std::map<std::string, TagMap>> DescribeTags(const std::vector<std::string>& resource_arns) override;

 private:
  AwsClient& client_;
};

}  // namespace berth::aws
