// No secret ever appears in berth's output. Every CLI scenario in the table
// below runs the real binary with -vvv (text) and with --output json, with
// credentials supplied each way berth reads them (environment, credentials
// file, session token, credential_process), on success and error paths, and
// all of stdout+stderr is searched for the secret strings and for the
// Authorization header value the server actually received.
//
// To cover a new command, add rows to Scenarios() (and secrets it handles,
// e.g. an ECR password, to the scenario's extra_secrets).
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <functional>

#include <fmt/format.h>

#include "sim/front/auth.h"
#include "support/berth_process.h"
#include "support/moto_fixture.h"
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

// Distinctive values: any appearance, whole or as a 12-character prefix, is a leak.
constexpr char kEnvSecret[] = "envSecretKey/Zq8rT2vW9xY4bN6mK1pL3";
constexpr char kEnvToken[] = "envSessionTokenFwoGZXIvYXdzEJr//////////wEaDPx7Q";
constexpr char kFileSecret[] = "fileSecretKey+Hh4Jk7Ll0Mm3Nn6Oo9Pp2";
constexpr char kFileToken[] = "fileSessionTokenIQoJb3JpZ2luX2VjEOr//////////wEa";
constexpr char kProcSecret[] = "procSecretKey=Aa1Bb2Cc3Dd4Ee5Ff6Gg7";
constexpr char kProcToken[] = "procSessionTokenAgoJb3JpZ2luX2VjEJD//////////wEa";

// How the server answers: success, an AWS error that echoes the request, and
// the broken responses a proxy produces.
enum class ServerMode { kOk, kAwsErrorEcho, kNotJson, kHtml5xx };

struct Scenario {
  std::string name;
  std::vector<std::string> args;  // "{endpoint}" is replaced by the server URL
  ServerMode mode = ServerMode::kOk;
  std::vector<std::string> extra_secrets = {};  // e.g. an ECR password a command handles
};

std::vector<Scenario> Scenarios() {
  return {
      {"api_ok", {"api", "ecs", "ListClusters", "--endpoint-url", "{endpoint}"}},
      {"api_query_protocol", {"api", "sts", "GetCallerIdentity", "--endpoint-url", "{endpoint}"}},
      {"api_aws_error_echoing_the_request",
       {"api", "ecs", "DescribeServices", "--endpoint-url", "{endpoint}", "--input",
        R"({"cluster":"c","services":["s"]})"},
       ServerMode::kAwsErrorEcho},
      {"api_not_json", {"api", "ecs", "ListClusters", "--endpoint-url", "{endpoint}"}, ServerMode::kNotJson},
      {"api_html_502", {"api", "ecs", "ListClusters", "--endpoint-url", "{endpoint}"}, ServerMode::kHtml5xx},
      {"api_bad_input", {"api", "ecs", "ListClusters", "--input", "{nope"}},
      {"help", {"--help"}},
      // The service commands, on the paths a fake endpoint can produce: the
      // service is missing (an empty answer), or the endpoint echoes the
      // request's credentials back in its error. The happy paths run against
      // the simulator in NoSecretAppearsInServiceCommandsAgainstTheSimulator.
      {"deploy_service_missing",
       {"deploy", "--endpoint-url", "{endpoint}", "--cluster", "c", "--service", "s", "--image", "web=repo/web:2"}},
      {"deploy_aws_error_echo",
       {"deploy", "--endpoint-url", "{endpoint}", "--cluster", "c", "--service", "s", "--image", "web=repo/web:2"},
       ServerMode::kAwsErrorEcho},
      {"diff_aws_error_echo",
       {"diff", "--endpoint-url", "{endpoint}", "--cluster", "c", "--service", "s", "--image", "web=repo/web:2"},
       ServerMode::kAwsErrorEcho},
      {"wait_aws_error_echo",
       {"wait", "--endpoint-url", "{endpoint}", "--cluster", "c", "--service", "s"},
       ServerMode::kAwsErrorEcho},
      {"rollback_aws_error_echo",
       {"rollback", "--endpoint-url", "{endpoint}", "--cluster", "c", "--service", "s"},
       ServerMode::kAwsErrorEcho},
      {"status_html_502",
       {"status", "--endpoint-url", "{endpoint}", "--cluster", "c", "--service", "s"},
       ServerMode::kHtml5xx},
  };
}

// How the credentials reach berth.
struct CredentialMode {
  std::string name;
  std::vector<std::string> secrets;
  std::function<void(const TempHome&, EnvMap&)> setup;
};

std::vector<CredentialMode> CredentialModes() {
  return {
      {"environment_with_session_token",
       {kEnvSecret, kEnvToken},
       [](const TempHome&, EnvMap& env) {
         env["AWS_ACCESS_KEY_ID"] = "AKIDENVIRONMENT";
         env["AWS_SECRET_ACCESS_KEY"] = kEnvSecret;
         env["AWS_SESSION_TOKEN"] = kEnvToken;
       }},
      {"credentials_file",
       {kFileSecret, kFileToken},
       [](const TempHome& home, EnvMap&) {
         home.WriteCredentials(
             fmt::format("[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = {}\n"
                         "aws_session_token = {}\n",
                         kFileSecret, kFileToken));
       }},
      {"credential_process",
       {kProcSecret, kProcToken},
       [](const TempHome& home, EnvMap&) {
         std::string script = home.Write(
             "creds.sh", fmt::format("#!/bin/sh\nprintf '%s' '{{\"Version\":1,\"AccessKeyId\":\"AKIDPROCESS\","
                                     "\"SecretAccessKey\":\"{}\",\"SessionToken\":\"{}\"}}'\n",
                                     kProcSecret, kProcToken));
         ::chmod(script.c_str(), 0700);
         home.WriteConfig(fmt::format("[default]\ncredential_process = {}\n", script));
       }},
  };
}

TestResponse Respond(ServerMode mode, const testing::RecordedRequest& req) {
  switch (mode) {
    case ServerMode::kOk:
      if (req.body.find("Action=GetCallerIdentity") != std::string::npos) {
        TestResponse r{200,
                       {},
                       "<GetCallerIdentityResponse><GetCallerIdentityResult>"
                       "<Arn>arn:aws:iam::1:user/u</Arn><UserId>U</UserId>"
                       "<Account>1</Account></GetCallerIdentityResult>"
                       "</GetCallerIdentityResponse>"};
        r.content_type = "text/xml";
        return r;
      }
      return {200, {}, R"({"clusterArns":[]})"};
    case ServerMode::kAwsErrorEcho: {
      // A hostile or buggy endpoint that reflects the request headers back.
      std::string auth = req.header("Authorization") ? *req.header("Authorization") : "";
      std::string token = req.header("X-Amz-Security-Token") ? *req.header("X-Amz-Security-Token") : "";
      return {400,
              {{"x-amzn-RequestId", "req-echo"}},
              fmt::format(R"({{"__type":"InvalidParameterException","message":"bad request; )"
                          R"(got auth {} token {}"}})",
                          auth, token)};
    }
    case ServerMode::kNotJson: return {200, {}, "plain text, not JSON"};
    case ServerMode::kHtml5xx: {
      TestResponse r{502, {}, "<html><body>502 Bad Gateway</body></html>"};
      r.content_type = "text/html";
      return r;
    }
  }
  return {};
}

// Every secret found in `output`, whole or as a 12-character prefix.
std::vector<std::string> FindLeaks(const std::string& output, const std::vector<std::string>& secrets) {
  std::vector<std::string> leaks;
  for (const std::string& s : secrets) {
    if (s.empty()) continue;
    std::string prefix = s.substr(0, std::min<size_t>(12, s.size()));
    if (output.find(s) != std::string::npos || output.find(prefix) != std::string::npos) {
      leaks.push_back(s);
    }
  }
  return leaks;
}

// The signature and token values of every Authorization header the server saw.
std::vector<std::string> AuthorizationValues(const TestHttpServer& server) {
  std::vector<std::string> values;
  for (const auto& req : server.requests()) {
    if (const std::string* auth = req.header("Authorization")) {
      size_t sig = auth->find("Signature=");
      values.push_back(sig == std::string::npos ? *auth : auth->substr(sig + 10));
    }
  }
  return values;
}

TEST(RedactionE2eTest, NoSecretAppearsInAnyScenarioAtAnyVerbosityOrFormat) {
  int runs = 0;
  for (const CredentialMode& cred : CredentialModes()) {
    for (const Scenario& scenario : Scenarios()) {
      for (const std::vector<std::string>& format :
           {std::vector<std::string>{"-vvv"}, std::vector<std::string>{"-vvv", "--output", "json"}}) {
        SCOPED_TRACE(fmt::format("{} / {} / {}", cred.name, scenario.name, format.back()));
        TempHome home;
        EnvMap env = home.BaseEnv();
        env["AWS_REGION"] = "us-east-1";
        env["AWS_MAX_ATTEMPTS"] = "2";
        env["BERTH_HISTORY_FILE"] = home.path() + "/history.db";
        cred.setup(home, env);
        TestHttpServer server([mode = scenario.mode](const testing::RecordedRequest& r) { return Respond(mode, r); });
        std::vector<std::string> args = format;
        for (std::string a : scenario.args) args.push_back(a == "{endpoint}" ? server.url() : a);
        ProcessResult r = RunBerth(args, env);
        ++runs;
        ASSERT_FALSE(r.signaled) << r.all();
        std::vector<std::string> secrets = cred.secrets;
        secrets.insert(secrets.end(), scenario.extra_secrets.begin(), scenario.extra_secrets.end());
        for (const std::string& sig : AuthorizationValues(server)) secrets.push_back(sig);
        std::vector<std::string> leaks = FindLeaks(r.all(), secrets);
        EXPECT_TRUE(leaks.empty()) << "leaked " << leaks.front() << " in:\n" << r.all();
      }
    }
  }
  EXPECT_EQ(runs, static_cast<int>(CredentialModes().size() * Scenarios().size() * 2));
}

// The check above must be able to fail: a secret berth was never told about
// and that looks like nothing in particular, written by plain printf, is found.
TEST(RedactionE2eTest, TheLeakCheckFindsAnUnregisteredSecretPrintedByPrintf) {
  const std::string canary = "zebra-lantern-9041-quartz-meadow";
  ProcessResult r = testing::RunProcess({"/usr/bin/printf", "debug: value=%s\n", canary}, {});
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(FindLeaks(r.all(), {canary}), std::vector<std::string>{canary});
  EXPECT_TRUE(FindLeaks(r.all(), {"some-other-value-never-printed"}).empty());
}

// And the scenarios really do exercise the secrets: the requests were signed
// with them (a scenario that never reached the server would prove nothing).
TEST(RedactionE2eTest, ScenariosReachTheServerWithSignedRequests) {
  TempHome home;
  EnvMap env = home.BaseEnv();
  env["AWS_REGION"] = "us-east-1";
  CredentialModes()[0].setup(home, env);
  TestHttpServer server;
  ProcessResult r = RunBerth({"-vvv", "api", "ecs", "ListClusters", "--endpoint-url", server.url()}, env);
  EXPECT_EQ(r.exit_code, 0) << r.all();
  ASSERT_EQ(server.request_count(), 1u);
  const auto req = server.requests()[0];
  ASSERT_NE(req.header("X-Amz-Security-Token"), nullptr);
  EXPECT_EQ(*req.header("X-Amz-Security-Token"), kEnvToken);
  EXPECT_FALSE(AuthorizationValues(server).empty());
}

// The service commands on their real paths (a deploy that completes, one
// the circuit breaker rolls back, wait, rollback, status, diff, dry run, bad
// input), against the simulator, which knows each credential mode's keys.
TEST(RedactionE2eTest, NoSecretAppearsInServiceCommandsAgainstTheSimulator) {
  struct Call {
    std::string name;
    std::vector<std::string> args;
    int exit_code;
  };
  const std::vector<Call> calls = {
      {"deploy_ok", {"deploy", "--image", "web=public.ecr.aws/berth/demo-web:1.1.0", "--poll-interval", "100ms"}, 0},
      {"deploy_rolled_back",
       {"deploy", "--image", "web=public.ecr.aws/berth/demo-unhealthy:1.2.0", "--rollback-on-failure",
        "--poll-interval", "100ms"},
       13},
      {"wait", {"wait", "--poll-interval", "100ms"}, 0},
      {"rollback", {"rollback", "--to", "1", "--poll-interval", "100ms"}, 0},
      {"status", {"status"}, 0},
      {"diff", {"diff", "--image", "web=public.ecr.aws/berth/demo-web:9", "--env", "web:LOG=debug"}, 0},
      {"dry_run", {"deploy", "--dry-run", "--image", "web=public.ecr.aws/berth/demo-web:9"}, 0},
      {"unknown_container", {"deploy", "--image", "nope=public.ecr.aws/berth/demo-web:9"}, 3},
  };
  const std::map<std::string, std::string> key_ids = {{"environment_with_session_token", "AKIDENVIRONMENT"},
                                                      {"credentials_file", "AKIDFILE"},
                                                      {"credential_process", "AKIDPROCESS"}};
  int runs = 0;
  for (const CredentialMode& cred : CredentialModes()) {
    testing::SimEnv sim;
    sim::Principal principal;
    principal.access_key_id = key_ids.at(cred.name);
    principal.secret_access_key = cred.secrets[0];
    principal.session_token = cred.secrets[1];
    principal.account_id = "123456789012";
    principal.user_id = "AIDAREDACTION";
    principal.arn = "arn:aws:iam::123456789012:user/redaction";
    sim.sim().credentials().Add(principal);
    for (const Call& call : calls) {
      for (const std::vector<std::string>& format :
           {std::vector<std::string>{"-vvv"}, std::vector<std::string>{"-vvv", "--output", "json"}}) {
        SCOPED_TRACE(fmt::format("{} / {} / {}", cred.name, call.name, format.back()));
        TempHome home;
        EnvMap env = home.BaseEnv();
        env["AWS_REGION"] = "us-east-1";
        env["AWS_ENDPOINT_URL"] = sim.sim().endpoint();
        env["BERTH_HISTORY_FILE"] = sim.home().path() + "/history.db";
        cred.setup(home, env);
        std::vector<std::string> args = format;
        args.insert(args.end(), call.args.begin(), call.args.end());
        args.insert(args.end(), {"--cluster", "demo", "--service", "web"});
        ProcessResult r = RunBerth(args, env);
        ++runs;
        ASSERT_FALSE(r.signaled) << r.all();
        // Each call reached the simulator, was accepted, and took its real path.
        EXPECT_EQ(r.exit_code, call.exit_code) << r.all();
        std::vector<std::string> leaks = FindLeaks(r.all(), cred.secrets);
        EXPECT_TRUE(leaks.empty()) << "leaked " << leaks.front() << " in:\n" << r.all();
      }
    }
  }
  EXPECT_EQ(runs, static_cast<int>(CredentialModes().size() * calls.size() * 2));
}

// The same check against moto (a third-party AWS mock), which really verifies
// nothing about secrets but answers like AWS: success and AWS error paths.
// Rows a later command adds to Scenarios() can be mirrored here.
class RedactionMotoE2eTest : public testing::MotoFixture {};

TEST_F(RedactionMotoE2eTest, NoSecretAppearsInCallsAgainstMoto) {
  const std::vector<std::vector<std::string>> calls = {
      {"api", "ecs", "CreateCluster", "--input", R"({"clusterName":"redaction"})"},
      {"api", "ecs", "ListClusters"},
      {"api", "ecs", "DescribeServices", "--input", R"({"cluster":"missing","services":["s"]})"},
      {"api", "ecs", "UpdateService", "--input", R"({"cluster":"missing","service":"s"})"},
      {"api", "sts", "GetCallerIdentity"},
      {"api", "elbv2", "DescribeLoadBalancers"},
  };
  for (const CredentialMode& cred : CredentialModes()) {
    for (const auto& call : calls) {
      for (const std::vector<std::string>& format :
           {std::vector<std::string>{"-vvv"}, std::vector<std::string>{"-vvv", "--output", "json"}}) {
        SCOPED_TRACE(fmt::format("{} / {} {} / {}", cred.name, call[1], call[2], format.back()));
        TempHome home;
        EnvMap env = home.BaseEnv();
        env["AWS_REGION"] = "us-east-1";
        cred.setup(home, env);
        std::vector<std::string> args = format;
        args.insert(args.end(), {"--endpoint-url", moto().url()});
        args.insert(args.end(), call.begin(), call.end());
        ProcessResult r = RunBerth(args, env);
        ASSERT_FALSE(r.signaled) << r.all();
        std::vector<std::string> leaks = FindLeaks(r.all(), cred.secrets);
        EXPECT_TRUE(leaks.empty()) << "leaked " << leaks.front() << " in:\n" << r.all();
      }
    }
  }
}

}  // namespace
}  // namespace berth
