// Listener: berth's one HTTP server, a cpp-httplib 0.11 server behind a small
// value interface. Every request (any method, any path) goes to one Handler,
// from a ServerRequest to a ServerResponse; the simulator's front end, the
// test servers and the client benchmark are built on it.
//
// Contract:
//  - Start binds before it returns: the port is known (port 0 picks a free
//    one) and connections are accepted once Start returns. A port another
//    socket listens on is an error (kNetwork) that says so. cpp-httplib sets
//    SO_REUSEPORT by default, under which a second server on the same port
//    would silently share its connections; the listener sets only
//    SO_REUSEADDR (restarts do not wait out TIME_WAIT).
//  - The accept backlog is kBacklog. httplib 0.11 (compiled into Debian's
//    libcpp-httplib) calls listen(fd, 5) with no way to change it; the
//    listener calls listen() again on the bound socket, which on Linux only
//    raises the backlog of a socket already listening.
//  - Stop() stops accepting, waits for requests in progress (and for idle
//    keep-alive connections, up to httplib's 5 s keep-alive timeout) and
//    joins the server thread. It is idempotent; the destructor calls it.
//
// Thread-safety: the handler runs on the listener's worker threads, several
// at once, and must be thread-safe. port(), url() and Stop() may be called
// from any thread.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "http/transport.h"

namespace berth::http {

// A request as the listener received it.
struct ServerRequest {
  std::string method;
  std::string target;  // request-target as sent: "/", "/path?x=1", or absolute-form through a proxy
  std::string path;    // the part of `target` before '?', still encoded
  std::string query;   // the part after '?', still encoded
  Headers headers;     // as received, names as the client sent them
  std::string body;
  int remote_port = 0;  // the client's port: equal ports mean a reused connection

  // The first value of a header (case-insensitive name), or nullptr / "" when it was not sent.
  const std::string* header(std::string_view name) const { return FindHeader(headers, name); }
  std::string HeaderValue(std::string_view name) const {
    const std::string* v = header(name);
    return v != nullptr ? *v : std::string();
  }
};

struct ServerResponse {
  int status = 200;
  Headers headers;  // a Content-Type entry here wins over `content_type`
  std::string body;
  std::string content_type = "application/json";
  // Send the status line and headers, promising the body, then close the
  // connection without it: the client sees a connection reset mid-response
  // (the simulator's "drop" fault).
  bool drop_connection = false;
};

using ServerHandler = std::function<ServerResponse(const ServerRequest&)>;

struct ListenerOptions {
  std::string host = "127.0.0.1";
  int port = 0;                             // 0: any free port
  int threads = 8;                          // worker threads; each open keep-alive connection holds one
  size_t max_body_bytes = 8 * 1024 * 1024;  // larger request bodies are answered 413
  bool keep_alive = true;                   // false: one request per connection
};

class Listener {
 public:
  static constexpr int kBacklog = 128;

  // Binds, starts the server thread and returns once it accepts connections.
  static Result<std::unique_ptr<Listener>> Start(ListenerOptions options, ServerHandler handler);
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  int port() const { return port_; }
  // "http://<host>:<port>"
  std::string url() const;

  void Stop();

 private:
  struct Impl;
  explicit Listener(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace berth::http
