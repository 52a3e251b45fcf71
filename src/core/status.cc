#include "core/status.h"

#include <fmt/format.h>

namespace berth {

int ExitCodeFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 0;
    case StatusCode::kInternal: return 1;
    case StatusCode::kInvalidArgument: return 3;
    case StatusCode::kConfig: return 4;
    case StatusCode::kCredentials: return 5;
    case StatusCode::kPermissionDenied: return 6;
    case StatusCode::kNotFound: return 7;
    case StatusCode::kAwsError: return 8;
    case StatusCode::kNetwork: return 9;
    case StatusCode::kThrottled: return 10;
    case StatusCode::kBadResponse: return 11;
    case StatusCode::kTimeout: return 12;
    case StatusCode::kDeploymentFailed: return 13;
    case StatusCode::kFailedPrecondition: return 14;
    case StatusCode::kConflict: return 15;
    case StatusCode::kCancelled: return 130;
  }
  return 1;
}

std::string_view StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kInternal: return "Internal";
    case StatusCode::kInvalidArgument: return "InvalidArgument";
    case StatusCode::kConfig: return "Config";
    case StatusCode::kCredentials: return "Credentials";
    case StatusCode::kPermissionDenied: return "PermissionDenied";
    case StatusCode::kNotFound: return "NotFound";
    case StatusCode::kAwsError: return "AwsError";
    case StatusCode::kNetwork: return "Network";
    case StatusCode::kThrottled: return "Throttled";
    case StatusCode::kBadResponse: return "BadResponse";
    case StatusCode::kTimeout: return "Timeout";
    case StatusCode::kDeploymentFailed: return "DeploymentFailed";
    case StatusCode::kFailedPrecondition: return "FailedPrecondition";
    case StatusCode::kCancelled: return "Cancelled";
    case StatusCode::kConflict: return "Conflict";
  }
  return "Unknown";
}

Status Status::WithContext(std::string_view context) const& {
  Status copy = *this;
  return std::move(copy).WithContext(context);
}

Status Status::WithContext(std::string_view context) && {
  if (!ok()) message_ = fmt::format("{}: {}", context, message_);
  return std::move(*this);
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out = fmt::format("{}: {}", StatusCodeName(code_), message_);
  if (!aws_code_.empty() || http_status_ != 0) {
    out += fmt::format(" [{}", aws_code_.empty() ? "error" : aws_code_);
    if (http_status_ != 0) out += fmt::format(", HTTP {}", http_status_);
    if (!request_id_.empty()) out += fmt::format(", request id {}", request_id_);
    out += "]";
  }
  return out;
}

}  // namespace berth
