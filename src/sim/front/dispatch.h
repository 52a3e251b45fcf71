// Dispatcher: tells the services behind the simulator's one endpoint apart and
// runs a request end to end: protocol detection (X-Amz-Target for JSON 1.1,
// Action= for query), service lookup (target prefix, else the SigV4
// credential scope, else the query Version), SigV4 verification, injected
// faults, rate limits, then the service handler under the World's lock, and
// AWS's wire format for the answer or the error.
//
// Services add themselves from their SimService module's Register
// (sim/front/sim_service.h; the list is sim/services.cc).
//
// Thread-safety: Handle may be called from many threads at once; services are
// added before the first request.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "aws/call/input_model.h"
#include "sim/ecs/api.h"
#include "sim/front/auth.h"
#include "sim/front/call_counter.h"
#include "sim/front/faults.h"
#include "sim/front/rate_limits.h"
#include "sim/wire/input_check.h"
#include "sim/world/world.h"

namespace berth::sim {

struct SimResponse {
  int status = 200;
  std::string content_type = "application/x-amz-json-1.1";
  std::string body;
  http::Headers headers;
  bool drop_connection = false;  // injected fault: close mid-response
  int latency_ms = 0;            // injected fault: delay before answering
};

using QueryParams = std::vector<std::pair<std::string, std::string>>;
// First value of `name`, or nullptr.
const std::string* FindParam(const QueryParams& params, std::string_view name);
std::string XmlEscape(std::string_view s);

struct JsonServiceSpec {
  std::string signing_name;   // "ecs"
  std::string target_prefix;  // "AmazonEC2ContainerServiceV20141113"
  std::string content_type = "application/x-amz-json-1.1";
  std::function<bool(const std::string& op)> has_operation;
  // Runs under the World's lock; throws ApiError for AWS errors.
  std::function<Json(World&, const std::string& op, const Json& input, const RequestContext&)> handle;
  // awsQueryCompatible services (CloudWatch) also name the error in an
  // "x-amzn-query-error: <Code>;<Sender|Receiver>" header.
  bool query_compatible = false;
  // The service's input shapes: a member of the wrong JSON type is AWS's
  // SerializationException before `handle` runs. nullptr: not checked.
  const aws::InputModel* input_model = nullptr;
};

struct QueryServiceSpec {
  std::string signing_name;  // "sts"
  std::string version;       // "2011-06-15"
  std::string xmlns;         // "https://sts.amazonaws.com/doc/2011-06-15/"
  std::function<bool(const std::string& op)> has_operation;
  std::function<bool(const std::string& op)> is_unsigned;  // AWS serves these without a signature
  // Runs under the World's lock; returns the XML inside <OpResult>; throws ApiError.
  std::function<std::string(World&, const std::string& op, const QueryParams&, const RequestContext&)> handle;
};

class Dispatcher {
 public:
  // All references must outlive the Dispatcher. `real_clock` checks signature skew.
  Dispatcher(World& world, CredentialStore& credentials, RateLimiter& limiter, FaultInjector& faults,
             Clock& real_clock);

  void AddJsonService(JsonServiceSpec spec) { json_services_.push_back(std::move(spec)); }
  void AddQueryService(QueryServiceSpec spec) { query_services_.push_back(std::move(spec)); }

  SimResponse Handle(const SimRequest& req);
  // Every request Handle received, per "<signing name>:<operation>".
  CallCounter& calls() { return calls_; }

 private:
  SimResponse HandleJson(const SimRequest& req, const std::string& target, const std::string& request_id);
  SimResponse HandleQuery(const SimRequest& req, const std::string& request_id);
  std::string NewRequestId();

  World& world_;
  CredentialStore& credentials_;
  RateLimiter& limiter_;
  FaultInjector& faults_;
  Clock& real_clock_;
  std::vector<JsonServiceSpec> json_services_;
  std::vector<QueryServiceSpec> query_services_;
  std::mutex id_mu_;
  IdSource request_ids_{7};
  CallCounter calls_;
};

SimResponse JsonError(const ApiError& e, const std::string& request_id);
SimResponse QueryError(const ApiError& e, const std::string& request_id, const std::string& xmlns);

}  // namespace berth::sim
