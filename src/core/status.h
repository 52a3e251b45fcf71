// Status and Result<T>: berth's one error type.
//
// Every fallible function returns a Status (or a Result<T>, which is a value or
// a Status). Errors are values, never exceptions across module boundaries.
// A Status carries a code that maps to a documented process exit code
// (docs/exit-codes.md, `berth help exit-codes`), a human message that gains
// context on the way up (WithContext), and, for AWS errors, the service's own
// error code, HTTP status and request id.
//
// Thread-safety: Status is a value type; copies are independent.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace berth {

// Kept in one place with their exit codes so the CLI, docs and tests agree.
enum class StatusCode {
  kOk = 0,
  kInternal,            // a bug or an unexpected condition
  kInvalidArgument,     // bad flags, bad input file, unparsable reference
  kConfig,              // malformed config/credentials file, unknown profile, bad region
  kCredentials,         // no credentials, expired, signature rejected
  kPermissionDenied,    // the credentials work but are not allowed
  kNotFound,            // cluster, service, container, task definition missing
  kAwsError,            // any other error returned by an AWS API
  kNetwork,             // connection refused/reset, DNS, TLS
  kThrottled,           // throttled until retries ran out
  kBadResponse,         // non-JSON, truncated or HTML response (often a proxy)
  kTimeout,             // a wait ran past its deadline
  kDeploymentFailed,    // the deployment failed or was rolled back
  kFailedPrecondition,  // the resource is in a state this command cannot handle
  kCancelled,           // interrupted by the user
  kConflict,            // a record changed under us (compare-and-set lost to another writer)
};

// The process exit code for a status code. 2 is reserved for
// `diff --detailed-exitcode` ("there are changes") and is never returned here.
int ExitCodeFor(StatusCode code);
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // AWS error details, empty when the error did not come from an AWS API.
  const std::string& aws_code() const { return aws_code_; }
  const std::string& request_id() const { return request_id_; }
  int http_status() const { return http_status_; }
  Status& SetAwsDetail(std::string aws_code, int http_status, std::string request_id) {
    aws_code_ = std::move(aws_code);
    http_status_ = http_status;
    request_id_ = std::move(request_id);
    return *this;
  }

  // The request fields the error is about ("cluster", "desired_count"), named
  // as the domain's request structs name them. Domain code never names a
  // command-line flag in a message; the CLI maps these fields to its flags to
  // add a hint ("check --cluster"), and a server can map them to its own.
  const std::vector<std::string>& fields() const { return fields_; }
  Status& AddField(std::string field) {
    fields_.push_back(std::move(field));
    return *this;
  }

  // Prefixes the message with what the caller was doing: "reading service web: <msg>".
  Status WithContext(std::string_view context) const&;
  Status WithContext(std::string_view context) &&;

  // "NotFound: message" (with " [AwsCode, HTTP 400, request id X]" for AWS errors).
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string aws_code_;
  std::string request_id_;
  int http_status_ = 0;
  std::vector<std::string> fields_;
};

// Convenience constructors.
inline Status InvalidArgument(std::string m) {
  return {StatusCode::kInvalidArgument, std::move(m)};
}
inline Status ConfigError(std::string m) {
  return {StatusCode::kConfig, std::move(m)};
}
inline Status CredentialsError(std::string m) {
  return {StatusCode::kCredentials, std::move(m)};
}
inline Status NotFound(std::string m) {
  return {StatusCode::kNotFound, std::move(m)};
}
inline Status InternalError(std::string m) {
  return {StatusCode::kInternal, std::move(m)};
}
inline Status NetworkError(std::string m) {
  return {StatusCode::kNetwork, std::move(m)};
}
inline Status BadResponse(std::string m) {
  return {StatusCode::kBadResponse, std::move(m)};
}
inline Status TimeoutError(std::string m) {
  return {StatusCode::kTimeout, std::move(m)};
}
inline Status FailedPrecondition(std::string m) {
  return {StatusCode::kFailedPrecondition, std::move(m)};
}
inline Status Conflict(std::string m) {
  return {StatusCode::kConflict, std::move(m)};
}
inline Status Cancelled(std::string m) {
  return {StatusCode::kCancelled, std::move(m)};
}

}  // namespace berth

// Returns early from the enclosing function if `expr` yields a non-OK Status.
#define BERTH_RETURN_IF_ERROR(expr)                \
  do {                                             \
    ::berth::Status berth_status_ = (expr);        \
    if (!berth_status_.ok()) return berth_status_; \
  } while (0)

#define BERTH_CONCAT_INNER_(a, b) a##b
#define BERTH_CONCAT_(a, b) BERTH_CONCAT_INNER_(a, b)

// `BERTH_ASSIGN_OR_RETURN(auto x, MakeX());` unwraps a Result or returns its Status.
#define BERTH_ASSIGN_OR_RETURN(lhs, expr) \
  BERTH_ASSIGN_OR_RETURN_IMPL_(BERTH_CONCAT_(berth_result_, __LINE__), lhs, expr)
#define BERTH_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return std::move(tmp).status();     \
  lhs = std::move(tmp).value()
