#include "deploy/taskdef/task_definition_edit.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "aws/ecs/requests.h"
#include "fixtures/overrides.h"
#include "fixtures/task_definition.h"

namespace berth::deploy {
namespace {

const char* kNewImage = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.1";

// "web=repo/web:1" and "web:KEY=VALUE", split as the CLI's flags are.
ImageOverride Image(const std::string& flag) {
  size_t eq = flag.find('=');
  return testdata::Image(flag.substr(0, eq), flag.substr(eq + 1));
}
EnvOverride Env(const std::string& flag) {
  size_t colon = flag.find(':'), eq = flag.find('=', colon);
  return testdata::Env(flag.substr(0, colon), flag.substr(colon + 1, eq - colon - 1), flag.substr(eq + 1));
}
Json Described() {
  return testdata::DescribeTaskDefinitionResponse()["taskDefinition"];
}
Json WithoutOutputOnly(Json td) {
  for (const std::string& f : aws::kTaskDefinitionOutputOnlyFields) td.erase(f);
  return td;
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
  EXPECT_NE(out.status().message().find("container \"web\" is given twice"), std::string::npos)
      << out.status().message();
  EXPECT_EQ(out.status().fields(), std::vector<std::string>{"images"});
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
