// The default chain: its order, its messages, and the STS-backed sources
// against a local server answering like STS, through the real curl
// transport and AwsClient.
#include "aws/auth/credentials_chain.h"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "core/log.h"
#include "core/timestamp.h"
#include "http/url.h"
#include "support/credentials_fixtures.h"
#include "support/test_http_server.h"

namespace berth::aws {
namespace {

using berth::testing::RecordedRequest;
using berth::testing::TestHttpServer;
using berth::testing::TestResponse;

class CredentialsChainTest : public ::testing::Test {
 protected:
  CredentialsChainTest() {
    env_.Set("AWS_EC2_METADATA_DISABLED", "true");  // never reach for a real instance endpoint
    env_.Set("AWS_REGION", "eu-west-1");
    env_.Set("AWS_ENDPOINT_URL_STS", sts_.url());
    Files("", "");
  }

  void Files(std::string_view config, std::string_view credentials) {
    env_.Set("AWS_CONFIG_FILE", dir_.Write("config", config));
    env_.Set("AWS_SHARED_CREDENTIALS_FILE", dir_.Write("credentials", credentials));
  }

  Result<Credentials> Get(std::optional<std::string> profile_flag = std::nullopt) {
    SettingsFlags flags;
    flags.profile = std::move(profile_flag);
    auto settings = ResolveSettings(flags, env_);
    if (!settings.ok()) return settings.status();
    chain_ = MakeDefaultCredentialsChain(*settings, env_, *transport_, clock_);
    return chain_->GetCredentials();
  }

  // Answers AssumeRole / AssumeRoleWithWebIdentity like STS, with keys
  // numbered by call and an expiry one hour after the manual clock's now.
  TestResponse HandleSts(const RecordedRequest& req) {
    std::string action;
    for (const auto& [k, v] : http::ParseQuery(req.body, true)) {
      if (k == "Action") action = v;
    }
    if (sts_error_) {
      return TestResponse{
          403,
          {},
          "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
          "<Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole</Message></Error>"
          "<RequestId>req-1</RequestId></ErrorResponse>",
          "text/xml"};
    }
    int n = ++sts_calls_;
    return TestResponse{
        200,
        {},
        fmt::format("<{0}Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><{0}Result>"
                    "<AssumedRoleUser><AssumedRoleId>AROA:s</AssumedRoleId><Arn>arn:aws:sts::1:assumed-role/r/s</Arn>"
                    "</AssumedRoleUser><Credentials><AccessKeyId>ASIASTS{1}</AccessKeyId>"
                    "<SecretAccessKey>stssecret{1}</SecretAccessKey><SessionToken>ststoken{1}</SessionToken>"
                    "<Expiration>{2}</Expiration></Credentials></{0}Result>"
                    "<ResponseMetadata><RequestId>r{1}</RequestId></ResponseMetadata></{0}Response>",
                    action, n, FormatIso8601(clock_.Now() + std::chrono::hours(1))),
        "text/xml"};
  }

  static std::map<std::string, std::string> Form(const RecordedRequest& r) {
    std::map<std::string, std::string> out;
    for (auto& [k, v] : http::ParseQuery(r.body, true)) out[k] = v;
    return out;
  }

  ManualClock clock_;
  std::atomic<int> sts_calls_{0};
  std::atomic<bool> sts_error_{false};
  TestHttpServer sts_{[this](const RecordedRequest& req) { return HandleSts(req); }};
  std::unique_ptr<http::Transport> transport_ = http::MakeCurlTransport();
  testing::TempDir dir_;
  MapEnvironment env_;
  std::unique_ptr<CredentialsProvider> chain_;
};

TEST_F(CredentialsChainTest, EnvironmentWinsEvenWhenAwsProfileIsSet) {
  Files("", "[dev]\naws_access_key_id = AKIAFILE\naws_secret_access_key = filesecret\n");
  env_.Set("AWS_PROFILE", "dev");
  env_.Set("AWS_ACCESS_KEY_ID", "AKIAENV");
  env_.Set("AWS_SECRET_ACCESS_KEY", "envsecret");
  auto r = Get();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->access_key_id, "AKIAENV");
}

TEST_F(CredentialsChainTest, ExplicitProfileFlagSkipsTheEnvironment) {
  Files("", "[dev]\naws_access_key_id = AKIAFILE\naws_secret_access_key = filesecret\n");
  env_.Set("AWS_ACCESS_KEY_ID", "AKIAENV");
  env_.Set("AWS_SECRET_ACCESS_KEY", "envsecret");
  auto r = Get("dev");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->access_key_id, "AKIAFILE");
}

TEST_F(CredentialsChainTest, CredentialsFileThenProcessThenConfigFile) {
  std::string script = dir_.Write(
      "proc.sh", "#!/bin/sh\necho '{\"Version\":1,\"AccessKeyId\":\"AKIAPROC\",\"SecretAccessKey\":\"procsecret\"}'\n",
      true);
  std::string config = "[default]\naws_access_key_id = AKIACFG\naws_secret_access_key = cfgsecret\n";
  Files(config, "");
  EXPECT_EQ(Get()->access_key_id, "AKIACFG");
  Files(config + "credential_process = " + script + "\n", "");
  EXPECT_EQ(Get()->access_key_id, "AKIAPROC");
  Files(config + "credential_process = " + script + "\n",
        "[default]\naws_access_key_id = AKIACREDS\naws_secret_access_key = credssecret\n");
  EXPECT_EQ(Get()->access_key_id, "AKIACREDS");
}

TEST_F(CredentialsChainTest, NoCredentialsListsWhatWasTriedAndHowToProvideThem) {
  auto r = Get();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCredentials);
  const std::string& m = r.status().message();
  for (std::string_view s :
       {"environment", "assume role", "web identity", "shared credentials file", "credential_process", "container",
        "AWS_EC2_METADATA_DISABLED", "export AWS_ACCESS_KEY_ID"}) {
    EXPECT_NE(m.find(s), std::string::npos) << s << " missing from: " << m;
  }
}

TEST_F(CredentialsChainTest, ExpiredStaticCredentialsAreACredentialsError) {
  env_.Set("AWS_ACCESS_KEY_ID", "AKIAENV");
  env_.Set("AWS_SECRET_ACCESS_KEY", "envsecret");
  env_.Set("AWS_CREDENTIAL_EXPIRATION", FormatIso8601(clock_.Now() - std::chrono::minutes(1)));
  auto r = Get();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCredentials);
  EXPECT_NE(r.status().message().find("expired"), std::string::npos);
}

TEST_F(CredentialsChainTest, AssumeRoleWithSourceProfileSignsWithTheSourceKeys) {
  Files(
      "[profile deploy]\nrole_arn = arn:aws:iam::123456789012:role/deploy\nsource_profile = base\n"
      "role_session_name = ci-run\nexternal_id = ext-1\n",
      "[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = basesecret\n");
  auto r = Get("deploy");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->access_key_id, "ASIASTS1");
  EXPECT_EQ(r->session_token, "ststoken1");
  auto seen = sts_.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_NE(seen[0].HeaderValue("Authorization").find("Credential=AKIABASE/"), std::string::npos);
  EXPECT_NE(seen[0].HeaderValue("Authorization").find("/eu-west-1/sts/aws4_request"), std::string::npos);
  auto form = Form(seen[0]);
  EXPECT_EQ(form["Action"], "AssumeRole");
  EXPECT_EQ(form["RoleArn"], "arn:aws:iam::123456789012:role/deploy");
  EXPECT_EQ(form["RoleSessionName"], "ci-run");
  EXPECT_EQ(form["ExternalId"], "ext-1");
  EXPECT_EQ(Redact("stssecret1 ststoken1"), "**** ****");
}

TEST_F(CredentialsChainTest, RoleChainsAssumeEachRoleInTurn) {
  Files(
      "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
      "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = c\n",
      "[c]\naws_access_key_id = AKIAC\naws_secret_access_key = csecret\n");
  auto r = Get("a");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->access_key_id, "ASIASTS2");
  auto seen = sts_.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(Form(seen[0])["RoleArn"], "arn:aws:iam::1:role/b");
  EXPECT_NE(seen[0].HeaderValue("Authorization").find("Credential=AKIAC/"), std::string::npos);
  EXPECT_EQ(Form(seen[1])["RoleArn"], "arn:aws:iam::1:role/a");
  EXPECT_NE(seen[1].HeaderValue("Authorization").find("Credential=ASIASTS1/"), std::string::npos);
  EXPECT_EQ(seen[1].HeaderValue("X-Amz-Security-Token"), "ststoken1");
}

TEST_F(CredentialsChainTest, SourceProfileLoopIsAConfigErrorNamingTheCycle) {
  Files(
      "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
      "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n",
      "");
  auto r = Get("a");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kConfig);
  EXPECT_NE(r.status().message().find("a -> b -> a"), std::string::npos) << r.status().message();
  EXPECT_TRUE(sts_.requests().empty());
}

TEST_F(CredentialsChainTest, CredentialSourceEnvironmentSignsWithEnvironmentKeys) {
  Files("[profile r]\nrole_arn = arn:aws:iam::1:role/r\ncredential_source = Environment\n", "");
  env_.Set("AWS_ACCESS_KEY_ID", "AKIAENV");
  env_.Set("AWS_SECRET_ACCESS_KEY", "envsecret");
  auto r = Get("r");  // --profile: the environment step itself is skipped
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->access_key_id, "ASIASTS1");
  EXPECT_NE(sts_.requests().at(0).HeaderValue("Authorization").find("Credential=AKIAENV/"), std::string::npos);
}

TEST_F(CredentialsChainTest, UnknownCredentialSourceIsAConfigError) {
  Files("[profile r]\nrole_arn = arn:aws:iam::1:role/r\ncredential_source = Laptop\n", "");
  auto r = Get("r");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kConfig);
  EXPECT_NE(r.status().message().find("Ec2InstanceMetadata"), std::string::npos);
}

TEST_F(CredentialsChainTest, StsRefusalIsACredentialsErrorWithTheAwsCode) {
  Files("[profile deploy]\nrole_arn = arn:aws:iam::1:role/deploy\nsource_profile = base\n",
        "[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = basesecret\n");
  sts_error_ = true;
  auto r = Get("deploy");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCredentials);
  EXPECT_EQ(r.status().aws_code(), "AccessDenied");
  EXPECT_NE(r.status().message().find("arn:aws:iam::1:role/deploy"), std::string::npos);
}

TEST_F(CredentialsChainTest, WebIdentityIsUnsignedAndRereadsTheTokenOnRefresh) {
  std::string token_file = dir_.Write("token", "oidc-token-one\n");
  env_.Set("AWS_WEB_IDENTITY_TOKEN_FILE", token_file);
  env_.Set("AWS_ROLE_ARN", "arn:aws:iam::1:role/ci");
  env_.Set("AWS_ROLE_SESSION_NAME", "pipeline-7");
  auto r = Get();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->access_key_id, "ASIASTS1");

  dir_.Write("token", "oidc-token-two");
  clock_.Advance(std::chrono::minutes(30));
  EXPECT_EQ(chain_->GetCredentials()->access_key_id, "ASIASTS1");  // still fresh
  clock_.Advance(std::chrono::minutes(21));                        // 9 minutes left
  EXPECT_EQ(chain_->GetCredentials()->access_key_id, "ASIASTS2");

  auto seen = sts_.requests();
  ASSERT_EQ(seen.size(), 2u);
  for (const auto& req : seen) {
    EXPECT_EQ(req.header("Authorization"), nullptr);
    EXPECT_EQ(req.header("X-Amz-Date"), nullptr);
    EXPECT_EQ(req.header("X-Amz-Security-Token"), nullptr);
  }
  auto form = Form(seen[0]);
  EXPECT_EQ(form["Action"], "AssumeRoleWithWebIdentity");
  EXPECT_EQ(form["RoleArn"], "arn:aws:iam::1:role/ci");
  EXPECT_EQ(form["RoleSessionName"], "pipeline-7");
  EXPECT_EQ(form["WebIdentityToken"], "oidc-token-one");
  EXPECT_EQ(Form(seen[1])["WebIdentityToken"], "oidc-token-two");
  EXPECT_EQ(Redact("oidc-token-one"), "****");
}

TEST_F(CredentialsChainTest, WebIdentityFromTheProfile) {
  std::string token_file = dir_.Write("token", "profile-oidc-token");
  Files("[profile oidc]\nweb_identity_token_file = " + token_file + "\nrole_arn = arn:aws:iam::1:role/p\n", "");
  auto r = Get("oidc");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Form(sts_.requests().at(0))["RoleArn"], "arn:aws:iam::1:role/p");
}

TEST_F(CredentialsChainTest, WebIdentityTokenFileWithoutRoleIsAConfigError) {
  env_.Set("AWS_WEB_IDENTITY_TOKEN_FILE", dir_.Write("token", "t0ken"));
  auto r = Get();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kConfig);
  EXPECT_NE(r.status().message().find("AWS_ROLE_ARN"), std::string::npos);
}

TEST_F(CredentialsChainTest, AssumedRoleCredentialsAreRefreshedBeforeExpiry) {
  Files("[profile deploy]\nrole_arn = arn:aws:iam::1:role/deploy\nsource_profile = base\n",
        "[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = basesecret\n");
  ASSERT_EQ(Get("deploy")->access_key_id, "ASIASTS1");
  clock_.Advance(std::chrono::minutes(44));
  EXPECT_EQ(chain_->GetCredentials()->access_key_id, "ASIASTS1");
  clock_.Advance(std::chrono::minutes(2));  // inside the 15-minute advisory window
  EXPECT_EQ(chain_->GetCredentials()->access_key_id, "ASIASTS2");
  EXPECT_EQ(sts_.requests().size(), 2u);
}

}  // namespace
}  // namespace berth::aws
