#include "aws/call/rate_limit.h"

#include <algorithm>
#include <cmath>

#include "core/strings.h"

namespace berth::aws {
namespace {

struct OpCategory {
  std::string_view operation;
  BucketSpec spec;
};

// AWS's published ECS table (request-throttling.html).
constexpr BucketSpec kEcsClusterModify{"ecs:cluster-modify", 20, 1};
constexpr BucketSpec kEcsClusterRead{"ecs:cluster-read", 50, 20};
constexpr BucketSpec kEcsTaskDefModify{"ecs:task-definition-modify", 20, 1};
constexpr BucketSpec kEcsTaskDefRead{"ecs:task-definition-read", 50, 20};
constexpr BucketSpec kEcsTaskDefDelete{"ecs:task-definition-deletion", 5, 1};
constexpr BucketSpec kEcsCapacityModify{"ecs:capacity-provider-modify", 10, 1};
constexpr BucketSpec kEcsCapacityRead{"ecs:capacity-provider-read", 50, 20};
constexpr BucketSpec kEcsTagModify{"ecs:tag-modify", 20, 10};
constexpr BucketSpec kEcsTagRead{"ecs:tag-read", 50, 20};
constexpr BucketSpec kEcsSettingModify{"ecs:setting-modify", 10, 1};
constexpr BucketSpec kEcsSettingRead{"ecs:setting-read", 50, 20};
constexpr BucketSpec kEcsResourceModify{"ecs:cluster-resource-modify", 100, 40};
constexpr BucketSpec kEcsResourceRead{"ecs:cluster-resource-read", 100, 20};
constexpr BucketSpec kEcsAgentModify{"ecs:agent-modify", 200, 120};
constexpr BucketSpec kEcsServiceModify{"ecs:service-modify", 50, 5};
constexpr BucketSpec kEcsServiceRead{"ecs:service-read", 100, 20};
constexpr BucketSpec kEcsDeployment{"ecs:service-deployment", 50, 20};
constexpr BucketSpec kEcsRevision{"ecs:service-revision", 50, 20};
constexpr BucketSpec kEcsTaskProtection{"ecs:task-protection", 200, 80};
constexpr BucketSpec kEcsNamespaceRead{"ecs:cluster-service-resource-read", 10, 1};
// Not published: assumptions for actions missing from the table.
constexpr BucketSpec kEcsOtherRead{"ecs:other-read", 50, 20};
constexpr BucketSpec kEcsOtherModify{"ecs:other-modify", 20, 1};

constexpr OpCategory kEcsOps[] = {
    {"CreateCluster", kEcsClusterModify},
    {"DeleteCluster", kEcsClusterModify},
    {"PutClusterCapacityProviders", kEcsClusterModify},
    {"UpdateCluster", kEcsClusterModify},
    {"UpdateClusterSettings", kEcsClusterModify},
    {"DescribeClusters", kEcsClusterRead},
    {"ListClusters", kEcsClusterRead},
    {"DeregisterTaskDefinition", kEcsTaskDefModify},
    {"RegisterTaskDefinition", kEcsTaskDefModify},
    {"DescribeTaskDefinition", kEcsTaskDefRead},
    {"ListTaskDefinitions", kEcsTaskDefRead},
    {"ListTaskDefinitionFamilies", kEcsTaskDefRead},
    {"DeleteTaskDefinitions", kEcsTaskDefDelete},
    {"CreateCapacityProvider", kEcsCapacityModify},
    {"DeleteCapacityProvider", kEcsCapacityModify},
    {"UpdateCapacityProvider", kEcsCapacityModify},
    {"DescribeCapacityProviders", kEcsCapacityRead},
    {"TagResource", kEcsTagModify},
    {"UntagResource", kEcsTagModify},
    {"ListTagsForResource", kEcsTagRead},
    {"DeleteAccountSetting", kEcsSettingModify},
    {"PutAccountSetting", kEcsSettingModify},
    {"PutAccountSettingDefault", kEcsSettingModify},
    {"ListAccountSettings", kEcsSettingRead},
    {"DeleteAttributes", kEcsResourceModify},
    {"DeregisterContainerInstance", kEcsResourceModify},
    {"ExecuteCommand", kEcsResourceModify},
    {"PutAttributes", kEcsResourceModify},
    {"RunTask", kEcsResourceModify},
    {"StartTask", kEcsResourceModify},
    {"StopTask", kEcsResourceModify},
    {"UpdateContainerAgent", kEcsResourceModify},
    {"UpdateContainerInstancesState", kEcsResourceModify},
    {"DescribeContainerInstances", kEcsResourceRead},
    {"DescribeTasks", kEcsResourceRead},
    {"ListAttributes", kEcsResourceRead},
    {"ListContainerInstances", kEcsResourceRead},
    {"ListTasks", kEcsResourceRead},
    {"RegisterContainerInstance", kEcsAgentModify},
    {"SubmitAttachmentStateChanges", kEcsAgentModify},
    {"SubmitContainerStateChange", kEcsAgentModify},
    {"SubmitTaskStateChange", kEcsAgentModify},
    {"CreateService", kEcsServiceModify},
    {"DeleteService", kEcsServiceModify},
    {"UpdateService", kEcsServiceModify},
    {"DescribeServices", kEcsServiceRead},
    {"ListServices", kEcsServiceRead},
    {"DescribeServiceDeployments", kEcsDeployment},
    {"ListServiceDeployments", kEcsDeployment},
    {"DescribeServiceRevisions", kEcsRevision},
    {"UpdateTaskProtection", kEcsTaskProtection},
    {"GetTaskProtection", kEcsTaskProtection},
    {"ListServicesByNamespace", kEcsNamespaceRead},
    // Task sets: not in the published table; treated as service modify/read.
    {"CreateTaskSet", kEcsServiceModify},
    {"UpdateTaskSet", kEcsServiceModify},
    {"DeleteTaskSet", kEcsServiceModify},
    {"UpdateServicePrimaryTaskSet", kEcsServiceModify},
    {"DescribeTaskSets", kEcsServiceRead},
};

// AWS's published ELB table (elb-api-throttling.html).
constexpr BucketSpec kElbAccount{"elbv2:account", 40, 10};
constexpr BucketSpec kElbResourceIntensive{"elbv2:resource-intensive", 10, 0.2};
constexpr BucketSpec kElbRegistration{"elbv2:registration", 20, 4};
constexpr BucketSpec kElbNonMutating{"elbv2:non-mutating", 40, 10};
constexpr BucketSpec kElbMutating{"elbv2:mutating", 20, 3};
constexpr BucketSpec kElbTrustStoreMutating{"elbv2:trust-store-mutating", 10, 0.2};
constexpr BucketSpec kElbUncategorizedRead{"elbv2:uncategorized-read", 20, 4};

constexpr OpCategory kElbOps[] = {
    {"CreateLoadBalancer", kElbResourceIntensive},
    {"SetSubnets", kElbResourceIntensive},
    {"RegisterTargets", kElbRegistration},
    {"DeregisterTargets", kElbRegistration},
    {"CreateTrustStore", kElbTrustStoreMutating},
    {"ModifyTrustStore", kElbTrustStoreMutating},
    {"DeleteTrustStore", kElbTrustStoreMutating},
    {"AddTrustStoreRevocations", kElbTrustStoreMutating},
    {"RemoveTrustStoreRevocations", kElbTrustStoreMutating},
    {"GetResourcePolicy", kElbUncategorizedRead},
    {"GetTrustStoreCaCertificatesBundle", kElbUncategorizedRead},
    {"GetTrustStoreRevocationContent", kElbUncategorizedRead},
};

const BucketSpec* Lookup(std::span<const OpCategory> table, std::string_view op) {
  for (const auto& entry : table) {
    if (entry.operation == op) return &entry.spec;
  }
  return nullptr;
}

bool IsReadName(std::string_view op) {
  return StartsWith(op, "Describe") || StartsWith(op, "List") || StartsWith(op, "Get");
}

constexpr double kMinRateFraction = 1.0 / 16;
constexpr double kRecoveryFraction = 1.0 / 20;

}  // namespace

std::vector<BucketSpec> BucketsFor(const ServiceInfo& service, std::string_view operation) {
  if (service.name == "ecs") {
    if (const BucketSpec* s = Lookup(kEcsOps, operation)) return {*s};
    return {IsReadName(operation) ? kEcsOtherRead : kEcsOtherModify};
  }
  if (service.name == "elbv2") {
    const BucketSpec* s = Lookup(kElbOps, operation);
    BucketSpec category = s ? *s : (StartsWith(operation, "Describe") ? kElbNonMutating : kElbMutating);
    return {kElbAccount, category};
  }
  return {};
}

TokenBucket& RateLimiter::BucketLocked(std::string_view region, const BucketSpec& spec) {
  Key key{std::string(region), std::string(spec.category)};
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    it = buckets_.emplace(std::move(key), TokenBucket(spec.burst, spec.refill_per_second, clock_.Steady())).first;
  }
  return it->second;
}

Duration RateLimiter::Acquire(std::string_view region, const ServiceInfo& service, std::string_view operation) {
  std::vector<BucketSpec> specs = BucketsFor(service, operation);
  if (specs.empty()) return Duration(0);
  double wait_seconds = 0;
  {
    std::lock_guard lock(mu_);
    auto now = clock_.Steady();
    // Reserve in every bucket: the debt is paid by waiting, outside the lock.
    for (const auto& spec : specs) wait_seconds = std::max(wait_seconds, BucketLocked(region, spec).Reserve(now));
  }
  auto wait = Duration(static_cast<Duration::rep>(std::ceil(wait_seconds * 1000)));
  if (wait.count() > 0) clock_.SleepFor(wait);
  return wait;
}

void RateLimiter::OnThrottled(std::string_view region, const ServiceInfo& service, std::string_view operation) {
  std::lock_guard lock(mu_);
  auto now = clock_.Steady();
  for (const auto& spec : BucketsFor(service, operation)) {
    TokenBucket& b = BucketLocked(region, spec);
    b.SetRate(std::max(spec.refill_per_second * kMinRateFraction, b.rate() / 2), now);
    b.Drain(now);
  }
}

void RateLimiter::OnSuccess(std::string_view region, const ServiceInfo& service, std::string_view operation) {
  std::lock_guard lock(mu_);
  auto now = clock_.Steady();
  for (const auto& spec : BucketsFor(service, operation)) {
    TokenBucket& b = BucketLocked(region, spec);
    if (b.rate() >= spec.refill_per_second) continue;
    b.SetRate(std::min(spec.refill_per_second, b.rate() + spec.refill_per_second * kRecoveryFraction), now);
  }
}

double RateLimiter::RefillRate(std::string_view region, const BucketSpec& spec) const {
  std::lock_guard lock(mu_);
  auto it = buckets_.find(Key{std::string(region), std::string(spec.category)});
  return it == buckets_.end() ? spec.refill_per_second : it->second.rate();
}

}  // namespace berth::aws
