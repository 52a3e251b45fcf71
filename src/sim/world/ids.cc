#include "sim/world/ids.h"

#include <sstream>

namespace berth::sim {
namespace {
constexpr char kHex[] = "0123456789abcdef";
}

std::string IdSource::TaskId() {
  std::string out;
  for (int i = 0; i < 32; ++i) out.push_back(kHex[rng_() % 16]);
  return out;
}

std::string IdSource::DeploymentId() {
  std::string out = "ecs-svc/";
  out.push_back(static_cast<char>('1' + rng_() % 9));
  for (int i = 0; i < 18; ++i) out.push_back(static_cast<char>('0' + rng_() % 10));
  return out;
}

std::string IdSource::Uuid() {
  std::string out;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) out.push_back('-');
    out.push_back(kHex[rng_() % 16]);
  }
  return out;
}

std::string IdSource::Alnum(int n) {
  static constexpr char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::string out;
  for (int i = 0; i < n; ++i) out.push_back(kChars[rng_() % 32]);
  return out;
}

double IdSource::Uniform() {
  return static_cast<double>(rng_() >> 11) * (1.0 / 9007199254740992.0);
}

uint64_t SeedFromName(const std::string& name) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : name) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

std::string IdSource::SaveState() const {
  std::ostringstream out;
  out << rng_;
  return out.str();
}

bool IdSource::LoadState(const std::string& text) {
  std::istringstream in(text);
  std::mt19937_64 restored;
  in >> restored;
  if (in.fail()) return false;
  rng_ = restored;
  return true;
}

}  // namespace berth::sim
