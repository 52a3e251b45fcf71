#include "aws/config/settings.h"

#include <gtest/gtest.h>

#include "aws/call/service.h"
#include "aws/config/endpoints.h"
#include "support/credentials_fixtures.h"

namespace berth::aws {
namespace {

class SettingsTest : public ::testing::Test {
 protected:
  // An environment whose shared files live in the temp dir.
  MapEnvironment Env(std::string_view config, std::string_view credentials = "") {
    MapEnvironment env;
    env.Set("AWS_CONFIG_FILE", dir_.Write("config", config));
    env.Set("AWS_SHARED_CREDENTIALS_FILE", dir_.Write("credentials", credentials));
    return env;
  }
  testing::TempDir dir_;
};

TEST_F(SettingsTest, ProfileComesFromFlagThenAwsProfileThenAwsDefaultProfile) {
  auto env = Env("[profile a]\n[profile b]\n[profile c]\n");
  env.Set("AWS_DEFAULT_PROFILE", "c");
  auto r = ResolveSettings({}, env);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->profile, "c");
  env.Set("AWS_PROFILE", "b");
  EXPECT_EQ(ResolveSettings({}, env)->profile, "b");
  EXPECT_FALSE(ResolveSettings({}, env)->profile_from_flag);
  SettingsFlags flags;
  flags.profile = "a";
  auto f = ResolveSettings(flags, env);
  EXPECT_EQ(f->profile, "a");
  EXPECT_TRUE(f->profile_from_flag);
}

TEST_F(SettingsTest, DefaultProfileNeedNotExist) {
  auto r = ResolveSettings({}, Env(""));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->profile, "default");
}

TEST_F(SettingsTest, UnknownExplicitProfileIsAConfigErrorListingTheProfilesThatExist) {
  auto env = Env("[profile staging]\n", "[prod]\n");
  env.Set("AWS_PROFILE", "stagin");
  auto r = ResolveSettings({}, env);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kConfig);
  EXPECT_NE(r.status().message().find("'stagin'"), std::string::npos);
  EXPECT_NE(r.status().message().find("prod, staging"), std::string::npos) << r.status().message();
}

TEST_F(SettingsTest, MalformedConfigFileIsAConfigErrorWithPathAndLine) {
  auto env = Env("[default]\nregion us-east-1\n");
  auto r = ResolveSettings({}, env);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kConfig);
  EXPECT_NE(r.status().message().find(dir_.path() + "/config:2:"), std::string::npos) << r.status().message();
}

TEST_F(SettingsTest, RegionComesFromFlagThenAwsRegionThenAwsDefaultRegionThenProfile) {
  auto env = Env("[default]\nregion = ap-south-1\n");
  EXPECT_EQ(ResolveSettings({}, env)->region, "ap-south-1");
  env.Set("AWS_DEFAULT_REGION", "eu-central-1");
  EXPECT_EQ(ResolveSettings({}, env)->region, "eu-central-1");
  env.Set("AWS_REGION", "eu-west-1");
  EXPECT_EQ(ResolveSettings({}, env)->region, "eu-west-1");
  SettingsFlags flags;
  flags.region = "us-west-2";
  EXPECT_EQ(ResolveSettings(flags, env)->region, "us-west-2");
}

TEST_F(SettingsTest, InvalidRegionIsAConfigErrorNamingWhereItCameFrom) {
  auto env = Env("");
  env.Set("AWS_REGION", "us-east-1a");
  auto r = ResolveSettings({}, env);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kConfig);
  EXPECT_NE(r.status().message().find("AWS_REGION"), std::string::npos) << r.status().message();
}

TEST_F(SettingsTest, EndpointOverridesFollowBotocoreOrder) {
  auto env =
      Env("[default]\nendpoint_url = http://profile:1\nservices = local\n"
          "[services local]\necs =\n  endpoint_url = http://svc-section:2\n"
          "elastic_load_balancing_v2 =\n  endpoint_url = http://elb-section:3\n");
  auto r = ResolveSettings({}, env);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->service_endpoint_urls.at("ecs"), "http://svc-section:2");
  EXPECT_EQ(r->service_endpoint_urls.at("elbv2"), "http://elb-section:3");
  EXPECT_EQ(r->service_endpoint_urls.at("sts"), "http://profile:1");

  env.Set("AWS_ENDPOINT_URL", "http://global-env:4/");
  r = ResolveSettings({}, env);
  EXPECT_EQ(r->service_endpoint_urls.at("ecs"), "http://global-env:4");
  env.Set("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2", "http://elb-env:5");
  env.Set("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", "http://logs-env:6");
  r = ResolveSettings({}, env);
  EXPECT_EQ(r->service_endpoint_urls.at("elbv2"), "http://elb-env:5");
  EXPECT_EQ(r->service_endpoint_urls.at("logs"), "http://logs-env:6");
  EXPECT_EQ(r->service_endpoint_urls.at("ecs"), "http://global-env:4");

  SettingsFlags flags;
  flags.endpoint_url = "http://flag:7";
  env.Set("AWS_REGION", "us-east-1");
  auto ep = ResolveEndpoint(*FindService("ecs"), *ResolveSettings(flags, env));
  ASSERT_TRUE(ep.ok());
  EXPECT_EQ(ep->url, "http://flag:7");
}

TEST_F(SettingsTest, IgnoreConfiguredEndpointUrlsDisablesAllButTheFlag) {
  auto env = Env("[default]\nendpoint_url = http://profile:1\n");
  env.Set("AWS_ENDPOINT_URL_ECS", "http://ecs-env:2");
  env.Set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
  SettingsFlags flags;
  flags.endpoint_url = "http://flag:3";
  auto r = ResolveSettings(flags, env);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->service_endpoint_urls.empty());
  EXPECT_TRUE(r->global_endpoint_url.empty());
  EXPECT_EQ(r->endpoint_url, "http://flag:3");
}

TEST_F(SettingsTest, MissingServicesSectionIsAConfigError) {
  auto r = ResolveSettings({}, Env("[default]\nservices = nope\n"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kConfig);
}

TEST_F(SettingsTest, BadEndpointUrlIsAConfigError) {
  auto env = Env("");
  env.Set("AWS_ENDPOINT_URL_ECS", "localhost:4566");
  auto r = ResolveSettings({}, env);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kConfig);
  EXPECT_NE(r.status().message().find("AWS_ENDPOINT_URL_ECS"), std::string::npos);
}

TEST_F(SettingsTest, RetrySettingsComeFromEnvironmentThenProfile) {
  auto env = Env("[default]\nmax_attempts = 7\nretry_mode = adaptive\n");
  auto r = ResolveSettings({}, env);
  EXPECT_EQ(r->max_attempts, 7);
  EXPECT_EQ(r->retry_mode, "adaptive");
  env.Set("AWS_MAX_ATTEMPTS", "2");
  env.Set("AWS_RETRY_MODE", "Legacy");
  r = ResolveSettings({}, env);
  EXPECT_EQ(r->max_attempts, 2);
  EXPECT_EQ(r->retry_mode, "legacy");
}

TEST_F(SettingsTest, BadRetrySettingsAreConfigErrors) {
  auto env = Env("");
  env.Set("AWS_MAX_ATTEMPTS", "three");
  EXPECT_EQ(ResolveSettings({}, env).status().code(), StatusCode::kConfig);
  env.Unset("AWS_MAX_ATTEMPTS");
  env.Set("AWS_RETRY_MODE", "aggressive");
  EXPECT_EQ(ResolveSettings({}, env).status().code(), StatusCode::kConfig);
}

}  // namespace
}  // namespace berth::aws
