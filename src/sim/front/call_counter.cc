#include "sim/front/call_counter.h"

#include <nlohmann/json.hpp>

namespace berth::sim {

void CallCounter::Record(const std::string& service, const std::string& operation) {
  std::string key = service + ":" + operation;
  std::lock_guard<std::mutex> lock(mu_);
  ++total_;
  ++calls_[key];
}

Json CallCounter::ToJson() const {
  std::lock_guard<std::mutex> lock(mu_);
  Json calls = Json::object();
  for (const auto& [key, n] : calls_) calls[key] = n;
  return Json{{"total", total_}, {"calls", calls}};
}

int64_t CallCounter::total() const {
  std::lock_guard<std::mutex> lock(mu_);
  return total_;
}

int64_t CallCounter::Count(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = calls_.find(key);
  return it == calls_.end() ? 0 : it->second;
}

void CallCounter::Reset() {
  std::lock_guard<std::mutex> lock(mu_);
  total_ = 0;
  calls_.clear();
}

}  // namespace berth::sim
