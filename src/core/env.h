// Environment: process environment variables behind an interface, so
// configuration resolution is tested with a map instead of setenv.
//
// Thread-safety: implementations are read-only after construction.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace berth {

class Environment {
 public:
  virtual ~Environment() = default;
  // nullopt when unset. An empty value is returned as "" (callers usually
  // treat it as unset, as the AWS SDKs do; use GetNonEmpty for that).
  virtual std::optional<std::string> Get(std::string_view name) const = 0;
  std::optional<std::string> GetNonEmpty(std::string_view name) const;
};

// getenv().
class ProcessEnvironment final : public Environment {
 public:
  std::optional<std::string> Get(std::string_view name) const override;
};

class MapEnvironment final : public Environment {
 public:
  MapEnvironment() = default;
  explicit MapEnvironment(std::map<std::string, std::string, std::less<>> vars) : vars_(std::move(vars)) {}
  std::optional<std::string> Get(std::string_view name) const override;
  void Set(std::string name, std::string value) { vars_[std::move(name)] = std::move(value); }
  void Unset(std::string_view name);

 private:
  std::map<std::string, std::string, std::less<>> vars_;
};

}  // namespace berth
