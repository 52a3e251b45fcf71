#include "sim/front/dispatch.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/log.h"
#include "core/strings.h"
#include "http/url.h"

namespace berth::sim {
namespace {

constexpr const char* kThrottleMessage = "Rate exceeded";

SimResponse WithRequestId(SimResponse r, const std::string& request_id) {
  r.headers.emplace_back("x-amzn-RequestId", request_id);
  return r;
}

// A fault armed through the admin API, as an error (throttle, 5xx), or nullopt.
std::optional<ApiError> ApplyFaults(const std::vector<Fault>& faults, Protocol p, SimResponse* shape) {
  std::optional<ApiError> err;
  for (const auto& f : faults) {
    switch (f.kind) {
      case Fault::Kind::kThrottle:
        err = ApiError{400, p == Protocol::kJson ? "ThrottlingException" : "Throttling", kThrottleMessage, true};
        break;
      case Fault::Kind::kServerError:
        if (!err)
          err = ApiError{
              f.http_status, f.http_status == 503 ? "ServiceUnavailable" : "InternalFailure",
              f.http_status == 503 ? "Service Unavailable" : "We encountered an internal error. Please try again.",
              false};
        break;
      case Fault::Kind::kLatency: shape->latency_ms += f.latency_ms; break;
      case Fault::Kind::kDrop: shape->drop_connection = true; break;
    }
  }
  return err;
}

}  // namespace

const std::string* FindParam(const QueryParams& params, std::string_view name) {
  for (const auto& [k, v] : params)
    if (k == name) return &v;
  return nullptr;
}

std::string XmlEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

SimResponse JsonError(const ApiError& e, const std::string& request_id) {
  SimResponse r;
  r.status = e.http_status;
  Json body{{"__type", e.code}};
  if (!e.message.empty()) body["message"] = e.message;
  r.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return WithRequestId(std::move(r), request_id);
}

SimResponse QueryError(const ApiError& e, const std::string& request_id, const std::string& xmlns) {
  SimResponse r;
  r.status = e.http_status;
  r.content_type = "text/xml";
  std::string ns = xmlns.empty() ? "" : fmt::format(" xmlns=\"{}\"", xmlns);
  r.body = fmt::format(
      "<ErrorResponse{}>\n  <Error>\n    <Type>{}</Type>\n    <Code>{}</Code>\n    <Message>{}</Message>\n  "
      "</Error>\n  <RequestId>{}</RequestId>\n</ErrorResponse>\n",
      ns, e.sender_fault ? "Sender" : "Receiver", XmlEscape(e.code), XmlEscape(e.message), request_id);
  return WithRequestId(std::move(r), request_id);
}

Dispatcher::Dispatcher(World& world, CredentialStore& credentials, RateLimiter& limiter, FaultInjector& faults,
                       Clock& real_clock)
    : world_(world), credentials_(credentials), limiter_(limiter), faults_(faults), real_clock_(real_clock) {}

std::string Dispatcher::NewRequestId() {
  std::lock_guard<std::mutex> lock(id_mu_);
  return request_ids_.Uuid();
}

SimResponse Dispatcher::Handle(const SimRequest& req) {
  std::string request_id = NewRequestId();
  try {
    if (const std::string* target = http::FindHeader(req.headers, "X-Amz-Target"))
      return HandleJson(req, *target, request_id);
    const std::string* ct = http::FindHeader(req.headers, "Content-Type");
    bool form = ct != nullptr && StartsWith(ToLower(*ct), "application/x-www-form-urlencoded");
    if (form || req.query.find("Action=") != std::string::npos) return HandleQuery(req, request_id);
    calls_.Record("unknown", "");
    return JsonError(ApiError{400, "UnknownOperationException", "", true}, request_id);
  } catch (const ApiError& e) {
    return JsonError(e, request_id);
  } catch (const std::exception& e) {
    BERTH_LOG_ERROR("sim: internal error serving request: {}", e.what());
    return JsonError(ApiError{500, "InternalFailure", "The simulator failed: " + std::string(e.what()), false},
                     request_id);
  }
}

SimResponse Dispatcher::HandleJson(const SimRequest& req, const std::string& target, const std::string& request_id) {
  auto dot = target.find('.');
  std::string prefix = target.substr(0, dot);
  std::string op = dot == std::string::npos ? "" : target.substr(dot + 1);
  const JsonServiceSpec* svc = nullptr;
  for (const auto& s : json_services_)
    if (s.target_prefix == prefix) svc = &s;
  calls_.Record(svc != nullptr ? svc->signing_name : "unknown", svc != nullptr ? op : target);
  if (svc == nullptr || !svc->has_operation(op))
    return JsonError(ApiError{400, "UnknownOperationException", "", true}, request_id);

  AuthOutcome auth;
  {
    SystemTime sim_now = world_.clock().Now();
    auth = Authenticate(req, credentials_, Protocol::kJson, real_clock_.Now(), sim_now);
  }
  if (!auth.principal) return JsonError(auth.error, request_id);
  if (auth.service != svc->signing_name)
    return JsonError(
        ApiError{400, "InvalidSignatureException",
                 fmt::format("Credential should be scoped to correct service: '{}'.", svc->signing_name), true},
        request_id);
  SimResponse shape;
  if (auto err = ApplyFaults(faults_.Take(op), Protocol::kJson, &shape)) {
    SimResponse r = JsonError(*err, request_id);
    r.latency_ms = shape.latency_ms;
    r.drop_connection = shape.drop_connection;
    return r;
  }
  if (!limiter_.TryAcquire(auth.principal->account_id, auth.region, svc->signing_name, op))
    return JsonError(ApiError{400, "ThrottlingException", kThrottleMessage, true}, request_id);

  Json input;
  if (Trim(req.body).empty()) {
    input = Json::object();
  } else {
    input = Json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    if (input.is_discarded())
      return JsonError(ApiError{400, "SerializationException", "Unable to parse the request body as JSON.", true},
                       request_id);
  }
  RequestContext ctx{auth.region, auth.principal->account_id, auth.principal->arn, auth.principal->access_key_id,
                     request_id};
  SimResponse out = shape;
  try {
    if (svc->input_model != nullptr) {
      if (std::optional<ApiError> refused = CheckInput(*svc->input_model, op, input)) throw *refused;
    }
    auto lock = world_.Lock();
    world_.AdvanceToNow();
    Json result = svc->handle(world_, op, input, ctx);
    out.body = result.dump(-1, ' ', false, Json::error_handler_t::replace);
  } catch (const ApiError& e) {
    SimResponse r = JsonError(e, request_id);
    if (svc->query_compatible)
      r.headers.emplace_back("x-amzn-query-error", e.code + (e.sender_fault ? ";Sender" : ";Receiver"));
    r.content_type = svc->content_type;
    r.latency_ms = shape.latency_ms;
    r.drop_connection = shape.drop_connection;
    return r;
  } catch (const nlohmann::json::exception& e) {
    return JsonError(ApiError{400, "SerializationException", e.what(), true}, request_id);
  }
  out.content_type = svc->content_type;
  return WithRequestId(std::move(out), request_id);
}

SimResponse Dispatcher::HandleQuery(const SimRequest& req, const std::string& request_id) {
  QueryParams params = http::ParseQuery(req.query, true);
  const std::string* ct = http::FindHeader(req.headers, "Content-Type");
  if (ct != nullptr && StartsWith(ToLower(*ct), "application/x-www-form-urlencoded"))
    for (auto& p : http::ParseQuery(req.body, true)) params.push_back(std::move(p));
  const std::string* action = FindParam(params, "Action");
  const std::string* version = FindParam(params, "Version");
  std::string scope_service = SigningServiceOf(req);
  const QueryServiceSpec* svc = nullptr;
  for (const auto& s : query_services_) {
    if (!scope_service.empty() ? s.signing_name == scope_service : (version != nullptr && s.version == *version))
      svc = &s;
  }
  std::string xmlns = svc != nullptr ? svc->xmlns : "";
  calls_.Record(svc != nullptr ? svc->signing_name : "unknown", action != nullptr ? *action : "");
  if (action == nullptr || action->empty())
    return QueryError(ApiError{400, "MissingAction", "Could not find operation to perform.", true}, request_id, xmlns);
  if (svc == nullptr || !svc->has_operation(*action))
    return QueryError(ApiError{400, "InvalidAction",
                               fmt::format("Could not find operation {} for version {}", *action,
                                           version != nullptr ? *version : "NO_VERSION_SPECIFIED"),
                               true},
                      request_id, xmlns);
  const std::string op = *action;
  RequestContext ctx;
  ctx.request_id = request_id;
  if (!(svc->is_unsigned && svc->is_unsigned(op) && http::FindHeader(req.headers, "Authorization") == nullptr)) {
    AuthOutcome auth = Authenticate(req, credentials_, Protocol::kQuery, real_clock_.Now(), world_.clock().Now());
    if (!auth.principal) return QueryError(auth.error, request_id, xmlns);
    ctx.region = auth.region;
    ctx.account_id = auth.principal->account_id;
    ctx.caller_arn = auth.principal->arn;
    ctx.access_key_id = auth.principal->access_key_id;
  }
  SimResponse shape;
  if (auto err = ApplyFaults(faults_.Take(op), Protocol::kQuery, &shape)) {
    SimResponse r = QueryError(*err, request_id, xmlns);
    r.latency_ms = shape.latency_ms;
    r.drop_connection = shape.drop_connection;
    return r;
  }
  if (!limiter_.TryAcquire(ctx.account_id, ctx.region, svc->signing_name, op))
    return QueryError(ApiError{400, "Throttling", kThrottleMessage, true}, request_id, xmlns);
  SimResponse out = shape;
  try {
    auto lock = world_.Lock();
    world_.AdvanceToNow();
    std::string result = svc->handle(world_, op, params, ctx);
    out.content_type = "text/xml";
    out.body = fmt::format(
        "<{0}Response xmlns=\"{1}\">\n  <{0}Result>\n{2}  </{0}Result>\n  <ResponseMetadata>\n    "
        "<RequestId>{3}</RequestId>\n  </ResponseMetadata>\n</{0}Response>\n",
        op, svc->xmlns, result, request_id);
  } catch (const ApiError& e) {
    SimResponse r = QueryError(e, request_id, xmlns);
    r.latency_ms = shape.latency_ms;
    return r;
  }
  return WithRequestId(std::move(out), request_id);
}

}  // namespace berth::sim
