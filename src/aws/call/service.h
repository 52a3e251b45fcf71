// The table of AWS services berth speaks to: protocol, API version, JSON target
// prefix, SigV4 signing name and endpoint host prefix (which differ for ECR:
// host "api.ecr", signing name "ecr"), and the service id used to name the
// AWS_ENDPOINT_URL_<SERVICE> override.
//
// Thread-safety: immutable static data.
#pragma once

#include <span>
#include <string_view>

namespace berth::aws {

enum class Protocol {
  kJson,   // JSON 1.x with X-Amz-Target: ECS, ECR, CloudWatch Logs, Cloud Map
  kQuery,  // form-encoded Action=...&Version=..., XML responses: ELBv2, STS, CloudFormation, CloudWatch
};

struct ServiceInfo {
  std::string_view name;             // berth's name and `berth api` SERVICE: "ecs", "elbv2", ...
  std::string_view endpoint_prefix;  // host prefix: "ecs", "api.ecr", "elasticloadbalancing"
  std::string_view signing_name;     // SigV4 scope service: "ecs", "ecr", "elasticloadbalancing"
  std::string_view env_name;         // AWS_ENDPOINT_URL_<env_name>: "ECS", "ELASTIC_LOAD_BALANCING_V2"
  std::string_view config_key;       // [services] key in ~/.aws/config: "ecs", "elastic_load_balancing_v2"
  Protocol protocol;
  std::string_view api_version;    // "2014-11-13"
  std::string_view target_prefix;  // JSON only: "AmazonEC2ContainerServiceV20141113"
  std::string_view json_version;   // JSON only: "1.1" -> application/x-amz-json-1.1
  std::string_view botocore_name;  // folder under botocore/data: "ecs", "elbv2", ...
};

// nullptr when unknown. Accepts berth's name and common aliases
// ("elbv2", "elasticloadbalancingv2", "elasticloadbalancing").
const ServiceInfo* FindService(std::string_view name);
std::span<const ServiceInfo> AllServices();

}  // namespace berth::aws
