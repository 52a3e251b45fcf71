#include "core/duration.h"

#include <gtest/gtest.h>

namespace berth {
namespace {

using std::chrono::milliseconds;

TEST(Duration, ParsesUnitsAndCombinations) {
  EXPECT_EQ(ParseDuration("90"), milliseconds(90'000));
  EXPECT_EQ(ParseDuration("90s"), milliseconds(90'000));
  EXPECT_EQ(ParseDuration("500ms"), milliseconds(500));
  EXPECT_EQ(ParseDuration("5m"), milliseconds(300'000));
  EXPECT_EQ(ParseDuration("2h"), milliseconds(7'200'000));
  EXPECT_EQ(ParseDuration("1h30m"), milliseconds(5'400'000));
  EXPECT_EQ(ParseDuration("1.5s"), milliseconds(1'500));
  EXPECT_EQ(ParseDuration("0"), milliseconds(0));
}

TEST(Duration, RejectsWhatIsNotADuration) {
  for (const char* bad : {"", "s", "5x", "-5s", "1h30", "5 m", "5M", "abc", "1e999s", "..s"}) {
    EXPECT_FALSE(ParseDuration(bad).has_value()) << bad;
  }
}

TEST(Duration, FormatsTheShortestReadableForm) {
  EXPECT_EQ(FormatDuration(milliseconds(450)), "450ms");
  EXPECT_EQ(FormatDuration(milliseconds(12'300)), "12s");
  EXPECT_EQ(FormatDuration(milliseconds(300'000)), "5m");
  EXPECT_EQ(FormatDuration(milliseconds(125'000)), "2m05s");
  EXPECT_EQ(FormatDuration(milliseconds(5'400'000)), "1h30m");
  EXPECT_EQ(FormatDuration(milliseconds(7'200'000)), "2h");
}

}  // namespace
}  // namespace berth
