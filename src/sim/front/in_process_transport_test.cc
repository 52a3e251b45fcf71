// InProcessTransport: berth's AwsClient and HttpEcsApi get the same answers
// from a Simulator in-process as over real HTTP (operations, an AWS error, a
// throttle, an injected drop), and the admin API, the registry, latency and
// body limits behave as the HTTP front end does.
#include "sim/front/in_process_transport.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "aws/auth/sigv4.h"
#include "aws/ecs/api.h"
#include "http/transport.h"
#include "support/test_aws_client.h"

namespace berth::sim {
namespace {

using berth::testing::TestAwsClient;
using berth::testing::TestCredentials;

// One simulator and the AwsClient that reaches it, over HTTP or in-process.
// Both kinds start from the same instant on their own ManualClock, so the
// same calls give the same ids, times and request ids.
struct Backend {
  Backend(bool in_process, bool rate_limits) {
    SimOptions o;
    o.time_scale = 0;
    o.base_clock = &clock;
    o.rate_limits = rate_limits;
    o.admin_token = "admintoken";
    o.listen = !in_process;
    o.threads = 2;
    sim = std::move(Simulator::Start(o)).value();
    if (in_process) {
      transport = std::make_unique<InProcessTransport>(*sim);
    } else {
      transport = http::MakeCurlTransport();
    }
    client = std::make_unique<TestAwsClient>(
        sim->endpoint(), TestCredentials(kDefaultAccessKeyId, kDefaultSecretAccessKey), transport.get(), &clock);
  }
  ~Backend() {
    client.reset();
    transport.reset();
    sim->Stop();
  }

  Result<http::Response> Get(const std::string& path) {
    http::Request req;
    req.method = "GET";
    req.url = sim->endpoint() + path;
    return transport->Send(req);
  }
  // An admin call through the same transport; the HTTP status.
  int Admin(const std::string& path, const Json& body) {
    http::Request req;
    req.url = sim->endpoint() + path;
    req.headers = {{"X-Berth-Admin-Token", "admintoken"}, {"Content-Type", "application/json"}};
    req.body = body.dump();
    auto res = transport->Send(req);
    return res.ok() ? res->status : -1;
  }

  ManualClock clock;
  std::unique_ptr<Simulator> sim;
  std::unique_ptr<http::Transport> transport;
  std::unique_ptr<TestAwsClient> client;
};

// What a result says, for comparing two runs: the document, or the error.
template <typename T>
std::string Said(const Result<T>& r) {
  if (!r.ok()) {
    const Status& s = r.status();
    return "error " + std::to_string(static_cast<int>(s.code())) + " " + s.aws_code() + " " +
           std::to_string(s.http_status()) + " " + s.request_id() + ": " + s.message();
  }
  if constexpr (std::is_same_v<T, std::vector<std::string>>) {
    return Json(*r).dump();
  } else if constexpr (requires { r->items; }) {
    Json items = Json::array();
    for (const auto& item : r->items) items.push_back(item.raw);
    return items.dump() + " failures " + std::to_string(r->failures.size());
  } else {
    return r->raw.dump();
  }
}

// A service's life through the typed ECS API, with an AWS error on the way.
std::vector<std::string> Scenario(Backend& b) {
  aws::HttpEcsApi ecs(b.client->aws());
  std::vector<std::string> said;
  said.push_back(Said(ecs.CreateCluster({"prod", {{"team", "web"}}, {}, {}, {}})));
  aws::RegisterTaskDefinitionRequest td;
  td.task_definition = Json{{"family", "web"},
                            {"networkMode", "awsvpc"},
                            {"requiresCompatibilities", {"FARGATE"}},
                            {"cpu", "256"},
                            {"memory", "512"},
                            {"containerDefinitions", {{{"name", "web"}, {"image", "web:1"}, {"essential", true}}}}};
  said.push_back(Said(ecs.RegisterTaskDefinition(td)));
  aws::CreateServiceRequest cs;
  cs.cluster = "prod";
  cs.service_name = "web";
  cs.task_definition = "web:1";
  cs.desired_count = 2;
  cs.launch_type = "FARGATE";
  cs.network_configuration = Json{{"awsvpcConfiguration", {{"subnets", {"subnet-1"}}}}};
  said.push_back(Said(ecs.CreateService(cs)));
  b.sim->clock().Advance(std::chrono::minutes(2));
  said.push_back(Said(ecs.DescribeServices({"prod", {"web", "missing"}, false})));
  said.push_back(Said(ecs.ListClusters()));
  aws::UpdateServiceRequest us;
  us.cluster = "nowhere";
  us.service = "web";
  us.desired_count = 3;
  said.push_back(Said(ecs.UpdateService(us)));  // ClusterNotFoundException
  return said;
}

TEST(InProcessTransportTest, AwsClientGetsTheSameAnswersAsOverHttp) {
  Backend http(/*in_process=*/false, /*rate_limits=*/true);
  Backend local(/*in_process=*/true, /*rate_limits=*/true);
  std::vector<std::string> over_http = Scenario(http);
  std::vector<std::string> in_process = Scenario(local);
  ASSERT_EQ(in_process.size(), over_http.size());
  for (size_t i = 0; i < over_http.size(); ++i) EXPECT_EQ(in_process[i], over_http[i]) << "call " << i;
  EXPECT_NE(over_http[3].find("\"runningCount\":2"), std::string::npos) << over_http[3];
  EXPECT_NE(over_http.back().find("ClusterNotFoundException"), std::string::npos) << over_http.back();
}

TEST(InProcessTransportTest, RateLimitsThrottleAtTheSameCallAsOverHttp) {
  auto first_throttle = [](Backend& b) {
    aws::HttpEcsApi ecs(b.client->aws());
    for (int i = 1; i <= 25; ++i) {
      auto r = ecs.CreateCluster({"c" + std::to_string(i), {}, {}, {}, {}});
      if (!r.ok()) return std::to_string(i) + " " + Said(r);
    }
    return std::string("never throttled");
  };
  Backend http(false, true);
  Backend local(true, true);
  std::string over_http = first_throttle(http);
  EXPECT_EQ(first_throttle(local), over_http);
  // ECS's cluster-modify bucket holds 20; the manual clock refills nothing.
  EXPECT_EQ(over_http.rfind("21 ", 0), 0u) << over_http;
  EXPECT_NE(over_http.find("ThrottlingException"), std::string::npos) << over_http;
  EXPECT_NE(over_http.find(" " + std::to_string(static_cast<int>(StatusCode::kThrottled)) + " "), std::string::npos)
      << over_http;
}

TEST(InProcessTransportTest, DropFaultIsTheNetworkErrorOfAResetConnection) {
  for (bool in_process : {false, true}) {
    SCOPED_TRACE(in_process ? "in-process" : "over HTTP");
    Backend b(in_process, false);
    aws::HttpEcsApi ecs(b.client->aws());
    ASSERT_EQ(b.Admin("/_berth/faults", Json{{"kind", "drop"}, {"action", "ListClusters"}, {"count", 1}}), 200);
    auto dropped = ecs.ListClusters();
    ASSERT_FALSE(dropped.ok());
    EXPECT_EQ(dropped.status().code(), StatusCode::kNetwork) << dropped.status().ToString();
    EXPECT_TRUE(ecs.ListClusters().ok()) << "only the next call is dropped";
  }
}

TEST(InProcessTransportTest, InjectedLatencySleepsOnTheBaseClockAndCanTimeOut) {
  Backend b(true, false);
  ASSERT_EQ(b.Admin("/_berth/faults", Json{{"kind", "latency"}, {"latencyMs", 1500}, {"count", 2}}), 200);
  Duration before = b.clock.total_slept();
  EXPECT_TRUE(b.client->Call("ecs", "ListClusters", Json::object()).ok());
  EXPECT_EQ(b.clock.total_slept() - before, Duration(1500));

  // Past the request's timeout the client gives up after the timeout, as curl does.
  http::Request req;
  req.url = b.sim->endpoint() + "/";
  req.headers = {{"X-Amz-Target", std::string(kEcsTargetPrefix) + ".ListClusters"}};
  req.body = "{}";
  req.timeout = std::chrono::milliseconds(1000);
  aws::Credentials creds = TestCredentials(kDefaultAccessKeyId, kDefaultSecretAccessKey);
  ASSERT_TRUE(aws::SignRequest(req, creds, aws::SigningParams{"us-east-1", "ecs", b.clock.Now()}).ok());
  before = b.clock.total_slept();
  auto timed_out = b.transport->Send(req);
  ASSERT_FALSE(timed_out.ok());
  EXPECT_EQ(timed_out.status().code(), StatusCode::kTimeout) << timed_out.status().ToString();
  EXPECT_EQ(b.clock.total_slept() - before, Duration(1000));
}

TEST(InProcessTransportTest, AdminAndRegistryPathsAnswerWithTheirHeaders) {
  Backend b(true, false);
  auto h = b.Get("/_berth/health");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->status, 200);
  EXPECT_EQ(Json::parse(h->body)["ok"], true);
  ASSERT_NE(http::FindHeader(h->headers, "content-type"), nullptr);
  EXPECT_EQ(*http::FindHeader(h->headers, "Content-Type"), "application/json");
  EXPECT_EQ(*http::FindHeader(h->headers, "Content-Length"), std::to_string(h->body.size()));

  auto r = b.Get("/v2/");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 401);
  ASSERT_NE(http::FindHeader(r->headers, "WWW-Authenticate"), nullptr);
  EXPECT_EQ(Json::parse(r->body)["errors"][0]["code"], "UNAUTHORIZED");
}

TEST(InProcessTransportTest, ASimulatorThatDoesNotListenHasNoPortAndServesInProcess) {
  Backend b(true, false);
  EXPECT_EQ(b.sim->port(), 0);
  EXPECT_EQ(b.sim->endpoint(), kInProcessEndpoint);
  auto who = b.client->Call("sts", "GetCallerIdentity", Json::object());
  ASSERT_TRUE(who.ok()) << who.status().ToString();
  EXPECT_EQ((*who)["Arn"], "arn:aws:iam::123456789012:user/simulator");
}

TEST(InProcessTransportTest, ABodyOverTheLimitIs413AsOverHttp) {
  for (bool in_process : {false, true}) {
    SCOPED_TRACE(in_process ? "in-process" : "over HTTP");
    Backend b(in_process, false);
    http::Request req;
    req.url = b.sim->endpoint() + "/";
    req.headers = {{"X-Amz-Target", std::string(kEcsTargetPrefix) + ".ListClusters"}};
    req.body = std::string(9 * 1024 * 1024, ' ');
    auto r = b.transport->Send(req);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->status, 413);
  }
}

}  // namespace
}  // namespace berth::sim
