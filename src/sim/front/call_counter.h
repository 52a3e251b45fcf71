// CallCounter: how many AWS API requests the simulator's Dispatcher received,
// in total and per "<signing name>:<operation>" ("ecs:DescribeServices",
// "elasticloadbalancing:DescribeTargetHealth"). Every request counts, also
// the ones answered with an error, a throttle or an injected fault; admin
// and registry (/v2/) requests do not. Served by the admin API as
// GET/DELETE /_berth/calls, so a benchmark can read how many calls a client
// made.
//
// Thread-safety: safe from many threads.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "core/json.h"

namespace berth::sim {

class CallCounter {
 public:
  void Record(const std::string& service, const std::string& operation);
  // {"total": N, "calls": {"ecs:DescribeServices": n, ...}} (keys sorted).
  Json ToJson() const;
  int64_t total() const;
  // The count of one "<service>:<operation>" key (0 when never called).
  int64_t Count(const std::string& key) const;
  void Reset();

 private:
  mutable std::mutex mu_;
  int64_t total_ = 0;
  std::map<std::string, int64_t> calls_;
};

}  // namespace berth::sim
