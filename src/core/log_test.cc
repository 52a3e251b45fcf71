#include "core/log.h"

#include <gtest/gtest.h>

namespace berth {
namespace {

class RedactTest : public ::testing::Test {
 protected:
  void TearDown() override { ClearSecretsForTest(); }
};

TEST_F(RedactTest, RegisteredSecretsAreMaskedWhereverTheyAppear) {
  RegisterSecret("s3cr3t-value-123");
  EXPECT_EQ(Redact("a s3cr3t-value-123 b s3cr3t-value-123"), "a **** b ****");
}

TEST_F(RedactTest, ALongerSecretContainingAShorterOneIsMaskedWhole) {
  RegisterSecret("abcd");
  RegisterSecret("xxabcdyy");
  EXPECT_EQ(Redact("[xxabcdyy]"), "[****]");
}

TEST_F(RedactTest, VeryShortSecretsAreIgnoredSoOrdinaryTextSurvives) {
  RegisterSecret("ab");
  EXPECT_EQ(Redact("abc"), "abc");
}

TEST_F(RedactTest, AuthorizationAndTokenHeadersAreMaskedUnregistered) {
  EXPECT_EQ(Redact("Authorization: AWS4-HMAC-SHA256 Credential=AKID/x, Signature=abc\nHost: h"),
            "Authorization: ****\nHost: h");
  EXPECT_EQ(Redact("x-amz-security-token: FwoG\r\n"), "x-amz-security-token: ****\r\n");
}

TEST_F(RedactTest, SigV4SignaturesAreMaskedEvenWhenEchoedOutsideAHeader) {
  EXPECT_EQ(Redact("got auth AWS4-HMAC-SHA256 Credential=AKID/x, SignedHeaders=host, "
                   "Signature=0b0295056ed2ab96020b33ace5f24bb0c8e66cd5e9b571ce26a657a0aba90cb7 ok"),
            "got auth AWS4-HMAC-SHA256 Credential=AKID/x, SignedHeaders=host, Signature=**** ok");
  EXPECT_EQ(Redact("?X-Amz-Signature=abcdef0123456789abcdef&x=1"), "?X-Amz-Signature=****&x=1");
  EXPECT_EQ(Redact("Signature=short"), "Signature=short");
}

TEST_F(RedactTest, CredentialShapedJsonAndXmlFieldsAreMasked) {
  EXPECT_EQ(Redact(R"({"SecretAccessKey": "k", "SessionToken":"t", "nextToken":"n"})"),
            R"({"SecretAccessKey": "****", "SessionToken":"****", "nextToken":"n"})");
  EXPECT_EQ(Redact("<SessionToken>t</SessionToken>"), "<SessionToken>****</SessionToken>");
  EXPECT_EQ(Redact("aws_secret_access_key = abc"), "aws_secret_access_key = ****");
}

TEST_F(RedactTest, WritesGoThroughRedaction) {
  RegisterSecret("hidden-value-42");
  std::string out, err;
  SetStdoutSinkForTest([&](std::string_view s) { out += s; });
  SetStderrSinkForTest([&](std::string_view s) { err += s; });
  WriteStdout("o hidden-value-42\n");
  WriteStderr("e hidden-value-42\n");
  SetLogLevel(LogLevel::kTrace);
  BERTH_LOG_TRACE("t {}", "hidden-value-42");
  SetLogLevel(LogLevel::kError);
  SetStdoutSinkForTest(nullptr);
  SetStderrSinkForTest(nullptr);
  EXPECT_EQ(out, "o ****\n");
  EXPECT_EQ(err, "e ****\nberth: trace: t ****\n");
}

TEST_F(RedactTest, TheUserinfoOfAnyUrlIsMasked) {
  EXPECT_EQ(Redact("cannot reach http://deployer:hunter2-pass@proxy.example:8080/path: refused"),
            "cannot reach http://deployer:****@proxy.example:8080/path: refused");
  EXPECT_EQ(Redact("--endpoint-url https://ghp_tokenvalue@host.example"), "--endpoint-url https://****@host.example");
  EXPECT_EQ(Redact("\"url\":\"https://u:p%40ss@h/x\""), "\"url\":\"https://u:****@h/x\"");
  EXPECT_EQ(Redact("two: http://a:b1@h1/ and https://c:d2@h2"), "two: http://a:****@h1/ and https://c:****@h2");
  // No userinfo, an @ after the authority, or a mail address: unchanged.
  EXPECT_EQ(Redact("http://host.example/a@b and user@example.com"), "http://host.example/a@b and user@example.com");
  EXPECT_EQ(Redact("http://host.example:9000"), "http://host.example:9000");
}

}  // namespace
}  // namespace berth
