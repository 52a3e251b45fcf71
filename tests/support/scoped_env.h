// ScopedEnv: sets (or, given nullptr, removes) one environment variable of
// the test process for the life of the object and restores what was there
// before, for code that reads the environment itself (proxies, oracles).
//
// Thread-safety: the environment is process-wide; use it only where no other
// thread reads the variable meanwhile (one test at a time).
#pragma once

#include <cstdlib>
#include <optional>
#include <string>

namespace berth::testing {

class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value != nullptr) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_.c_str(), old_->c_str(), 1);
    } else {
      ::unsetenv(name_.c_str());
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string name_;
  std::optional<std::string> old_;
};

}  // namespace berth::testing
