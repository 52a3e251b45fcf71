#include "core/suggest.h"

#include <gtest/gtest.h>

namespace berth {
namespace {

TEST(SuggestTest, DistanceCountsEditsAndAdjacentSwapsAsOne) {
  EXPECT_EQ(TypoDistance("family", "family"), 0u);
  EXPECT_EQ(TypoDistance("famliy", "family"), 1u);
  EXPECT_EQ(TypoDistance("famil", "family"), 1u);
  EXPECT_EQ(TypoDistance("fxmily", "family"), 1u);
  EXPECT_EQ(TypoDistance("", "abc"), 3u);
  EXPECT_EQ(TypoDistance("kitten", "sitting"), 3u);
}

TEST(SuggestTest, DistanceIgnoresAsciiCase) {
  EXPECT_EQ(TypoDistance("Family", "family"), 0u);
  EXPECT_EQ(TypoDistance("CONTAINERDEFINITIONS", "containerDefinitions"), 0u);
}

TEST(SuggestTest, SuggestsTheClosestCandidateWhenItLooksLikeATypo) {
  std::vector<std::string> names = {"family", "containerDefinitions", "cpu", "memory"};
  EXPECT_EQ(SuggestClosest("contianerDefinitions", names), "containerDefinitions");
  EXPECT_EQ(SuggestClosest("Family", names), "family");
  EXPECT_EQ(SuggestClosest("memroy", names), "memory");
}

TEST(SuggestTest, SuggestsNothingForUnrelatedNamesOrExactMatches) {
  std::vector<std::string> names = {"family", "cpu"};
  EXPECT_EQ(SuggestClosest("image", names), std::nullopt);
  EXPECT_EQ(SuggestClosest("xyz", names), std::nullopt);
  EXPECT_EQ(SuggestClosest("cpu", names), std::nullopt);
  EXPECT_EQ(SuggestClosest("x", {}), std::nullopt);
}

}  // namespace
}  // namespace berth
