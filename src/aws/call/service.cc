#include "aws/call/service.h"

#include <array>

#include "core/strings.h"

namespace berth::aws {
namespace {

// Host prefixes, signing names and env names follow botocore's models
// (service-2.json metadata and serviceId); see aws-api-facts §1.1.
constexpr std::array<ServiceInfo, 9> kServices = {{
    {"ecs", "ecs", "ecs", "ECS", "ecs", Protocol::kJson, "2014-11-13", "AmazonEC2ContainerServiceV20141113", "1.1",
     "ecs"},
    {"ecr", "api.ecr", "ecr", "ECR", "ecr", Protocol::kJson, "2015-09-21", "AmazonEC2ContainerRegistry_V20150921",
     "1.1", "ecr"},
    {"elbv2", "elasticloadbalancing", "elasticloadbalancing", "ELASTIC_LOAD_BALANCING_V2", "elastic_load_balancing_v2",
     Protocol::kQuery, "2015-12-01", "", "", "elbv2"},
    {"sts", "sts", "sts", "STS", "sts", Protocol::kQuery, "2011-06-15", "", "", "sts"},
    {"cloudformation", "cloudformation", "cloudformation", "CLOUDFORMATION", "cloudformation", Protocol::kQuery,
     "2010-05-15", "", "", "cloudformation"},
    // CloudWatch also speaks JSON 1.0 and CBOR in recent models; query is
    // still listed and the simplest, so berth keeps it.
    {"cloudwatch", "monitoring", "monitoring", "CLOUDWATCH", "cloudwatch", Protocol::kQuery, "2010-08-01", "", "",
     "cloudwatch"},
    {"logs", "logs", "logs", "CLOUDWATCH_LOGS", "cloudwatch_logs", Protocol::kJson, "2014-03-28", "Logs_20140328",
     "1.1", "logs"},
    {"servicediscovery", "servicediscovery", "servicediscovery", "SERVICEDISCOVERY", "servicediscovery",
     Protocol::kJson, "2017-03-14", "Route53AutoNaming_v20170314", "1.1", "servicediscovery"},
    {"tagging", "tagging", "tagging", "RESOURCE_GROUPS_TAGGING_API", "resource_groups_tagging_api", Protocol::kJson,
     "2017-01-26", "ResourceGroupsTaggingAPI_20170126", "1.1", "resourcegroupstaggingapi"},
}};

struct Alias {
  std::string_view alias;
  std::string_view name;
};

constexpr std::array<Alias, 12> kAliases = {{
    {"elasticloadbalancingv2", "elbv2"},
    {"elasticloadbalancing", "elbv2"},
    {"elb", "elbv2"},
    {"elastic_load_balancing_v2", "elbv2"},
    {"monitoring", "cloudwatch"},
    {"cloudwatchlogs", "logs"},
    {"cloudwatch_logs", "logs"},
    {"cloudmap", "servicediscovery"},
    {"resourcegroupstaggingapi", "tagging"},
    {"resource_groups_tagging_api", "tagging"},
    {"api.ecr", "ecr"},
    {"cfn", "cloudformation"},
}};

}  // namespace

const ServiceInfo* FindService(std::string_view name) {
  std::string lower = ToLower(name);
  for (const Alias& a : kAliases) {
    if (a.alias == lower) {
      lower = std::string(a.name);
      break;
    }
  }
  for (const ServiceInfo& s : kServices) {
    if (s.name == lower || s.botocore_name == lower) return &s;
  }
  return nullptr;
}

std::span<const ServiceInfo> AllServices() {
  return kServices;
}

}  // namespace berth::aws
