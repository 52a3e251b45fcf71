#include "sim/front/faults.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace berth::sim {

std::optional<Fault::Kind> ParseFaultKind(const std::string& name) {
  if (name == "throttle") return Fault::Kind::kThrottle;
  if (name == "error" || name == "5xx") return Fault::Kind::kServerError;
  if (name == "latency") return Fault::Kind::kLatency;
  if (name == "drop") return Fault::Kind::kDrop;
  return std::nullopt;
}

std::string FaultKindName(Fault::Kind kind) {
  switch (kind) {
    case Fault::Kind::kThrottle: return "throttle";
    case Fault::Kind::kServerError: return "error";
    case Fault::Kind::kLatency: return "latency";
    case Fault::Kind::kDrop: return "drop";
  }
  return "throttle";
}

void FaultInjector::Add(Fault f) {
  std::lock_guard<std::mutex> lock(mu_);
  faults_.push_back(std::move(f));
}

void FaultInjector::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  faults_.clear();
}

std::vector<Fault> FaultInjector::Take(const std::string& action) {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<Fault> out;
  if (faults_.empty()) return out;
  for (auto& f : faults_) {
    if (f.action != "*" && f.action != action) continue;
    bool seen = std::any_of(out.begin(), out.end(), [&](const Fault& o) { return o.kind == f.kind; });
    if (seen || f.remaining == 0) continue;
    out.push_back(f);
    if (f.remaining > 0) f.remaining--;
  }
  faults_.erase(std::remove_if(faults_.begin(), faults_.end(), [](const Fault& f) { return f.remaining == 0; }),
                faults_.end());
  return out;
}

Json FaultInjector::ToJson() const {
  std::lock_guard<std::mutex> lock(mu_);
  Json out = Json::array();
  for (const auto& f : faults_)
    out.push_back(Json{{"kind", FaultKindName(f.kind)},
                       {"action", f.action},
                       {"remaining", f.remaining},
                       {"status", f.http_status},
                       {"latencyMs", f.latency_ms}});
  return out;
}

}  // namespace berth::sim
