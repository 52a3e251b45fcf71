#include "support/test_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <httplib.h>

#include <cstdio>
#include <cstdlib>

#include "core/strings.h"

namespace berth::testing {

struct TestHttpServer::Impl {
  httplib::Server server;
  std::thread thread;
  mutable std::mutex mu;
  Handler handler;
  std::vector<RecordedRequest> log;
  bool stopped = false;
};

namespace {

RecordedRequest Record(const httplib::Request& req) {
  RecordedRequest r;
  r.method = req.method;
  r.target = req.target;
  auto q = r.target.find('?');
  r.path = r.target.substr(0, q);
  if (q != std::string::npos) r.query = r.target.substr(q + 1);
  for (const auto& [name, value] : req.headers) {
    // httplib adds these pseudo-headers itself; they were never sent.
    if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" || name == "LOCAL_PORT") {
      continue;
    }
    r.headers.emplace_back(name, value);
  }
  r.body = req.body;
  r.remote_port = req.remote_port;
  return r;
}

TestResponse DefaultHandler(const RecordedRequest&) {
  return TestResponse{200, {}, "{}"};
}

}  // namespace

TestHttpServer::TestHttpServer(Handler handler, TestHttpServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->handler = handler ? std::move(handler) : Handler(DefaultHandler);
  int threads = options.threads > 0 ? options.threads : 16;
  impl_->server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  impl_->server.set_keep_alive_max_count(1000000);
  // Without it, a response written in two pieces waits for a delayed ACK (40 ms).
  impl_->server.set_tcp_nodelay(true);
  auto serve = [this](const httplib::Request& req, httplib::Response& res) {
    RecordedRequest recorded = Record(req);
    Handler h;
    {
      std::lock_guard lock(impl_->mu);
      impl_->log.push_back(recorded);
      h = impl_->handler;
    }
    TestResponse out = h(recorded);
    res.status = out.status;
    std::string content_type = out.content_type;
    for (const auto& [name, value] : out.headers) {
      if (EqualsIgnoreCase(name, "Content-Type")) {
        content_type = value;
      } else {
        res.set_header(name.c_str(), value);
      }
    }
    res.set_content(out.body, content_type.c_str());
  };
  // Any method, any path.
  impl_->server.Get(".*", serve);
  impl_->server.Post(".*", serve);
  impl_->server.Put(".*", serve);
  impl_->server.Delete(".*", serve);
  impl_->server.Patch(".*", serve);
  impl_->server.Options(".*", serve);
  port_ = impl_->server.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) {
    // A test fixture cannot do anything useful without its server.
    std::fprintf(stderr, "TestHttpServer: cannot bind 127.0.0.1\n");
    std::abort();
  }
  impl_->thread = std::thread([this] { impl_->server.listen_after_bind(); });
  // Stop() is a no-op until the accept loop runs, so wait for it here.
  while (!impl_->server.is_running()) std::this_thread::yield();
}

TestHttpServer::~TestHttpServer() {
  Stop();
}

std::string TestHttpServer::url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

void TestHttpServer::SetHandler(Handler handler) {
  std::lock_guard lock(impl_->mu);
  impl_->handler = handler ? std::move(handler) : Handler(DefaultHandler);
}

std::vector<RecordedRequest> TestHttpServer::requests() const {
  std::lock_guard lock(impl_->mu);
  return impl_->log;
}

size_t TestHttpServer::request_count() const {
  std::lock_guard lock(impl_->mu);
  return impl_->log.size();
}

void TestHttpServer::ClearRequests() {
  std::lock_guard lock(impl_->mu);
  impl_->log.clear();
}

void TestHttpServer::Stop() {
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->stopped) return;
    impl_->stopped = true;
  }
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

int UnusedLocalPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  int port = 1;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0) {
    socklen_t len = sizeof(addr);
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

}  // namespace berth::testing
