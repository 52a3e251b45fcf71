// The container and IMDS credential sources against local servers standing in
// for their endpoints, through the real curl transport.
#include <gtest/gtest.h>

#include "aws/auth/credentials_container.h"
#include "aws/auth/credentials_imds.h"
#include "core/log.h"
#include "core/timestamp.h"
#include "support/credentials_fixtures.h"
#include "support/test_http_server.h"

namespace berth::aws {
namespace {

using berth::testing::RecordedRequest;
using berth::testing::TestHttpServer;
using berth::testing::TestResponse;

constexpr char kContainerJson[] =
    R"({"AccessKeyId":"ASIACONT","SecretAccessKey":"contsecret","Token":"conttoken","Expiration":"2030-01-01T00:00:00Z","RoleArn":"arn:aws:iam::1:role/task"})";

class ContainerCredentialsTest : public ::testing::Test {
 protected:
  Result<std::optional<Credentials>> Fetch() {
    ContainerOptions options;
    options.relative_base = server_.url();
    // The local server always answers; a loaded machine must not turn its
    // slow answer into a timeout (the default is 2 s per attempt).
    options.timeout = std::chrono::seconds(60);
    ContainerCredentialSource src(env_, *transport_, options);
    return src.Fetch(&why_);
  }
  void Respond(int status, std::string body) {
    status_ = status;
    body_ = std::move(body);
  }
  int status_ = 200;
  std::string body_ = kContainerJson;
  TestHttpServer server_{[this](const RecordedRequest&) { return TestResponse{status_, {}, body_}; }};
  std::unique_ptr<http::Transport> transport_ = http::MakeCurlTransport();
  MapEnvironment env_;
  std::string why_;
  testing::TempDir dir_;
};

TEST_F(ContainerCredentialsTest, RelativeUriIsFetchedFromTheContainerEndpoint) {
  env_.Set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc");
  auto r = Fetch();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ((*r)->access_key_id, "ASIACONT");
  EXPECT_EQ((*r)->session_token, "conttoken");
  EXPECT_EQ(FormatIso8601(*(*r)->expiration), "2030-01-01T00:00:00Z");
  auto seen = server_.requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "GET");
  EXPECT_EQ(seen[0].path, "/v2/credentials/abc");
  EXPECT_EQ(seen[0].header("Authorization"), nullptr);
  EXPECT_EQ(Redact("conttoken contsecret"), "**** ****");
}

TEST_F(ContainerCredentialsTest, FullUriSendsTheTokenFromTheFileAndRereadsIt) {
  env_.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server_.url() + "/v1/credentials");
  std::string token_file = dir_.Write("token", "pod-token-one\n");
  env_.Set("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file);
  env_.Set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "env-token-loses");
  ASSERT_TRUE(Fetch().ok());
  dir_.Write("token", "pod-token-two");
  ASSERT_TRUE(Fetch().ok());
  auto seen = server_.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].path, "/v1/credentials");
  EXPECT_EQ(seen[0].HeaderValue("Authorization"), "pod-token-one");
  EXPECT_EQ(seen[1].HeaderValue("Authorization"), "pod-token-two");
}

TEST_F(ContainerCredentialsTest, AuthorizationTokenFromTheEnvironment) {
  env_.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server_.url() + "/creds");
  env_.Set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "Basic abc123");
  ASSERT_TRUE(Fetch().ok());
  EXPECT_EQ(server_.requests().at(0).HeaderValue("Authorization"), "Basic abc123");
}

TEST_F(ContainerCredentialsTest, TokenWithALineBreakIsRefusedWithoutASend) {
  env_.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server_.url() + "/creds");
  env_.Set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "abc\r\nX-Evil: 1");
  auto r = Fetch();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kConfig);
  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(ContainerCredentialsTest, FullUriMustBeHttpsOrALocalAddress) {
  env_.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://example.com/creds");
  auto r = Fetch();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kConfig);
  EXPECT_TRUE(IsAllowedContainerUrl("https://example.com/creds"));
  EXPECT_TRUE(IsAllowedContainerUrl("http://169.254.170.23/v1/credentials"));
  EXPECT_TRUE(IsAllowedContainerUrl("http://169.254.170.2/creds"));
  EXPECT_TRUE(IsAllowedContainerUrl("http://[fd00:ec2::23]/creds"));
  EXPECT_TRUE(IsAllowedContainerUrl("http://localhost:8080/creds"));
  EXPECT_TRUE(IsAllowedContainerUrl("http://127.1.2.3/creds"));
  EXPECT_TRUE(IsAllowedContainerUrl("http://[::1]:9/creds"));
  EXPECT_FALSE(IsAllowedContainerUrl("http://127.0.0.1.evil.com/creds"));
  EXPECT_FALSE(IsAllowedContainerUrl("http://169.254.169.254/creds"));
  EXPECT_FALSE(IsAllowedContainerUrl("ftp://127.0.0.1/creds"));
}

TEST_F(ContainerCredentialsTest, GarbageResponseIsACredentialsError) {
  env_.Set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds");
  Respond(200, "<html>proxy login</html>");
  auto r = Fetch();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCredentials);
  Respond(200, R"({"AccessKeyId": 5})");
  EXPECT_EQ(Fetch().status().code(), StatusCode::kCredentials);
  Respond(200, R"([1,2])");
  EXPECT_EQ(Fetch().status().code(), StatusCode::kCredentials);
}

TEST_F(ContainerCredentialsTest, ServerErrorsAreRetriedThreeTimesThenReported) {
  env_.Set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/creds");
  Respond(500, "oops");
  auto r = Fetch();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCredentials);
  EXPECT_NE(r.status().message().find("HTTP 500"), std::string::npos);
  EXPECT_EQ(server_.requests().size(), 3u);
}

TEST_F(ContainerCredentialsTest, IsSkippedWhenNotConfigured) {
  auto r = Fetch();
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->has_value());
  EXPECT_TRUE(server_.requests().empty());
}

// IMDS: token, role and credentials, as an EC2 instance answers.
class ImdsCredentialsTest : public ::testing::Test {
 protected:
  Result<std::optional<Credentials>> Fetch() {
    env_.Set("AWS_EC2_METADATA_SERVICE_ENDPOINT", server_.url() + "/");
    // The local server always answers; with the default 1 s a loaded machine
    // could make the token PUT time out, which IMDS treats as "use v1".
    env_.Set("AWS_METADATA_SERVICE_TIMEOUT", "60");
    ImdsCredentialSource src(env_, *transport_);
    return src.Fetch(&why_);
  }
  TestResponse Handle(const RecordedRequest& req) {
    const bool has_token = req.HeaderValue("X-aws-ec2-metadata-token") == "imds-token-123";
    if (req.method == "PUT" && req.path == "/latest/api/token") {
      return TestResponse{token_status_, {}, token_status_ == 200 ? "imds-token-123" : "", "text/plain"};
    }
    if (require_token_ && !has_token) return TestResponse{401, {}, "", "text/plain"};
    if (req.path == "/latest/meta-data/iam/security-credentials/") {
      return TestResponse{role_status_, {}, "ec2-role", "text/plain"};
    }
    if (req.path == "/latest/meta-data/iam/security-credentials/ec2-role") {
      return TestResponse{200, {}, creds_body_, "text/plain"};
    }
    return TestResponse{404, {}, "", "text/plain"};
  }
  int token_status_ = 200;
  int role_status_ = 200;
  bool require_token_ = true;
  std::string creds_body_ =
      R"({"Code":"Success","LastUpdated":"2024-01-01T00:00:00Z","Type":"AWS-HMAC","AccessKeyId":"ASIAEC2",)"
      R"("SecretAccessKey":"ec2secret","Token":"ec2token","Expiration":"2030-01-01T06:00:00Z"})";
  TestHttpServer server_{[this](const RecordedRequest& req) { return Handle(req); }};
  std::unique_ptr<http::Transport> transport_ = http::MakeCurlTransport();
  MapEnvironment env_;
  std::string why_;
};

TEST_F(ImdsCredentialsTest, Version2FetchesTokenRoleAndCredentials) {
  auto r = Fetch();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_TRUE(r->has_value()) << why_;
  EXPECT_EQ((*r)->access_key_id, "ASIAEC2");
  EXPECT_EQ((*r)->session_token, "ec2token");
  auto seen = server_.requests();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].method, "PUT");
  EXPECT_EQ(seen[0].HeaderValue("X-aws-ec2-metadata-token-ttl-seconds"), "21600");
  EXPECT_EQ(seen[1].HeaderValue("X-aws-ec2-metadata-token"), "imds-token-123");
  EXPECT_EQ(seen[2].path, "/latest/meta-data/iam/security-credentials/ec2-role");
}

TEST_F(ImdsCredentialsTest, FallsBackToVersion1WhenTheTokenIsRefused) {
  for (int status : {403, 404, 405}) {
    token_status_ = status;
    require_token_ = false;
    auto r = Fetch();
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_TRUE(r->has_value()) << status << ": " << why_;
  }
  for (const auto& seen : server_.requests()) EXPECT_EQ(seen.header("X-aws-ec2-metadata-token"), nullptr);
}

TEST_F(ImdsCredentialsTest, NoFallbackWhenVersion1IsDisabled) {
  token_status_ = 403;
  require_token_ = false;
  env_.Set("AWS_EC2_METADATA_V1_DISABLED", "true");
  auto r = Fetch();
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->has_value());
  EXPECT_NE(why_.find("AWS_EC2_METADATA_V1_DISABLED"), std::string::npos);
  EXPECT_EQ(server_.requests().size(), 1u);
}

TEST_F(ImdsCredentialsTest, BadTokenRequestIsNotRetriedAsVersion1) {
  token_status_ = 400;
  auto r = Fetch();
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->has_value());
  EXPECT_EQ(server_.requests().size(), 1u);
}

TEST_F(ImdsCredentialsTest, DisabledMeansNoRequests) {
  env_.Set("AWS_EC2_METADATA_DISABLED", "true");
  auto r = Fetch();
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->has_value());
  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(ImdsCredentialsTest, NoInstanceProfileIsSkipped) {
  role_status_ = 404;
  auto r = Fetch();
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->has_value());
}

TEST_F(ImdsCredentialsTest, NothingListeningIsSkipped) {
  MapEnvironment env;
  env.Set("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1");
  ImdsCredentialSource src(env, *transport_);
  auto r = src.Fetch(&why_);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->has_value());
}

TEST_F(ImdsCredentialsTest, GarbageCredentialsAreACredentialsError) {
  creds_body_ = "not json at all";
  auto r = Fetch();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCredentials);
  creds_body_ = R"({"Code":"AssumeRoleUnauthorizedAccess","Message":"..."})";
  r = Fetch();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("AssumeRoleUnauthorizedAccess"), std::string::npos);
}

}  // namespace
}  // namespace berth::aws
