#include "aws/call/response_fields.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace berth::aws {
namespace {

TEST(ResponseFields, QueryProtocolStringsReadAsNumbersAndBooleans) {
  Json j = Json::parse(R"({"Port": "443", "Enabled": "true", "Weight": 7, "Off": false,
                           "Ratio": "0.25", "Bad": "x"})");
  EXPECT_EQ(IntField(j, "Port"), 443);
  EXPECT_EQ(IntField(j, "Weight"), 7);
  EXPECT_EQ(IntField(j, "Bad", -1), -1);
  EXPECT_EQ(IntField(j, "Missing", -2), -2);
  EXPECT_TRUE(BoolField(j, "Enabled"));
  EXPECT_FALSE(BoolField(j, "Off", true));
  EXPECT_DOUBLE_EQ(DoubleField(j, "Ratio"), 0.25);
  EXPECT_EQ(StrField(j, "Weight"), "7");
}

TEST(ResponseFields, EmptyListsArriveInSeveralShapes) {
  Json j = Json::parse(R"({"A": "", "B": null, "C": [1, 2], "D": {"x": 1}, "E": {}})");
  EXPECT_TRUE(ListField(j, "A").empty());
  EXPECT_TRUE(ListField(j, "B").empty());
  EXPECT_TRUE(ListField(j, "Missing").empty());
  EXPECT_EQ(ListField(j, "C").size(), 2u);
  EXPECT_EQ(ListField(j, "D").size(), 1u);
  EXPECT_TRUE(ListField(j, "E").empty());
}

TEST(ResponseFields, TimestampsParseFromEpochAndIso8601) {
  Json j = Json::parse(R"({"a": 1700000000, "b": "2023-11-14T22:13:20Z",
                           "c": "2023-11-14T22:13:20.500Z", "d": "2023-11-14T23:13:20+01:00",
                           "e": "yesterday", "f": "1700000000.25"})");
  SystemTime expected{std::chrono::seconds(1700000000)};
  EXPECT_EQ(TimeField(j, "a"), expected);
  EXPECT_EQ(TimeField(j, "b"), expected);
  EXPECT_EQ(TimeField(j, "c"), expected + std::chrono::milliseconds(500));
  EXPECT_EQ(TimeField(j, "d"), expected);
  EXPECT_FALSE(TimeField(j, "e").has_value());
  EXPECT_EQ(TimeField(j, "f"), expected + std::chrono::milliseconds(250));
}

TEST(ResponseFields, TagsReadBothSpellings) {
  EXPECT_EQ(TagsFromJson(Json::parse(R"([{"key":"a","value":"1"}])")), (TagMap{{"a", "1"}}));
  EXPECT_EQ(TagsFromJson(Json::parse(R"([{"Key":"a","Value":"1"}])")), (TagMap{{"a", "1"}}));
  EXPECT_EQ(TagsToJson({{"a", "1"}}, true), Json::parse(R"([{"Key":"a","Value":"1"}])"));
}

struct Shape {
  Json raw;
  std::string name;
  int64_t count = 0;
  int port = 0;
  double ratio = 0;
  bool enabled = false;
  std::optional<int> weight;
  std::optional<bool> sticky;
  std::optional<SystemTime> at;
  std::vector<std::string> arns;
  TagMap tags;
  Json config;
  Json items;
  std::string nested;
  // Only written, by kRequest:
  std::optional<double> scale;
  TagMap query_tags;
  std::string controller;
  std::optional<SystemTime> since;
};

constexpr Field<Shape> kShape[] = {
    {"Name", &Shape::name},
    {"Count", &Shape::count},
    {"Port", &Shape::port},
    {"Ratio", &Shape::ratio},
    {"Enabled", &Shape::enabled},
    {"Weight", &Shape::weight},
    {"Sticky", &Shape::sticky},
    {"At", &Shape::at},
    {"Arns", &Shape::arns},
    {"Tags", &Shape::tags},
    {"Config", &Shape::config},
    {"Items", &Shape::items, FieldRule::kList},
    {"Outer.Inner.Leaf", &Shape::nested},
};

TEST(FieldTables, ReadEveryMemberTypeFromEitherProtocol) {
  Json json = Json::parse(R"({"Name": "web", "Count": 3, "Port": 443, "Ratio": 0.5, "Enabled": true, "Weight": 7,
      "Sticky": false, "At": 1700000000, "Arns": ["a", "b"], "Tags": [{"key": "k", "value": "v"}],
      "Config": {"x": 1}, "Items": [1, 2], "Outer": {"Inner": {"Leaf": "deep"}}})");
  Json query = Json::parse(R"({"Name": "web", "Count": "3", "Port": "443", "Ratio": "0.5", "Enabled": "true",
      "Weight": "7", "Sticky": "false", "At": "2023-11-14T22:13:20.000Z", "Arns": "a", "Tags": {"Key": "k", "Value": "v"},
      "Config": {"x": 1}, "Items": "", "Outer": {"Inner": {"Leaf": "deep"}}})");
  for (const Json& j : {json, query}) {
    Shape s = ReadShape(j, kShape);
    EXPECT_EQ(s.raw, j);
    EXPECT_EQ(s.name, "web");
    EXPECT_EQ(s.count, 3);
    EXPECT_EQ(s.port, 443);
    EXPECT_DOUBLE_EQ(s.ratio, 0.5);
    EXPECT_TRUE(s.enabled);
    EXPECT_EQ(s.weight, 7);
    EXPECT_EQ(s.sticky, false);
    EXPECT_EQ(s.at, SystemTime(std::chrono::seconds(1700000000)));
    EXPECT_EQ(s.tags, (TagMap{{"k", "v"}}));
    EXPECT_EQ(s.config, Json::parse(R"({"x": 1})"));
    EXPECT_EQ(s.nested, "deep");
  }
  EXPECT_EQ(ReadShape(json, kShape).arns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(ReadShape(query, kShape).arns, (std::vector<std::string>{"a"}));
  EXPECT_EQ(ReadShape(json, kShape).items.size(), 2u);
  EXPECT_TRUE(ReadShape(query, kShape).items.empty());
}

TEST(FieldTables, MissingOrWronglyTypedMembersReadAsEmptyAndNeverThrow) {
  for (const char* text : {"null", "[]", "\"text\"", "42", "{}",
                           R"({"Name": {}, "Count": "many", "Port": [], "Ratio": "x", "Enabled": 3, "Weight": "w",
                               "Sticky": null, "At": "yesterday", "Arns": 5, "Tags": "t", "Config": [1],
                               "Items": {}, "Outer": {"Inner": "flat"}})"}) {
    Json j = Json::parse(text);
    Shape s = ReadShape(j, kShape);
    EXPECT_EQ(s.raw, j) << text;
    EXPECT_EQ(s.name, "") << text;
    EXPECT_EQ(s.count, 0) << text;
    EXPECT_EQ(s.port, 0) << text;
    EXPECT_EQ(s.ratio, 0) << text;
    EXPECT_FALSE(s.enabled) << text;
    EXPECT_FALSE(s.weight) << text;
    EXPECT_FALSE(s.sticky) << text;
    EXPECT_FALSE(s.at) << text;
    EXPECT_TRUE(s.arns.empty()) << text;
    EXPECT_TRUE(s.tags.empty()) << text;
    EXPECT_EQ(s.config, Json::object()) << text;
    EXPECT_TRUE(s.items.is_array() && s.items.empty()) << text;
    EXPECT_EQ(s.nested, "") << text;
  }
}

constexpr Field<Shape> kRequest[] = {
    {"cluster", &Shape::name},
    {"service", &Shape::nested, FieldRule::kAlways},
    {"count", &Shape::weight},
    {"force", &Shape::sticky},
    {"scale", &Shape::scale},
    {"names", &Shape::arns},
    {"config", &Shape::config},
    {"tags", &Shape::tags},
    {"Tags", &Shape::query_tags},
    {"deploymentController.type", &Shape::controller},
    {"createdAt.after", &Shape::at},
    {"Since", &Shape::since},
    {"Priority", &Shape::port, FieldRule::kAlways},
};

TEST(FieldTables, RequestsCarryOnlyTheMembersThatAreSet) {
  EXPECT_EQ(WriteFields(Shape{}, kRequest), Json::parse(R"({"service": "", "Priority": 0})"));
  Shape r;
  r.name = "prod";
  r.nested = "web";
  r.weight = 0;
  r.sticky = false;
  r.scale = 50;
  r.arns = {"a"};
  r.config = Json::parse(R"({"x": 1})");
  r.tags = {{"k", "v"}};
  r.query_tags = {{"k", "v"}};
  r.controller = "EXTERNAL";
  r.at = SystemTime(std::chrono::milliseconds(1700000000250));
  r.since = SystemTime(std::chrono::seconds(1700000000));
  r.port = 5;
  Json j = WriteFields(r, kRequest);
  EXPECT_EQ(j.dump(), Json::parse(R"({"cluster": "prod", "service": "web", "count": 0, "force": false, "scale": 50.0,
      "names": ["a"], "config": {"x": 1}, "tags": [{"key": "k", "value": "v"}],
      "Tags": [{"Key": "k", "Value": "v"}], "deploymentController": {"type": "EXTERNAL"},
      "createdAt": {"after": 1700000000.25}, "Since": "2023-11-14T22:13:20Z", "Priority": 5})")
                          .dump());
}

TEST(FieldTables, ReadListParsesEachElement) {
  Json j = Json::parse(R"({"xs": [{"Name": "a"}, {"Name": "b"}], "one": {"Name": "c"}})");
  auto name = [](const Json& e) { return ReadShape(e, kShape).name; };
  EXPECT_EQ(ReadList(j, "xs", name), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(ReadList(j, "one", name), (std::vector<std::string>{"c"}));
  EXPECT_TRUE(ReadList(j, "none", name).empty());
}

}  // namespace
}  // namespace berth::aws
