#include "aws/auth/sigv4.h"

#include <gtest/gtest.h>

namespace berth::aws {
namespace {

// Golden vectors computed with botocore's SigV4Auth (shared/reference/aws-api-facts.md §2.3).
TEST(SigV4Test, MatchesBotocoreGoldenEcsVector) {
  http::Request req;
  req.url = "https://ecs.us-east-1.amazonaws.com/";
  req.headers = {{"X-Amz-Target", "AmazonEC2ContainerServiceV20141113.DescribeServices"},
                 {"Content-Type", "application/x-amz-json-1.1"}};
  req.body = R"({"cluster":"prod","services":["web"]})";
  Credentials creds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "SESSIONTOKEN", {}, "test"};
  auto t = ParseAmzDate("20240101T000000Z");
  ASSERT_TRUE(t.has_value());
  ASSERT_TRUE(SignRequest(req, creds, {"us-east-1", "ecs", *t}).ok());
  const std::string* auth = http::FindHeader(req.headers, "authorization");
  ASSERT_NE(auth, nullptr);
  EXPECT_NE(auth->find("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target"),
            std::string::npos);
  EXPECT_NE(auth->find("Signature=27643099bcb444c40f289ca1b54cc2f28c8884a99a65144875595fcfca9d2514"), std::string::npos)
      << *auth;
}

TEST(SigV4Test, MatchesBotocoreGoldenElbVector) {
  http::Request req;
  req.url = "https://elasticloadbalancing.us-east-1.amazonaws.com/";
  req.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  req.body =
      "Action=DescribeTargetHealth&Version=2015-12-01&TargetGroupArn=arn%3Aaws%3Aelasticloadbalancing%3Aus-east-1%"
      "3A123456789012%3Atargetgroup%2Fblue%2F0123456789abcdef";
  Credentials creds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", {}, "test"};
  ASSERT_TRUE(SignRequest(req, creds, {"us-east-1", "elasticloadbalancing", *ParseAmzDate("20240101T000000Z")}).ok());
  const std::string* auth = http::FindHeader(req.headers, "authorization");
  ASSERT_NE(auth, nullptr);
  EXPECT_NE(auth->find("Signature=3465a3f1a1e2cb9033723643cba5eb4a5db63fa8cf2a771cf06aeaeac6059f02"), std::string::npos)
      << *auth;
}

TEST(SigV4Test, VerifierAcceptsWhatSignerProduced) {
  http::Request req;
  req.url = "http://127.0.0.1:4566/";
  req.headers = {{"Content-Type", "application/x-amz-json-1.1"}};
  req.body = "{}";
  Credentials creds{"AKIDTEST", "secret-key-value", "", {}, "test"};
  auto t = *ParseAmzDate("20240102T030405Z");
  ASSERT_TRUE(SignRequest(req, creds, {"eu-west-1", "ecs", t}).ok());
  auto parsed = ParseAuthorizationHeader(*http::FindHeader(req.headers, "Authorization"));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->region, "eu-west-1");
  EXPECT_EQ(ComputeSignature("POST", "/", "", req.headers, req.body, *parsed, "20240102T030405Z", "secret-key-value"),
            parsed->signature);
  EXPECT_NE(ComputeSignature("POST", "/", "", req.headers, req.body, *parsed, "20240102T030405Z", "wrong"),
            parsed->signature);
}

}  // namespace
}  // namespace berth::aws

namespace berth::aws {
namespace {

// The cache (and its per-thread last key) must hand back the key of the scope
// asked for, whatever was signed just before.
TEST(SigV4Test, CachedSigningMatchesUncachedAcrossAlternatingScopes) {
  const Credentials creds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", {}, "test"};
  const Credentials other{"AKIDOTHER", "another-secret-key-value", "", {}, "test"};
  const auto t = *ParseAmzDate("20240101T000000Z");
  const std::pair<const char*, const char*> scopes[] = {
      {"us-east-1", "ecs"}, {"eu-west-1", "ecs"}, {"us-east-1", "sts"}, {"us-east-1", "ecs"}};
  SigningKeyCache cache;
  for (int round = 0; round < 2; ++round) {
    for (const auto& [region, service] : scopes) {
      for (const Credentials* c : {&creds, &other}) {
        http::Request cached, plain;
        cached.url = plain.url = "https://example.amazonaws.com/";
        cached.body = plain.body = "{}";
        ASSERT_TRUE(SignRequest(cached, *c, {region, service, t}, &cache).ok());
        ASSERT_TRUE(SignRequest(plain, *c, {region, service, t}).ok());
        EXPECT_EQ(*http::FindHeader(cached.headers, "Authorization"), *http::FindHeader(plain.headers, "Authorization"))
            << region << "/" << service << " " << c->access_key_id;
      }
    }
  }
}

}  // namespace
}  // namespace berth::aws
