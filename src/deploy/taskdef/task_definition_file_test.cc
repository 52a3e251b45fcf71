// LoadTaskDefinitionFile / ParseTaskDefinitionDocument, and the accepted
// member list checked against botocore's own ECS model.
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "aws/ecs/requests.h"
#include "deploy/taskdef/task_definition_file.h"
#include "fixtures/task_definition.h"

namespace berth::deploy {
namespace {

namespace fs = std::filesystem;

// Runs python3 (pyenv's, with botocore) and returns what it printed.
std::string RunPython(const std::string& program) {
  std::string cmd = "python3 -c '" + program + "' 2>&1";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
  if (!pipe) return "popen failed";
  std::string out;
  std::array<char, 4096> buf{};
  while (size_t n = fread(buf.data(), 1, buf.size(), pipe.get())) out.append(buf.data(), n);
  return out;
}

Json BotocoreMembers(const std::string& expression) {
  std::string out = RunPython(
      "import json, botocore.session\n"
      "m = botocore.session.get_session().get_service_model(\"ecs\")\n"
      "print(json.dumps(list(" +
      expression + ")))\n");
  Json members = Json::parse(out, nullptr, /*allow_exceptions=*/false);
  EXPECT_TRUE(members.is_array()) << "python3 with botocore failed: " << out;
  return members;
}

TEST(TaskDefinitionEditFileTest, AcceptedMembersAreExactlyBotocoresRegisterInput) {
  Json members = BotocoreMembers("m.operation_model(\"RegisterTaskDefinition\").input_shape.members");
  ASSERT_TRUE(members.is_array());
  EXPECT_EQ(members, Json(kRegisterTaskDefinitionMembers))
      << "update kRegisterTaskDefinitionMembers in task_definition_file.cc to botocore's list";
}

TEST(TaskDefinitionEditFileTest, EveryDescribedMemberIsAcceptedOrOutputOnly) {
  // So a saved DescribeTaskDefinition output always loads.
  Json members = BotocoreMembers("m.shape_for(\"TaskDefinition\").members");
  ASSERT_TRUE(members.is_array());
  std::set<std::string> known(kRegisterTaskDefinitionMembers.begin(), kRegisterTaskDefinitionMembers.end());
  known.insert(aws::kTaskDefinitionOutputOnlyFields.begin(), aws::kTaskDefinitionOutputOnlyFields.end());
  for (const Json& m : members) EXPECT_TRUE(known.count(m.get<std::string>())) << m;
}

Json Minimal() {
  return Json::parse(R"({"family": "web",
    "containerDefinitions": [{"name": "web", "image": "nginx:1.25"}]})");
}

Result<LoadedTaskDefinition> Parse(const Json& doc) {
  return ParseTaskDefinitionDocument(doc.dump(2), "td.json");
}

std::string MessageOf(const Result<LoadedTaskDefinition>& r) {
  return r.ok() ? "(ok)" : r.status().message();
}

TEST(TaskDefinitionEditDocumentTest, AcceptsARegisterInputUnchanged) {
  Json doc = Minimal();
  doc["cpu"] = "256";
  doc["enableFaultInjection"] = false;
  Result<LoadedTaskDefinition> r = Parse(doc);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->document, doc);
  EXPECT_TRUE(r->warnings.empty());
}

TEST(TaskDefinitionEditDocumentTest, AcceptsADescribeOutputDroppingOutputOnlyMembers) {
  Json response = testdata::DescribeTaskDefinitionResponse();
  Result<LoadedTaskDefinition> r = Parse(response);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  Json want = response["taskDefinition"];
  for (const std::string& f : aws::kTaskDefinitionOutputOnlyFields) want.erase(f);
  want["tags"] = response["tags"];
  EXPECT_EQ(r->document, want);
  // The fixture's member no botocore knows yet is kept, with a warning.
  EXPECT_EQ(r->document["futureField"], response["taskDefinition"]["futureField"]);
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_NE(r->warnings[0].find("\"futureField\""), std::string::npos) << r->warnings[0];
  // The bare taskDefinition object (no wrapper) loads too.
  Result<LoadedTaskDefinition> bare = Parse(response["taskDefinition"]);
  ASSERT_TRUE(bare.ok()) << bare.status().ToString();
  EXPECT_FALSE(bare->document.contains("revision"));
}

TEST(TaskDefinitionEditDocumentTest, AMisspelledMemberIsKeptWithAWarningThatSuggestsTheClosestOne) {
  Json doc = Minimal();
  doc["memroy"] = "512";
  Result<LoadedTaskDefinition> r = Parse(doc);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->document, doc);
  EXPECT_EQ(r->warnings, std::vector<std::string>{
                             "td.json: \"memroy\" is not a RegisterTaskDefinition member in berth's copy of the ECS "
                             "model; did you mean \"memory\"? It is sent to ECS as written."});
  doc = Minimal();
  doc["Family"] = "x";
  r = Parse(doc);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_NE(r->warnings[0].find("did you mean \"family\"?"), std::string::npos) << r->warnings[0];
}

TEST(TaskDefinitionEditDocumentTest, MembersTheModelDoesNotKnowAreKeptAsWrittenWithOneWarningEach) {
  Json doc = Minimal();
  doc["zebraMode"] = {{"stripes", {1, 2}}};
  doc["serviceName"] = "web";
  Result<LoadedTaskDefinition> r = Parse(doc);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->document, doc);
  ASSERT_EQ(r->warnings.size(), 2u);
  // In the order the file has them, without a suggestion when nothing is close.
  EXPECT_EQ(r->warnings[0],
            "td.json: \"zebraMode\" is not a RegisterTaskDefinition member in berth's copy of the ECS model. "
            "It is sent to ECS as written.");
  EXPECT_NE(r->warnings[1].find("\"serviceName\""), std::string::npos) << r->warnings[1];
}

TEST(TaskDefinitionEditDocumentTest, AnUnknownMemberDoesNotHideAnError) {
  Json doc = Minimal();
  doc.erase("family");
  doc["famly"] = "web";
  EXPECT_NE(MessageOf(Parse(doc)).find("no \"family\"; add"), std::string::npos);
}

TEST(TaskDefinitionEditDocumentTest, MissingFamilyOrContainersSayWhatToAdd) {
  Json doc = Minimal();
  doc.erase("family");
  EXPECT_NE(MessageOf(Parse(doc)).find("no \"family\"; add"), std::string::npos);
  doc = Minimal();
  doc.erase("containerDefinitions");
  EXPECT_NE(MessageOf(Parse(doc)).find("no \"containerDefinitions\""), std::string::npos);
  doc = Minimal();
  doc["containerDefinitions"] = Json::array();
  EXPECT_NE(MessageOf(Parse(doc)).find("non-empty list"), std::string::npos);
}

TEST(TaskDefinitionEditDocumentTest, ContainerWithoutNameOrImageOrWithABadImageFails) {
  Json doc = Minimal();
  doc["containerDefinitions"][0].erase("name");
  EXPECT_NE(MessageOf(Parse(doc)).find("containerDefinitions[0] has no \"name\""), std::string::npos);
  doc = Minimal();
  doc["containerDefinitions"][0].erase("image");
  EXPECT_NE(MessageOf(Parse(doc)).find("container \"web\" has no \"image\""), std::string::npos);
  doc = Minimal();
  doc["containerDefinitions"][0]["image"] = "Nginx:1";
  EXPECT_EQ(MessageOf(Parse(doc)),
            "td.json: container \"web\": image \"Nginx:1\": repository "
            "names must be lowercase (e.g. \"nginx:1\")");
}

TEST(TaskDefinitionEditDocumentTest, NotJsonSaysWhereWithLineAndColumn) {
  Result<LoadedTaskDefinition> r = ParseTaskDefinitionDocument("{\n  \"family\": \"web\",\n  \"cpu\": ,\n}", "f.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("f.json: not valid JSON at line 3, column 10:"), std::string::npos)
      << r.status().message();
}

TEST(TaskDefinitionEditDocumentTest, NonObjectAndWrapperJunkFail) {
  EXPECT_NE(MessageOf(ParseTaskDefinitionDocument("[1]", "f")).find("must be a JSON object"), std::string::npos);
  Json wrapped = {{"taskDefinition", Minimal()}, {"ResponseMetadata", Json::object()}};
  EXPECT_NE(MessageOf(Parse(wrapped)).find("\"ResponseMetadata\" is not part of"), std::string::npos);
}

TEST(TaskDefinitionEditFileTest, LoadsAFileAndNamesItInErrors) {
  fs::path dir = fs::temp_directory_path() / ("berth-tdfile-" + std::to_string(getpid()));
  fs::create_directories(dir);
  fs::path good = dir / "good.json";
  std::ofstream(good) << Minimal().dump(2);
  Result<LoadedTaskDefinition> r = LoadTaskDefinitionFile(good.string());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->document, Minimal());

  fs::path bad = dir / "bad.json";
  std::ofstream(bad) << "{\"family\": \"web\"";
  Result<LoadedTaskDefinition> b = LoadTaskDefinitionFile(bad.string());
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.status().message().find(bad.string() + ": not valid JSON at line 1"), std::string::npos)
      << b.status().message();

  Result<LoadedTaskDefinition> missing = LoadTaskDefinitionFile((dir / "none.json").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("cannot read task definition file"), std::string::npos);
  EXPECT_NE(missing.status().message().find("No such file"), std::string::npos);
  Result<LoadedTaskDefinition> directory = LoadTaskDefinitionFile(dir.string());
  ASSERT_FALSE(directory.ok());
  EXPECT_NE(directory.status().message().find("is a directory"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace berth::deploy

namespace berth::deploy {
namespace {

// Each malformed document is refused with the JSON path or name at fault.
TEST(TaskDefinitionFileChecksTest, EveryMistypedOrAmbiguousMemberIsRefusedWithWhereItIs) {
  const std::string ok_container = R"({"name": "web", "image": "repo/web:1"})";
  struct Case {
    std::string text;
    std::string must_say;
  };
  const Case cases[] = {
      {R"({"family": "web", "memory": true, "containerDefinitions": [)" + ok_container + "]}",
       "$.memory must be a string, not a boolean"},
      {R"({"family": "web", "cpu": 256, "containerDefinitions": [)" + ok_container + "]}",
       "$.cpu must be a string, not a number"},
      {R"({"family": "web", "containerDefinitions": [{"name": "web", "image": 12345}]})",
       "$.containerDefinitions[0].image must be a string, not a number (12345)"},
      {R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "r/w:1", "memory": "512"}]})",
       "$.containerDefinitions[0].memory must be an integer, not a string"},
      {R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "r/w:1", "essential": "yes"}]})",
       "$.containerDefinitions[0].essential must be a boolean"},
      {R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "r/w:1",
           "environment": [{"name": "PORT", "value": 8080}]}]})",
       "$.containerDefinitions[0].environment[0].value must be a string, not a number (8080); quote it"},
      {R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "r/w:1", "environment": {"A": "1"}}]})",
       "$.containerDefinitions[0].environment must be a list"},
      {R"({"family": "web", "containerDefinitions": [)" + ok_container + "," + ok_container + "]}",
       "two containers are named \"web\""},
      {R"({"family": "web", "containerDefinitions": [{"name": "my web", "image": "r/w:1"}]})",
       "container name \"my web\" is not one ECS accepts"},
      {R"({"family": "web:2", "containerDefinitions": [)" + ok_container + "]}", "family \"web:2\" is not one"},
      {R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "r/w:1", "memory": 256,
           "memory": 512}]})",
       "$.containerDefinitions[0].memory is given twice"},
      {R"({"family": "a", "family": "b", "containerDefinitions": [)" + ok_container + "]}", "$.family is given twice"},
      {R"({"family": "web", "containerDefinitions": [)" + ok_container + R"(, {"name": "x", "image": "r/x:1",
           "environment": [{"name": "A", "value": "1", "value": "2"}]}]})",
       "$.containerDefinitions[1].environment[0].value is given twice"},
  };
  for (const Case& c : cases) {
    auto r = ParseTaskDefinitionDocument(c.text, "td.json");
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find("td.json: "), std::string::npos) << r.status().message();
    EXPECT_NE(r.status().message().find(c.must_say), std::string::npos)
        << "expected '" << c.must_say << "' in: " << r.status().message();
  }
  // The same keys in different objects are not duplicates.
  auto fine = ParseTaskDefinitionDocument(R"({"family": "web", "containerDefinitions": [{"name": "a", "image": "r/a:1",
      "environment": [{"name": "X", "value": "1"}, {"name": "Y", "value": "2"}]}, {"name": "b", "image": "r/b:1"}]})",
                                          "td.json");
  EXPECT_TRUE(fine.ok()) << fine.status().ToString();
}

TEST(TaskDefinitionFileChecksTest, AFileLargerThanEcsAllowsIsRefusedWithoutReadingItWhole) {
  auto zero = LoadTaskDefinitionFile("/dev/zero");
  ASSERT_FALSE(zero.ok());
  EXPECT_NE(zero.status().message().find("larger than 64 KiB"), std::string::npos) << zero.status().message();

  std::string path = ::testing::TempDir() + "/big-td.json";
  {
    std::ofstream out(path);
    out << R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "r/w:1", "command": [")";
    out << std::string(kMaxTaskDefinitionFileBytes, 'x') << R"("]}]})";
  }
  auto big = LoadTaskDefinitionFile(path);
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.status().message().find("larger than 64 KiB"), std::string::npos) << big.status().message();
  std::remove(path.c_str());
}

// Members whose type only the ECS model knows (no hand-written table lists
// them): each is refused with its JSON path, what it must be and what it is.
TEST(TaskDefinitionFileChecksTest, EveryMemberIsTypeCheckedAgainstTheModelWithItsPath) {
  struct Case {
    std::string container;  // members added to the one container
    std::string must_say;
  };
  const Case cases[] = {
      {R"("portMappings": [{"containerPort": "80"}])",
       "$.containerDefinitions[0].portMappings[0].containerPort must be an integer, not a string (\"80\"); drop the "
       "quotes: 80"},
      {R"("ulimits": [{"name": "nofile", "softLimit": true, "hardLimit": 1024}])",
       "$.containerDefinitions[0].ulimits[0].softLimit must be an integer, not a boolean (true)"},
      {R"("linuxParameters": {"capabilities": {"add": "NET_ADMIN"}})",
       "$.containerDefinitions[0].linuxParameters.capabilities.add must be a list, not a string (\"NET_ADMIN\")"},
      {R"("dockerLabels": {"team": 7})",
       "$.containerDefinitions[0].dockerLabels.team must be a string, not a number (7); quote it: \"7\""},
      {R"("healthCheck": {"command": "curl -f localhost"})",
       "$.containerDefinitions[0].healthCheck.command must be a list, not a string"},
      {R"("logConfiguration": ["awslogs"])",
       "$.containerDefinitions[0].logConfiguration must be an object, not a list; ECS's model fixes its type"},
      {R"("secrets": [{"name": "DB", "valueFrom": 12}])",
       "$.containerDefinitions[0].secrets[0].valueFrom must be a string, not a number (12)"},
  };
  for (const Case& c : cases) {
    std::string text =
        R"({"family": "web", "containerDefinitions": [{"name": "web", "image": "r/w:1", )" + c.container + "}]}";
    auto r = ParseTaskDefinitionDocument(text, "td.json");
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(r.status().message().find("td.json: "), 0u) << r.status().message();
    EXPECT_NE(r.status().message().find(c.must_say), std::string::npos)
        << "expected '" << c.must_say << "' in: " << r.status().message();
  }
  // Task-level members the model knows, nested under volumes.
  auto volume = ParseTaskDefinitionDocument(R"({"family": "web", "containerDefinitions": [{"name": "web",
      "image": "r/w:1"}], "volumes": [{"name": "data", "efsVolumeConfiguration": {"fileSystemId": "fs-1",
      "transitEncryptionPort": "x"}}]})",
                                            "td.json");
  ASSERT_FALSE(volume.ok());
  EXPECT_NE(volume.status().message().find(
                "$.volumes[0].efsVolumeConfiguration.transitEncryptionPort must be an integer, not a string (\"x\")"),
            std::string::npos)
      << volume.status().message();
  auto storage = ParseTaskDefinitionDocument(R"({"family": "web", "containerDefinitions": [{"name": "web",
      "image": "r/w:1"}], "ephemeralStorage": {"sizeInGiB": 21.5}})",
                                             "td.json");
  ASSERT_FALSE(storage.ok());
  EXPECT_NE(storage.status().message().find("$.ephemeralStorage.sizeInGiB must be an integer, not a number (21.5)"),
            std::string::npos)
      << storage.status().message();
}

TEST(TaskDefinitionFileChecksTest, WellTypedMembersOfEveryKindPass) {
  auto r = ParseTaskDefinitionDocument(R"({"family": "web", "networkMode": "awsvpc", "cpu": "256", "memory": "512",
      "requiresCompatibilities": ["FARGATE"], "containerDefinitions": [{"name": "web", "image": "r/w:1",
      "portMappings": [{"containerPort": 80, "protocol": "tcp"}], "ulimits": [{"name": "nofile", "softLimit": 1024,
      "hardLimit": 2048}], "linuxParameters": {"capabilities": {"add": ["NET_ADMIN"]}},
      "dockerLabels": {"team": "web"}, "healthCheck": {"command": ["CMD", "true"], "interval": 30},
      "essential": true, "memory": 3.0}],
      "volumes": [{"name": "data", "efsVolumeConfiguration": {"fileSystemId": "fs-1", "transitEncryptionPort": 2049}}]})",
                                       "td.json");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->warnings.empty()) << r->warnings[0];
}

TEST(TaskDefinitionFileChecksTest, AValueTheModelsEnumDoesNotListIsAWarningAndSentAsWritten) {
  auto r = ParseTaskDefinitionDocument(R"({"family": "web", "networkMode": "AWSVPC",
      "containerDefinitions": [{"name": "web", "image": "r/w:1"}]})",
                                       "td.json");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->document["networkMode"], "AWSVPC");
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_EQ(r->warnings[0],
            "td.json: $.networkMode is \"AWSVPC\", not one of the values berth's copy of the ECS model knows (bridge, "
            "host, awsvpc, none); did you mean \"awsvpc\"? It is sent to ECS as written.");
}

}  // namespace
}  // namespace berth::deploy
