// http::Listener through the real curl transport on 127.0.0.1 port 0: what a
// handler sees and sends, body limits, dropped responses, keep-alive, a port
// that is taken, the accept backlog, and Stop.
#include "http/listener.h"

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <set>

#include "http/transport.h"
#include "support/test_http_server.h"

namespace berth::http {
namespace {

std::unique_ptr<Listener> Start(ServerHandler handler, ListenerOptions options = {}) {
  auto started = Listener::Start(options, std::move(handler));
  EXPECT_TRUE(started.ok()) << started.status().ToString();
  return started.ok() ? std::move(started).value() : nullptr;
}

ServerResponse Ok(const ServerRequest&) {
  return ServerResponse{200, {}, "{}"};
}

Request Make(std::string method, std::string url, std::string body = "") {
  Request r;
  r.method = std::move(method);
  r.url = std::move(url);
  r.body = std::move(body);
  return r;
}

// The accept backlog of the socket listening on 127.0.0.1:`port`, as the
// kernel reports it (sock_diag: for a listening socket idiag_wqueue is the
// backlog); -1 when it cannot be read.
int ListenBacklog(int port) {
  int nl = ::socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (nl < 0) return -1;
  struct {
    nlmsghdr header;
    inet_diag_req_v2 request;
  } query{};
  query.header.nlmsg_len = sizeof(query);
  query.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  query.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  query.request.sdiag_family = AF_INET;
  query.request.sdiag_protocol = IPPROTO_TCP;
  query.request.idiag_states = 1u << TCP_LISTEN;
  int backlog = -1;
  if (::send(nl, &query, sizeof(query), 0) == static_cast<ssize_t>(sizeof(query))) {
    alignas(nlmsghdr) char buf[16384];
    bool done = false;
    while (!done) {
      ssize_t n = ::recv(nl, buf, sizeof(buf), 0);
      if (n <= 0) break;
      for (auto* h = reinterpret_cast<nlmsghdr*>(buf); NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
        if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR) {
          done = true;
          break;
        }
        auto* d = static_cast<inet_diag_msg*>(NLMSG_DATA(h));
        if (ntohs(d->id.idiag_sport) == port) backlog = static_cast<int>(d->idiag_wqueue);
      }
    }
  }
  ::close(nl);
  return backlog;
}

TEST(ListenerTest, HandlerSeesTheRequestAsSentAndItsResponseIsSentBack) {
  std::mutex mu;
  std::vector<ServerRequest> seen;
  auto listener = Start([&](const ServerRequest& r) {
    std::lock_guard lock(mu);
    seen.push_back(r);
    return ServerResponse{201, {{"X-Reply", "yes"}}, "made:" + r.method, "text/plain"};
  });
  ASSERT_NE(listener, nullptr);
  auto transport = MakeCurlTransport();
  for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    Request req = Make(method, listener->url() + "/a/b%20c?x=1&y=%2F", method == std::string("GET") ? "" : "body");
    req.headers = {{"X-Custom", "v1"}};
    auto res = transport->Send(req);
    ASSERT_TRUE(res.ok()) << method << ": " << res.status().ToString();
    EXPECT_EQ(res->status, 201) << method;
    EXPECT_EQ(res->body, std::string("made:") + method);
    ASSERT_NE(FindHeader(res->headers, "x-reply"), nullptr);
    EXPECT_EQ(*FindHeader(res->headers, "Content-Type"), "text/plain");
  }
  std::lock_guard lock(mu);
  ASSERT_EQ(seen.size(), 6u);
  EXPECT_EQ(seen[0].method, "GET");
  EXPECT_EQ(seen[0].target, "/a/b%20c?x=1&y=%2F");
  EXPECT_EQ(seen[0].path, "/a/b%20c");
  EXPECT_EQ(seen[0].query, "x=1&y=%2F");
  EXPECT_EQ(seen[0].HeaderValue("x-custom"), "v1");
  EXPECT_EQ(seen[0].header("REMOTE_ADDR"), nullptr) << "httplib's own pseudo-headers are not passed on";
  EXPECT_EQ(seen[1].method, "POST");
  EXPECT_EQ(seen[1].body, "body");
  EXPECT_GT(seen[1].remote_port, 0);
}

TEST(ListenerTest, AContentTypeHeaderWinsOverTheContentTypeField) {
  auto listener = Start([](const ServerRequest&) {
    return ServerResponse{200, {{"content-type", "text/xml"}}, "<a/>", "application/json"};
  });
  ASSERT_NE(listener, nullptr);
  auto res = MakeCurlTransport()->Send(Make("GET", listener->url() + "/"));
  ASSERT_TRUE(res.ok());
  int content_types = 0;
  for (const auto& [name, value] : res->headers) content_types += name == "Content-Type" || name == "content-type";
  EXPECT_EQ(content_types, 1);
  EXPECT_EQ(*FindHeader(res->headers, "Content-Type"), "text/xml");
}

TEST(ListenerTest, PortZeroPicksAFreePortOn127001) {
  auto a = Start(Ok);
  auto b = Start(Ok);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  EXPECT_GT(a->port(), 0);
  EXPECT_NE(a->port(), b->port());
  EXPECT_EQ(a->url(), "http://127.0.0.1:" + std::to_string(a->port()));
}

TEST(ListenerTest, ASecondListenerOnTheSamePortIsRefusedWithAClearMessage) {
  auto first = Start(Ok);
  ASSERT_NE(first, nullptr);
  ListenerOptions o;
  o.port = first->port();
  auto second = Listener::Start(o, Ok);
  ASSERT_FALSE(second.ok()) << "two listeners on one port would split its connections";
  EXPECT_EQ(second.status().code(), StatusCode::kNetwork);
  const std::string& m = second.status().message();
  EXPECT_NE(m.find("cannot listen on 127.0.0.1:" + std::to_string(first->port())), std::string::npos) << m;
  EXPECT_NE(m.find("in use"), std::string::npos) << m;
  // The first one still serves.
  EXPECT_TRUE(MakeCurlTransport()->Send(Make("GET", first->url() + "/")).ok());
}

TEST(ListenerTest, APortHeldByASocketThatAllowsSharingIsRefusedToo) {
  // Another process's server as cpp-httplib makes them by default: SO_REUSEPORT.
  ListenerOptions o;
  int fd = berth::testing::LoopbackSocket(&o.port, 4, /*reuse_port=*/true);
  ASSERT_GE(fd, 0);
  auto listener = Listener::Start(o, Ok);
  ::close(fd);
  ASSERT_FALSE(listener.ok());
  EXPECT_NE(listener.status().message().find("in use"), std::string::npos) << listener.status().message();
}

TEST(ListenerTest, TheAcceptBacklogIsRaisedPastHttplibsFive) {
  auto listener = Start(Ok);
  ASSERT_NE(listener, nullptr);
  int backlog = ListenBacklog(listener->port());
  ASSERT_NE(backlog, -1) << "sock_diag did not report the listening socket";
  EXPECT_EQ(backlog, Listener::kBacklog);
}

TEST(ListenerTest, ABodyOverTheLimitIs413AndTheHandlerIsNotCalled) {
  std::atomic<int> calls{0};
  ListenerOptions o;
  o.max_body_bytes = 1024;
  auto listener = Start(
      [&](const ServerRequest& r) {
        ++calls;
        return Ok(r);
      },
      o);
  ASSERT_NE(listener, nullptr);
  auto transport = MakeCurlTransport();
  auto big = transport->Send(Make("POST", listener->url() + "/", std::string(2048, 'x')));
  ASSERT_TRUE(big.ok()) << big.status().ToString();
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(calls.load(), 0);
  auto small = transport->Send(Make("POST", listener->url() + "/", std::string(1024, 'x')));
  ASSERT_TRUE(small.ok());
  EXPECT_EQ(small->status, 200);
}

TEST(ListenerTest, DropConnectionIsAResetMidResponseForTheClient) {
  auto listener = Start([](const ServerRequest& r) {
    ServerResponse out{200, {}, "{\"partial\":true}"};
    out.drop_connection = r.path == "/drop";
    return out;
  });
  ASSERT_NE(listener, nullptr);
  auto transport = MakeCurlTransport();
  auto dropped = transport->Send(Make("GET", listener->url() + "/drop"));
  ASSERT_FALSE(dropped.ok());
  EXPECT_EQ(dropped.status().code(), StatusCode::kNetwork) << dropped.status().ToString();
  EXPECT_TRUE(transport->Send(Make("GET", listener->url() + "/fine")).ok());
}

TEST(ListenerTest, KeepAliveReusesOneConnectionAndCanBeTurnedOff) {
  for (bool keep_alive : {true, false}) {
    SCOPED_TRACE(keep_alive ? "keep-alive" : "no keep-alive");
    std::mutex mu;
    std::set<int> ports;
    ListenerOptions o;
    o.keep_alive = keep_alive;
    auto listener = Start(
        [&](const ServerRequest& r) {
          std::lock_guard lock(mu);
          ports.insert(r.remote_port);
          return Ok(r);
        },
        o);
    ASSERT_NE(listener, nullptr);
    auto transport = MakeCurlTransport();
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(transport->Send(Make("GET", listener->url() + "/")).ok());
    std::lock_guard lock(mu);
    EXPECT_EQ(ports.size(), keep_alive ? 1u : 5u);
  }
}

TEST(ListenerTest, StopIsIdempotentAndRefusesNewConnections) {
  auto listener = Start(Ok);
  ASSERT_NE(listener, nullptr);
  std::string url = listener->url();
  listener->Stop();
  listener->Stop();
  auto after = MakeCurlTransport()->Send(Make("GET", url + "/"));
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.status().code(), StatusCode::kNetwork);
  listener.reset();  // the destructor after Stop is fine too
}

TEST(ListenerTest, TheDestructorStopsAndFreesThePort) {
  int port = 0;
  {
    auto listener = Start(Ok);
    ASSERT_NE(listener, nullptr);
    port = listener->port();
  }
  ListenerOptions o;
  o.port = port;
  auto again = Listener::Start(o, Ok);
  EXPECT_TRUE(again.ok()) << again.status().ToString();
}

TEST(ListenerTest, AListenerNeedsAHandler) {
  auto r = Listener::Start({}, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace berth::http
