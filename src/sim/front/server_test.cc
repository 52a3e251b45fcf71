// The simulator over real HTTP on 127.0.0.1 port 0: signatures, AWS error
// formats, malformed requests, faults, admin API.
#include "sim/front/server.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <thread>

#include "aws/auth/sigv4.h"
#include "http/transport.h"
#include "support/sim_fixture.h"

namespace berth::sim {
namespace {

class SimServerTest : public testing::SimFixture {
 protected:
  void SetUp() override { StartSimulator(); }

  // Unsigned when `creds` is nullptr.
  http::Response Ecs(const std::string& op, const std::string& body, const aws::Credentials* creds) {
    return CallJson(std::string(kEcsTargetPrefix) + "." + op, body, creds != nullptr ? "ecs" : nullptr, creds);
  }
  http::Response Sts(const std::string& body, const aws::Credentials* creds) {
    return CallQuery(body, creds != nullptr ? "sts" : nullptr, creds);
  }
  static Json Body(const http::Response& r) { return Json::parse(r.body); }

  const aws::Credentials& good_ = creds_;
};

TEST_F(SimServerTest, SignedRequestIsAcceptedAndCarriesARequestId) {
  auto r = Ecs("CreateCluster", R"({"clusterName":"prod"})", &good_);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Body(r)["cluster"]["clusterArn"], "arn:aws:ecs:us-east-1:123456789012:cluster/prod");
  ASSERT_NE(http::FindHeader(r.headers, "x-amzn-RequestId"), nullptr);
}

TEST_F(SimServerTest, WrongSecretIsInvalidSignatureException) {
  aws::Credentials bad = good_;
  bad.secret_access_key = "wrong";
  auto r = Ecs("ListClusters", "{}", &bad);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["__type"], "InvalidSignatureException");
}

// AWS refuses a session token sent with a permanent access key.
TEST_F(SimServerTest, ASessionTokenWithAPermanentKeyIsRefused) {
  aws::Credentials with_token = good_;
  with_token.session_token = "any-token-at-all";
  auto r = Ecs("ListClusters", "{}", &with_token);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["__type"], "UnrecognizedClientException");
  auto q = Sts("Action=GetCallerIdentity&Version=2011-06-15", &with_token);
  EXPECT_EQ(q.status, 403);
  EXPECT_NE(q.body.find("<Code>InvalidClientTokenId</Code>"), std::string::npos) << q.body;
  EXPECT_EQ(Ecs("ListClusters", "{}", &good_).status, 200);
}

TEST_F(SimServerTest, UnknownAccessKeyIsUnrecognizedClientForJsonAndInvalidClientTokenIdForQuery) {
  aws::Credentials unknown = good_;
  unknown.access_key_id = "AKIDUNKNOWN";
  auto r = Ecs("ListClusters", "{}", &unknown);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["__type"], "UnrecognizedClientException");
  auto q = Sts("Action=GetCallerIdentity&Version=2011-06-15", &unknown);
  EXPECT_EQ(q.status, 403);
  EXPECT_NE(q.body.find("<Code>InvalidClientTokenId</Code>"), std::string::npos) << q.body;
  EXPECT_NE(q.body.find("<Type>Sender</Type>"), std::string::npos);
}

TEST_F(SimServerTest, BadSignatureOnQueryIsSignatureDoesNotMatch) {
  aws::Credentials bad = good_;
  bad.secret_access_key = "wrong";
  auto q = Sts("Action=GetCallerIdentity&Version=2011-06-15", &bad);
  EXPECT_EQ(q.status, 403);
  EXPECT_NE(q.body.find("<Code>SignatureDoesNotMatch</Code>"), std::string::npos) << q.body;
}

TEST_F(SimServerTest, MalformedJsonIsSerializationException) {
  auto r = Ecs("ListClusters", "{not json", &good_);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["__type"], "SerializationException");
}

// A member of the wrong JSON type is refused as AWS refuses it, before it
// reaches the world: a numeric `cpu` used to be stored, then end the process
// when the service's tasks were launched from it.
TEST_F(SimServerTest, AMemberOfTheWrongTypeIsASerializationExceptionAndTheWorldGoesOn) {
  auto r = Ecs("RegisterTaskDefinition",
               R"({"family": "typed", "cpu": 256, "memory": "512", "requiresCompatibilities": ["FARGATE"],
                   "networkMode": "awsvpc", "containerDefinitions": [{"name": "app", "image": "app:1"}]})",
               &good_);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(Body(r)["__type"], "SerializationException");
  EXPECT_NE(Body(r)["message"].get<std::string>().find("$.cpu"), std::string::npos) << r.body;
  EXPECT_EQ(Ecs("RegisterTaskDefinition",
                R"({"family": "typed", "containerDefinitions": [{"name": "app", "image": 12345}]})", &good_)
                .status,
            400);
  EXPECT_EQ(Ecs("ListTaskDefinitions", R"({"familyPrefix": "typed"})", &good_).body.find("typed"), std::string::npos)
      << "nothing was registered";

  ASSERT_EQ(Ecs("CreateCluster", R"({"clusterName": "c"})", &good_).status, 200);
  ASSERT_EQ(Ecs("RegisterTaskDefinition",
                R"({"family": "typed", "cpu": "256", "memory": "512", "requiresCompatibilities": ["FARGATE"],
                    "networkMode": "awsvpc", "containerDefinitions": [{"name": "app", "image": "app:1"}]})",
                &good_)
                .status,
            200);
  auto created = Ecs("CreateService",
                     R"({"cluster": "c", "serviceName": "s", "taskDefinition": "typed", "desiredCount": "2"})", &good_);
  EXPECT_EQ(created.status, 400) << created.body;
  ASSERT_EQ(Ecs("CreateService",
                R"({"cluster": "c", "serviceName": "s", "taskDefinition": "typed", "desiredCount": 2,
                    "launchType": "FARGATE",
                    "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-1"]}}})",
                &good_)
                .status,
            200);
  Advance(std::chrono::minutes(5));
  auto described = Ecs("DescribeServices", R"({"cluster": "c", "services": ["s"]})", &good_);
  ASSERT_EQ(described.status, 200);
  EXPECT_EQ(Body(described)["services"][0]["runningCount"], 2) << described.body;
}

TEST_F(SimServerTest, UnknownOperationsAreRejectedInEachProtocol) {
  auto r = Ecs("LaunchRockets", "{}", &good_);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Body(r)["__type"], "UnknownOperationException");
  auto q = Sts("Action=LaunchRockets&Version=2011-06-15", &good_);
  EXPECT_EQ(q.status, 400);
  EXPECT_NE(q.body.find("<Code>InvalidAction</Code>"), std::string::npos) << q.body;
}

TEST_F(SimServerTest, OversizedBodyIs413AndTheServerKeepsServing) {
  auto r = Ecs("ListClusters", std::string(9 * 1024 * 1024, ' '), nullptr);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(Ecs("ListClusters", "{}", &good_).status, 200);
}

TEST_F(SimServerTest, AssumedRoleCredentialsAreAcceptedUntilTheyExpire) {
  auto q =
      Sts("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdeployer"
          "&RoleSessionName=ci&DurationSeconds=900",
          &good_);
  ASSERT_EQ(q.status, 200) << q.body;
  auto field = [&](const std::string& name) {
    auto b = q.body.find("<" + name + ">") + name.size() + 2;
    return q.body.substr(b, q.body.find("</" + name + ">") - b);
  };
  aws::Credentials temp{field("AccessKeyId"), field("SecretAccessKey"), field("SessionToken"), std::nullopt, "sts"};
  auto who = Sts("Action=GetCallerIdentity&Version=2011-06-15", &temp);
  EXPECT_EQ(who.status, 200) << who.body;
  EXPECT_NE(who.body.find("<Arn>arn:aws:sts::123456789012:assumed-role/deployer/ci</Arn>"), std::string::npos);
  ASSERT_EQ(Admin("POST", "/_berth/clock/advance", R"({"duration":"16m"})").status, 200);
  auto expired = Ecs("ListClusters", "{}", &temp);
  EXPECT_EQ(Body(expired)["__type"], "ExpiredTokenException");
}

TEST_F(SimServerTest, InjectedThrottleAnswersWithAwsThrottlingErrorForTheNextCalls) {
  ASSERT_EQ(Admin("POST", "/_berth/faults", R"({"kind":"throttle","action":"ListClusters","count":2})").status, 200);
  for (int i = 0; i < 2; ++i) {
    auto r = Ecs("ListClusters", "{}", &good_);
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(Body(r)["__type"], "ThrottlingException");
    EXPECT_EQ(Body(r)["message"], "Rate exceeded");
  }
  EXPECT_EQ(Ecs("ListClusters", "{}", &good_).status, 200);
}

TEST_F(SimServerTest, InjectedServerErrorAndDroppedConnection) {
  Admin("POST", "/_berth/faults", R"({"kind":"error","status":503,"count":1})");
  EXPECT_EQ(Ecs("ListClusters", "{}", &good_).status, 503);
  Admin("POST", "/_berth/faults", R"({"kind":"drop","count":1})");
  http::Request req;
  req.url = sim_->endpoint() + "/";
  req.headers = {{"X-Amz-Target", std::string(kEcsTargetPrefix) + ".ListClusters"}};
  req.body = "{}";
  ASSERT_TRUE(aws::SignRequest(req, good_, aws::SigningParams{"us-east-1", "ecs", clock_.Now()}).ok());
  EXPECT_FALSE(transport_->Send(req).ok()) << "the connection should close mid-response";
  EXPECT_EQ(Ecs("ListClusters", "{}", &good_).status, 200);
}

TEST_F(SimServerTest, RateLimitsThrottleServiceModifyAfterItsBurstOfFifty) {
  Ecs("CreateCluster", "{}", &good_);
  Ecs("RegisterTaskDefinition", R"({"family":"a","containerDefinitions":[{"name":"a","image":"i"}]})", &good_);
  Ecs("CreateService", R"({"serviceName":"s","taskDefinition":"a","desiredCount":0})", &good_);
  int throttled = 0;
  for (int i = 0; i < 50; ++i) {  // CreateService took one token of the 50
    auto r = Ecs("UpdateService", R"({"service":"s","desiredCount":0})", &good_);
    if (r.status == 400 && Body(r)["__type"] == "ThrottlingException") throttled++;
  }
  EXPECT_EQ(throttled, 1);
}

TEST_F(SimServerTest, AdminApiNeedsTheTokenAndDumpsState) {
  EXPECT_EQ(Admin("GET", "/_berth/state", "", "wrong").status, 401);
  Ecs("CreateCluster", R"({"clusterName":"prod"})", &good_);
  auto r = Admin("GET", "/_berth/state", "");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(Body(r)["regions"]["123456789012/us-east-1"]["clusters"].contains("prod"));
  EXPECT_EQ(Admin("POST", "/_berth/reset", "{}").status, 200);
  EXPECT_TRUE(Body(Ecs("ListClusters", "{}", &good_))["clusterArns"].empty());
}

TEST_F(SimServerTest, CallCountsCountEveryAwsRequestIncludingFailuresButNotAdminCalls) {
  Ecs("CreateCluster", R"({"clusterName":"prod"})", &good_);
  Ecs("DescribeServices", R"({"cluster":"prod","services":["missing"]})", &good_);
  aws::Credentials bad = good_;
  bad.secret_access_key = "wrong";
  EXPECT_EQ(Ecs("DescribeServices", "{}", &bad).status, 400);  // rejected signature still counts
  Admin("POST", "/_berth/faults", R"({"kind":"throttle","action":"ListClusters","count":1})");
  EXPECT_EQ(Ecs("ListClusters", "{}", &good_).status, 400);  // injected throttle still counts
  Sts("Action=GetCallerIdentity&Version=2011-06-15", &good_);
  Ecs("NoSuchOperation", "{}", &good_);

  auto r = Admin("GET", "/_berth/calls", "");
  ASSERT_EQ(r.status, 200) << r.body;
  Json calls = Body(r);
  EXPECT_EQ(calls["total"], 6);
  EXPECT_EQ(calls["calls"]["ecs:CreateCluster"], 1);
  EXPECT_EQ(calls["calls"]["ecs:DescribeServices"], 2);
  EXPECT_EQ(calls["calls"]["ecs:ListClusters"], 1);
  EXPECT_EQ(calls["calls"]["sts:GetCallerIdentity"], 1);
  EXPECT_EQ(calls["calls"].size(), 5u);  // plus the unknown operation
  EXPECT_EQ(sim_->CallCounts(), calls);
  EXPECT_EQ(Admin("GET", "/_berth/calls", "", "wrong").status, 401);

  EXPECT_EQ(Admin("DELETE", "/_berth/calls", "").status, 200);
  EXPECT_EQ(Body(Admin("GET", "/_berth/calls", ""))["total"], 0);
  Ecs("ListClusters", "{}", &good_);
  EXPECT_EQ(sim_->CallCounts()["calls"]["ecs:ListClusters"], 1);
  sim_->ResetCallCounts();
  EXPECT_EQ(sim_->CallCounts()["total"], 0);
}

// On the real clock: a request held by an hour of injected latency ends when
// the simulator stops, so Stop never waits out a fault (without that this
// test would hang until ctest's timeout fails it).
TEST(SimServerStopTest, StopEndsAnInjectedLatencyInFlight) {
  SimOptions o;
  o.time_scale = 0;
  o.admin_token = "admintoken";
  auto started = Simulator::Start(o);
  ASSERT_TRUE(started.ok()) << started.status().ToString();
  std::unique_ptr<Simulator> sim = std::move(started).value();
  Fault f;
  f.kind = Fault::Kind::kLatency;
  f.action = "ListClusters";
  f.latency_ms = 3'600'000;
  sim->faults().Add(f);

  http::Request req;
  req.url = sim->endpoint() + "/";
  req.headers = {{"X-Amz-Target", std::string(kEcsTargetPrefix) + ".ListClusters"},
                 {"Content-Type", "application/x-amz-json-1.1"}};
  req.body = "{}";
  req.timeout = std::chrono::hours(2);
  aws::Credentials creds{kDefaultAccessKeyId, kDefaultSecretAccessKey, "", std::nullopt, "test"};
  ASSERT_TRUE(aws::SignRequest(req, creds, aws::SigningParams{"us-east-1", "ecs", RealClock().Now()}).ok());
  std::unique_ptr<http::Transport> transport = http::MakeCurlTransport();
  // The caller closes its connection once answered: an idle keep-alive
  // connection would hold the listener's Stop for its keep-alive timeout.
  std::thread caller([&] {
    (void)transport->Send(req);
    transport.reset();
  });
  // The call is counted before its latency: once it is, it is in flight.
  while (sim->CallCounts().value("total", 0) < 1) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  sim->Stop();
  caller.join();
  EXPECT_TRUE(sim->stopping().cancelled());
}

}  // namespace
}  // namespace berth::sim
