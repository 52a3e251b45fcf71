#include "http/fault_transport.h"

#include "core/crypto.h"

namespace berth::http {
namespace {

enum class Fault { kNone, kDrop, kThrottle, kFail };

Response ThrottlingResponse(const Request& request) {
  Response r;
  r.status = 400;
  std::string request_id = RandomHex(16);
  if (FindHeader(request.headers, "X-Amz-Target") != nullptr) {
    r.headers = {{"x-amzn-RequestId", request_id}, {"Content-Type", "application/x-amz-json-1.1"}};
    r.body = R"({"__type":"ThrottlingException","message":"Rate exceeded"})";
  } else {
    r.headers = {{"x-amzn-RequestId", request_id}, {"Content-Type", "text/xml"}};
    r.body =
        "<ErrorResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\">"
        "<Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>"
        "<RequestId>" +
        request_id + "</RequestId></ErrorResponse>";
  }
  return r;
}

}  // namespace

void FaultTransport::ThrottleNext(int n) {
  std::lock_guard lock(mu_);
  throttle_ = n;
}

void FaultTransport::FailNext(int n, int http_status) {
  std::lock_guard lock(mu_);
  fail_ = n;
  fail_status_ = http_status;
}

void FaultTransport::DropNext(int n) {
  std::lock_guard lock(mu_);
  drop_ = n;
}

void FaultTransport::SetLatency(Duration d) {
  std::lock_guard lock(mu_);
  latency_ = d;
}

Result<Response> FaultTransport::Send(const Request& request) {
  ++calls_;
  Fault fault = Fault::kNone;
  Duration latency{0};
  int fail_status = 503;
  {
    std::lock_guard lock(mu_);
    latency = latency_;
    fail_status = fail_status_;
    if (drop_ > 0) {
      --drop_;
      fault = Fault::kDrop;
    } else if (throttle_ > 0) {
      --throttle_;
      fault = Fault::kThrottle;
    } else if (fail_ > 0) {
      --fail_;
      fault = Fault::kFail;
    }
  }
  if (latency.count() > 0 && clock_ != nullptr) clock_->SleepFor(latency);
  switch (fault) {
    case Fault::kDrop:
      return NetworkError("connection reset by peer (injected): " + request.url + "; the call can be retried");
    case Fault::kThrottle: return ThrottlingResponse(request);
    case Fault::kFail: {
      Response r;
      r.status = fail_status;
      return r;
    }
    case Fault::kNone: break;
  }
  ++forwarded_;
  return inner_->Send(request);
}

}  // namespace berth::http
