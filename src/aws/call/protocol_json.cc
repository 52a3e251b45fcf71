#include "aws/call/protocol_json.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "aws/call/errors.h"
#include "core/strings.h"

namespace berth::aws {

void EncodeJsonRequest(const ServiceInfo& service, std::string_view operation, const Json& input,
                       http::Request& request) {
  request.method = "POST";
  http::SetHeader(request.headers, "X-Amz-Target", fmt::format("{}.{}", service.target_prefix, operation));
  std::string_view version = service.json_version.empty() ? "1.1" : service.json_version;
  http::SetHeader(request.headers, "Content-Type", fmt::format("application/x-amz-json-{}", version));
  request.body = (input.is_null() || (input.is_object() && input.empty())) ? "{}" : input.dump();
}

Result<Json> DecodeJsonResponse(const ServiceInfo& service, std::string_view operation,
                                const http::Response& response) {
  if (Trim(response.body).empty()) return Json::object();
  Json doc = Json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return BadResponseStatus(service, operation, response, "a body that is not valid JSON (truncated?)");
  }
  if (!doc.is_object()) return BadResponseStatus(service, operation, response, "JSON that is not an object");
  return doc;
}

}  // namespace berth::aws
