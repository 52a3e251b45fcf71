#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <set>
#include <thread>

#include "http/transport.h"
#include "support/scoped_env.h"
#include "support/test_http_server.h"

namespace berth::http {
namespace {

using berth::testing::RecordedRequest;
using berth::testing::ScopedEnv;
using berth::testing::TestHttpServer;
using berth::testing::TestResponse;

Request Post(const std::string& url, std::string body) {
  Request r;
  r.url = url + "/";
  r.headers = {{"Content-Type", "application/x-amz-json-1.1"}, {"X-Amz-Target", "Svc.Op"}};
  r.body = std::move(body);
  return r;
}

TEST(CurlTransportTest, SendsMethodHeadersAndBodyAsGiven) {
  TestHttpServer server;
  auto transport = MakeCurlTransport();
  auto response = transport->Send(Post(server.url(), R"({"cluster":"prod"})"));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "{}");
  ASSERT_EQ(server.request_count(), 1u);
  RecordedRequest r = server.requests()[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path, "/");
  EXPECT_EQ(r.body, R"({"cluster":"prod"})");
  ASSERT_NE(r.header("X-Amz-Target"), nullptr);
  EXPECT_EQ(*r.header("X-Amz-Target"), "Svc.Op");
  EXPECT_EQ(*r.header("Content-Type"), "application/x-amz-json-1.1");
  EXPECT_EQ(r.header("Expect"), nullptr);
  ASSERT_NE(r.header("User-Agent"), nullptr);
  EXPECT_TRUE(r.header("User-Agent")->starts_with("berth/"));
}

TEST(CurlTransportTest, ReturnsErrorStatusesAndHeadersAsAResponse) {
  TestHttpServer server([](const RecordedRequest&) {
    return TestResponse{400, {{"x-amzn-RequestId", "req-1"}}, R"({"__type":"ClientException"})"};
  });
  auto transport = MakeCurlTransport();
  auto response = transport->Send(Post(server.url(), "{}"));
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 400);
  ASSERT_NE(FindHeader(response->headers, "X-Amzn-RequestId"), nullptr);
  EXPECT_EQ(*FindHeader(response->headers, "x-amzn-requestid"), "req-1");
}

TEST(CurlTransportTest, SendsGetWithoutBodyOrContentType) {
  TestHttpServer server;
  auto transport = MakeCurlTransport();
  Request r;
  r.method = "GET";
  r.url = server.url() + "/v2/?x=1";
  ASSERT_TRUE(transport->Send(r).ok());
  RecordedRequest got = server.requests()[0];
  EXPECT_EQ(got.method, "GET");
  EXPECT_EQ(got.query, "x=1");
  EXPECT_EQ(got.header("Content-Type"), nullptr);
}

TEST(CurlTransportTest, ReusesOneConnectionForSequentialCalls) {
  TestHttpServer server;
  auto transport = MakeCurlTransport();
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(transport->Send(Post(server.url(), "{}")).ok());
  std::set<int> ports;
  for (const auto& r : server.requests()) ports.insert(r.remote_port);
  EXPECT_EQ(ports.size(), 1u);
}

TEST(CurlTransportTest, SendsFromManyThreadsAtOnce) {
  TestHttpServer server;
  auto transport = MakeCurlTransport();
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        if (transport->Send(Post(server.url(), "{}")).ok()) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 200);
  std::set<int> ports;
  for (const auto& r : server.requests()) ports.insert(r.remote_port);
  // Connections are pooled: far fewer than one per request.
  EXPECT_LE(ports.size(), 16u);
}

TEST(CurlTransportTest, ConnectionRefusedIsANetworkError) {
  auto transport = MakeCurlTransport();
  auto response = transport->Send(Post("http://127.0.0.1:" + std::to_string(berth::testing::UnusedLocalPort()), "{}"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kNetwork);
  EXPECT_NE(response.status().message().find("cannot connect"), std::string::npos);
}

// Accepts connections and closes them without answering. Raw sockets, not
// http::Listener: httplib writes a status line for every request it reads, so
// the closest a Listener handler comes is drop_connection, which closes after
// the headers (curl's "transfer closed", tested in listener_test.cc); this is
// the other failure, a connection closed before any byte of a response.
class ClosingServer {
 public:
  ClosingServer() {
    fd_ = berth::testing::LoopbackSocket(&port_, 8);
    EXPECT_GE(fd_, 0);
    thread_ = std::thread([this] {
      char buf[4096];
      int c = ::accept(fd_, nullptr, nullptr);
      if (c >= 0) {
        (void)::recv(c, buf, sizeof(buf), 0);
        ::close(c);
      }
    });
  }
  ~ClosingServer() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

TEST(CurlTransportTest, ConnectionClosedWithoutResponseIsARetryableNetworkError) {
  ClosingServer server;
  auto transport = MakeCurlTransport();
  auto response = transport->Send(Post("http://127.0.0.1:" + std::to_string(server.port()), "{}"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kNetwork);
}

TEST(CurlTransportTest, SlowResponsePastTheRequestTimeoutIsATimeout) {
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  TestHttpServer server([&](const RecordedRequest&) {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return release; });
    return TestResponse{};
  });
  auto transport = MakeCurlTransport();
  Request r = Post(server.url(), "{}");
  r.timeout = std::chrono::milliseconds(100);
  auto response = transport->Send(r);
  {
    std::lock_guard lock(mu);
    release = true;
  }
  cv.notify_all();
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().code(), StatusCode::kTimeout);
}

TEST(CurlTransportTest, UpperCaseHttpProxyIsHonouredForHttpUrls) {
  TestHttpServer proxy;
  ScopedEnv lower("http_proxy", nullptr);
  ScopedEnv upper("HTTP_PROXY", proxy.url().c_str());
  ScopedEnv no1("NO_PROXY", nullptr);
  ScopedEnv no2("no_proxy", nullptr);
  auto transport = MakeCurlTransport();
  auto response = transport->Send(Post("http://ecs.berth-test.invalid", "{}"));
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  ASSERT_EQ(proxy.request_count(), 1u);
  // A proxy receives the absolute URL.
  EXPECT_EQ(proxy.requests()[0].target, "http://ecs.berth-test.invalid/");
}

TEST(CurlTransportTest, NoProxyBypassesTheProxy) {
  TestHttpServer proxy;
  TestHttpServer direct;
  ScopedEnv lower("http_proxy", nullptr);
  ScopedEnv upper("HTTP_PROXY", proxy.url().c_str());
  ScopedEnv no1("NO_PROXY", "127.0.0.1");
  ScopedEnv no2("no_proxy", nullptr);
  auto transport = MakeCurlTransport();
  ASSERT_TRUE(transport->Send(Post(direct.url(), "{}")).ok());
  EXPECT_EQ(proxy.request_count(), 0u);
  EXPECT_EQ(direct.request_count(), 1u);
}

}  // namespace
}  // namespace berth::http
