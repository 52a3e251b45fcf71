// Retry policy for AWS calls: which failures are retried, how long to wait,
// and the client-wide retry quota (the SDKs' "standard" retry mode).
//
//   throttling:   the SDKs' throttling codes and any HTTP 429; retried with
//                 more attempts than other errors (RetryOptions::max_throttle_attempts)
//   transient:    HTTP 500/502/503/504, RequestTimeout(Exception),
//                 PriorRequestNotComplete, IDPCommunicationError, connection errors
//   timeout:      a request that timed out (transient, but costs more quota)
//   clock skew:   RequestTimeTooSkewed, RequestExpired, InvalidSignatureException,
//                 SignatureDoesNotMatch, AuthFailure, RequestInTheFuture:
//                 retried once, only after correcting the clock offset
//   expired token: ExpiredToken(Exception): retried once with fresh credentials
//   never:        any other 4xx (client errors), and ECS LimitExceededException,
//                 which is a resource limit there, not a rate limit.
//
// Backoff: full jitter, random * min(2^(retry-1) s, max_backoff).
// Quota: a bucket of 500; a retry costs 5 (10 after a timeout); a success
// refunds what its retries cost, or 1 when it needed none. An empty quota
// stops retries until successes refill it, so a failing endpoint is not
// hammered by every thread.
//
// Thread-safety: the functions are pure; RetryQuota is thread-safe.
#pragma once

#include <mutex>
#include <string_view>

#include "aws/call/errors.h"
#include "aws/call/service.h"
#include "core/clock.h"
#include "core/status.h"

namespace berth::aws {

enum class RetryKind {
  kNone,  // do not retry
  kThrottle,
  kTransient,
  kTimeout,
  kClockSkew,
  kExpiredToken,
};

std::string_view RetryKindName(RetryKind kind);

bool IsThrottlingCode(std::string_view code);
bool IsThrottlingError(const ServiceInfo& service, const AwsError& error);
// For a Send that produced no HTTP response.
RetryKind ClassifyTransportError(const Status& status);
// For an HTTP error response.
RetryKind ClassifyAwsError(const ServiceInfo& service, const AwsError& error);

// random01 in [0,1); retry is 1 for the first retry.
Duration BackoffDelay(int retry, double random01, Duration max_backoff);

class RetryQuota {
 public:
  static constexpr int kCapacity = 500;
  static constexpr int kRetryCost = 5;
  static constexpr int kTimeoutRetryCost = 10;
  static constexpr int kNoRetryRefund = 1;

  explicit RetryQuota(int capacity = kCapacity) : capacity_(capacity), available_(capacity) {}
  // Takes the cost of one retry; false (nothing taken) when the quota is too low.
  bool Acquire(RetryKind kind, int* cost);
  // After a successful call: `spent` is what its retries took (0 if none).
  void OnSuccess(int spent);
  int available() const;

 private:
  mutable std::mutex mu_;
  int capacity_;
  int available_;
};

}  // namespace berth::aws
