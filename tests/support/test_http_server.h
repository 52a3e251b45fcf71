// TestHttpServer: an HTTP server on 127.0.0.1 (an ephemeral port) for tests
// that exercise real HTTP clients (the curl transport, AwsClient, the
// credential sources, the CLI against a fake AWS), built on http::Listener.
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
#include <vector>

#include "http/listener.h"

namespace berth::testing {

// A request as the server received it (method, target, path, query, headers, body, remote port).
using RecordedRequest = http::ServerRequest;
// status, headers (a Content-Type entry wins over content_type), body, content_type, drop_connection.
using TestResponse = http::ServerResponse;

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

  int port() const { return listener_->port(); }
  // "http://127.0.0.1:<port>"
  std::string url() const { return listener_->url(); }

  void SetHandler(Handler handler);
  std::vector<RecordedRequest> requests() const;
  size_t request_count() const;
  void ClearRequests();

  // Stops accepting and joins the server thread. Idempotent.
  void Stop() { listener_->Stop(); }

 private:
  TestResponse Serve(const RecordedRequest& request);

  mutable std::mutex mu_;
  Handler handler_;
  std::vector<RecordedRequest> log_;
  std::unique_ptr<http::Listener> listener_;  // last: stopped before the members its handler uses go
};

// A port on 127.0.0.1 with nothing listening (bound then closed), for
// connection-refused tests. Another process could take it in between, which
// is unlikely enough for tests.
int UnusedLocalPort();

// A raw TCP socket bound to 127.0.0.1 on a free port (its number goes to
// *port), listening when `backlog` > 0, with SO_REUSEPORT when `reuse_port`,
// for tests that need a server to misbehave below HTTP. -1 on failure; the
// caller closes it.
int LoopbackSocket(int* port, int backlog = 0, bool reuse_port = false);

}  // namespace berth::testing
