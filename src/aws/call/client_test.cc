#include "aws/call/client.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <thread>

#include "aws/auth/sigv4.h"
#include "aws/call/rate_limit.h"
#include "core/cancel.h"
#include "core/log.h"
#include "core/timestamp.h"
#include "http/fault_transport.h"
#include "support/test_http_server.h"

namespace berth::aws {
namespace {

using berth::testing::RecordedRequest;
using berth::testing::TestHttpServer;
using berth::testing::TestResponse;
using std::chrono::milliseconds;

constexpr char kSecret[] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

// Hands out session credentials whose token changes after Invalidate().
class RotatingCredentials final : public CredentialsProvider {
 public:
  Result<Credentials> GetCredentials() override {
    Credentials c;
    c.access_key_id = "AKIDEXAMPLE";
    c.secret_access_key = kSecret;
    c.session_token = "token-" + std::to_string(generation.load());
    return c;
  }
  void Invalidate() override { ++generation; }
  std::atomic<int> generation{0};
};

TestResponse JsonOk(std::string body) {
  return TestResponse{200, {{"x-amzn-RequestId", "rid-ok"}}, std::move(body), "application/x-amz-json-1.1"};
}

class AwsClientTest : public ::testing::Test {
 protected:
  AwsClientTest() : curl_(http::MakeCurlTransport()), faults_(curl_.get(), &clock_) {}

  std::unique_ptr<AwsClient> MakeClient(RateLimiter* limiter = nullptr, RetryOptions retry = {}) {
    ClientDeps deps;
    deps.transport = &faults_;
    deps.credentials = &creds_;
    deps.clock = &clock_;
    deps.rate_limiter = limiter;
    deps.settings.region = "us-east-1";
    deps.settings.endpoint_url = server_.url();
    deps.retry = retry;
    deps.random = [] { return 0.5; };
    return std::make_unique<AwsClient>(std::move(deps));
  }

  static const ServiceInfo& Ecs() { return *FindService("ecs"); }
  static const ServiceInfo& Elbv2() { return *FindService("elbv2"); }

  TestHttpServer server_;
  ManualClock clock_;
  std::unique_ptr<http::Transport> curl_;
  http::FaultTransport faults_;
  RotatingCredentials creds_;
};

void ExpectValidSignature(const RecordedRequest& r, std::string_view service) {
  ASSERT_NE(r.header("Authorization"), nullptr);
  auto auth = ParseAuthorizationHeader(*r.header("Authorization"));
  ASSERT_TRUE(auth.ok()) << auth.status().ToString();
  EXPECT_EQ(auth->access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(auth->region, "us-east-1");
  EXPECT_EQ(auth->service, service);
  ASSERT_NE(r.header("X-Amz-Date"), nullptr);
  EXPECT_EQ(ComputeSignature(r.method, r.path, r.query, r.headers, r.body, *auth, *r.header("X-Amz-Date"), kSecret),
            auth->signature);
}

TEST_F(AwsClientTest, JsonCallSendsTargetContentTypeBodyAndAValidSignature) {
  server_.SetHandler([](const RecordedRequest&) { return JsonOk(R"({"services":[{"serviceName":"web"}]})"); });
  auto client = MakeClient();
  auto out = client->Call(Ecs(), "DescribeServices", Json::parse(R"({"cluster":"prod","services":["web"]})"));
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ((*out)["services"][0]["serviceName"], "web");
  ASSERT_EQ(server_.request_count(), 1u);
  RecordedRequest r = server_.requests()[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.path, "/");
  EXPECT_EQ(*r.header("X-Amz-Target"), "AmazonEC2ContainerServiceV20141113.DescribeServices");
  EXPECT_EQ(*r.header("Content-Type"), "application/x-amz-json-1.1");
  EXPECT_EQ(r.body, R"({"cluster":"prod","services":["web"]})");
  EXPECT_EQ(*r.header("X-Amz-Date"), AmzDate(clock_.Now()));
  EXPECT_EQ(*r.header("X-Amz-Security-Token"), "token-0");
  EXPECT_EQ(r.header("Expect"), nullptr);
  ExpectValidSignature(r, "ecs");
}

TEST_F(AwsClientTest, QueryCallSendsAFormBodyAndUnwrapsTheXmlResult) {
  server_.SetHandler([](const RecordedRequest&) {
    return TestResponse{200,
                        {},
                        "<DescribeTargetHealthResponse><DescribeTargetHealthResult><TargetHealthDescriptions>"
                        "<member><Target><Id>i-1</Id></Target></member></TargetHealthDescriptions>"
                        "</DescribeTargetHealthResult><ResponseMetadata><RequestId>q-1</RequestId>"
                        "</ResponseMetadata></DescribeTargetHealthResponse>",
                        "text/xml"};
  });
  auto client = MakeClient();
  auto out = client->Call(Elbv2(), "DescribeTargetHealth", Json{{"TargetGroupArn", "arn:tg/1"}});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ((*out)["TargetHealthDescriptions"][0]["Target"]["Id"], "i-1");
  EXPECT_EQ((*out)["ResponseMetadata"]["RequestId"], "q-1");
  RecordedRequest r = server_.requests()[0];
  EXPECT_EQ(r.body, "Action=DescribeTargetHealth&Version=2015-12-01&TargetGroupArn=arn%3Atg%2F1");
  EXPECT_EQ(*r.header("Content-Type"), "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_EQ(r.header("X-Amz-Target"), nullptr);
  ExpectValidSignature(r, "elasticloadbalancing");
}

TEST_F(AwsClientTest, ThrottlingIsRetriedWithJitteredBackoffOnTheClock) {
  faults_.ThrottleNext(2);
  auto client = MakeClient();
  auto out = client->Call(Ecs(), "DescribeServices", Json::object());
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(faults_.calls(), 3);
  // random 0.5: 0.5 * 1 s, then 0.5 * 2 s.
  EXPECT_EQ(clock_.total_slept(), milliseconds(1500));
}

TEST_F(AwsClientTest, ACancelledTokenEndsTheRetryBackoffAtOnce) {
  faults_.ThrottleNext(100);
  CancelToken cancel;
  cancel.Cancel(2);  // Ctrl-C came while the first attempt was in flight
  ClientDeps deps;
  deps.transport = &faults_;
  deps.credentials = &creds_;
  deps.clock = &clock_;
  deps.settings.region = "us-east-1";
  deps.settings.endpoint_url = server_.url();
  deps.random = [] { return 0.5; };
  deps.cancel = &cancel;
  AwsClient client(std::move(deps));
  auto out = client.Call(Ecs(), "DescribeServices", Json::object());
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kCancelled);
  EXPECT_NE(out.status().message().find("DescribeServices"), std::string::npos) << out.status().message();
  EXPECT_EQ(faults_.calls(), 1) << "no attempt after the cancellation";
  EXPECT_EQ(clock_.total_slept(), milliseconds(0));
}

TEST_F(AwsClientTest, ThrottlingUntilAttemptsRunOutIsThrottled) {
  faults_.ThrottleNext(100);
  RetryOptions retry;
  retry.max_throttle_attempts = 5;
  auto client = MakeClient(nullptr, retry);
  auto out = client->Call(Elbv2(), "ModifyRule", Json::object());
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kThrottled);
  EXPECT_EQ(out.status().aws_code(), "Throttling");
  EXPECT_EQ(faults_.calls(), 5);
  EXPECT_NE(out.status().message().find("5 attempt(s)"), std::string::npos) << out.status().message();
}

TEST_F(AwsClientTest, ServerErrorsAndResetConnectionsAreRetried) {
  faults_.DropNext(1);
  faults_.FailNext(1, 503);
  auto client = MakeClient();
  auto out = client->Call(Ecs(), "ListClusters", Json::object());
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(faults_.calls(), 3);
  EXPECT_EQ(server_.request_count(), 1u);
}

TEST_F(AwsClientTest, RealConnectionResetIsRetriedThenReported) {
  ClientDeps deps;
  deps.transport = curl_.get();
  deps.credentials = &creds_;
  deps.clock = &clock_;
  deps.settings.region = "us-east-1";
  deps.settings.endpoint_url = "http://127.0.0.1:" + std::to_string(berth::testing::UnusedLocalPort());
  deps.random = [] { return 1.0; };
  AwsClient client(std::move(deps));
  auto out = client.Call(Ecs(), "ListClusters", Json::object());
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kNetwork);
  EXPECT_EQ(clock_.total_slept(), milliseconds(3000));  // 1 s + 2 s before attempts 2 and 3
}

TEST_F(AwsClientTest, ClientErrorsAreNeverRetried) {
  server_.SetHandler([](const RecordedRequest&) {
    return TestResponse{400,
                        {{"x-amzn-RequestId", "rid-9"}},
                        R"({"__type":"com.amazonaws.ecs#ClientException","message":"bad cluster name"})"};
  });
  auto client = MakeClient();
  auto out = client->Call(Ecs(), "DescribeServices", Json::object());
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kAwsError);
  EXPECT_EQ(out.status().aws_code(), "ClientException");
  EXPECT_EQ(out.status().request_id(), "rid-9");
  EXPECT_EQ(out.status().http_status(), 400);
  EXPECT_EQ(server_.request_count(), 1u);
  EXPECT_EQ(clock_.total_slept().count(), 0);
}

TEST_F(AwsClientTest, HtmlBadGatewayFromAProxyEndsAsBadResponse) {
  server_.SetHandler([](const RecordedRequest&) {
    return TestResponse{502, {}, "<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html"};
  });
  auto client = MakeClient();
  auto out = client->Call(Ecs(), "DescribeServices", Json::object());
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kBadResponse);
  EXPECT_EQ(server_.request_count(), 3u);  // 502 is transient: retried first
}

TEST_F(AwsClientTest, TruncatedJsonSuccessIsABadResponse) {
  server_.SetHandler([](const RecordedRequest&) { return JsonOk(R"({"services":[{"serviceNa)"); });
  auto client = MakeClient();
  auto out = client->Call(Ecs(), "DescribeServices", Json::object());
  EXPECT_EQ(out.status().code(), StatusCode::kBadResponse);
  EXPECT_EQ(server_.request_count(), 1u);
}

TEST_F(AwsClientTest, EmptyServerErrorIsRetriedThenAnAwsError) {
  server_.SetHandler([](const RecordedRequest&) { return TestResponse{500, {}, ""}; });
  auto client = MakeClient();
  auto out = client->Call(Ecs(), "UpdateService", Json::object());
  EXPECT_EQ(out.status().code(), StatusCode::kAwsError);
  EXPECT_EQ(out.status().aws_code(), "500");
  EXPECT_EQ(server_.request_count(), 3u);
}

TEST_F(AwsClientTest, AnEmptyRetryQuotaStopsRetrying) {
  server_.SetHandler([](const RecordedRequest&) { return TestResponse{503, {}, ""}; });
  auto client = MakeClient();
  // Each failing call spends 2 retries * 5 of the 500-token quota.
  for (int i = 0; i < 50; ++i) ASSERT_FALSE(client->Call(Ecs(), "ListClusters", Json::object()).ok());
  EXPECT_EQ(server_.request_count(), 150u);
  server_.ClearRequests();
  ASSERT_FALSE(client->Call(Ecs(), "ListClusters", Json::object()).ok());
  EXPECT_EQ(server_.request_count(), 1u);
  // Successes refill it.
  server_.SetHandler([](const RecordedRequest&) { return JsonOk("{}"); });
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(client->Call(Ecs(), "ListClusters", Json::object()).ok());
  server_.SetHandler([](const RecordedRequest&) { return TestResponse{503, {}, ""}; });
  server_.ClearRequests();
  ASSERT_FALSE(client->Call(Ecs(), "ListClusters", Json::object()).ok());
  EXPECT_EQ(server_.request_count(), 3u);
}

TEST_F(AwsClientTest, ClockSkewIsCorrectedFromTheDateHeaderAndRetriedOnce) {
  SystemTime server_time = clock_.Now() + std::chrono::hours(1);
  server_.SetHandler([&](const RecordedRequest& r) {
    if (*r.header("X-Amz-Date") != AmzDate(server_time)) {
      return TestResponse{400,
                          {{"Date", FormatHttpDate(server_time)}},
                          R"({"__type":"InvalidSignatureException","message":"Signature expired"})"};
    }
    return JsonOk("{}");
  });
  auto client = MakeClient();
  ASSERT_TRUE(client->Call(Ecs(), "ListClusters", Json::object()).ok());
  EXPECT_EQ(server_.request_count(), 2u);
  EXPECT_EQ(clock_.total_slept().count(), 0);
  // The offset stays for later calls.
  ASSERT_TRUE(client->Call(Ecs(), "ListClusters", Json::object()).ok());
  EXPECT_EQ(server_.request_count(), 3u);
}

TEST_F(AwsClientTest, SignatureErrorWithoutSkewIsACredentialsErrorNotRetried) {
  server_.SetHandler([&](const RecordedRequest&) {
    return TestResponse{
        403,
        {{"Date", FormatHttpDate(clock_.Now())}},
        R"({"__type":"InvalidSignatureException","message":"The request signature we calculated does not match"})"};
  });
  auto client = MakeClient();
  auto out = client->Call(Ecs(), "ListClusters", Json::object());
  EXPECT_EQ(out.status().code(), StatusCode::kCredentials);
  EXPECT_EQ(server_.request_count(), 1u);
}

TEST_F(AwsClientTest, ExpiredTokenRefetchesCredentialsAndRetriesOnce) {
  server_.SetHandler([](const RecordedRequest& r) {
    if (*r.header("X-Amz-Security-Token") == "token-0") {
      return TestResponse{
          400,
          {},
          R"({"__type":"ExpiredTokenException","message":"The security token included in the request is expired"})"};
    }
    return JsonOk("{}");
  });
  auto client = MakeClient();
  ASSERT_TRUE(client->Call(Ecs(), "ListClusters", Json::object()).ok());
  EXPECT_EQ(creds_.generation.load(), 1);
  EXPECT_EQ(server_.request_count(), 2u);
  // Still expired after a refresh: a credentials error, no loop.
  server_.SetHandler([](const RecordedRequest&) {
    return TestResponse{400, {}, R"({"__type":"ExpiredTokenException","message":"expired"})"};
  });
  server_.ClearRequests();
  auto out = client->Call(Ecs(), "ListClusters", Json::object());
  EXPECT_EQ(out.status().code(), StatusCode::kCredentials);
  EXPECT_EQ(server_.request_count(), 2u);
}

TEST_F(AwsClientTest, PaginateFollowsTheTokenUntilItIsGone) {
  server_.SetHandler([](const RecordedRequest& r) {
    Json in = Json::parse(r.body);
    if (!in.contains("nextToken")) return JsonOk(R"({"serviceArns":["a","b"],"nextToken":"t1"})");
    if (in["nextToken"] == "t1") return JsonOk(R"({"serviceArns":["c"],"nextToken":"t2"})");
    return JsonOk(R"({"serviceArns":["d"]})");
  });
  auto client = MakeClient();
  std::vector<std::string> arns;
  Status s = client->Paginate(Ecs(), "ListServices", Json{{"cluster", "prod"}}, "nextToken", "nextToken",
                              [&](const Json& page) {
                                for (const auto& a : page["serviceArns"]) arns.push_back(a.get<std::string>());
                                return Status::Ok();
                              });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(arns, (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(server_.request_count(), 3u);
  EXPECT_EQ(server_.requests()[2].body, R"({"cluster":"prod","nextToken":"t2"})");
}

TEST_F(AwsClientTest, RateLimiterSlowsCallsAndLearnsFromThrottles) {
  RateLimiter limiter(clock_);
  auto client = MakeClient(&limiter);
  for (int i = 0; i < 21; ++i) ASSERT_TRUE(client->Call(Ecs(), "RegisterTaskDefinition", Json::object()).ok());
  EXPECT_EQ(clock_.total_slept(), milliseconds(1000));
  faults_.ThrottleNext(1);
  ASSERT_TRUE(client->Call(Ecs(), "UpdateService", Json::object()).ok());
  EXPECT_LT(limiter.RefillRate("us-east-1", BucketsFor(Ecs(), "UpdateService")[0]), 5.0);
}

TEST_F(AwsClientTest, ManyCallsInFlightFromEightThreads) {
  server_.SetHandler([](const RecordedRequest&) { return JsonOk(R"({"clusterArns":[]})"); });
  auto client = MakeClient();
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        if (client->Call(Ecs(), "ListClusters", Json::object()).ok()) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 200);
  EXPECT_EQ(server_.request_count(), 200u);
}

TEST_F(AwsClientTest, LogsOneDebugLinePerCallAndNeverTheSignature) {
  std::string captured;
  std::mutex mu;
  SetStderrSinkForTest([&](std::string_view text) {
    std::lock_guard lock(mu);
    captured += text;
  });
  SetLogLevel(LogLevel::kTrace);
  auto client = MakeClient();
  ASSERT_TRUE(client->Call(Ecs(), "ListClusters", Json::object()).ok());
  SetLogLevel(LogLevel::kError);
  SetStderrSinkForTest(nullptr);
  EXPECT_NE(captured.find("aws: ecs ListClusters: HTTP 200"), std::string::npos) << captured;
  EXPECT_NE(captured.find("1 attempt(s)"), std::string::npos);
  EXPECT_EQ(captured.find("Signature="), std::string::npos) << captured;
  EXPECT_EQ(captured.find("token-0"), std::string::npos) << captured;
}

}  // namespace
}  // namespace berth::aws
