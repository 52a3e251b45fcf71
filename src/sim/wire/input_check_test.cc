#include "sim/wire/input_check.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace berth::sim {
namespace {

constexpr const char* kModel = R"({
  "operations": {"Put": "PutRequest"},
  "shapes": {
    "PutRequest": {"type": "structure", "members": {"name": "String", "count": "Integer", "on": "Boolean",
                                                     "items": "ItemList", "labels": "Labels", "at": "Time",
                                                     "ratio": "Double"}},
    "ItemList": {"type": "list", "member": "Item"},
    "Item": {"type": "structure", "members": {"key": "String", "size": "Long"}},
    "Labels": {"type": "map", "value": "String"},
    "String": {"type": "string"}, "Integer": {"type": "integer"}, "Long": {"type": "long"},
    "Boolean": {"type": "boolean"}, "Time": {"type": "timestamp"}, "Double": {"type": "double"}
  }})";

struct InputCheckTest : ::testing::Test {
  aws::InputModel model = std::move(aws::InputModel::Parse(kModel)).value();
  std::string Refusal(const char* input) {
    auto e = CheckInput(model, "Put", Json::parse(input));
    return e ? e->code + ": " + e->message : "";
  }
};

TEST_F(InputCheckTest, MembersOfTheirTypesAndNullsAndUnknownMembersPass) {
  EXPECT_EQ(Refusal(R"({"name": "a", "count": 2, "on": true, "items": [{"key": "k", "size": 12}],
                        "labels": {"x": "y"}, "at": 1700000000.5, "ratio": 0.5, "newer": {"any": 1}})"),
            "");
  EXPECT_EQ(Refusal(R"({"name": null, "count": 3.0, "at": "2026-12-07T00:00:00Z", "ratio": 1})"), "");
  EXPECT_EQ(CheckInput(model, "Other", Json::parse(R"({"name": 1})")), std::nullopt) << "an unknown operation";
}

TEST_F(InputCheckTest, EachMismatchIsASerializationExceptionNamingThePath) {
  EXPECT_EQ(Refusal(R"({"name": 256})"),
            "SerializationException: NUMBER_VALUE can not be converted to a String (at $.name)");
  EXPECT_EQ(Refusal(R"({"count": "2"})"),
            "SerializationException: STRING_VALUE can not be converted to an Integer (at $.count)");
  EXPECT_EQ(Refusal(R"({"count": 2.5})"),
            "SerializationException: NUMBER_VALUE can not be converted to an Integer (at $.count)");
  EXPECT_EQ(Refusal(R"({"on": "true"})"),
            "SerializationException: STRING_VALUE can not be converted to a Boolean (at $.on)");
  EXPECT_EQ(Refusal(R"({"name": false})"),
            "SerializationException: FALSE_VALUE can not be converted to a String (at $.name)");
  EXPECT_EQ(Refusal(R"({"items": {"key": "k"}})"),
            "SerializationException: Start of structure or map found where not expected. (at $.items)");
  EXPECT_EQ(Refusal(R"({"name": ["a"]})"),
            "SerializationException: Start of list found where not expected (at $.name)");
  EXPECT_EQ(Refusal(R"({"items": [{"key": "k", "size": "big"}]})"),
            "SerializationException: STRING_VALUE can not be converted to a Long (at $.items[0].size)");
  EXPECT_EQ(Refusal(R"({"labels": {"x": 1}})"),
            "SerializationException: NUMBER_VALUE can not be converted to a String (at $.labels.x)");
  EXPECT_EQ(Refusal(R"({"items": "k"})"),
            "SerializationException: STRING_VALUE can not be converted to a List (at $.items)");
}

TEST(InputCheckBuiltInTest, EveryJsonServiceOfTheSimulatorHasItsModel) {
  for (const char* service : {"ecs", "ecr", "cloudwatch"}) {
    const aws::InputModel* model = aws::InputModel::ForService(service);
    ASSERT_NE(model, nullptr) << service;
  }
  EXPECT_EQ(aws::InputModel::ForService("nope"), nullptr);
  const aws::InputModel* ecs = aws::InputModel::ForService("ecs");
  ASSERT_TRUE(ecs->HasOperation("RegisterTaskDefinition"));
  auto refused = CheckInput(*ecs, "RegisterTaskDefinition",
                            Json::parse(R"({"family": "web", "cpu": 256, "containerDefinitions": []})"));
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->message, "NUMBER_VALUE can not be converted to a String (at $.cpu)");
  auto nested = CheckInput(
      *ecs, "RegisterTaskDefinition",
      Json::parse(R"({"family": "web", "containerDefinitions": [{"name": "a", "image": 12345, "memory": true}]})"));
  ASSERT_TRUE(nested.has_value());
  EXPECT_EQ(nested->message, "NUMBER_VALUE can not be converted to a String (at $.containerDefinitions[0].image)");
}

TEST(InputCheckBuiltInTest, ADocumentNestedDeeperThanAnyShapeIsRefusedNotWalked) {
  aws::InputModel model = std::move(aws::InputModel::Parse(R"({"operations": {"Put": "Tree"},
      "shapes": {"Tree": {"type": "structure", "members": {"child": "Tree"}}}})"))
                              .value();
  Json doc = Json::object();
  for (int i = 0; i < 100; ++i) doc = Json{{"child", doc}};
  auto refused = CheckInput(model, "Put", doc);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->code, "SerializationException");
}

}  // namespace
}  // namespace berth::sim
