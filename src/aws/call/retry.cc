#include "aws/call/retry.h"

#include <algorithm>
#include <cmath>

namespace berth::aws {

std::string_view RetryKindName(RetryKind kind) {
  switch (kind) {
    case RetryKind::kNone: return "none";
    case RetryKind::kThrottle: return "throttle";
    case RetryKind::kTransient: return "transient";
    case RetryKind::kTimeout: return "timeout";
    case RetryKind::kClockSkew: return "clock-skew";
    case RetryKind::kExpiredToken: return "expired-token";
  }
  return "none";
}

bool IsThrottlingCode(std::string_view code) {
  static constexpr std::string_view kCodes[] = {
      "Throttling",
      "ThrottlingException",
      "ThrottledException",
      "RequestThrottledException",
      "TooManyRequestsException",
      "ProvisionedThroughputExceededException",
      "TransactionInProgressException",
      "RequestLimitExceeded",
      "BandwidthLimitExceeded",
      "LimitExceededException",
      "RequestThrottled",
      "SlowDown",
      "PriorRequestNotComplete",
      "EC2ThrottledException",
      "ThrottleException",
  };
  return std::find(std::begin(kCodes), std::end(kCodes), code) != std::end(kCodes);
}

bool IsThrottlingError(const ServiceInfo& service, const AwsError& error) {
  // In ECS this is a resource limit (too many services, ...), not a rate limit.
  if (service.name == "ecs" && error.code == "LimitExceededException") return false;
  return error.http_status == 429 || IsThrottlingCode(error.code);
}

RetryKind ClassifyTransportError(const Status& status) {
  switch (status.code()) {
    case StatusCode::kTimeout: return RetryKind::kTimeout;
    case StatusCode::kNetwork: return RetryKind::kTransient;
    default: return RetryKind::kNone;
  }
}

RetryKind ClassifyAwsError(const ServiceInfo& service, const AwsError& error) {
  const std::string& c = error.code;
  if (IsThrottlingError(service, error)) return RetryKind::kThrottle;
  if (c == "ExpiredToken" || c == "ExpiredTokenException") return RetryKind::kExpiredToken;
  static constexpr std::string_view kSkew[] = {"RequestTimeTooSkewed",  "RequestExpired", "InvalidSignatureException",
                                               "SignatureDoesNotMatch", "AuthFailure",    "RequestInTheFuture"};
  if (std::find(std::begin(kSkew), std::end(kSkew), c) != std::end(kSkew)) return RetryKind::kClockSkew;
  static constexpr std::string_view kTransient[] = {"RequestTimeout", "RequestTimeoutException",
                                                    "IDPCommunicationError", "InternalFailure", "ServiceUnavailable"};
  if (std::find(std::begin(kTransient), std::end(kTransient), c) != std::end(kTransient)) {
    return RetryKind::kTransient;
  }
  switch (error.http_status) {
    case 500:
    case 502:
    case 503:
    case 504: return RetryKind::kTransient;
    default: return RetryKind::kNone;
  }
}

Duration BackoffDelay(int retry, double random01, Duration max_backoff) {
  retry = std::clamp(retry, 1, 30);
  double base_ms = std::ldexp(1000.0, retry - 1);  // 1 s, 2 s, 4 s, ...
  double capped = std::min(base_ms, static_cast<double>(max_backoff.count()));
  random01 = std::clamp(random01, 0.0, 1.0);
  return Duration(static_cast<Duration::rep>(random01 * capped));
}

bool RetryQuota::Acquire(RetryKind kind, int* cost) {
  int c = kind == RetryKind::kTimeout ? kTimeoutRetryCost : kRetryCost;
  std::lock_guard lock(mu_);
  if (available_ < c) return false;
  available_ -= c;
  if (cost != nullptr) *cost = c;
  return true;
}

void RetryQuota::OnSuccess(int spent) {
  std::lock_guard lock(mu_);
  available_ = std::min(capacity_, available_ + (spent > 0 ? spent : kNoRetryRefund));
}

int RetryQuota::available() const {
  std::lock_guard lock(mu_);
  return available_;
}

}  // namespace berth::aws
