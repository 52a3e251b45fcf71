// IdSource: the simulator's deterministic source of identifiers (task ids,
// deployment ids, request ids). Seeded once, so the same sequence of calls on
// the same seed produces the same ids (reproducible rehearsals and tests).
//
// Thread-safety: not thread-safe; the World calls it under its lock, the
// server's request ids use their own instance under a lock.
#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace berth::sim {

class IdSource {
 public:
  explicit IdSource(uint64_t seed = 42) : rng_(seed) {}
  // 32 lower-case hex characters (ECS task ids).
  std::string TaskId();
  // "ecs-svc/" followed by 19 digits (deployment and task set ids).
  std::string DeploymentId();
  // 8-4-4-4-12 hex (request ids, event ids).
  std::string Uuid();
  // `n` upper-case letters and digits (access key suffixes).
  std::string Alnum(int n);
  uint64_t Next() { return rng_(); }
  // [0, 1).
  double Uniform();
  // The generator's full state as text, saved with --state so a restarted
  // simulator continues the sequence instead of replaying ids it already gave.
  std::string SaveState() const;
  // false (state unchanged) when `text` is not a saved state.
  bool LoadState(const std::string& text);

 private:
  std::mt19937_64 rng_;
};

// Seed derived from a name (FNV-1a), so "--seed demo" is reproducible.
uint64_t SeedFromName(const std::string& name);

}  // namespace berth::sim
