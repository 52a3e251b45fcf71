#include "sim/wire/pagination.h"

#include <gtest/gtest.h>

#include "core/crypto.h"

namespace berth::sim {
namespace {

TEST(Pagination, WalksEveryItemOnceThroughItsOwnTokens) {
  std::vector<size_t> seen;
  std::string token;
  int pages = 0;
  do {
    auto w = PageOf(7, token, 3, "t-offset:");
    ASSERT_TRUE(w.has_value()) << token;
    for (size_t i = w->begin; i < w->end; ++i) seen.push_back(i);
    token = w->next_token;
    ++pages;
  } while (!token.empty());
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, (std::vector<size_t>{0, 1, 2, 3, 4, 5, 6}));
}

TEST(Pagination, TheLastPageAndAnEmptyListHaveNoNextToken) {
  auto all = PageOf(3, "", 3, "t-offset:");
  ASSERT_TRUE(all);
  EXPECT_EQ(all->begin, 0u);
  EXPECT_EQ(all->end, 3u);
  EXPECT_EQ(all->next_token, "");
  auto none = PageOf(0, "", 10, "t-offset:");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->end, 0u);
  EXPECT_EQ(none->next_token, "");
}

TEST(Pagination, AnOffsetPastTheEndIsAnEmptyLastPage) {
  auto w = PageOf(2, PageToken("t-offset:", 5), 10, "t-offset:");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->begin, 2u);
  EXPECT_EQ(w->end, 2u);
  EXPECT_EQ(w->next_token, "");
}

TEST(Pagination, TokensThatAreNotOursAreRefused) {
  for (const std::string& bad : {
           Base64Encode("t-offset:abc"),
           Base64Encode("t-offset:"),
           Base64Encode("t-offset:-1"),
           Base64Encode("t-offset:1 "),
           Base64Encode("t-offset:+1"),
           Base64Encode("t-offset:99999999999999999999999"),
           Base64Encode("other:1"),
           Base64Encode("1"),
           std::string("!!!not-base64!!!"),
           PageToken("u-offset:", 1),
       }) {
    EXPECT_FALSE(PageOf(10, bad, 3, "t-offset:").has_value()) << bad;
  }
}

TEST(Pagination, TokensAreBase64OfTheFamilyAndOffset) {
  EXPECT_EQ(Base64Decode(PageToken("ecr-offset:", 100)), "ecr-offset:100");
  auto w = PageOf(10, PageToken("ecr-offset:", 4), 3, "ecr-offset:");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->begin, 4u);
  EXPECT_EQ(w->end, 7u);
  EXPECT_EQ(w->next_token, PageToken("ecr-offset:", 7));
}

}  // namespace
}  // namespace berth::sim
