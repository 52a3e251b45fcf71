// The AWS JSON 1.0/1.1 protocol (ECS, ECR, CloudWatch Logs, Cloud Map):
// POST / with X-Amz-Target: <target_prefix>.<Operation>, Content-Type
// application/x-amz-json-<version>, and the input as the JSON body (at least
// "{}"). Responses are JSON documents returned as they are.
//
// Thread-safety: pure functions.
#pragma once

#include <string_view>

#include "aws/call/service.h"
#include "core/json.h"
#include "core/result.h"
#include "http/transport.h"

namespace berth::aws {

// Sets method, X-Amz-Target, Content-Type and body of `request` (the URL is
// the caller's).
void EncodeJsonRequest(const ServiceInfo& service, std::string_view operation, const Json& input,
                       http::Request& request);

// The body of a successful response; an empty body is {}. kBadResponse when
// the body is not a JSON object (HTML from a proxy, a truncated body).
Result<Json> DecodeJsonResponse(const ServiceInfo& service, std::string_view operation, const http::Response& response);

}  // namespace berth::aws
