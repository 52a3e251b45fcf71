#include "store/records.h"

namespace berth::store {

std::string_view OutcomeName(DeploymentOutcome o) {
  switch (o) {
    case DeploymentOutcome::kInProgress: return "IN_PROGRESS";
    case DeploymentOutcome::kSucceeded: return "SUCCEEDED";
    case DeploymentOutcome::kFailed: return "FAILED";
    case DeploymentOutcome::kTimedOut: return "TIMED_OUT";
    case DeploymentOutcome::kInterrupted: return "INTERRUPTED";
    case DeploymentOutcome::kSuperseded: return "SUPERSEDED";
  }
  return "IN_PROGRESS";
}

std::optional<DeploymentOutcome> ParseOutcome(std::string_view name) {
  for (auto o : {DeploymentOutcome::kInProgress, DeploymentOutcome::kSucceeded, DeploymentOutcome::kFailed,
                 DeploymentOutcome::kTimedOut, DeploymentOutcome::kInterrupted, DeploymentOutcome::kSuperseded}) {
    if (OutcomeName(o) == name) return o;
  }
  return std::nullopt;
}

bool IsFinal(DeploymentOutcome o) {
  return o != DeploymentOutcome::kInProgress && o != DeploymentOutcome::kInterrupted;
}

}  // namespace berth::store
