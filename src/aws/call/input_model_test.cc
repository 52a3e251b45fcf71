// InputModel's check in its neutral form (where, what was expected, AWS's
// words); the simulator's SerializationException around it is
// sim/wire/input_check_test.cc.
#include "aws/call/input_model.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace berth::aws {
namespace {

constexpr const char* kModel = R"({
  "operations": {"Put": "PutRequest"},
  "shapes": {
    "PutRequest": {"type": "structure", "members": {"name": "String", "count": "Integer", "items": "ItemList",
                                                     "mode": "Mode", "modes": "ModeList"}},
    "ItemList": {"type": "list", "member": "Item"},
    "Item": {"type": "structure", "members": {"key": "String", "mode": "Mode"}},
    "ModeList": {"type": "list", "member": "Mode"},
    "Mode": {"type": "string", "enum": ["fast", "slow"]},
    "String": {"type": "string"}, "Integer": {"type": "integer"}
  }})";

const InputModel& Model() {
  static const InputModel model = std::move(InputModel::Parse(kModel)).value();
  return model;
}

TEST(InputModelTest, AMismatchSaysWhereWhatWasExpectedAndPointsAtTheValue) {
  Json input = Json::parse(R"({"name": "a", "items": [{"key": "k"}, {"key": 7}]})");
  std::optional<TypeMismatch> m = Model().Check("Put", input);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->path, "$.items[1].key");
  EXPECT_EQ(m->expected, "string");
  ASSERT_NE(m->value, nullptr);
  EXPECT_EQ(*m->value, Json(7));
  EXPECT_EQ(m->message, "NUMBER_VALUE can not be converted to a String");

  Json list = Json::parse(R"({"items": "k"})");
  m = Model().Check("Put", list);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->expected, "list");
  EXPECT_EQ(m->message, "STRING_VALUE can not be converted to a List");
}

TEST(InputModelTest, TheFirstMismatchInDocumentOrderIsReported) {
  Json input = Json::parse(R"({"count": "2", "name": 3})");
  std::optional<TypeMismatch> m = Model().Check("Put", input);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->path, "$.count");
  EXPECT_EQ(m->expected, "integer");
}

TEST(InputModelTest, EnumValuesAreNotTypeErrorsButAreListedWhenAskedFor) {
  Json input = Json::parse(R"({"mode": "FAST", "modes": ["slow", "medium"], "items": [{"mode": "fast"}],
                               "name": "fast"})");
  EXPECT_EQ(Model().Check("Put", input), std::nullopt);
  std::vector<EnumMismatch> unknown = Model().UnknownEnumValues("Put", input);
  ASSERT_EQ(unknown.size(), 2u);
  EXPECT_EQ(unknown[0].path, "$.mode");
  EXPECT_EQ(unknown[0].value, "FAST");
  EXPECT_EQ(unknown[0].allowed, (std::vector<std::string>{"fast", "slow"}));
  EXPECT_EQ(unknown[1].path, "$.modes[1]");
  EXPECT_EQ(unknown[1].value, "medium");
  // A value of the wrong type is Check's, not an unknown enum value.
  EXPECT_TRUE(Model().UnknownEnumValues("Put", Json::parse(R"({"mode": 1})")).empty());
  EXPECT_TRUE(Model().UnknownEnumValues("Other", input).empty());
}

TEST(InputModelTest, TheBuiltInEcsModelKnowsRegisterTaskDefinitionsNestedShapesAndEnums) {
  const InputModel* ecs = InputModel::ForService("ecs");
  ASSERT_NE(ecs, nullptr);
  Json input = Json::parse(R"({"family": "web", "networkMode": "AWSVPC", "containerDefinitions": [
      {"name": "web", "image": "r/w:1", "portMappings": [{"containerPort": "80"}]}]})");
  std::optional<TypeMismatch> m = ecs->Check("RegisterTaskDefinition", input);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->path, "$.containerDefinitions[0].portMappings[0].containerPort");
  EXPECT_EQ(m->expected, "integer");
  std::vector<EnumMismatch> unknown = ecs->UnknownEnumValues("RegisterTaskDefinition", input);
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].path, "$.networkMode");
  EXPECT_NE(std::find(unknown[0].allowed.begin(), unknown[0].allowed.end(), "awsvpc"), unknown[0].allowed.end());
}

}  // namespace
}  // namespace berth::aws
