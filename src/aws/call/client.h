// AwsClient: one call to an AWS API, done properly.
//
// Call() serialises the input for the service's protocol (JSON 1.1 body with
// X-Amz-Target, or a query form body with Action/Version and .member.N lists),
// resolves the endpoint, takes a token from the client-side rate limiter,
// signs with SigV4, sends, parses errors into a Status (code, message, AWS
// error code, HTTP status, request id), and retries what is retryable
// (throttling, 5xx, connection errors; with clock-skew correction and a
// credentials refresh on expired tokens), never client errors.
//
// Responses are returned as JSON: JSON protocols as sent; query protocols by
// converting the <OpResult> element generically (elements with <member>
// children become arrays, leaves become strings). docs/aws.md describes this.
//
// Thread-safety: Call may be used from many threads at once.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "aws/auth/credentials.h"
#include "aws/call/service.h"
#include "aws/config/settings.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/result.h"
#include "http/transport.h"

namespace berth {
class CancelToken;
}  // namespace berth

namespace berth::aws {

class RateLimiter;

struct RetryOptions {
  int max_attempts = 3;                          // standard mode default; AWS_MAX_ATTEMPTS overrides
  int max_throttle_attempts = 10;                // throttles get more tries: a long deploy must not die of them
  std::chrono::milliseconds max_backoff{20000};  // cap of the full-jitter exponential backoff
};

struct ClientDeps {
  http::Transport* transport = nullptr;        // required
  CredentialsProvider* credentials = nullptr;  // required
  Clock* clock = nullptr;                      // required
  RateLimiter* rate_limiter = nullptr;         // optional: no client-side limiting when null
  AwsSettings settings;
  RetryOptions retry;
  // Source of randomness for jitter in [0,1); defaults to a thread-local PRNG.
  std::function<double()> random;
  // Send every request without SigV4: no Authorization, X-Amz-Date or
  // X-Amz-Security-Token header, and `credentials` is never called (it may be
  // null). For operations whose model says authtype "none", such as STS
  // AssumeRoleWithWebIdentity (the web identity credentials source builds a
  // dedicated client with this set). Default: false.
  bool unsigned_requests = false;
  // Optional: when cancelled, a retry back-off ends at once and the call
  // fails with kCancelled (the attempt that failed is not repeated).
  const CancelToken* cancel = nullptr;
};

// For a write that must not happen twice (RegisterTaskDefinition, which
// registers a new revision every time; UpdateService with
// forceNewDeployment, which starts a new deployment every time).
//
// When an attempt's outcome is unknown (no response, so the request may have
// been applied before the connection dropped or timed out; or a 5xx, which
// AWS may answer after applying), the client calls `read_back` before it
// retries: a Json (in the shape of the write's own response) means the write
// did happen, and becomes the call's result; nullopt means it did not, and
// the retry goes ahead as usual. A read-back that fails ends the call with
// the write's failure, saying the outcome is unknown.
struct WriteOnce {
  std::function<Result<std::optional<Json>>()> read_back;
};

class AwsClient {
 public:
  explicit AwsClient(ClientDeps deps);
  ~AwsClient();
  AwsClient(const AwsClient&) = delete;
  AwsClient& operator=(const AwsClient&) = delete;

  // `input` is the operation's input as botocore names it ({"cluster":..} for
  // ECS, {"TargetGroupArn":..} for ELBv2).
  Result<Json> Call(const ServiceInfo& service, std::string_view operation, const Json& input);
  // A write that must not happen twice: see WriteOnce.
  Result<Json> Call(const ServiceInfo& service, std::string_view operation, const Json& input,
                    const WriteOnce& write_once);

  // Calls `operation` until the response has no `output_token`, copying it to
  // `input_token` of the next request; each page goes to `on_page`.
  Status Paginate(const ServiceInfo& service, std::string_view operation, Json input, std::string_view input_token,
                  std::string_view output_token, const std::function<Status(const Json& page)>& on_page);

  const AwsSettings& settings() const;
  Clock& clock() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace berth::aws
