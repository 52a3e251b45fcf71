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

}  // namespace
}  // namespace berth::aws
