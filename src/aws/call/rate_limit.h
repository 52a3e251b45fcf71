// RateLimiter: client-side token buckets that keep berth under AWS's
// published API rate limits, so a fleet deploy slows itself down instead of
// being throttled.
//
// Buckets are per (region, service, category), with AWS's published burst
// and refill rates (docs/aws.md; aws-api-facts §4):
//   ECS:   one bucket per throttling category (service modify 50/5, service
//          read 100/20, task definition modify 20/1, ...). Task-set APIs are
//          not in AWS's table: they use the service modify/read buckets.
//          Other unlisted reads (Describe*/List*/Get*) use 50/20, other
//          writes 20/1 (an assumption, conservative).
//   ELBv2: one bucket per category (non-mutating 40/10, mutating 20/3,
//          registration 20/4, resource-intensive 10/0.2) AND the account-level
//          bucket 40/10 shared by every ELB action.
//   other services: not limited client-side (throttles are retried).
//
// Acquire reserves a token in every bucket of the call at once and then
// waits, through berth::Clock, until the reservation is due, so concurrent
// callers queue in order without holding a lock while they wait.
//
// Adaptation: AWS's bucket is per account, shared with every other client, so
// a throttle received anyway means our share is smaller: the bucket's refill
// rate is halved (down to 1/16 of the published rate) and its tokens are
// emptied. Every success adds back 1/20 of the published rate, up to it.
//
// Thread-safety: all methods are thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "aws/call/service.h"
#include "core/clock.h"
#include "core/token_bucket.h"

namespace berth::aws {

struct BucketSpec {
  std::string_view category;  // "ecs:service-modify", "elbv2:account", ...
  double burst = 0;           // capacity
  double refill_per_second = 0;
};

// The buckets one call takes a token from (empty: not limited).
std::vector<BucketSpec> BucketsFor(const ServiceInfo& service, std::string_view operation);

class RateLimiter {
 public:
  explicit RateLimiter(Clock& clock) : clock_(clock) {}

  // Waits until the call may be sent. Returns how long it waited.
  Duration Acquire(std::string_view region, const ServiceInfo& service, std::string_view operation);

  // Feedback from the call's outcome (see the file comment).
  void OnThrottled(std::string_view region, const ServiceInfo& service, std::string_view operation);
  void OnSuccess(std::string_view region, const ServiceInfo& service, std::string_view operation);

  // The current refill rate of a category's bucket in `region` (the published
  // rate until the bucket has been used and adapted). For tests and --verbose.
  double RefillRate(std::string_view region, const BucketSpec& spec) const;

 private:
  using Key = std::pair<std::string, std::string>;  // region, category

  // The bucket's rate() is the current, adapted refill rate (<= the spec's).
  TokenBucket& BucketLocked(std::string_view region, const BucketSpec& spec);

  Clock& clock_;
  mutable std::mutex mu_;
  std::map<Key, TokenBucket> buckets_;
};

}  // namespace berth::aws
