#include "aws/call/client.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <random>

#include <fmt/format.h>

#include "aws/auth/sigv4.h"
#include "aws/call/errors.h"
#include "aws/call/protocol_json.h"
#include "aws/call/protocol_query.h"
#include "aws/call/rate_limit.h"
#include "aws/call/retry.h"
#include "aws/config/endpoints.h"
#include "core/cancel.h"
#include "core/duration.h"
#include "core/log.h"
#include "core/strings.h"
#include "core/timestamp.h"

namespace berth::aws {
namespace {

// A Date header further than this from our clock, on a signature/expiry
// error, means our clock is wrong (SigV4 allows 5 minutes).
constexpr auto kSkewThreshold = std::chrono::minutes(4);
// A retry back-off at least this long is announced at warning level.
constexpr Duration kLongBackoff = std::chrono::seconds(2);

double DefaultRandom() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

std::string HeadersForLog(const http::Headers& headers) {
  std::string out;
  for (const auto& [name, value] : headers) {
    // Never the signature, even before redaction.
    out += fmt::format("{}: {}\n", name, EqualsIgnoreCase(name, "Authorization") ? "<not logged>" : value);
  }
  return out;
}

// A failed attempt in one line: a transport failure's message already names
// the service and operation; an HTTP error is its status and code.
std::string Brief(const ServiceInfo& service, std::string_view operation, const Status& failure, bool got_response) {
  if (!got_response) return failure.message();
  return fmt::format("{} {}: HTTP {} {}", service.name, operation, failure.http_status(), failure.aws_code());
}

}  // namespace

struct AwsClient::Impl {
  explicit Impl(ClientDeps d) : deps(std::move(d)) {
    if (!deps.random) deps.random = DefaultRandom;
  }

  int MaxAttempts() const {
    int n = deps.settings.max_attempts > 0 ? deps.settings.max_attempts : deps.retry.max_attempts;
    return std::max(1, n);
  }
  int MaxThrottleAttempts() const { return std::max(MaxAttempts(), deps.retry.max_throttle_attempts); }

  SystemTime SigningTime() const { return deps.clock->Now() + Duration(skew_ms.load()); }

  // Sets the clock offset from the response's Date header; false when the
  // header is missing or close to our clock (then skew was not the problem).
  bool CorrectSkew(const http::Response& response) {
    const std::string* date = http::FindHeader(response.headers, "Date");
    if (date == nullptr) return false;
    auto server = ParseHttpDate(*date);
    if (!server) return false;
    auto offset = std::chrono::duration_cast<Duration>(*server - deps.clock->Now());
    auto current = Duration(skew_ms.load());
    if (std::chrono::abs(offset - current) < kSkewThreshold) return false;
    skew_ms.store(offset.count());
    BERTH_LOG_WARN("the system clock differs from AWS's by {} s; correcting request times (fix the clock: NTP)",
                   offset.count() / 1000);
    return true;
  }

  Result<Json> Decode(const ServiceInfo& service, std::string_view operation, const http::Response& response) {
    return service.protocol == Protocol::kJson ? DecodeJsonResponse(service, operation, response)
                                               : DecodeQueryResponse(service, operation, response);
  }

  ClientDeps deps;
  SigningKeyCache keys;
  RetryQuota quota;
  std::atomic<int64_t> skew_ms{0};
};

AwsClient::AwsClient(ClientDeps deps) : impl_(std::make_unique<Impl>(std::move(deps))) {}
AwsClient::~AwsClient() = default;

const AwsSettings& AwsClient::settings() const {
  return impl_->deps.settings;
}
Clock& AwsClient::clock() const {
  return *impl_->deps.clock;
}

Result<Json> AwsClient::Call(const ServiceInfo& service, std::string_view operation, const Json& input) {
  return Call(service, operation, input, WriteOnce{});
}

Result<Json> AwsClient::Call(const ServiceInfo& service, std::string_view operation, const Json& input,
                             const WriteOnce& write_once) {
  Impl& im = *impl_;
  const ClientDeps& deps = im.deps;
  BERTH_ASSIGN_OR_RETURN(Endpoint endpoint, ResolveEndpoint(service, deps.settings));
  http::Request base;
  base.url = endpoint.url + "/";
  base.timeout = deps.settings.request_timeout;
  base.what = fmt::format("{} {}", service.name, operation);
  if (service.protocol == Protocol::kJson) {
    EncodeJsonRequest(service, operation, input, base);
  } else {
    EncodeQueryRequest(service, operation, input, base);
  }

  const auto start = deps.clock->Steady();
  auto log_done = [&](std::string_view outcome, int attempts) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(deps.clock->Steady() - start).count();
    BERTH_LOG_DEBUG("aws: {} {}: {}, {} attempt(s), {} ms", service.name, operation, outcome, attempts, ms);
  };

  int attempts = 0;
  int special_retries = 0;  // skew correction / token refresh: not counted against max attempts
  int spent = 0;            // retry quota taken by this call
  int backoffs = 0;
  bool skew_retried = false;
  bool token_refreshed = false;
  for (;;) {
    ++attempts;
    if (deps.rate_limiter != nullptr) deps.rate_limiter->Acquire(endpoint.signing_region, service, operation);
    http::Request request = base;
    if (!deps.unsigned_requests) {
      auto creds = deps.credentials->GetCredentials();
      if (!creds.ok()) return creds.status().WithContext(fmt::format("{} {}", service.name, operation));
      SigningParams params{endpoint.signing_region, service.signing_name, im.SigningTime()};
      BERTH_RETURN_IF_ERROR(SignRequest(request, *creds, params, &im.keys));
    }
    BERTH_LOG_TRACE("aws request: {} {}\n{}\n{}", request.method, request.url, HeadersForLog(request.headers),
                    request.body);

    auto response = deps.transport->Send(request);
    RetryKind kind;
    Status failure;
    if (!response.ok()) {
      kind = ClassifyTransportError(response.status());
      failure = response.status().WithContext(fmt::format("{} {}", service.name, operation));
    } else {
      BERTH_LOG_TRACE("aws response: HTTP {}\n{}\n{}", response->status, HeadersForLog(response->headers),
                      response->body);
      if (response->status < 300) {
        auto decoded = im.Decode(service, operation, *response);
        log_done(fmt::format("HTTP {} request id {}", response->status, RequestIdFromHeaders(response->headers)),
                 attempts);
        if (!decoded.ok()) return decoded;
        im.quota.OnSuccess(spent);
        if (deps.rate_limiter != nullptr) {
          deps.rate_limiter->OnSuccess(endpoint.signing_region, service, operation);
        }
        return decoded;
      }
      AwsError error = ParseErrorResponse(service.protocol, *response);
      kind = ClassifyAwsError(service, error);
      failure = ErrorStatus(service, operation, error, attempts);
    }

    if (kind == RetryKind::kClockSkew) {
      if (!skew_retried && response.ok() && im.CorrectSkew(*response)) {
        skew_retried = true;
        ++special_retries;
        continue;
      }
      kind = RetryKind::kNone;
    }
    if (kind == RetryKind::kExpiredToken) {
      if (!token_refreshed && !deps.unsigned_requests) {
        token_refreshed = true;
        ++special_retries;
        deps.credentials->Invalidate();
        continue;
      }
      kind = RetryKind::kNone;
    }
    if (kind == RetryKind::kThrottle && deps.rate_limiter != nullptr) {
      deps.rate_limiter->OnThrottled(endpoint.signing_region, service, operation);
    }
    const bool outcome_unknown = !response.ok() || response->status >= 500;
    if (write_once.read_back && outcome_unknown) {
      BERTH_LOG_INFO("{} {}: the outcome is unknown; reading back whether it was applied", service.name, operation);
      auto applied = write_once.read_back();
      if (!applied.ok()) {
        return failure.WithContext(
            fmt::format("the outcome is unknown (reading it back failed: {})", applied.status().message()));
      }
      if (applied->has_value()) {
        BERTH_LOG_WARN("{}; reading it back showed it was applied; not sending it again",
                       Brief(service, operation, failure, response.ok()));
        im.quota.OnSuccess(spent);
        return std::move(**applied);
      }
    }
    int limit = kind == RetryKind::kThrottle ? im.MaxThrottleAttempts() : im.MaxAttempts();
    int cost = 0;
    bool retry = kind != RetryKind::kNone && attempts - special_retries < limit && im.quota.Acquire(kind, &cost);
    if (!retry) {
      log_done(failure.aws_code().empty() ? std::string(StatusCodeName(failure.code()))
                                          : fmt::format("HTTP {} {}", failure.http_status(), failure.aws_code()),
               attempts);
      if (failure.code() == StatusCode::kTimeout) {
        // A request that ran out of time is a network problem (exit 9);
        // kTimeout is kept for waits that ran past --timeout (exit 12).
        return Status(StatusCode::kNetwork, failure.message());
      }
      return failure;
    }
    spent += cost;
    ++backoffs;
    Duration delay = BackoffDelay(backoffs, deps.random(), deps.retry.max_backoff);
    BERTH_LOG_DEBUG("aws: {} {}: retrying after {} ({}), waiting {} ms", service.name, operation, RetryKindName(kind),
                    failure.aws_code().empty() ? failure.message() : failure.aws_code(), delay.count());
    // What a silent pause would hide: the endpoint did not answer, or the
    // back-off is long enough to notice. Said at the default verbosity.
    if (!response.ok() || delay >= kLongBackoff) {
      BERTH_LOG_WARN("{}; retrying in {} (attempt {} of {})", Brief(service, operation, failure, response.ok()),
                     FormatDuration(delay), attempts + 1 - special_retries, limit);
    }
    if (deps.cancel != nullptr) {
      if (!deps.clock->SleepUnlessCancelled(delay, *deps.cancel)) {
        return Cancelled(
            fmt::format("interrupted while waiting to retry {} {} ({})", service.name, operation, failure.message()));
      }
    } else {
      deps.clock->SleepFor(delay);
    }
  }
}

Status AwsClient::Paginate(const ServiceInfo& service, std::string_view operation, Json input,
                           std::string_view input_token, std::string_view output_token,
                           const std::function<Status(const Json& page)>& on_page) {
  std::string previous;
  for (;;) {
    BERTH_ASSIGN_OR_RETURN(Json page, Call(service, operation, input));
    BERTH_RETURN_IF_ERROR(on_page(page));
    auto it = page.find(output_token);
    if (it == page.end() || !it->is_string() || it->get<std::string>().empty()) return Status::Ok();
    std::string token = it->get<std::string>();
    if (token == previous) {
      return BadResponse(fmt::format("{} {} returned the same {} twice; stopping instead of looping forever",
                                     service.name, operation, output_token));
    }
    previous = token;
    input[std::string(input_token)] = std::move(token);
  }
}

}  // namespace berth::aws
