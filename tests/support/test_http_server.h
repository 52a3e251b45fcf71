// TestHttpServer: a small HTTP server on 127.0.0.1 (an ephemeral port) for
// tests that exercise real HTTP clients (the curl transport, AwsClient, the
// CLI against a fake AWS).
//
// Every request is passed to a handler callback, which returns the response,
// and is appended to a request log that tests inspect afterwards. The server
// starts in the constructor and stops in the destructor (or Stop()).
//
// Thread-safety: the handler is called from the server's worker threads,
// possibly several at once; it must be thread-safe itself. SetHandler,
// requests(), request_count() and ClearRequests() may be called from any
// thread.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "http/transport.h"

namespace berth::testing {

// A request as the server received it.
struct RecordedRequest {
  std::string method;
  std::string target;     // request-target as sent: "/", "/path?x=1", or absolute-form via a proxy
  std::string path;       // the part of `target` before '?'
  std::string query;      // the part after '?', still encoded
  http::Headers headers;  // as received (names as sent by the client)
  std::string body;
  int remote_port = 0;  // the client's port: equal ports mean a reused connection

  const std::string* header(std::string_view name) const { return http::FindHeader(headers, name); }
};

struct TestResponse {
  int status = 200;
  http::Headers headers;  // a Content-Type header here wins over `content_type`
  std::string body;
  std::string content_type = "application/json";
};

struct TestHttpServerOptions {
  // Worker threads. Each keep-alive connection occupies one while open, so a
  // test with N concurrent clients needs at least N. Default: 16.
  int threads = 16;
};

class TestHttpServer {
 public:
  using Handler = std::function<TestResponse(const RecordedRequest&)>;

  // Starts listening at once; the default handler answers 200 "{}".
  explicit TestHttpServer(Handler handler = nullptr, TestHttpServerOptions options = {});
  ~TestHttpServer();
  TestHttpServer(const TestHttpServer&) = delete;
  TestHttpServer& operator=(const TestHttpServer&) = delete;

  int port() const { return port_; }
  // "http://127.0.0.1:<port>"
  std::string url() const;

  void SetHandler(Handler handler);
  std::vector<RecordedRequest> requests() const;
  size_t request_count() const;
  void ClearRequests();

  // Stops accepting and joins the server thread. Idempotent.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

// A port on 127.0.0.1 with nothing listening (bound then closed), for
// connection-refused tests. Another process could take it in between, which
// is unlikely enough for tests.
int UnusedLocalPort();

}  // namespace berth::testing
