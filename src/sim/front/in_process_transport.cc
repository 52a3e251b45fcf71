#include "sim/front/in_process_transport.h"

#include "core/strings.h"
#include "http/url.h"

namespace berth::sim {
namespace {

void AddIfMissing(http::Headers& headers, std::string_view name, std::string value) {
  if (http::FindHeader(headers, name) == nullptr) headers.emplace_back(std::string(name), std::move(value));
}

}  // namespace

Result<http::Response> InProcessTransport::Send(const http::Request& request) {
  std::string where = request.method + " " + request.url;
  auto url = http::ParseUrl(request.url);
  if (!url.ok()) return NetworkError("connection error: " + where + ": " + url.status().message());
  if (request.body.size() > sim_.options().max_body_bytes) {
    return http::Response{413, {{"Content-Length", "0"}}, ""};
  }

  SimRequest in{request.method, url->path, url->query, request.headers, request.body};
  // What curl adds on the wire.
  AddIfMissing(in.headers, "Host", url->HostHeader());
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
    AddIfMissing(in.headers, "Content-Length", std::to_string(request.body.size()));
  }
  SimResponse out = sim_.Handle(in);

  if (out.latency_ms > 0) {
    Duration latency(out.latency_ms);
    Duration timeout = request.timeout.count() > 0 ? request.timeout : default_timeout_;
    if (latency >= timeout) {
      sim_.base_clock().SleepUnlessCancelled(timeout, sim_.stopping());
      return TimeoutError("request timed out: " + where + ": no answer within " + std::to_string(timeout.count()) +
                          " ms (the simulator's injected latency)");
    }
    sim_.base_clock().SleepUnlessCancelled(latency, sim_.stopping());
  }
  if (out.drop_connection) {
    return NetworkError("connection error: " + where +
                        ": connection closed mid-response (the simulator's drop fault); the call can be retried");
  }

  http::Response response;
  response.status = out.status;
  response.headers = std::move(out.headers);
  AddIfMissing(response.headers, "Content-Type", out.content_type);
  AddIfMissing(response.headers, "Content-Length", std::to_string(out.body.size()));
  // As on the wire: a HEAD answer carries the length of the body it leaves out.
  if (!EqualsIgnoreCase(request.method, "HEAD")) response.body = std::move(out.body);
  return response;
}

}  // namespace berth::sim
