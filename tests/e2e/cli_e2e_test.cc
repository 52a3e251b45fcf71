// The real `berth` binary against bad input of every kind: each case must end
// with ONE clear error message saying what to do, its documented exit code
// (docs/exit-codes.md), and never a crash.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <regex>
#include <thread>

#include "support/berth_child.h"
#include "support/berth_process.h"
#include "support/sim_env.h"
#include "support/test_http_server.h"

namespace berth {
namespace {

using testing::EnvMap;
using testing::ProcessResult;
using testing::RunBerth;
using testing::TempHome;
using testing::TestHttpServer;
using testing::TestResponse;

constexpr char kGoodCredentials[] =
    "[default]\naws_access_key_id = AKIDE2ETEST\naws_secret_access_key = e2eSecretKeyValue0123456789\n";

size_t CountOccurrences(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) ++n;
  return n;
}

// The contract every failure must meet.
void ExpectOneClearError(const ProcessResult& r, int exit_code, const std::string& must_mention) {
  ASSERT_FALSE(r.signaled) << "berth died of signal " << r.signal << "\n" << r.all();
  EXPECT_EQ(r.exit_code, exit_code) << r.all();
  EXPECT_EQ(CountOccurrences(r.err, "berth: error:"), 1u) << r.err;
  EXPECT_NE(r.err.find(must_mention), std::string::npos) << "expected '" << must_mention << "' in:\n" << r.err;
  EXPECT_EQ(r.out, "") << "nothing on stdout for a failure in text mode";
}

class CliE2eTest : public ::testing::Test {
 protected:
  void SetUp() override { home_.WriteCredentials(kGoodCredentials); }

  EnvMap Env() const {
    EnvMap env = home_.BaseEnv();
    env["AWS_REGION"] = "us-east-1";
    // One retry keeps the 5xx cases quick while still going through the retry path.
    env["AWS_MAX_ATTEMPTS"] = "2";
    return env;
  }
  ProcessResult Api(const std::string& endpoint, EnvMap env, std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {"api", "ecs", "ListClusters", "--endpoint-url", endpoint};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunBerth(args, env);
  }

  TempHome home_;
  TestHttpServer server_;  // answers 200 "{}" unless a test says otherwise
};

TEST_F(CliE2eTest, AWorkingCallPrintsTheResponseAndExitsZero) {
  server_.SetHandler([](const auto&) {
    return TestResponse{200, {}, R"({"clusterArns":["arn:aws:ecs:us-east-1:1:cluster/c"]})"};
  });
  ProcessResult r = Api(server_.url(), Env());
  ASSERT_FALSE(r.signaled);
  EXPECT_EQ(r.exit_code, 0) << r.all();
  EXPECT_NE(r.out.find("\"clusterArns\": ["), std::string::npos) << r.out;
}

TEST_F(CliE2eTest, MalformedConfigFileIsAConfigErrorNamingTheFile) {
  home_.WriteConfig("[profile dev\nregion = us-east-1\n");
  ExpectOneClearError(Api(server_.url(), Env()), 4, home_.config_path());
}

TEST_F(CliE2eTest, MalformedCredentialsFileIsAConfigErrorNamingTheFile) {
  home_.WriteCredentials("[default\naws_access_key_id = x\n");
  ExpectOneClearError(Api(server_.url(), Env()), 4, home_.credentials_path());
}

TEST_F(CliE2eTest, UnknownProfileIsAConfigErrorNamingIt) {
  ExpectOneClearError(Api(server_.url(), Env(), {"--profile", "no-such-profile"}), 4, "no-such-profile");
}

TEST_F(CliE2eTest, ExpiredEnvironmentCredentialsAreACredentialsError) {
  EnvMap env = Env();
  env["AWS_ACCESS_KEY_ID"] = "AKIDEXPIRED";
  env["AWS_SECRET_ACCESS_KEY"] = "expiredSecretValue0123456789";
  env["AWS_SESSION_TOKEN"] = "expiredSessionTokenValue0123456789";
  env["AWS_CREDENTIAL_EXPIRATION"] = "2001-01-01T00:00:00Z";
  ExpectOneClearError(Api(server_.url(), env), 5, "expired");
  EXPECT_EQ(server_.request_count(), 0u) << "expired credentials must not be sent";
}

TEST_F(CliE2eTest, InvalidRegionIsAConfigErrorNamingIt) {
  ExpectOneClearError(Api(server_.url(), Env(), {"--region", "mars-north-1x"}), 4, "mars-north-1x");
}

TEST_F(CliE2eTest, NonJsonResponseIsABadResponse) {
  server_.SetHandler([](const auto&) { return TestResponse{200, {}, "hello, not json"}; });
  ExpectOneClearError(Api(server_.url(), Env()), 11, "JSON");
}

TEST_F(CliE2eTest, TruncatedJsonResponseIsABadResponse) {
  server_.SetHandler([](const auto&) {
    return TestResponse{200, {}, R"({"clusterArns":["arn:aws:ecs:us-east-1:1:clu)"};
  });
  ExpectOneClearError(Api(server_.url(), Env()), 11, "JSON");
}

TEST_F(CliE2eTest, HtmlErrorPageFromAProxyIsABadResponse) {
  server_.SetHandler([](const auto&) {
    TestResponse r{502,
                   {},
                   "<html><head><title>502 Bad Gateway</title></head>"
                   "<body><h1>Bad Gateway</h1><hr>nginx</body></html>"};
    r.content_type = "text/html";
    return r;
  });
  ProcessResult r = Api(server_.url(), Env());
  ExpectOneClearError(r, 11, "proxy");
  EXPECT_EQ(r.err.find("<html>"), std::string::npos) << "the page itself is not the message";
}

TEST_F(CliE2eTest, ConnectionRefusedIsANetworkError) {
  std::string url = "http://127.0.0.1:" + std::to_string(testing::UnusedLocalPort());
  ExpectOneClearError(Api(url, Env()), 9, "127.0.0.1");
}

// A hanging endpoint: each request runs out of its --request-timeout, which
// is a network error (exit 9), announced while it retries; not exit 12,
// which is for waits that run past --timeout.
TEST_F(CliE2eTest, AHangingEndpointIsANetworkErrorAfterTheRequestTimeout) {
  std::atomic<bool> release{false};
  server_.SetHandler([&](const auto&) {
    // Far longer than the 1 s request time-out; released at the end of the test.
    for (int i = 0; i < 600 && !release.load(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return TestResponse{200, {}, "{}"};
  });
  ProcessResult r = Api(server_.url(), Env(), {"--request-timeout", "1s"});
  release = true;
  ExpectOneClearError(r, 9, "no response within 1s (--request-timeout)");
  EXPECT_NE(r.err.find("berth: warning: ecs ListClusters: no response within 1s"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("retrying in"), std::string::npos) << r.err;
  EXPECT_EQ(server_.request_count(), 2u) << "AWS_MAX_ATTEMPTS=2 attempts";
}

TEST_F(CliE2eTest, ABadRequestTimeoutOrEmptyGlobalFlagIsAUsageError) {
  ExpectOneClearError(Api(server_.url(), Env(), {"--request-timeout", "0s"}), 3, "from 1s to 1h");
  ExpectOneClearError(Api(server_.url(), Env(), {"--request-timeout", "soon"}), 3, "--request-timeout is 'soon'");
  EnvMap env = Env();
  env["BERTH_REQUEST_TIMEOUT"] = "2days";
  ExpectOneClearError(Api(server_.url(), env), 4, "BERTH_REQUEST_TIMEOUT is '2days'");
  ExpectOneClearError(RunBerth({"api", "ecs", "ListClusters", "--region", ""}, Env()), 3, "--region is empty");
  ExpectOneClearError(RunBerth({"api", "ecs", "ListClusters", "--endpoint-url", "not a url"}, Env()), 3,
                      "--endpoint-url is not a usable endpoint URL");
  EXPECT_EQ(server_.request_count(), 0u);
}

TEST_F(CliE2eTest, InvalidJsonInputExitsThreeWithThePosition) {
  ProcessResult r = RunBerth({"api", "ecs", "DescribeServices", "--endpoint-url", server_.url(), "--input",
                              "{\"cluster\": \"c\",\n \"services\": [s]}"},
                             Env());
  ExpectOneClearError(r, 3, "line 2, column");
  EXPECT_EQ(server_.request_count(), 0u);
}

TEST_F(CliE2eTest, InputFromAFileIsSent) {
  std::string path = home_.Write("input.json", R"({"cluster":"from-file"})");
  ProcessResult r =
      RunBerth({"api", "ecs", "DescribeServices", "--endpoint-url", server_.url(), "--input", "file://" + path}, Env());
  EXPECT_EQ(r.exit_code, 0) << r.all();
  ASSERT_EQ(server_.request_count(), 1u);
  EXPECT_NE(server_.requests()[0].body.find("from-file"), std::string::npos);
}

TEST_F(CliE2eTest, MissingInputFileExitsThree) {
  ExpectOneClearError(RunBerth({"api", "ecs", "ListClusters", "--input", "file:///nonexistent.json"}, Env()), 3,
                      "/nonexistent.json");
}

TEST_F(CliE2eTest, UnknownServiceListsTheKnownOnes) {
  ProcessResult r = RunBerth({"api", "ecz", "ListClusters"}, Env());
  ExpectOneClearError(r, 3, "did you mean 'ecs'?");
  EXPECT_NE(r.err.find("elbv2"), std::string::npos);
}

TEST_F(CliE2eTest, UnknownFlagExitsThreeWithTheUsageLine) {
  ExpectOneClearError(RunBerth({"api", "ecs", "ListClusters", "--inptu", "{}"}, Env()), 3,
                      "usage: berth api SERVICE OPERATION");
}

TEST_F(CliE2eTest, JsonOutputFailureIsOneErrorObjectOnStdout) {
  server_.SetHandler([](const auto&) { return TestResponse{200, {}, "not json"}; });
  ProcessResult r = Api(server_.url(), Env(), {"--output", "json"});
  ASSERT_FALSE(r.signaled);
  EXPECT_EQ(r.exit_code, 11);
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(^\{"type":"error","code":"BadResponse","exit_code":11,)")))
      << r.out;
  EXPECT_EQ(CountOccurrences(r.out, "\"type\":\"error\""), 1u);
}

TEST_F(CliE2eTest, AwsErrorsCarryTheirCodeAndRequestId) {
  server_.SetHandler([](const auto&) {
    TestResponse r{400,
                   {{"x-amzn-RequestId", "req-e2e-1"}},
                   R"({"__type":"ClusterNotFoundException","message":"Cluster not found."})"};
    r.content_type = "application/x-amz-json-1.1";
    return r;
  });
  ProcessResult r = Api(server_.url(), Env());
  ExpectOneClearError(r, 7, "ClusterNotFoundException");
  EXPECT_NE(r.err.find("req-e2e-1"), std::string::npos);
}

// A port another simulator holds is refused, with the exit code of a network
// error and what to do, instead of sharing the port (berth sim would
// otherwise run until RunBerth's safety timeout kills it).
TEST_F(CliE2eTest, SimOnAPortAnotherSimulatorHoldsIsRefused) {
  testing::SimEnv first(0);
  ASSERT_GT(first.sim().port(), 0);
  ProcessResult r = RunBerth({"sim", "--port", std::to_string(first.sim().port())}, Env(), std::chrono::seconds(30));
  ExpectOneClearError(r, 9, "choose another --port");
  EXPECT_NE(r.err.find(std::to_string(first.sim().port())), std::string::npos) << r.err;
}

// `berth --output json sim` says where it listens as one JSON document (a
// script reads the endpoint and token from it), and a request to that
// endpoint is answered; SIGTERM stops it with exit 0.
TEST_F(CliE2eTest, SimWithJsonOutputPrintsOneReadyDocument) {
  testing::BerthChild sim({"--output", "json", "sim", "--port", "0", "--seed", "empty"}, Env());
  ASSERT_TRUE(sim.WaitForOutput("\"adminToken\"", std::chrono::seconds(30))) << sim.out() << sim.err();
  ASSERT_TRUE(sim.WaitForOutput("}}\n", std::chrono::seconds(30))) << sim.out();
  auto docs = testing::ResultDocs(sim.out());
  ASSERT_EQ(docs.size(), 1u) << sim.out();
  const auto& ready = docs[0];
  std::string endpoint = ready["endpoint"];
  EXPECT_EQ(endpoint.rfind("http://127.0.0.1:", 0), 0u) << endpoint;
  EXPECT_EQ(ready["credentials"]["accessKeyId"], "AKIDSIMULATOR");
  EXPECT_EQ(ready["credentials"]["secretAccessKey"], "****") << "the secret is redacted in JSON too";
  EXPECT_EQ(ready["adminToken"].get<std::string>().size(), 32u);
  EXPECT_EQ(sim.out().find("listening on"), std::string::npos) << "no text lines beside the document";
  EnvMap env = Env();
  env["AWS_ACCESS_KEY_ID"] = "AKIDSIMULATOR";
  env["AWS_SECRET_ACCESS_KEY"] = "berth-simulator-secret";
  ProcessResult health = RunBerth({"--endpoint-url", endpoint, "api", "ecs", "ListClusters"}, env);
  EXPECT_EQ(health.exit_code, 0) << health.all();
  sim.Signal(SIGTERM);
  ProcessResult end = sim.Wait(std::chrono::seconds(30));
  EXPECT_EQ(end.exit_code, 0) << end.all();
}

}  // namespace
}  // namespace berth
