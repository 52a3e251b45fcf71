// The simulated ECR (JSON 1.1, signed) and the registry HTTP API v2 on the
// same port, over real HTTP on 127.0.0.1 port 0.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/crypto.h"
#include "http/transport.h"
#include "sim/ecr/api.h"
#include "support/sim_fixture.h"

namespace berth::sim {
namespace {

class EcrSimTest : public testing::SimFixture {
 protected:
  void SetUp() override {
    sim::SimOptions o = Options();
    o.seed = "demo";
    StartSimulator(o);
  }

  http::Response Ecr(const std::string& op, const Json& body) {
    return CallJson(std::string(kEcrTargetPrefix) + "." + op, body.dump(), "ecr");
  }
  // Unauthenticated when `auth` is empty.
  http::Response Registry(const std::string& method, const std::string& path, const std::string& auth) {
    http::Request req;
    req.method = method;
    req.url = path;
    if (!auth.empty()) req.headers = {{"Authorization", "Basic " + auth}};
    return Send(req);
  }
  std::string Token() {
    auto r = Ecr("GetAuthorizationToken", Json::object());
    EXPECT_EQ(r.status, 200) << r.body;
    return Json::parse(r.body)["authorizationData"][0]["authorizationToken"];
  }
};

TEST_F(EcrSimTest, PutImageDigestIsTheSha256OfTheManifestBytes) {
  ASSERT_EQ(Ecr("CreateRepository", Json{{"repositoryName", "svc"}}).status, 200);
  std::string manifest = R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[]})";
  auto r = Ecr("PutImage", Json{{"repositoryName", "svc"}, {"imageManifest", manifest}, {"imageTag", "v1"}});
  ASSERT_EQ(r.status, 200) << r.body;
  Json img = Json::parse(r.body)["image"];
  EXPECT_EQ(img["imageId"]["imageDigest"], "sha256:" + Sha256Hex(manifest));
  EXPECT_EQ(img["imageManifestMediaType"], "application/vnd.oci.image.manifest.v1+json");
  auto dup = Ecr("PutImage", Json{{"repositoryName", "svc"}, {"imageManifest", manifest}, {"imageTag", "v1"}});
  EXPECT_EQ(Json::parse(dup.body)["__type"], "ImageAlreadyExistsException");
  auto get = Ecr("BatchGetImage",
                 Json{{"repositoryName", "svc"}, {"imageIds", {{{"imageTag", "v1"}}, {{"imageTag", "nope"}}}}});
  Json g = Json::parse(get.body);
  EXPECT_EQ(g["images"][0]["imageManifest"], manifest);
  EXPECT_EQ(g["failures"][0]["failureCode"], "ImageNotFound");
}

TEST_F(EcrSimTest, ListImagesPaginatesAndFiltersByTagStatus) {
  std::vector<std::string> tags;
  std::string token;
  do {
    Json in{{"repositoryName", "web"}, {"filter", {{"tagStatus", "TAGGED"}}}, {"maxResults", 3}};
    if (!token.empty()) in["nextToken"] = token;
    Json page = Json::parse(Ecr("ListImages", in).body);
    for (const auto& id : page["imageIds"]) tags.push_back(id["imageTag"]);
    token = page.value("nextToken", "");
  } while (!token.empty());
  std::sort(tags.begin(), tags.end());
  EXPECT_EQ(tags, (std::vector<std::string>{"1.0.0", "1.1.0", "1.2.0-rc.1", "2.0.0"}));
  auto del = Ecr("BatchDeleteImage", Json{{"repositoryName", "web"}, {"imageIds", {{{"imageTag", "1.0.0"}}}}});
  EXPECT_EQ(Json::parse(del.body)["imageIds"].size(), 1u);
  Json untagged =
      Json::parse(Ecr("ListImages", Json{{"repositoryName", "web"}, {"filter", {{"tagStatus", "UNTAGGED"}}}}).body);
  EXPECT_TRUE(untagged["imageIds"].empty());  // deleting the last tag deletes the image
  EXPECT_EQ(Json::parse(Ecr("DescribeImages", Json{{"repositoryName", "web"}}).body)["imageDetails"].size(), 3u);
  EXPECT_EQ(Json::parse(Ecr("DescribeRepositories", Json{{"repositoryNames", {"nope"}}}).body)["__type"],
            "RepositoryNotFoundException");
}

TEST_F(EcrSimTest, AForgedNextTokenIsAwsInvalidParameterExceptionNotAServerError) {
  const std::string forged[] = {
      Base64Encode("ecr-offset:abc"),                      // the offset is not a number
      Base64Encode("ecr-offset:"),                         // no offset
      Base64Encode("ecr-offset:99999999999999999999999"),  // overflows
      Base64Encode("offset:1"),                            // ELBv2's family
      "!!!not-base64!!!",
  };
  for (const std::string& token : forged) {
    for (const char* op : {"DescribeImages", "ListImages"}) {
      auto r = Ecr(op, Json{{"repositoryName", "web"}, {"nextToken", token}});
      EXPECT_EQ(r.status, 400) << op << " " << token << ": " << r.body;
      Json body = Json::parse(r.body);
      EXPECT_EQ(body["__type"], "InvalidParameterException") << op << " " << token;
      EXPECT_EQ(body["message"], "Invalid parameter at 'nextToken' failed to satisfy constraint: 'Invalid NextToken'");
    }
    EXPECT_EQ(Ecr("DescribeRepositories", Json{{"nextToken", token}}).status, 400) << token;
  }
  EXPECT_EQ(Json::parse(Ecr("ListImages", Json{{"repositoryName", "web"}, {"nextToken", 7}}).body)["__type"],
            "SerializationException");
  EXPECT_EQ(Json::parse(Ecr("ListImages", Json{{"repositoryName", "web"}, {"maxResults", "3"}}).body)["__type"],
            "SerializationException");
}

TEST_F(EcrSimTest, AuthorizationTokenIsBase64OfAwsPasswordWithTheSimulatorAsProxy) {
  auto r = Ecr("GetAuthorizationToken", Json::object());
  Json data = Json::parse(r.body)["authorizationData"][0];
  auto decoded = Base64Decode(data["authorizationToken"].get<std::string>());
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->substr(0, 4), "AWS:");
  EXPECT_EQ(data["proxyEndpoint"], sim_->endpoint());
  double expires = data["expiresAt"];
  double now = std::chrono::duration<double>(sim_->clock().Now().time_since_epoch()).count();
  EXPECT_NEAR(expires - now, 12 * 3600, 2);
}

TEST_F(EcrSimTest, RegistryChallengesWithoutBasicAuthAndRejectsExpiredPasswords) {
  auto r = Registry("GET", "/v2/", "");
  EXPECT_EQ(r.status, 401);
  const std::string* challenge = http::FindHeader(r.headers, "WWW-Authenticate");
  ASSERT_NE(challenge, nullptr);
  EXPECT_EQ(challenge->rfind("Basic realm=", 0), 0u);
  EXPECT_EQ(Json::parse(r.body)["errors"][0]["code"], "UNAUTHORIZED");
  std::string token = Token();
  EXPECT_EQ(Registry("GET", "/v2/", token).status, 200);
  sim_->clock().Advance(std::chrono::hours(13));
  EXPECT_EQ(Registry("GET", "/v2/", token).status, 401);
}

TEST_F(EcrSimTest, TagsListPagesWithLinkHeaders) {
  std::string token = Token();
  std::vector<std::string> tags;
  std::string path = "/v2/web/tags/list?n=3";
  int pages = 0;
  while (!path.empty()) {
    auto r = Registry("GET", path, token);
    ASSERT_EQ(r.status, 200) << r.body;
    Json body = Json::parse(r.body);
    for (const auto& t : body["tags"]) tags.push_back(t);
    const std::string* link = http::FindHeader(r.headers, "Link");
    path = link == nullptr ? "" : link->substr(1, link->find('>') - 1);
    if (link != nullptr) {
      EXPECT_NE(link->find("rel=\"next\""), std::string::npos);
    }
    ++pages;
  }
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(tags, (std::vector<std::string>{"1.0.0", "1.1.0", "1.2.0-rc.1", "2.0.0"}));
  EXPECT_EQ(Json::parse(Registry("GET", "/v2/nope/tags/list", token).body)["errors"][0]["code"], "NAME_UNKNOWN");
}

TEST_F(EcrSimTest, ManifestsByTagAndDigestCarryDockerContentDigest) {
  std::string token = Token();
  auto r = Registry("GET", "/v2/web/manifests/2.0.0", token);
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string* digest = http::FindHeader(r.headers, "Docker-Content-Digest");
  ASSERT_NE(digest, nullptr);
  EXPECT_EQ(*digest, "sha256:" + Sha256Hex(r.body));
  EXPECT_EQ(*http::FindHeader(r.headers, "Content-Type"), "application/vnd.docker.distribution.manifest.v2+json");
  auto by_digest = Registry("GET", "/v2/web/manifests/" + *digest, token);
  EXPECT_EQ(by_digest.body, r.body);
  auto head = Registry("HEAD", "/v2/web/manifests/2.0.0", token);
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  auto missing = Registry("GET", "/v2/web/manifests/9.9.9", token);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Json::parse(missing.body)["errors"][0]["code"], "MANIFEST_UNKNOWN");
}

TEST_F(EcrSimTest, PutImageIsThrottledAfterItsQuotaOfTenPerSecond) {
  int ok = 0, throttled = 0;
  for (int i = 0; i < 12; ++i) {
    auto r = Ecr("PutImage", Json{{"repositoryName", "api"},
                                  {"imageTag", "t" + std::to_string(i)},
                                  {"imageManifest", R"({"schemaVersion":2,"n":)" + std::to_string(i) + "}"}});
    if (r.status == 200) ++ok;
    if (r.status == 400 && Json::parse(r.body)["__type"] == "ThrottlingException") ++throttled;
  }
  EXPECT_EQ(ok, 10);  // the bucket holds one second of the quota; the manual clock adds nothing
  EXPECT_EQ(throttled, 2);
  clock_.Advance(std::chrono::seconds(1));  // buckets refill on the base (real) clock
  EXPECT_EQ(Ecr("PutImage", Json{{"repositoryName", "api"}, {"imageTag", "later"}, {"imageManifest", "{}"}}).status,
            200);
  // Reads without a published quota are never throttled.
  for (int i = 0; i < 150; ++i) ASSERT_EQ(Ecr("DescribeImages", Json{{"repositoryName", "api"}}).status, 200);
}

}  // namespace
}  // namespace berth::sim
