#include "deploy/taskdef/image_ref.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace berth::deploy {
namespace {

const std::string kSha = "sha256:" + std::string(64, 'a');

struct ValidCase {
  std::string text;
  ImageRef want;
};

TEST(ImageRefTest, ParsesEveryValidFormIntoItsParts) {
  const std::string ecr = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
  const std::vector<ValidCase> cases = {
      {"nginx", {"", "nginx", "", ""}},
      {"nginx:1.25", {"", "nginx", "1.25", ""}},
      {"library/nginx:latest", {"", "library/nginx", "latest", ""}},
      {"team/sub/web:v1_2-rc.3", {"", "team/sub/web", "v1_2-rc.3", ""}},
      {"docker.io/library/nginx:1", {"docker.io", "library/nginx", "1", ""}},
      {"localhost/web", {"localhost", "web", "", ""}},
      {"localhost:5000/web:dev", {"localhost:5000", "web", "dev", ""}},
      {"registry.example.com:8443/a/b/c:2", {"registry.example.com:8443", "a/b/c", "2", ""}},
      {"127.0.0.1:5000/web", {"127.0.0.1:5000", "web", "", ""}},
      {"[::1]:5000/web:1", {"[::1]:5000", "web", "1", ""}},
      {"Registry.Example.com/web", {"Registry.Example.com", "web", "", ""}},
      {ecr + "/web:1.2.3", {ecr, "web", "1.2.3", ""}},
      {ecr + "/team/web:1.2.3", {ecr, "team/web", "1.2.3", ""}},
      {"123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/web:7",
       {"123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", "web", "7", ""}},
      {"public.ecr.aws/x/y:1", {"public.ecr.aws", "x/y", "1", ""}},
      {"web@" + kSha, {"", "web", "", kSha}},
      {"web:1.0@" + kSha, {"", "web", "1.0", kSha}},
      {ecr + "/web:1.0@" + kSha, {ecr, "web", "1.0", kSha}},
      {"web@sha512:" + std::string(128, 'f'), {"", "web", "", "sha512:" + std::string(128, 'f')}},
      {"web@multihash+base58:" + std::string(32, 'A'), {"", "web", "", "multihash+base58:" + std::string(32, 'A')}},
      {"a__b/c.d/e---f/g_h:_x", {"", "a__b/c.d/e---f/g_h", "_x", ""}},
      {"web:" + std::string(128, 'x'), {"", "web", std::string(128, 'x'), ""}},
  };
  for (const ValidCase& c : cases) {
    Result<ImageRef> r = ParseImageRef(c.text);
    ASSERT_TRUE(r.ok()) << c.text << ": " << r.status().ToString();
    EXPECT_EQ(r->registry, c.want.registry) << c.text;
    EXPECT_EQ(r->repository, c.want.repository) << c.text;
    EXPECT_EQ(r->tag, c.want.tag) << c.text;
    EXPECT_EQ(r->digest, c.want.digest) << c.text;
  }
}

TEST(ImageRefTest, TagsMayBeUppercaseWhileRepositoriesMayNot) {
  Result<ImageRef> r = ParseImageRef("web:Release-1.0");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->tag, "Release-1.0");
}

TEST(ImageRefTest, ToStringRoundTripsEveryValidForm) {
  for (const std::string& text :
       {std::string("nginx"), std::string("team/web:1.0"), std::string("localhost:5000/web:dev"),
        std::string("123456789012.dkr.ecr.eu-west-1.amazonaws.com/a/b:1@") + kSha, "web@" + kSha,
        std::string("public.ecr.aws/x/y:1"), std::string("[::1]:5000/web:1")}) {
    Result<ImageRef> r = ParseImageRef(text);
    ASSERT_TRUE(r.ok()) << text << ": " << r.status().ToString();
    EXPECT_EQ(r->ToString(), text);
    Result<ImageRef> again = ParseImageRef(r->ToString());
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(*again == *r) << text;
  }
}

TEST(ImageRefTest, NameIsRegistryAndRepositoryWithoutTagOrDigest) {
  EXPECT_EQ(ParseImageRef("localhost:5000/team/web:1@" + kSha)->Name(), "localhost:5000/team/web");
  EXPECT_EQ(ParseImageRef("team/web:1")->Name(), "team/web");
}

TEST(ImageRefTest, NothingIsDefaulted) {
  Result<ImageRef> r = ParseImageRef("nginx");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->registry, "");
  EXPECT_EQ(r->tag, "");
  EXPECT_EQ(r->ToString(), "nginx");
}

TEST(ImageRefTest, RecognisesEcrRegistriesIncludingChinaAndFips) {
  EXPECT_TRUE(ParseImageRef("123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1")->IsEcr());
  EXPECT_TRUE(ParseImageRef("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/web")->IsEcr());
  EXPECT_TRUE(ParseImageRef("123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/w")->IsEcr());
  EXPECT_FALSE(ParseImageRef("public.ecr.aws/x/y:1")->IsEcr());
  EXPECT_FALSE(ParseImageRef("nginx")->IsEcr());
  EXPECT_FALSE(ParseImageRef("12345.dkr.ecr.us-east-1.amazonaws.com/web")->IsEcr());
  EXPECT_FALSE(ParseImageRef("123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.io/w")->IsEcr());
  EXPECT_FALSE(ParseImageRef("123456789012.dkr.ecr.us-east-1.example.com/web")->IsEcr());
}

struct InvalidCase {
  std::string text;
  std::string says;  // a fragment the message must contain
};

TEST(ImageRefTest, RejectsInvalidReferencesSayingWhatIsWrong) {
  const std::vector<InvalidCase> cases = {
      {"", "empty"},
      {"Web:1.0", "lowercase"},
      {"team/Web", "lowercase"},
      {":1.0", "no repository name"},
      {"@" + kSha, "no repository name"},
      {"team/web/", "empty path component"},
      {"/web", "empty path component"},
      {"a//b", "empty path component"},
      {"registry.example.com/", "no repository name"},
      {"web:", "empty tag"},
      {"web:-x", "must start with"},
      {"web:a+b", "may contain only"},
      {"web:" + std::string(129, 'x'), "129 characters; the limit is 128"},
      {"web@sha256:abc", "exactly 64 lowercase hex digits"},
      {"web@sha256:" + std::string(65, 'a'), "exactly 64"},
      {"web@sha256:" + std::string(64, 'A'), "lowercase hex"},
      {"web@sha256", "ALGORITHM:HEX"},
      {"web@1sha:" + std::string(32, 'a'), "algorithm"},
      {"web@foo:" + std::string(31, 'a'), "at least 32 hex"},
      {"web app:1", "whitespace"},
      {" web", "whitespace"},
      {"web:1\n", "whitespace"},
      {"we$b", "not a valid repository path component"},
      {"web-:1", "not a valid repository path component"},
      {"a..b", "not a valid repository path component"},
      {"a___b", "not a valid repository path component"},
      {"localhost:50a0/web", "bad port"},
      {"localhost:/web", "bad port"},
      {"-bad.example.com/web", "not a valid registry host"},
      {"bad..example.com/web", "not a valid registry host"},
      {"example.com/" + std::string(250, 'a'), "the limit is 255"},
  };
  for (const InvalidCase& c : cases) {
    Result<ImageRef> r = ParseImageRef(c.text);
    ASSERT_FALSE(r.ok()) << "accepted: \"" << c.text << "\"";
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << c.text;
    EXPECT_NE(r.status().message().find(c.says), std::string::npos) << c.text << " -> " << r.status().message();
  }
}

TEST(ImageRefTest, LowercaseErrorQuotesTheReferenceAndShowsTheFixedOne) {
  Result<ImageRef> r = ParseImageRef("Web:1.0");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "image \"Web:1.0\": repository names must be lowercase (e.g. \"web:1.0\")");
  Result<ImageRef> tagged = ParseImageRef("Team/Web:V1");
  ASSERT_FALSE(tagged.ok());
  EXPECT_NE(tagged.status().message().find("(e.g. \"team/web:V1\")"), std::string::npos) << tagged.status().message();
}

TEST(ImageRefTest, NameOfExactly255CharactersIsAccepted) {
  std::string name = "example.com/" + std::string(255 - 12, 'a');
  ASSERT_EQ(name.size(), 255u);
  EXPECT_TRUE(ParseImageRef(name + ":1").ok());
  EXPECT_FALSE(ParseImageRef(name + "a:1").ok());
}

}  // namespace
}  // namespace berth::deploy
