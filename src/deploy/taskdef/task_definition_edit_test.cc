#include "deploy/taskdef/task_definition_edit.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "aws/ecs/requests.h"
#include "fixtures/task_definition.h"

namespace berth::deploy {
namespace {

const char* kNewImage = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.1";

ImageOverride Image(const std::string& flag) {
  Result<ImageOverride> r = ParseImageFlag(flag);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.value_or(ImageOverride{});
}
EnvOverride Env(const std::string& flag) {
  Result<EnvOverride> r = ParseEnvFlag(flag);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.value_or(EnvOverride{});
}
Json Described() {
  return testdata::DescribeTaskDefinitionResponse()["taskDefinition"];
}
Json WithoutOutputOnly(Json td) {
  for (const std::string& f : aws::kTaskDefinitionOutputOnlyFields) td.erase(f);
  return td;
}

// --- flags ---------------------------------------------------------------

TEST(TaskDefinitionEditTest, ImageFlagSplitsContainerAndImage) {
  Result<ImageOverride> r = ParseImageFlag(std::string("web=") + kNewImage);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->container, "web");
  EXPECT_EQ(r->text, kNewImage);
  EXPECT_EQ(r->image.tag, "1.1");
  EXPECT_TRUE(r->image.IsEcr());
}

TEST(TaskDefinitionEditTest, ImageFlagWithoutEqualsSaysTheExpectedForm) {
  for (const char* bad : {"web", "=nginx", "web=", ""}) {
    Result<ImageOverride> r = ParseImageFlag(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find("expected CONTAINER=IMAGE, e.g. --image web=repo/web:1.2.3"), std::string::npos)
        << r.status().message();
  }
  EXPECT_EQ(ParseImageFlag("web").status().message(),
            "--image \"web\": expected CONTAINER=IMAGE, e.g. --image web=repo/web:1.2.3");
}

TEST(TaskDefinitionEditTest, ImageFlagWithABadImageQuotesFlagAndImage) {
  Result<ImageOverride> r = ParseImageFlag("web=Web:1.0");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "--image \"web=Web:1.0\": image \"Web:1.0\": repository names "
            "must be lowercase (e.g. \"web:1.0\")");
  EXPECT_FALSE(ParseImageFlag("we b=nginx").ok());
}

TEST(TaskDefinitionEditTest, EnvFlagValueMayBeEmptyAndContainEqualsAndColons) {
  EnvOverride e = Env("web:LOG_LEVEL=debug");
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

TEST(TaskDefinitionEditTest, EnvFlagWithoutContainerOrKeySaysTheExpectedForm) {
  for (const char* bad : {"LOG_LEVEL=debug", ":K=V", "web:=V", "web:K", "web", ""}) {
    Result<EnvOverride> r = ParseEnvFlag(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find("expected CONTAINER:KEY=VALUE, e.g. --env "
                                        "web:LOG_LEVEL=debug"),
              std::string::npos)
        << r.status().message();
  }
}

// --- ApplyOverrides ------------------------------------------------------

TEST(TaskDefinitionEditTest, CloneIsLosslessExceptOutputOnlyMembersAndTheNamedChanges) {
  Json in = Described();
  Result<Json> out = ApplyOverrides(in, {Image(std::string("web=") + kNewImage)}, {Env("web:LOG_LEVEL=debug")});
  ASSERT_TRUE(out.ok()) << out.status().ToString();

  Json want = WithoutOutputOnly(in);
  want["containerDefinitions"][0]["image"] = kNewImage;
  want["containerDefinitions"][0]["environment"][0]["value"] = "debug";
  EXPECT_EQ(*out, want) << out->dump(2);
  // Key order is kept too: the request reads like the document it came from.
  EXPECT_EQ(out->dump(), want.dump());
  for (const std::string& f : aws::kTaskDefinitionOutputOnlyFields) {
    EXPECT_TRUE(in.contains(f)) << "the fixture should carry " << f;
    EXPECT_FALSE(out->contains(f)) << f;
  }
  EXPECT_EQ((*out)["futureField"], in["futureField"]);
  EXPECT_EQ((*out)["containerDefinitions"][0]["containerFutureField"],
            in["containerDefinitions"][0]["containerFutureField"]);
}

TEST(TaskDefinitionEditTest, NoOverridesOnlyStripsOutputOnlyMembers) {
  Result<Json> out = ApplyOverrides(Described(), {}, {});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, WithoutOutputOnly(Described()));
}

TEST(TaskDefinitionEditTest, DescribeResponseIsUnwrappedWithItsTagsKept) {
  Json response = testdata::DescribeTaskDefinitionResponse();
  Result<Json> out = ApplyOverrides(response, {Image("envoy=envoy:2")}, {});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  Json want = WithoutOutputOnly(response["taskDefinition"]);
  want["containerDefinitions"][1]["image"] = "envoy:2";
  want["tags"] = response["tags"];
  EXPECT_EQ(*out, want);
}

TEST(TaskDefinitionEditTest, ImageIsWrittenExactlyAsGiven) {
  Result<Json> out = ApplyOverrides(Described(), {Image("web=localhost:5000/web")}, {});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ((*out)["containerDefinitions"][0]["image"], "localhost:5000/web");
}

TEST(TaskDefinitionEditTest, EnvOverrideKeepsThePositionOfAnExistingName) {
  Result<Json> out = ApplyOverrides(Described(), {}, {Env("web:REGION=eu-west-1")});
  ASSERT_TRUE(out.ok());
  Json env = (*out)["containerDefinitions"][0]["environment"];
  ASSERT_EQ(env.size(), 2u);
  EXPECT_EQ(env[0], Json({{"name", "LOG_LEVEL"}, {"value", "info"}}));
  EXPECT_EQ(env[1], Json({{"name", "REGION"}, {"value", "eu-west-1"}}));
}

TEST(TaskDefinitionEditTest, EnvOverrideAppendsANewNameAndCreatesTheList) {
  Json td = Described();
  td["containerDefinitions"][1].erase("environment");
  Result<Json> out = ApplyOverrides(td, {}, {Env("web:FLAG=on"), Env("envoy:ENVOY_LOG_LEVEL=warn")});
  ASSERT_TRUE(out.ok());
  Json web_env = (*out)["containerDefinitions"][0]["environment"];
  ASSERT_EQ(web_env.size(), 3u);
  EXPECT_EQ(web_env[2], Json({{"name", "FLAG"}, {"value", "on"}}));
  EXPECT_EQ((*out)["containerDefinitions"][1]["environment"],
            Json::array({{{"name", "ENVOY_LOG_LEVEL"}, {"value", "warn"}}}));
}

TEST(TaskDefinitionEditTest, UnknownContainerListsTheContainersThere) {
  Result<Json> out = ApplyOverrides(Described(), {Image("wbe=web:2")}, {});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(out.status().message(),
            "container \"wbe\" is not in task definition web:7 "
            "(containers: web, envoy); did you mean \"web\"?");
  Result<Json> env = ApplyOverrides(Described(), {}, {Env("worker:A=1")});
  ASSERT_FALSE(env.ok());
  EXPECT_EQ(env.status().message(),
            "container \"worker\" is not in task definition web:7 "
            "(containers: web, envoy)");
}

TEST(TaskDefinitionEditTest, TwoImagesForOneContainerFail) {
  Result<Json> out = ApplyOverrides(Described(), {Image("web=web:2"), Image("web=web:3")}, {});
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("container \"web\" twice"), std::string::npos) << out.status().message();
}

TEST(TaskDefinitionEditTest, DocumentWithoutContainerDefinitionsFails) {
  EXPECT_FALSE(ApplyOverrides(Json{{"family", "web"}}, {}, {}).ok());
  EXPECT_FALSE(ApplyOverrides(Json::array(), {}, {}).ok());
  Json env_not_list = Described();
  env_not_list["containerDefinitions"][0]["environment"] = "x";
  EXPECT_FALSE(ApplyOverrides(env_not_list, {}, {Env("web:A=1")}).ok());
}

TEST(TaskDefinitionEditTest, LabelIsFamilyAndRevision) {
  EXPECT_EQ(TaskDefinitionLabel(Described()), "web:7");
  EXPECT_EQ(TaskDefinitionLabel(testdata::DescribeTaskDefinitionResponse()), "web:7");
  EXPECT_EQ(TaskDefinitionLabel(Json{{"family", "api"}}), "api");
}

}  // namespace
}  // namespace berth::deploy
