#include "deploy/taskdef/diff.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/log.h"
#include "deploy/taskdef/diff_normalize.h"
#include "deploy/taskdef/task_definition_edit.h"
#include "fixtures/overrides.h"
#include "fixtures/task_definition.h"

namespace berth::deploy {
namespace {

Json Doc(const char* text) {
  return Json::parse(text);
}

std::string Paths(const std::vector<Change>& changes) {
  std::string out;
  for (const Change& c : changes) out += c.path + ";";
  return out;
}

// Asserts that `a` and `b` normalise to the same document and have no diff.
void ExpectSame(const Json& a, const Json& b) {
  EXPECT_EQ(NormalizeTaskDefinition(a), NormalizeTaskDefinition(b)) << NormalizeTaskDefinition(a).dump() << "\n"
                                                                    << NormalizeTaskDefinition(b).dump();
  std::vector<Change> changes = DiffTaskDefinitions(a, b);
  EXPECT_TRUE(changes.empty()) << RenderChanges(changes, false);
}

Json Base() {
  return Doc(R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "web:1"}]})");
}
Json WithContainer(const char* container_json) {
  Json td = Base();
  td["containerDefinitions"][0].update(Json::parse(container_json));
  return td;
}

// --- one test per normalisation rule --------------------------------------

TEST(DiffTest, OutputOnlyMembersAreNotChanges) {
  Json described = Base();
  described.update(Doc(R"({"taskDefinitionArn": "arn:aws:ecs:us-east-1:1:task-definition/web:3",
    "revision": 3, "status": "ACTIVE", "compatibilities": ["EC2", "FARGATE"],
    "requiresAttributes": [{"name": "x"}], "registeredAt": 1.7e9, "registeredBy": "arn:me",
    "deregisteredAt": 1.8e9, "deleteRequestedAt": 1.9e9})"));
  ExpectSame(described, Base());
}

TEST(DiffTest, EssentialTrueIsTheDefault) {
  ExpectSame(WithContainer(R"({"essential": true})"), Base());
  EXPECT_EQ(DiffTaskDefinitions(WithContainer(R"({"essential": false})"), Base()).size(), 1u);
}

TEST(DiffTest, ContainerCpuZeroIsTheDefault) {
  ExpectSame(WithContainer(R"({"cpu": 0})"), Base());
  EXPECT_EQ(DiffTaskDefinitions(WithContainer(R"({"cpu": 128})"), Base()).size(), 1u);
}

TEST(DiffTest, EmptyListsObjectsAndNullsAreAbsent) {
  Json td = WithContainer(R"({"mountPoints": [], "volumesFrom": [], "environment": [],
    "logConfiguration": {"secretOptions": [], "options": {}}, "user": null})");
  td["volumes"] = Json::array();
  td["placementConstraints"] = Json::array();
  ExpectSame(td, Base());
}

TEST(DiffTest, BridgeNetworkModeIsTheDefaultOnEc2Only) {
  Json ec2 = Base();
  ec2["requiresCompatibilities"] = {"EC2"};
  Json ec2_bridge = ec2;
  ec2_bridge["networkMode"] = "bridge";
  ExpectSame(ec2_bridge, ec2);
  Json fargate = Base();
  fargate["requiresCompatibilities"] = {"FARGATE"};
  fargate["networkMode"] = "bridge";
  EXPECT_EQ(NormalizeTaskDefinition(fargate)["networkMode"], "bridge");
}

TEST(DiffTest, TaskCpuAndMemoryCompareAsStrings) {
  Json numbers = Base();
  numbers["cpu"] = 1024;
  numbers["memory"] = 2048;
  Json strings = Base();
  strings["cpu"] = "1024";
  strings["memory"] = "2048";
  ExpectSame(numbers, strings);
}

TEST(DiffTest, EnvironmentOrderDoesNotMatter) {
  ExpectSame(WithContainer(R"({"environment": [{"name": "B", "value": "2"}, {"name": "A", "value": "1"}]})"),
             WithContainer(R"({"environment": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]})"));
}

TEST(DiffTest, SecretsOrderDoesNotMatter) {
  ExpectSame(WithContainer(R"({"secrets": [{"name": "B", "valueFrom": "b"}, {"name": "A", "valueFrom": "a"}]})"),
             WithContainer(R"({"secrets": [{"name": "A", "valueFrom": "a"}, {"name": "B", "valueFrom": "b"}]})"));
}

TEST(DiffTest, PortMappingsOrderDoesNotMatter) {
  ExpectSame(WithContainer(R"({"portMappings": [{"containerPort": 9090}, {"containerPort": 8080}]})"),
             WithContainer(R"({"portMappings": [{"containerPort": 8080}, {"containerPort": 9090}]})"));
}

TEST(DiffTest, TcpIsTheDefaultPortProtocol) {
  ExpectSame(WithContainer(R"({"portMappings": [{"containerPort": 80, "protocol": "tcp"}]})"),
             WithContainer(R"({"portMappings": [{"containerPort": 80}]})"));
}

TEST(DiffTest, HostPortEqualToContainerPortIsTheDefaultInAwsvpcMode) {
  Json filled = WithContainer(R"({"portMappings": [{"containerPort": 80, "hostPort": 80}]})");
  Json bare = WithContainer(R"({"portMappings": [{"containerPort": 80}]})");
  filled["networkMode"] = bare["networkMode"] = "awsvpc";
  ExpectSame(filled, bare);
  // In bridge mode an absent hostPort means a dynamic port: a real change.
  filled["networkMode"] = bare["networkMode"] = "bridge";
  EXPECT_EQ(DiffTaskDefinitions(filled, bare).size(), 1u);
}

TEST(DiffTest, TagsOrderDoesNotMatter) {
  Json a = Base();
  a["tags"] = Doc(R"([{"key": "team", "value": "x"}, {"key": "env", "value": "prod"}])");
  Json b = Base();
  b["tags"] = Doc(R"([{"key": "env", "value": "prod"}, {"key": "team", "value": "x"}])");
  ExpectSame(a, b);
}

TEST(DiffTest, VolumesOrderDoesNotMatter) {
  Json a = Base();
  a["volumes"] = Doc(R"([{"name": "b", "host": {"sourcePath": "/b"}}, {"name": "a"}])");
  Json b = Base();
  b["volumes"] = Doc(R"([{"name": "a"}, {"name": "b", "host": {"sourcePath": "/b"}}])");
  ExpectSame(a, b);
}

TEST(DiffTest, ContainersAreMatchedByNameNotPosition) {
  Json a = Doc(R"({"family": "web", "containerDefinitions": [
    {"name": "web", "image": "web:1"}, {"name": "envoy", "image": "envoy:1"}]})");
  Json b = Doc(R"({"family": "web", "containerDefinitions": [
    {"name": "envoy", "image": "envoy:1"}, {"name": "web", "image": "web:1"}]})");
  ExpectSame(a, b);
  b["containerDefinitions"][1]["image"] = "web:2";
  std::vector<Change> changes = DiffTaskDefinitions(a, b);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].path, "containerDefinitions[web].image");
}

TEST(DiffTest, DescribeResponseComparesWithItsTagsAsARegisterInput) {
  Json response = {{"taskDefinition", Base()}, {"tags", Doc(R"([{"key": "team", "value": "x"}])")}};
  Json input = Base();
  input["tags"] = Doc(R"([{"key": "team", "value": "x"}])");
  ExpectSame(response, input);
}

// --- how changes are reported -------------------------------------------

TEST(DiffTest, ImageAndOneEnvironmentChangeAreExactlyTwoChanges) {
  Json live = testdata::DescribeTaskDefinitionResponse();
  Result<ImageOverride> image = testdata::Image("web", "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.1");
  Result<EnvOverride> env = testdata::Env("web", "LOG_LEVEL", "debug");
  ASSERT_TRUE(image.ok() && env.ok());
  Result<Json> next = ApplyOverrides(live, {*image}, {*env});
  ASSERT_TRUE(next.ok()) << next.status().ToString();
  std::vector<Change> changes = DiffTaskDefinitions(live, *next);
  ASSERT_EQ(changes.size(), 2u) << RenderChanges(changes, false);
  EXPECT_EQ(changes[0].path, "containerDefinitions[web].image");
  EXPECT_EQ(changes[0].before, "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0");
  EXPECT_EQ(changes[0].after, "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.1");
  EXPECT_EQ(changes[1].path, "containerDefinitions[web].environment[LOG_LEVEL]");
  EXPECT_EQ(changes[1].before, "info");
  EXPECT_EQ(changes[1].after, "debug");
}

TEST(DiffTest, HandWrittenFileWithoutDefaultsDiffersFromTheLiveOneOnlyWhereItShould) {
  Json live = testdata::DescribeTaskDefinitionResponse();
  Json file = live["taskDefinition"];
  Json& web = file["containerDefinitions"][0];
  web.erase("cpu");
  web.erase("essential");
  web.erase("environmentFiles");
  web.erase("volumesFrom");
  web.erase("systemControls");
  web["portMappings"][0].erase("hostPort");
  web["portMappings"][0].erase("protocol");
  web["environment"] = Doc(R"([{"name": "REGION", "value": "us-east-1"},
                                 {"name": "LOG_LEVEL", "value": "info"}])");
  web["logConfiguration"].erase("secretOptions");
  file["cpu"] = 512;
  file.erase("placementConstraints");
  file["tags"] = Doc(R"([{"key": "env", "value": "prod"}, {"key": "team", "value": "payments"}])");
  std::swap(file["containerDefinitions"][0], file["containerDefinitions"][1]);
  EXPECT_TRUE(DiffTaskDefinitions(live, file).empty()) << RenderChanges(DiffTaskDefinitions(live, file), false);
  file["containerDefinitions"][0]["essential"] = false;  // envoy, now first
  std::vector<Change> changes = DiffTaskDefinitions(live, file);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].path, "containerDefinitions[envoy].essential");
  EXPECT_EQ(changes[0].before, true);  // shown as the default AWS filled in
  EXPECT_EQ(changes[0].after, false);
}

TEST(DiffTest, AddedAndRemovedEntriesAreReportedWhole) {
  Json a = WithContainer(R"({"environment": [{"name": "OLD", "value": "1"}]})");
  Json b = WithContainer(R"({"environment": [{"name": "FLAG", "value": "on"}]})");
  b["containerDefinitions"].push_back({{"name", "sidecar"}, {"image", "side:1"}});
  std::vector<Change> changes = DiffTaskDefinitions(a, b);
  EXPECT_EQ(Paths(changes),
            "containerDefinitions[web].environment[OLD];"
            "containerDefinitions[web].environment[FLAG];"
            "containerDefinitions[sidecar];");
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[2].after, Json({{"name", "sidecar"}, {"image", "side:1"}}));
  EXPECT_TRUE(changes[2].before.is_null());
}

TEST(DiffTest, NewNestedObjectsAreReportedMemberByMember) {
  Json b = WithContainer(R"({"logConfiguration": {"logDriver": "awslogs",
                             "options": {"awslogs-group": "g"}}})");
  EXPECT_EQ(Paths(DiffTaskDefinitions(Base(), b)),
            "containerDefinitions[web].logConfiguration.logDriver;"
            "containerDefinitions[web].logConfiguration.options.awslogs-group;");
}

// --- service settings -----------------------------------------------------

Json LiveService() {
  return Doc(R"({"serviceName": "web", "status": "ACTIVE", "desiredCount": 3,
    "taskDefinition": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7",
    "deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": false, "rollback": false},
      "maximumPercent": 200, "minimumHealthyPercent": 100,
      "alarms": {"alarmNames": [], "enable": false, "rollback": false}},
    "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-b", "subnet-a"],
      "securityGroups": ["sg-2", "sg-1"], "assignPublicIp": "DISABLED"}}})");
}

TEST(DiffTest, ServiceNormalisationDropsDefaultsAndSortsSets) {
  // Every service rule at once, on the document itself: the diff alone cannot
  // see some of them because it shows an absent default as its value.
  EXPECT_EQ(internal::NormalizeServiceSettings(LiveService()),
            Doc(R"({"serviceName": "web", "status": "ACTIVE", "desiredCount": 3,
              "taskDefinition": "web:7",
              "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-a", "subnet-b"],
                "securityGroups": ["sg-1", "sg-2"]}}})"));
  Json tuned = LiveService();
  tuned["deploymentConfiguration"]["maximumPercent"] = 150;
  EXPECT_EQ(internal::NormalizeServiceSettings(tuned)["deploymentConfiguration"], Doc(R"({"maximumPercent": 150})"));
}

TEST(DiffTest, ServiceDeploymentConfigurationDefaultsAreNotChanges) {
  EXPECT_TRUE(
      DiffServiceSettings(Doc(R"({"desiredCount": 3})"),
                          Doc(R"({"deploymentConfiguration": {"maximumPercent": 200, "minimumHealthyPercent": 100}})"))
          .empty());
}

TEST(DiffTest, ServiceDisabledCircuitBreakerIsTheDefault) {
  EXPECT_TRUE(
      DiffServiceSettings(
          Doc(R"({"desiredCount": 3})"),
          Doc(R"({"deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": false, "rollback": false}}})"))
          .empty());
  EXPECT_EQ(DiffServiceSettings(
                LiveService(),
                Doc(R"({"deploymentConfiguration": {"deploymentCircuitBreaker": {"enable": true, "rollback": true}}})"))
                .size(),
            2u);
}

TEST(DiffTest, ServiceDisabledAlarmsAreTheDefault) {
  EXPECT_TRUE(
      DiffServiceSettings(
          Doc(R"({"desiredCount": 3})"),
          Doc(R"({"deploymentConfiguration": {"alarms": {"alarmNames": [], "enable": false, "rollback": false}}})"))
          .empty());
}

TEST(DiffTest, ServiceSubnetsAndSecurityGroupsAreSets) {
  EXPECT_TRUE(DiffServiceSettings(LiveService(), Doc(R"({"networkConfiguration": {"awsvpcConfiguration":
      {"subnets": ["subnet-a", "subnet-b"], "securityGroups": ["sg-1", "sg-2"]}}})"))
                  .empty());
}

TEST(DiffTest, ServiceAssignPublicIpDisabledIsTheDefault) {
  EXPECT_TRUE(DiffServiceSettings(Doc(R"({"networkConfiguration": {"awsvpcConfiguration":
      {"subnets": ["subnet-a"]}}})"),
                                  Doc(R"({"networkConfiguration": {"awsvpcConfiguration":
      {"subnets": ["subnet-a"], "assignPublicIp": "DISABLED"}}})"))
                  .empty());
}

TEST(DiffTest, ServiceTaskDefinitionArnEqualsFamilyRevision) {
  EXPECT_TRUE(DiffServiceSettings(LiveService(), Doc(R"({"taskDefinition": "web:7"})")).empty());
  std::vector<Change> c = DiffServiceSettings(LiveService(), Doc(R"({"taskDefinition": "web:8"})"));
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].path, "service.taskDefinition");
  EXPECT_EQ(c[0].before, "web:7");
}

TEST(DiffTest, ServiceComparesOnlyWhatTheRequestSets) {
  Json request = Doc(R"({"cluster": "prod", "service": "web", "forceNewDeployment": true,
    "desiredCount": 5, "deploymentConfiguration": {"minimumHealthyPercent": 50}})");
  std::vector<Change> changes = DiffServiceSettings(LiveService(), request);
  ASSERT_EQ(changes.size(), 2u) << RenderChanges(changes, false);
  EXPECT_EQ(changes[0].path, "service.desiredCount");
  EXPECT_EQ(changes[0].before, 3);
  EXPECT_EQ(changes[0].after, 5);
  EXPECT_EQ(changes[1].path, "service.deploymentConfiguration.minimumHealthyPercent");
  EXPECT_EQ(changes[1].before, 100);  // the default, shown rather than "added"
  EXPECT_EQ(changes[1].after, 50);
  EXPECT_TRUE(DiffServiceSettings(LiveService(), Doc(R"({"forceNewDeployment": true})")).empty());
}

// --- rendering --------------------------------------------------------------

std::vector<Change> ThreeKinds() {
  return {{"containerDefinitions[web].image", "repo/web:1.0", "repo/web:1.1"},
          {"containerDefinitions[web].environment[FLAG]", nullptr, "on"},
          {"cpu", "256", nullptr}};
}

TEST(DiffTest, RendersOneLinePerChangeWithoutColour) {
  EXPECT_EQ(RenderChanges(ThreeKinds(), false),
            "~ containerDefinitions[web].image: \"repo/web:1.0\" -> \"repo/web:1.1\"\n"
            "+ containerDefinitions[web].environment[FLAG]: \"on\"\n"
            "- cpu: \"256\"\n");
  EXPECT_EQ(RenderChanges({}, false), "no changes\n");
}

TEST(DiffTest, RendersColourWhenAsked) {
  std::string text = RenderChanges(ThreeKinds(), true);
  EXPECT_NE(text.find("\x1b[33m~ containerDefinitions[web].image"), std::string::npos) << text;
  EXPECT_NE(text.find("\x1b[32m+ containerDefinitions"), std::string::npos);
  EXPECT_NE(text.find("\x1b[31m- cpu: \"256\"\x1b[0m\n"), std::string::npos);
}

TEST(DiffTest, ChangesToJsonNamesTheOperation) {
  Json j = ChangesToJson(ThreeKinds());
  EXPECT_EQ(j, Doc(R"([
    {"path": "containerDefinitions[web].image", "before": "repo/web:1.0", "after": "repo/web:1.1", "op": "change"},
    {"path": "containerDefinitions[web].environment[FLAG]", "before": null, "after": "on", "op": "add"},
    {"path": "cpu", "before": "256", "after": null, "op": "remove"}])"));
  EXPECT_EQ(ChangesToJson({}), Json::array());
}

// Long values: cut in the text, whole in JSON.

TEST(DiffRenderValueTest, ShortValuesArePrintedWholeAsJson) {
  EXPECT_EQ(RenderValue(Json("repo/web:1.1")), "\"repo/web:1.1\"");
  EXPECT_EQ(RenderValue(Json(std::string(kRenderedValueLimit, 'a'))),
            "\"" + std::string(kRenderedValueLimit, 'a') + "\"");
  EXPECT_EQ(RenderValue(Doc(R"({"a": [1, 2]})")), R"({"a":[1,2]})");
  EXPECT_EQ(RenderValue(Json(256)), "256");
}

TEST(DiffRenderValueTest, ALongStringIsCutInsideItsQuotesSayingHowManyCharactersWereLeftOut) {
  EXPECT_EQ(RenderValue(Json(std::string(50'000'000, 'a'))),
            "\"" + std::string(200, 'a') + "\u2026\" (+49,999,800 characters)");
  EXPECT_EQ(RenderValue(Json(std::string(201, 'b'))), "\"" + std::string(200, 'b') + "\u2026\" (+1 characters)");
  // Escapes stay escapes in what is kept.
  EXPECT_EQ(RenderValue(Json("a\"b" + std::string(300, 'c')), 5), "\"a\\\"bcc\u2026\" (+298 characters)");
}

TEST(DiffRenderValueTest, CharactersAreCountedAsCodePointsNeverSplittingOne) {
  std::string e_acute = "\u00e9";
  std::string text;
  for (int i = 0; i < 300; ++i) text += e_acute;
  std::string kept;
  for (int i = 0; i < 200; ++i) kept += e_acute;
  EXPECT_EQ(RenderValue(Json(text)), "\"" + kept + "\u2026\" (+100 characters)");
}

TEST(DiffRenderValueTest, OtherLongValuesAreCutInTheirJsonText) {
  Json command = Json::array();
  for (int i = 0; i < 1000; ++i) command.push_back("arg" + std::to_string(i));
  std::string text = RenderValue(command);
  EXPECT_EQ(text.rfind("[\"arg0\",\"arg1\",", 0), 0u) << text;
  size_t ellipsis = text.find("\u2026 (+");
  ASSERT_NE(ellipsis, std::string::npos) << text;
  EXPECT_EQ(text.substr(text.size() - std::string(" characters)").size()), " characters)");
  EXPECT_LE(ellipsis, 200u);
}

TEST(DiffRenderValueTest, ACutNeverFallsInsideAnArn) {
  const std::string arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-password-AbCdEf";
  // The cut at 200 would fall inside the ARN: it moves back to where it starts.
  std::string value = std::string(180, 'x') + " " + arn + " " + std::string(100, 'y');
  std::string text = RenderValue(Json(value));
  EXPECT_EQ(text, "\"" + std::string(180, 'x') + " \u2026\" (+" + std::to_string(arn.size() + 101) + " characters)");
  // An ARN that starts the value is kept whole, however far past the limit.
  std::string long_arn = "arn:aws:iam::123456789012:role/" + std::string(400, 'r');
  text = RenderValue(Json(long_arn + "," + std::string(1000, 'z')));
  EXPECT_EQ(text, "\"" + long_arn + "\u2026\" (+1,001 characters)");
  // Inside an object's JSON text too: [{"name":"nnn…","valueFrom":"arn:… is cut before the ARN.
  Json secret = {{"name", std::string(170, 'n')}, {"valueFrom", arn}};
  text = RenderValue(Json::array({secret, secret}));
  EXPECT_EQ(text.find("arn:"), std::string::npos) << text;
  EXPECT_NE(text.find("\"valueFrom\":\"\u2026 (+"), std::string::npos) << text;
}

TEST(DiffRenderValueTest, ARegisteredSecretIsMaskedBeforeTheCutSoNoPartOfItIsPrinted) {
  const std::string secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCY" + std::string(300, 'K');
  RegisterSecret(secret);
  // Cut first, the text would end in 100 characters of the secret, which the
  // redaction of the whole line could no longer recognise.
  EXPECT_EQ(RenderValue(Json(std::string(100, 'y') + secret)), "\"" + std::string(100, 'y') + "****\"");
  // A mask is never cut in two.
  std::string text = RenderValue(Json(std::string(198, 'y') + secret + std::string(50, 'y')));
  EXPECT_EQ(text, "\"" + std::string(198, 'y') + "\u2026\" (+54 characters)");
  ClearSecretsForTest();
}

TEST(DiffRenderValueTest, RenderedChangesCutLongValuesButJsonKeepsThemWhole) {
  const std::string big(70'000, 'v');
  std::vector<Change> changes = {{"containerDefinitions[web].environment[BLOB]", "small", big}};
  std::string text = RenderChanges(changes, false);
  EXPECT_EQ(text, "~ containerDefinitions[web].environment[BLOB]: \"small\" -> \"" + std::string(200, 'v') +
                      "\u2026\" (+69,800 characters)\n");
  EXPECT_EQ(ChangesToJson(changes)[0]["after"], big);
}

TEST(DiffRenderValueTest, SecretsShowTheirReferenceNeverAValue) {
  Json before = WithContainer(R"({"secrets": [{"name": "DB", "valueFrom": "arn:aws:ssm:eu-west-1:1:parameter/db"}]})");
  Json after = WithContainer(R"({"secrets": [{"name": "DB", "valueFrom": "arn:aws:ssm:eu-west-1:1:parameter/db2"}]})");
  EXPECT_EQ(RenderChanges(DiffTaskDefinitions(before, after), false),
            "~ containerDefinitions[web].secrets[DB]: \"arn:aws:ssm:eu-west-1:1:parameter/db\" -> "
            "\"arn:aws:ssm:eu-west-1:1:parameter/db2\"\n");
}

// Large environments: matched by name through an index (the results are what
// the benchmark diff_bench.cc times).

Json WithEnvironment(const Json& environment) {
  Json td = Base();
  td["containerDefinitions"][0]["environment"] = environment;
  return td;
}

TEST(DiffLargeTest, TwentyThousandReorderedEntriesWithEveryTenthChangedAreExactlyThoseChanges) {
  const int n = 20'000;
  Json live = Json::array(), file = Json::array();
  for (int i = 0; i < n; ++i) {
    live.push_back({{"name", "VAR_" + std::to_string(i)}, {"value", std::to_string(i)}});
    int j = n - 1 - i;
    file.push_back({{"name", "VAR_" + std::to_string(j)}, {"value", std::to_string(j) + (j % 10 == 0 ? "x" : "")}});
  }
  std::vector<Change> changes = DiffTaskDefinitions(WithEnvironment(live), WithEnvironment(file));
  ASSERT_EQ(changes.size(), static_cast<size_t>(n / 10));
  EXPECT_EQ(changes[0].path, "containerDefinitions[web].environment[VAR_0]");
  EXPECT_EQ(changes[0].before, "0");
  EXPECT_EQ(changes[0].after, "0x");
}

TEST(DiffLargeTest, RepeatedNamesAreMatchedInOrderAsBefore) {
  Json live = Json::array(), file = Json::array();
  for (int i = 0; i < 1000; ++i) {
    live.push_back({{"name", "A"}, {"value", std::to_string(i)}});
    file.push_back({{"name", "A"}, {"value", std::to_string(i == 500 ? -1 : i)}});
  }
  std::vector<Change> changes = DiffTaskDefinitions(WithEnvironment(live), WithEnvironment(file));
  ASSERT_EQ(changes.size(), 1u) << RenderChanges(changes, false);
  EXPECT_EQ(changes[0].path, "containerDefinitions[web].environment[A#501]");
}

}  // namespace
}  // namespace berth::deploy
