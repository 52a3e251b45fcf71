// Parsing AWS error responses and turning them into berth Statuses.
//
// An error response (HTTP status >= 300) is parsed the way botocore does:
//   JSON protocols:  body {"__type": "ns#Code:extra", "message": ...}; the
//                    x-amzn-query-error header ("Code;Sender") wins when present.
//   query protocols: <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>
//   anything else:   an empty body falls back to the HTTP status as the code;
//                    an HTML page or a body that does not parse (a proxy, a
//                    load balancer, a truncated response) is flagged
//                    `bad_response`.
// The final Status maps well-known codes to berth's StatusCodes (credentials,
// permission, not found, throttled, bad response, other AWS errors) with a
// message that says what to do.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "aws/call/service.h"
#include "core/status.h"
#include "http/transport.h"

namespace berth::aws {

struct AwsError {
  int http_status = 0;
  std::string code;     // "ThrottlingException", "Throttling", or the HTTP status ("502") as a fallback
  std::string message;  // AWS's message, or a description of what was received
  std::string type;     // query protocol: "Sender" / "Receiver"; empty otherwise
  std::string request_id;
  bool bad_response = false;  // the body was HTML or did not parse: not an AWS answer
};

// The request id from x-amzn-RequestId / x-amz-request-id, or "".
std::string RequestIdFromHeaders(const http::Headers& headers);

// Parses a response whose status is >= 300.
AwsError ParseErrorResponse(Protocol protocol, const http::Response& response);

// True for an HTML page (what proxies and load balancers send).
bool LooksLikeHtml(const http::Response& response);

// "AccessDeniedException" -> kPermissionDenied, ... (see the file comment).
// Throttling codes map to kThrottled.
StatusCode StatusCodeForAwsError(const ServiceInfo& service, const AwsError& error);

// The Status returned to callers for a failed call, after `attempts`
// attempts. Its message names the service and operation and says what to do;
// SetAwsDetail carries code, HTTP status and request id.
Status ErrorStatus(const ServiceInfo& service, std::string_view operation, const AwsError& error, int attempts);

// A successful HTTP status whose body could not be parsed.
Status BadResponseStatus(const ServiceInfo& service, std::string_view operation, const http::Response& response,
                         std::string_view problem);

}  // namespace berth::aws
