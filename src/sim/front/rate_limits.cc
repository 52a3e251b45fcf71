#include "sim/front/rate_limits.h"

namespace berth::sim {

RateLimiter::RateLimiter(Clock& clock) : clock_(clock) {}

void RateLimiter::set_enabled(bool on) {
  std::lock_guard<std::mutex> lock(mu_);
  enabled_ = on;
}

bool RateLimiter::enabled() const {
  std::lock_guard<std::mutex> lock(mu_);
  return enabled_;
}

void RateLimiter::Define(const std::string& service, const std::string& action, BucketSpec spec) {
  std::lock_guard<std::mutex> lock(mu_);
  specs_[service + ":" + action] = std::move(spec);
}

void RateLimiter::DefineEcsDefaults() {
  struct Row {
    const char* category;
    double burst, rate;
    std::initializer_list<const char*> actions;
  };
  const Row rows[] = {
      {"cluster-modify",
       20,
       1,
       {"CreateCluster", "DeleteCluster", "PutClusterCapacityProviders", "UpdateCluster", "UpdateClusterSettings"}},
      {"cluster-read", 50, 20, {"DescribeClusters", "ListClusters"}},
      {"task-definition-modify", 20, 1, {"DeregisterTaskDefinition", "RegisterTaskDefinition"}},
      {"task-definition-read", 50, 20, {"DescribeTaskDefinition", "ListTaskDefinitions", "ListTaskDefinitionFamilies"}},
      {"task-definition-deletion", 5, 1, {"DeleteTaskDefinitions"}},
      {"tag-modify", 20, 10, {"TagResource", "UntagResource"}},
      {"tag-read", 50, 20, {"ListTagsForResource"}},
      {"cluster-resource-modify", 100, 40, {"RunTask", "StartTask", "StopTask"}},
      {"cluster-resource-read", 100, 20, {"DescribeTasks", "ListTasks"}},
      {"service-modify", 50, 5, {"CreateService", "DeleteService", "UpdateService"}},
      {"service-read", 100, 20, {"DescribeServices", "ListServices"}},
      {"service-deployment", 50, 20, {"DescribeServiceDeployments", "ListServiceDeployments"}},
      // Not in the published table: treated like service modify/read (facts §4.1, an assumption).
      {"task-set-modify", 50, 5, {"CreateTaskSet", "UpdateTaskSet", "DeleteTaskSet", "UpdateServicePrimaryTaskSet"}},
      {"task-set-read", 100, 20, {"DescribeTaskSets"}},
  };
  for (const auto& row : rows)
    for (const char* a : row.actions) Define("ecs", a, BucketSpec{row.category, row.burst, row.rate});
}

bool RateLimiter::TryAcquire(const std::string& account, const std::string& region, const std::string& service,
                             const std::string& action) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!enabled_) return true;
  auto spec = specs_.find(service + ":" + action);
  if (spec == specs_.end()) return true;
  const BucketSpec& s = spec->second;
  auto now = clock_.Steady();
  std::string key = account + "/" + region + "/" + service + "/" + s.category;
  auto it = buckets_.find(key);
  if (it == buckets_.end()) it = buckets_.emplace(std::move(key), TokenBucket(s.burst, s.per_second, now)).first;
  return it->second.TryTake(now);
}

}  // namespace berth::sim
