#include "sim/elbv2/health.h"

namespace berth::sim {

using std::chrono::seconds;

SystemTime VerdictAt(const ElbTargetGroup& tg, const ElbTarget& t) {
  if (!tg.health_check_enabled) return t.registered_at;
  int checks = t.fails_health_checks ? std::max(1, tg.unhealthy_threshold) : 1;
  return t.registered_at + seconds(tg.health_check_interval) * checks;
}

TargetCondition ConditionAt(const ElbTargetGroup& tg, const ElbTarget& t, SystemTime at) {
  if (t.draining_since && at >= *t.draining_since) return TargetCondition::kDraining;
  if (!tg.health_check_enabled) return TargetCondition::kUnchecked;
  if (at < t.registered_at + seconds(tg.health_check_interval)) return TargetCondition::kRegistering;
  if (at < VerdictAt(tg, t)) return TargetCondition::kChecking;
  return t.fails_health_checks ? TargetCondition::kUnhealthy : TargetCondition::kHealthy;
}

}  // namespace berth::sim
