#include "aws/call/errors.h"

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <fmt/format.h>

#include "aws/call/retry.h"
#include "core/json.h"
#include "core/strings.h"

namespace berth::aws {
namespace {

// "com.amazonaws.ecs#ClientException:http://..." -> "ClientException".
std::string NormalizeJsonCode(std::string_view raw) {
  raw = raw.substr(0, raw.find(':'));
  if (auto hash = raw.rfind('#'); hash != std::string_view::npos) raw = raw.substr(hash + 1);
  return std::string(Trim(raw));
}

std::string StringField(const Json& doc, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    auto it = doc.find(name);
    if (it != doc.end() && it->is_string()) return it->get<std::string>();
  }
  return "";
}

std::string Excerpt(std::string_view body) {
  std::string out;
  for (char c : body.substr(0, 120)) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  if (body.size() > 120) out += "...";
  return out;
}

void FallBackToStatus(AwsError& e, std::string message) {
  e.code = std::to_string(e.http_status);
  e.message = std::move(message);
}

void ParseJsonError(const http::Response& response, AwsError& e) {
  Json doc = Json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    e.bad_response = true;
    FallBackToStatus(e, fmt::format("HTTP {} with a body that is not valid JSON (truncated?): {}", e.http_status,
                                    Excerpt(response.body)));
    return;
  }
  e.code = NormalizeJsonCode(StringField(doc, {"__type", "code", "Code"}));
  if (e.code.empty()) {
    if (const auto* t = http::FindHeader(response.headers, "x-amzn-ErrorType")) e.code = NormalizeJsonCode(*t);
  }
  e.message = StringField(doc, {"message", "Message", "errorMessage"});
  if (const auto* q = http::FindHeader(response.headers, "x-amzn-query-error")) {
    std::string_view v = *q;
    auto semi = v.find(';');
    std::string code(Trim(v.substr(0, semi)));
    if (!code.empty()) e.code = code;
    if (semi != std::string_view::npos) e.type = std::string(Trim(v.substr(semi + 1)));
  }
  if (e.code.empty()) e.code = std::to_string(e.http_status);
}

void ParseXmlError(const http::Response& response, AwsError& e) {
  pugi::xml_document doc;
  if (!doc.load_buffer(response.body.data(), response.body.size())) {
    e.bad_response = true;
    FallBackToStatus(e, fmt::format("HTTP {} with a body that is not valid XML (truncated?): {}", e.http_status,
                                    Excerpt(response.body)));
    return;
  }
  pugi::xml_node root = doc.document_element();
  pugi::xml_node error = root.child("Error");
  if (!error) error = root.child("Errors").child("Error");  // EC2 style
  if (!error && std::string_view(root.name()) == "Error") error = root;
  if (!error) {
    e.bad_response = true;
    FallBackToStatus(
        e, fmt::format("HTTP {} with an XML body that is not an AWS error: {}", e.http_status, Excerpt(response.body)));
    return;
  }
  e.code = Trim(error.child_value("Code"));
  e.message = error.child_value("Message");
  e.type = error.child_value("Type");
  std::string rid = root.child_value("RequestId");
  if (rid.empty()) rid = root.child_value("RequestID");
  if (!rid.empty()) e.request_id = rid;
  if (e.code.empty()) e.code = std::to_string(e.http_status);
}

bool ContainsIgnoreCase(std::string_view hay, std::string_view needle) {
  return ToLower(hay).find(ToLower(needle)) != std::string::npos;
}

}  // namespace

std::string RequestIdFromHeaders(const http::Headers& headers) {
  for (const char* name : {"x-amzn-RequestId", "x-amz-request-id", "x-amzn-request-id"}) {
    if (const auto* v = http::FindHeader(headers, name)) return *v;
  }
  return "";
}

bool LooksLikeHtml(const http::Response& response) {
  std::string_view body = Trim(response.body);
  std::string head = ToLower(body.substr(0, 14));
  if (StartsWith(head, "<!doctype html") || StartsWith(head, "<html")) return true;
  // The body decides over the label: some servers (moto, Flask apps) send
  // AWS's XML or JSON error documents as text/html.
  if (StartsWith(body, "<?xml") || StartsWith(body, "<ErrorResponse") || StartsWith(body, "<Error") ||
      StartsWith(body, "<Response") || StartsWith(body, "{")) {
    return false;
  }
  const auto* ct = http::FindHeader(response.headers, "Content-Type");
  return ct != nullptr && ContainsIgnoreCase(*ct, "text/html");
}

AwsError ParseErrorResponse(Protocol protocol, const http::Response& response) {
  AwsError e;
  e.http_status = response.status;
  e.request_id = RequestIdFromHeaders(response.headers);
  if (Trim(response.body).empty()) {
    FallBackToStatus(e, fmt::format("HTTP {} with an empty body", e.http_status));
    return e;
  }
  if (LooksLikeHtml(response)) {
    e.bad_response = true;
    FallBackToStatus(e, fmt::format("HTTP {} with an HTML page", e.http_status));
    return e;
  }
  // Some front ends answer a JSON service in XML or the reverse; go by the body.
  std::string_view body = Trim(response.body);
  bool xml = body.front() == '<';
  if (protocol == Protocol::kJson && !xml) {
    ParseJsonError(response, e);
  } else if (xml) {
    ParseXmlError(response, e);
  } else {
    ParseJsonError(response, e);
  }
  return e;
}

StatusCode StatusCodeForAwsError(const ServiceInfo& service, const AwsError& e) {
  if (e.bad_response) return StatusCode::kBadResponse;
  const std::string& c = e.code;
  if (StartsWith(c, "AccessDenied") || c == "UnauthorizedOperation" || c == "AuthorizationError") {
    return StatusCode::kPermissionDenied;
  }
  static constexpr std::string_view kCredentialCodes[] = {
      "UnrecognizedClientException",
      "InvalidSignatureException",
      "SignatureDoesNotMatch",
      "InvalidClientTokenId",
      "ExpiredToken",
      "ExpiredTokenException",
      "MissingAuthenticationToken",
      "MissingAuthenticationTokenException",
      "IncompleteSignature",
      "IncompleteSignatureException",
      "AuthFailure",
  };
  for (auto code : kCredentialCodes) {
    if (c == code) return StatusCode::kCredentials;
  }
  if (c.find("NotFound") != std::string::npos) return StatusCode::kNotFound;
  if (service.name == "ecs" && (c == "ClusterNotFoundException" || c == "ServiceNotFoundException")) {
    return StatusCode::kNotFound;
  }
  // One list of throttling codes, the retry classifier's.
  if (IsThrottlingError(service, e)) return StatusCode::kThrottled;
  return StatusCode::kAwsError;
}

Status ErrorStatus(const ServiceInfo& service, std::string_view operation, const AwsError& e, int attempts) {
  StatusCode code = StatusCodeForAwsError(service, e);
  std::string call = fmt::format("{} {}", service.name, operation);
  std::string detail = e.message.empty() ? e.code : fmt::format("{}: {}", e.code, e.message);
  std::string msg;
  switch (code) {
    case StatusCode::kPermissionDenied:
      msg = fmt::format("{} was denied ({}); allow the IAM action {}:{} for the identity berth runs as", call, detail,
                        service.signing_name, operation);
      break;
    case StatusCode::kCredentials:
      msg = fmt::format(
          "{} rejected the credentials ({}); check AWS_PROFILE / AWS_ACCESS_KEY_ID, renew session or SSO "
          "credentials, and make sure the system clock is correct",
          call, detail);
      break;
    case StatusCode::kNotFound:
      msg = fmt::format("{}: {}; check the name or ARN, the region ({}) and the account", call, detail,
                        "--region / AWS_REGION");
      break;
    case StatusCode::kThrottled:
      msg = fmt::format(
          "{} was still throttled after {} attempt(s) ({}); lower berth's parallelism or retry later, and look "
          "for other tools calling the same API in this account and region",
          call, attempts, detail);
      break;
    case StatusCode::kBadResponse:
      msg = fmt::format(
          "{} got {}, which is not an AWS response; a proxy, firewall or load balancer probably answered: "
          "check HTTPS_PROXY / NO_PROXY and --endpoint-url",
          call, e.message);
      break;
    default:
      if (e.http_status >= 500) {
        msg = fmt::format("{} failed on the AWS side after {} attempt(s) ({}); retry later", call, attempts, detail);
      } else {
        msg = fmt::format("{} failed: {}", call, detail);
      }
      break;
  }
  Status s(code, std::move(msg));
  s.SetAwsDetail(e.code, e.http_status, e.request_id);
  return s;
}

Status BadResponseStatus(const ServiceInfo& service, std::string_view operation, const http::Response& response,
                         std::string_view problem) {
  std::string what = LooksLikeHtml(response) ? "an HTML page" : std::string(problem);
  Status s = BadResponse(fmt::format(
      "{} {} returned HTTP {} with {} ({}); a proxy or load balancer may have answered instead of AWS: check "
      "HTTPS_PROXY / NO_PROXY and --endpoint-url",
      service.name, operation, response.status, what, Excerpt(response.body)));
  s.SetAwsDetail("", response.status, RequestIdFromHeaders(response.headers));
  return s;
}

}  // namespace berth::aws
