// FaultInjector: faults the admin API arms for the next calls of an action
// ("*" for any): throttle with AWS's throttling error, answer 5xx, add
// latency, or drop the connection mid-response.
//
// Thread-safety: safe from many threads.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/json.h"

namespace berth::sim {

struct Fault {
  enum class Kind { kThrottle, kServerError, kLatency, kDrop };
  Kind kind = Kind::kThrottle;
  std::string action = "*";  // operation name, or "*"
  int remaining = 1;         // calls still affected; -1: until cleared
  int http_status = 500;     // kServerError
  int latency_ms = 0;        // kLatency
};

class FaultInjector {
 public:
  void Add(Fault f);
  void Clear();
  // The faults that apply to this call (at most one of each kind), consuming one use of each.
  std::vector<Fault> Take(const std::string& action);
  Json ToJson() const;

 private:
  mutable std::mutex mu_;
  std::vector<Fault> faults_;
};

std::optional<Fault::Kind> ParseFaultKind(const std::string& name);
std::string FaultKindName(Fault::Kind kind);

}  // namespace berth::sim
