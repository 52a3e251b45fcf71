#include "aws/call/errors.h"

#include <gtest/gtest.h>

#include "aws/call/retry.h"

namespace berth::aws {
namespace {

const ServiceInfo& Ecs() {
  return *FindService("ecs");
}
const ServiceInfo& Elbv2() {
  return *FindService("elbv2");
}

http::Response Json400(std::string body, http::Headers headers = {}) {
  headers.emplace_back("x-amzn-RequestId", "rid-1");
  return http::Response{400, std::move(headers), std::move(body)};
}

TEST(ErrorParsingTest, JsonTypeLosesNamespaceAndColonSuffix) {
  auto e = ParseErrorResponse(
      Protocol::kJson,
      Json400(R"({"__type":"com.amazonaws.ecs#ClusterNotFoundException","message":"Cluster not found."})"));
  EXPECT_EQ(e.code, "ClusterNotFoundException");
  EXPECT_EQ(e.message, "Cluster not found.");
  EXPECT_EQ(e.request_id, "rid-1");
  e = ParseErrorResponse(
      Protocol::kJson,
      Json400(R"({"__type":"ThrottlingException:http://internal.amazon.com/coral/x/","Message":"Rate exceeded"})"));
  EXPECT_EQ(e.code, "ThrottlingException");
  EXPECT_EQ(e.message, "Rate exceeded");
  EXPECT_FALSE(e.bad_response);
}

TEST(ErrorParsingTest, QueryErrorHeaderWinsForQueryCompatibleJson) {
  auto e =
      ParseErrorResponse(Protocol::kJson, Json400(R"({"__type":"com.amazon.coral#ResourceNotFound","message":"m"})",
                                                  {{"x-amzn-query-error", "ResourceNotFound;Sender"}}));
  EXPECT_EQ(e.code, "ResourceNotFound");
  EXPECT_EQ(e.type, "Sender");
}

TEST(ErrorParsingTest, XmlErrorResponse) {
  http::Response r{400,
                   {},
                   "<ErrorResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\"><Error>"
                   "<Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>"
                   "<RequestId>x-1</RequestId></ErrorResponse>"};
  auto e = ParseErrorResponse(Protocol::kQuery, r);
  EXPECT_EQ(e.code, "Throttling");
  EXPECT_EQ(e.message, "Rate exceeded");
  EXPECT_EQ(e.type, "Sender");
  EXPECT_EQ(e.request_id, "x-1");
  EXPECT_EQ(StatusCodeForAwsError(Elbv2(), e), StatusCode::kThrottled);
}

TEST(ErrorParsingTest, HtmlPageFromAProxyIsABadResponse) {
  http::Response r{502, {{"Content-Type", "text/html"}}, "<html><head><title>502 Bad Gateway</title></head></html>"};
  auto e = ParseErrorResponse(Protocol::kJson, r);
  EXPECT_TRUE(e.bad_response);
  EXPECT_EQ(e.code, "502");
  Status s = ErrorStatus(Ecs(), "DescribeServices", e, 3);
  EXPECT_EQ(s.code(), StatusCode::kBadResponse);
  EXPECT_NE(s.message().find("HTML"), std::string::npos);
  EXPECT_NE(s.message().find("HTTPS_PROXY"), std::string::npos);
}

TEST(ErrorParsingTest, TruncatedJsonIsABadResponse) {
  auto e = ParseErrorResponse(Protocol::kJson, Json400(R"({"__type":"ClientExce)"));
  EXPECT_TRUE(e.bad_response);
  EXPECT_EQ(StatusCodeForAwsError(Ecs(), e), StatusCode::kBadResponse);
}

TEST(ErrorParsingTest, EmptyServerErrorFallsBackToTheHttpStatus) {
  auto e = ParseErrorResponse(Protocol::kJson, http::Response{500, {}, ""});
  EXPECT_EQ(e.code, "500");
  EXPECT_FALSE(e.bad_response);
  EXPECT_EQ(ClassifyAwsError(Ecs(), e), RetryKind::kTransient);
  Status s = ErrorStatus(Ecs(), "UpdateService", e, 3);
  EXPECT_EQ(s.code(), StatusCode::kAwsError);
  EXPECT_EQ(s.http_status(), 500);
}

struct CodeCase {
  const char* code;
  StatusCode expected;
};

TEST(ErrorParsingTest, WellKnownCodesMapToStatusCodes) {
  const CodeCase cases[] = {
      {"AccessDeniedException", StatusCode::kPermissionDenied},
      {"AccessDenied", StatusCode::kPermissionDenied},
      {"UnrecognizedClientException", StatusCode::kCredentials},
      {"InvalidSignatureException", StatusCode::kCredentials},
      {"SignatureDoesNotMatch", StatusCode::kCredentials},
      {"InvalidClientTokenId", StatusCode::kCredentials},
      {"ExpiredToken", StatusCode::kCredentials},
      {"ExpiredTokenException", StatusCode::kCredentials},
      {"MissingAuthenticationToken", StatusCode::kCredentials},
      {"ClusterNotFoundException", StatusCode::kNotFound},
      {"ServiceNotFoundException", StatusCode::kNotFound},
      {"TargetGroupNotFound", StatusCode::kNotFound},
      {"ThrottlingException", StatusCode::kThrottled},
      {"ClientException", StatusCode::kAwsError},
      {"LimitExceededException", StatusCode::kAwsError},  // ECS: a resource limit
  };
  for (const auto& c : cases) {
    AwsError e;
    e.http_status = 400;
    e.code = c.code;
    EXPECT_EQ(StatusCodeForAwsError(Ecs(), e), c.expected) << c.code;
  }
}

TEST(ErrorParsingTest, MessagesSayWhatToDo) {
  AwsError e{400, "AccessDeniedException", "User is not authorized", "", "rid", false};
  Status s = ErrorStatus(Ecs(), "UpdateService", e, 1);
  EXPECT_NE(s.message().find("ecs:UpdateService"), std::string::npos) << s.message();
  EXPECT_EQ(s.aws_code(), "AccessDeniedException");
  EXPECT_EQ(s.request_id(), "rid");
}

TEST(RetryClassificationTest, ThrottlesTransientsAndClientErrors) {
  auto kind = [](const ServiceInfo& svc, int status, const char* code) {
    AwsError e;
    e.http_status = status;
    e.code = code;
    return ClassifyAwsError(svc, e);
  };
  EXPECT_EQ(kind(Ecs(), 400, "ThrottlingException"), RetryKind::kThrottle);
  EXPECT_EQ(kind(Elbv2(), 400, "Throttling"), RetryKind::kThrottle);
  EXPECT_EQ(kind(Ecs(), 429, "429"), RetryKind::kThrottle);
  EXPECT_EQ(kind(Elbv2(), 400, "LimitExceededException"), RetryKind::kThrottle);
  EXPECT_EQ(kind(Ecs(), 400, "LimitExceededException"), RetryKind::kNone);
  EXPECT_EQ(kind(Ecs(), 503, "ServerException"), RetryKind::kTransient);
  EXPECT_EQ(kind(Ecs(), 400, "ClientException"), RetryKind::kNone);
  EXPECT_EQ(kind(Ecs(), 400, "InvalidSignatureException"), RetryKind::kClockSkew);
  EXPECT_EQ(kind(Ecs(), 400, "ExpiredTokenException"), RetryKind::kExpiredToken);
  EXPECT_EQ(ClassifyTransportError(NetworkError("reset")), RetryKind::kTransient);
  EXPECT_EQ(ClassifyTransportError(TimeoutError("slow")), RetryKind::kTimeout);
}

TEST(RetryBackoffTest, FullJitterExponentialCapped) {
  EXPECT_EQ(BackoffDelay(1, 0.5, std::chrono::seconds(20)).count(), 500);
  EXPECT_EQ(BackoffDelay(3, 0.5, std::chrono::seconds(20)).count(), 2000);
  EXPECT_EQ(BackoffDelay(10, 1.0, std::chrono::seconds(20)).count(), 20000);
  EXPECT_EQ(BackoffDelay(4, 0.0, std::chrono::seconds(20)).count(), 0);
}

TEST(RetryQuotaTest, RetriesCostAndSuccessesRefund) {
  RetryQuota q(20);
  int cost = 0;
  EXPECT_TRUE(q.Acquire(RetryKind::kTimeout, &cost));
  EXPECT_EQ(cost, 10);
  EXPECT_TRUE(q.Acquire(RetryKind::kThrottle, &cost));
  EXPECT_EQ(cost, 5);
  EXPECT_EQ(q.available(), 5);
  EXPECT_FALSE(q.Acquire(RetryKind::kTimeout, &cost));
  q.OnSuccess(15);
  EXPECT_EQ(q.available(), 20);
  q.OnSuccess(0);
  EXPECT_EQ(q.available(), 20);  // capped at capacity
}

}  // namespace
}  // namespace berth::aws
