#include "http/listener.h"

#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <httplib.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <thread>

#include "core/log.h"
#include "core/strings.h"

namespace berth::http {
namespace {

// Enough for any keep-alive client: httplib closes a connection after this many requests.
constexpr size_t kKeepAliveMaxRequests = 1000000;

// httplib keeps its listening socket in a protected member: the listener
// needs it once, to raise the backlog after bind.
class Server final : public httplib::Server {
 public:
  int socket_fd() const { return svr_sock_; }
};

void OnlyReuseAddress(socket_t fd) {
  int yes = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
}

std::string HostPort(const std::string& host, int port) {
  bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

// Why binding host:port fails, found by trying once more with a socket of
// our own: httplib reports only that it failed, and errno does not survive
// its clean-up reliably.
std::string WhyBindFails(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  std::string service = std::to_string(port);
  if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
    return std::string("cannot resolve the host: ") + ::gai_strerror(rc);
  }
  int err = 0;
  int fd = ::socket(found->ai_family, found->ai_socktype, found->ai_protocol);
  if (fd < 0) {
    err = errno;
  } else {
    OnlyReuseAddress(fd);
    if (::bind(fd, found->ai_addr, found->ai_addrlen) != 0 || ::listen(fd, 1) != 0) err = errno;
    ::close(fd);
  }
  ::freeaddrinfo(found);
  if (err == EADDRINUSE) {
    return "the port is in use (another process, or another server in this one, listens on it)";
  }
  return err != 0 ? std::strerror(err) : "the port was taken and released while binding";
}

void Serve(const ServerHandler& handler, const httplib::Request& req, httplib::Response& res) {
  ServerRequest in;
  in.method = req.method;
  in.target = req.target;
  auto q = in.target.find('?');
  in.path = in.target.substr(0, q);
  if (q != std::string::npos) in.query = in.target.substr(q + 1);
  in.headers.reserve(req.headers.size());
  for (const auto& [name, value] : req.headers) {
    // httplib adds these itself; the client never sent them.
    if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" || name == "LOCAL_PORT") continue;
    in.headers.emplace_back(name, value);
  }
  in.body = req.body;
  in.remote_port = req.remote_port;

  ServerResponse out = handler(in);
  res.status = out.status;
  std::string content_type = std::move(out.content_type);
  for (auto& [name, value] : out.headers) {
    if (EqualsIgnoreCase(name, "Content-Type")) {
      content_type = std::move(value);
    } else {
      res.set_header(name.c_str(), value);
    }
  }
  if (out.drop_connection) {
    // Promise one byte more than there is and fail to write any of it.
    res.set_content_provider(out.body.size() + 1, content_type.c_str(),
                             [](size_t, size_t, httplib::DataSink&) { return false; });
    return;
  }
  res.set_content(std::move(out.body), content_type.c_str());
}

}  // namespace

struct Listener::Impl {
  ListenerOptions options;
  ServerHandler handler;
  Server server;
  std::thread thread;
  std::atomic<bool> accept_loop_ended{false};
  std::mutex stop_mu;
  bool stopped = false;
};

Listener::Listener(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Listener::~Listener() {
  Stop();
}

std::string Listener::url() const {
  return "http://" + HostPort(impl_->options.host, port_);
}

Result<std::unique_ptr<Listener>> Listener::Start(ListenerOptions options, ServerHandler handler) {
  if (!handler) return InvalidArgument("an HTTP listener needs a handler");
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  impl->handler = std::move(handler);
  const ListenerOptions& o = impl->options;
  Server& server = impl->server;
  size_t threads = o.threads > 0 ? static_cast<size_t>(o.threads) : 1;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_payload_max_length(o.max_body_bytes);
  server.set_keep_alive_max_count(o.keep_alive ? kKeepAliveMaxRequests : 1);
  server.set_tcp_nodelay(true);  // without it, a response written in two pieces waits for a delayed ACK (40 ms)
  server.set_socket_options(OnlyReuseAddress);
  const ServerHandler* h = &impl->handler;
  auto serve = [h](const httplib::Request& req, httplib::Response& res) { Serve(*h, req, res); };
  server.Get(".*", serve);  // and HEAD
  server.Post(".*", serve);
  server.Put(".*", serve);
  server.Patch(".*", serve);
  server.Delete(".*", serve);
  server.Options(".*", serve);

  int port = o.port == 0 ? server.bind_to_any_port(o.host) : (server.bind_to_port(o.host, o.port) ? o.port : -1);
  if (port <= 0)
    return NetworkError("cannot listen on " + HostPort(o.host, o.port) + ": " + WhyBindFails(o.host, o.port));
  if (::listen(server.socket_fd(), kBacklog) != 0) {
    BERTH_LOG_WARN("http listener: cannot raise the accept backlog to {}: {}", kBacklog, std::strerror(errno));
  }

  std::unique_ptr<Listener> listener(new Listener(std::move(impl)));
  listener->port_ = port;
  Impl* i = listener->impl_.get();
  i->thread = std::thread([i] {
    i->server.listen_after_bind();
    i->accept_loop_ended = true;
  });
  // stop() before the accept loop runs is lost (the join would hang), so wait
  // for the loop. Real time on purpose: this waits for a thread, and a test's
  // ManualClock must not move while it does.
  while (!i->server.is_running() && !i->accept_loop_ended) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return listener;
}

void Listener::Stop() {
  std::lock_guard lock(impl_->stop_mu);
  if (impl_->stopped) return;
  impl_->stopped = true;
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace berth::http
