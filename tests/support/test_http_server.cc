#include "support/test_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace berth::testing {
namespace {

TestResponse DefaultHandler(const RecordedRequest&) {
  return TestResponse{200, {}, "{}"};
}

}  // namespace

TestHttpServer::TestHttpServer(Handler handler, TestHttpServerOptions options)
    : handler_(handler ? std::move(handler) : Handler(DefaultHandler)) {
  http::ListenerOptions o;
  o.threads = options.threads > 0 ? options.threads : 16;
  auto started = http::Listener::Start(o, [this](const RecordedRequest& r) { return Serve(r); });
  if (!started.ok()) {
    // A test fixture cannot do anything useful without its server.
    std::fprintf(stderr, "TestHttpServer: %s\n", started.status().ToString().c_str());
    std::abort();
  }
  listener_ = std::move(started).value();
}

TestHttpServer::~TestHttpServer() {
  Stop();
}

TestResponse TestHttpServer::Serve(const RecordedRequest& request) {
  Handler h;
  {
    std::lock_guard lock(mu_);
    log_.push_back(request);
    h = handler_;
  }
  return h(request);
}

void TestHttpServer::SetHandler(Handler handler) {
  std::lock_guard lock(mu_);
  handler_ = handler ? std::move(handler) : Handler(DefaultHandler);
}

std::vector<RecordedRequest> TestHttpServer::requests() const {
  std::lock_guard lock(mu_);
  return log_;
}

size_t TestHttpServer::request_count() const {
  std::lock_guard lock(mu_);
  return log_.size();
}

void TestHttpServer::ClearRequests() {
  std::lock_guard lock(mu_);
  log_.clear();
}

int UnusedLocalPort() {
  int port = 1;
  int fd = LoopbackSocket(&port);
  if (fd >= 0) ::close(fd);
  return port;
}

int LoopbackSocket(int* port, int backlog, bool reuse_port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  int yes = 1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if ((reuse_port && ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &yes, sizeof(yes)) != 0) ||
      ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      (backlog > 0 && ::listen(fd, backlog) != 0) || ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    return -1;
  }
  *port = ntohs(addr.sin_port);
  return fd;
}

}  // namespace berth::testing
