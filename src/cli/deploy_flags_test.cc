// The CLI's syntax for image and environment overrides (--image
// CONTAINER=IMAGE, --env CONTAINER:KEY=VALUE).
#include "cli/deploy_flags.h"

#include <gtest/gtest.h>

namespace berth::cli {
namespace {

const char* kNewImage = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.1";

deploy::EnvOverride Env(const std::string& flag) {
  Result<deploy::EnvOverride> r = ParseEnvFlag(flag);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.value_or(deploy::EnvOverride{});
}

TEST(DeployFlagsTest, ImageFlagSplitsContainerAndImage) {
  std::string flag = "web=";
  flag += kNewImage;  // (not "web=" + kNewImage: GCC 12 warns falsely about that concatenation here)
  Result<deploy::ImageOverride> r = ParseImageFlag(flag);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->container, "web");
  EXPECT_EQ(r->text, kNewImage);
  EXPECT_EQ(r->image.tag, "1.1");
  EXPECT_TRUE(r->image.IsEcr());
}

TEST(DeployFlagsTest, ImageFlagWithoutEqualsSaysTheExpectedForm) {
  for (const char* bad : {"web", "=nginx", "web=", ""}) {
    Result<deploy::ImageOverride> r = ParseImageFlag(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find("expected CONTAINER=IMAGE, e.g. --image web=repo/web:1.2.3"), std::string::npos)
        << r.status().message();
  }
  EXPECT_EQ(ParseImageFlag("web").status().message(),
            "--image \"web\": expected CONTAINER=IMAGE, e.g. --image web=repo/web:1.2.3");
}

TEST(DeployFlagsTest, ImageFlagWithABadImageQuotesFlagAndImage) {
  Result<deploy::ImageOverride> r = ParseImageFlag("web=Web:1.0");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "--image \"web=Web:1.0\": image \"Web:1.0\": repository names "
            "must be lowercase (e.g. \"web:1.0\")");
  EXPECT_FALSE(ParseImageFlag("we b=nginx").ok());
}

TEST(DeployFlagsTest, EnvFlagValueMayBeEmptyAndContainEqualsAndColons) {
  deploy::EnvOverride e = Env("web:LOG_LEVEL=debug");
  EXPECT_EQ(e.container, "web");
  EXPECT_EQ(e.key, "LOG_LEVEL");
  EXPECT_EQ(e.value, "debug");
  e = Env("web:EMPTY=");
  EXPECT_EQ(e.key, "EMPTY");
  EXPECT_EQ(e.value, "");
  e = Env("web:DSN=postgres://u:p@h:5432/db?a=b");
  EXPECT_EQ(e.key, "DSN");
  EXPECT_EQ(e.value, "postgres://u:p@h:5432/db?a=b");
}

TEST(DeployFlagsTest, EnvFlagWithoutContainerOrKeySaysTheExpectedForm) {
  for (const char* bad : {"LOG_LEVEL=debug", ":K=V", "web:=V", "web:K", "web", ""}) {
    Result<deploy::EnvOverride> r = ParseEnvFlag(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find("expected CONTAINER:KEY=VALUE, e.g. --env "
                                        "web:LOG_LEVEL=debug"),
              std::string::npos)
        << r.status().message();
  }
}

}  // namespace
}  // namespace berth::cli
