// The HTTP transport: the one place berth's AWS client touches the network.
//
// Transport is an interface so that tests and fault-injecting wrappers
// (throttle the next N calls, drop a connection, add latency) can stand in for
// the real libcurl transport (MakeCurlTransport).
//
// Thread-safety: implementations must allow Send from many threads at once.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace berth::http {

// Header names keep the case they were given; lookups are case-insensitive.
// Repeated headers are kept as separate entries, in order.
using Headers = std::vector<std::pair<std::string, std::string>>;

// First value of a header (case-insensitive name), or nullptr.
const std::string* FindHeader(const Headers& headers, std::string_view name);
// Replaces every entry named `name` with one entry.
void SetHeader(Headers& headers, std::string_view name, std::string value);

struct Request {
  std::string method = "POST";
  std::string url;  // absolute: scheme://host[:port]/path[?query]
  Headers headers;
  std::string body;
  // Zero means the transport's default.
  std::chrono::milliseconds timeout{0};
  // What the request is for ("ecs UpdateService"), for the notice a slow
  // request prints while it waits; empty: the method and URL.
  std::string what;
};

struct Response {
  int status = 0;
  Headers headers;
  std::string body;
};

class Transport {
 public:
  virtual ~Transport() = default;
  // A non-OK Status means no HTTP response was received (connection refused,
  // reset, DNS, TLS, timeout): code kNetwork or kTimeout. Any HTTP status,
  // including 4xx and 5xx, is a successful Send.
  virtual Result<Response> Send(const Request& request) = 0;
};

struct TransportOptions {
  std::chrono::milliseconds connect_timeout{5000};   // default: 5 s
  std::chrono::milliseconds request_timeout{60000};  // default: 60 s, per request
  bool verify_tls = true;                            // default: on; never off silently
  std::string ca_bundle;                             // default: system store
  std::string user_agent = "berth/" BERTH_VERSION;
  // A request still without a response after this long says so once, at
  // warning level (the default verbosity), naming Request::what and when it
  // gives up. Zero: never.
  std::chrono::milliseconds slow_notice{10000};
};

// libcurl transport with connection reuse across calls and threads, honouring
// HTTPS_PROXY / HTTP_PROXY / NO_PROXY.
std::unique_ptr<Transport> MakeCurlTransport(const TransportOptions& options = {});

}  // namespace berth::http
