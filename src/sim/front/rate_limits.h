// RateLimiter: AWS's API throttling as token buckets per account, Region and
// category (facts §4.1 for ECS). All actions of a category share one bucket;
// capacity is the burst, refill the sustained rate per second. Buckets run on
// the clock given (real time in `berth sim`: rates are about how fast clients
// call, not about simulated time).
//
// Thread-safety: safe from many threads.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "core/token_bucket.h"

namespace berth::sim {

struct BucketSpec {
  std::string category;
  double burst = 0;
  double per_second = 0;
};

class RateLimiter {
 public:
  explicit RateLimiter(Clock& clock);

  void set_enabled(bool on);
  bool enabled() const;
  // Defines the bucket of `service`:`action` (service as the signing name,
  // "ecs"). Call before traffic: a bucket already in use keeps its rates.
  void Define(const std::string& service, const std::string& action, BucketSpec spec);
  // ECS's published table.
  void DefineEcsDefaults();

  // True when the call may proceed (and takes a token); false: throttled.
  // Actions without a defined bucket are never throttled.
  bool TryAcquire(const std::string& account, const std::string& region, const std::string& service,
                  const std::string& action);

 private:
  Clock& clock_;
  mutable std::mutex mu_;
  bool enabled_ = true;
  std::map<std::string, BucketSpec> specs_;     // "service:action"
  std::map<std::string, TokenBucket> buckets_;  // "account/region/service/category"
};

}  // namespace berth::sim
