#include "aws/config/config_file.h"

#include <gtest/gtest.h>

namespace berth::aws {
namespace {

TEST(ConfigFileTest, ParsesSectionsKeysAndNestedValues) {
  auto r = ParseIni(
      "# comment\n"
      "[default]\n"
      "Region = eu-west-1\n"
      "; another comment\n"
      "s3 =\n"
      "  max_concurrent_requests = 20\n"
      "  addressing_style: path\n"
      "[profile dev]\r\n"
      "role_arn = arn:aws:iam::123456789012:role/dev\r\n",
      "cfg");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->at("default").at("region"), "eu-west-1");
  EXPECT_EQ(r->at("default").at("s3.max_concurrent_requests"), "20");
  EXPECT_EQ(r->at("default").at("s3.addressing_style"), "path");
  EXPECT_EQ(r->at("profile dev").at("role_arn"), "arn:aws:iam::123456789012:role/dev");
}

TEST(ConfigFileTest, ContinuationLinesExtendAValue) {
  auto r = ParseIni("[a]\nk = first\n  second\n", "cfg");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->at("a").at("k"), "first\nsecond");
}

TEST(ConfigFileTest, KeyBeforeAnySectionIsAConfigErrorWithPathAndLine) {
  auto r = ParseIni("\nregion = us-east-1\n", "/home/u/.aws/config");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kConfig);
  EXPECT_NE(r.status().message().find("/home/u/.aws/config:2:"), std::string::npos) << r.status().message();
}

TEST(ConfigFileTest, LineWithoutEqualsIsAConfigError) {
  auto r = ParseIni("[a]\nthis is not ini\n", "f");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("f:2:"), std::string::npos);
}

TEST(ConfigFileTest, UnclosedSectionHeaderIsAConfigError) {
  auto r = ParseIni("[profile x\n", "f");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kConfig);
}

TEST(ConfigFileTest, ConfigProfilesServicesAndCredentialsAreSeparated) {
  auto r = ParseConfigFiles(
      "[default]\nregion = us-east-1\n[profile dev]\nregion = eu-west-1\n[services local]\necs =\n"
      "  endpoint_url = http://localhost:4566\n[sso-session x]\nsso_region = us-east-1\n",
      "config", "[dev]\naws_access_key_id = AKIA\n[other]\naws_access_key_id = B\n", "credentials");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->config_profiles.size(), 2u);
  EXPECT_EQ(r->services_sections.at("local").at("ecs.endpoint_url"), "http://localhost:4566");
  EXPECT_EQ(*r->Get("dev", "aws_access_key_id"), "AKIA");
  EXPECT_EQ(*r->Get("dev", "region"), "eu-west-1");
  EXPECT_TRUE(r->HasProfile("other"));
  EXPECT_FALSE(r->HasProfile("x"));
  EXPECT_EQ(r->ProfileNames(), (std::vector<std::string>{"default", "dev", "other"}));
}

TEST(ConfigFileTest, CredentialsFileValuesWinOverConfigFileValues) {
  auto r = ParseConfigFiles("[profile p]\naws_access_key_id = FROMCONFIG\n", "c",
                            "[p]\naws_access_key_id = FROMCREDS\n", "k");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r->Get("p", "aws_access_key_id"), "FROMCREDS");
}

TEST(ConfigFileTest, PathsComeFromEnvironmentOrHome) {
  MapEnvironment env;
  env.Set("HOME", "/home/u");
  EXPECT_EQ(ConfigFilePath(env), "/home/u/.aws/config");
  EXPECT_EQ(CredentialsFilePath(env), "/home/u/.aws/credentials");
  env.Set("AWS_CONFIG_FILE", "~/cfg");
  env.Set("AWS_SHARED_CREDENTIALS_FILE", "/etc/creds");
  EXPECT_EQ(ConfigFilePath(env), "/home/u/cfg");
  EXPECT_EQ(CredentialsFilePath(env), "/etc/creds");
}

TEST(ConfigFileTest, MissingFilesReadAsEmpty) {
  MapEnvironment env;
  env.Set("AWS_CONFIG_FILE", "/nonexistent/berth/config");
  env.Set("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/berth/credentials");
  auto r = LoadConfigFiles(env);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->ProfileNames().empty());
}

TEST(ConfigFileTest, DirectoryInsteadOfFileIsAConfigError) {
  MapEnvironment env;
  env.Set("AWS_CONFIG_FILE", "/tmp");
  env.Set("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/x");
  auto r = LoadConfigFiles(env);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kConfig);
}

}  // namespace
}  // namespace berth::aws
