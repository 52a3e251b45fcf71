#include "core/timestamp.h"

#include <cmath>

#include <gtest/gtest.h>

namespace berth {
namespace {

using std::chrono::nanoseconds;
using std::chrono::seconds;

SystemTime At(int64_t secs, int64_t nanos = 0) {
  return SystemTime(std::chrono::duration_cast<SystemTime::duration>(seconds(secs) + nanoseconds(nanos)));
}

constexpr int64_t k2024 = 1704067200;  // 2024-01-01T00:00:00Z

struct ParseCase {
  const char* text;
  std::optional<SystemTime> want;
};

TEST(Timestamp, ParsesIso8601WithZonesFractionsAndLeapDays) {
  const ParseCase cases[] = {
      {"2024-01-01T00:00:00Z", At(k2024)},
      {"2024-01-01t00:00:00z", At(k2024)},
      {"2024-01-01 00:00:00Z", At(k2024)},
      {"1970-01-01T00:00:00Z", At(0)},
      {"1969-12-31T23:59:59Z", At(-1)},
      {"2024-02-29T12:00:00Z", At(1709208000)},
      {"2000-02-29T00:00:00Z", At(951782400)},
      {"2016-12-31T23:59:60Z", At(1483228800)},  // a leap second reads as the next second
      {"2024-01-01T00:00:00.1Z", At(k2024, 100'000'000)},
      {"2024-01-01T00:00:00.12Z", At(k2024, 120'000'000)},
      {"2024-01-01T00:00:00.123Z", At(k2024, 123'000'000)},
      {"2024-01-01T00:00:00.1234Z", At(k2024, 123'400'000)},
      {"2024-01-01T00:00:00.12345Z", At(k2024, 123'450'000)},
      {"2024-01-01T00:00:00.123456Z", At(k2024, 123'456'000)},
      {"2024-01-01T00:00:00.1234567Z", At(k2024, 123'456'700)},
      {"2024-01-01T00:00:00.12345678Z", At(k2024, 123'456'780)},
      {"2024-01-01T00:00:00.123456789Z", At(k2024, 123'456'789)},
      {"2024-01-01T00:00:00.1234567891Z", At(k2024, 123'456'789)},  // past the nanosecond: dropped
      {"2024-01-01T02:00:00+02:00", At(k2024)},
      {"2024-01-01T02:00:00+0200", At(k2024)},
      {"2023-12-31T19:30:00-04:30", At(k2024)},
      {"2023-12-31T23:00:00.5-01:00", At(k2024, 500'000'000)},
      {"2024-01-01T00:00:00+00:00", At(k2024)},
  };
  for (const auto& c : cases) EXPECT_EQ(ParseIso8601(c.text), c.want) << c.text;
}

TEST(Timestamp, RejectsWhatIsNotAnIso8601Time) {
  for (const char* bad : {
           "",
           "2024-01-01",
           "2024-01-01T00:00",
           "2024-01-01T00:00:00",  // no zone
           "2024-13-01T00:00:00Z",
           "2024-00-01T00:00:00Z",
           "2024-01-00T00:00:00Z",
           "2024-01-32T00:00:00Z",
           "2023-02-29T00:00:00Z",  // not a leap year
           "2100-02-29T00:00:00Z",  // divisible by 100
           "2024-04-31T00:00:00Z",
           "2024-01-01T24:00:00Z",
           "2024-01-01T00:60:00Z",
           "2024-01-01T00:00:61Z",
           "2024-01-01T00:00:00.Z",
           "2024-01-01T00:00:00ZZ",
           "2024-01-01T00:00:00+2:00",
           "2024-01-01T00:00:00+24:00",
           "2024-01-01T00:00:00+01:60",
           "2024-01-01T00:00:00+01:",
           "2024-01-01X00:00:00Z",
           "2024/01/01T00:00:00Z",
           "-024-01-01T00:00:00Z",
           "2024-01-01T00:00:00Z garbage",
           " 2024-01-01T00:00:00Z",
           "9999-12-31T23:59:59Z",  // beyond what SystemTime holds
           "not a time",
       }) {
    EXPECT_FALSE(ParseIso8601(bad).has_value()) << bad;
  }
}

TEST(Timestamp, ReadsAZonelessTimeAsUtcOnlyWhenAsked) {
  EXPECT_EQ(ParseIso8601("2024-01-01T00:00:00", MissingZone::kUtc), At(k2024));
  EXPECT_EQ(ParseIso8601("2024-01-01T00:00:00.250", MissingZone::kUtc), At(k2024, 250'000'000));
  EXPECT_FALSE(ParseIso8601("2024-01-01T00:00:00", MissingZone::kReject));
  EXPECT_FALSE(ParseIso8601("2024-01-01T00:00", MissingZone::kUtc));
}

TEST(Timestamp, FormatsIso8601WithAndWithoutMilliseconds) {
  struct Case {
    SystemTime t;
    const char* seconds;
    const char* millis;
  };
  const Case cases[] = {
      {At(k2024), "2024-01-01T00:00:00Z", "2024-01-01T00:00:00.000Z"},
      {At(k2024, 123'999'999), "2024-01-01T00:00:00Z", "2024-01-01T00:00:00.123Z"},
      {At(1709208000 + 3599, 7'000'000), "2024-02-29T12:59:59Z", "2024-02-29T12:59:59.007Z"},
      {At(0), "1970-01-01T00:00:00Z", "1970-01-01T00:00:00.000Z"},
      {At(-1, 500'000'000), "1969-12-31T23:59:59Z", "1969-12-31T23:59:59.500Z"},
      {At(1700000000), "2023-11-14T22:13:20Z", "2023-11-14T22:13:20.000Z"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(FormatIso8601(c.t), c.seconds);
    EXPECT_EQ(FormatIso8601Millis(c.t), c.millis);
    EXPECT_EQ(ParseIso8601(FormatIso8601Millis(c.t)), std::chrono::floor<std::chrono::milliseconds>(c.t));
  }
}

TEST(Timestamp, BasicFormatIsSigV4sAmzDate) {
  EXPECT_EQ(FormatIso8601Basic(At(k2024)), "20240101T000000Z");
  EXPECT_EQ(FormatIso8601Basic(At(1709208000 + 3723, 999'999'999)), "20240229T130203Z");
  EXPECT_EQ(FormatIso8601Basic(At(-1)), "19691231T235959Z");
  char buf[16];
  FormatIso8601Basic(int64_t{1700000000}, buf);
  EXPECT_EQ(std::string_view(buf, 16), "20231114T221320Z");
  EXPECT_EQ(ParseIso8601Basic("20240229T120000Z"), At(1709208000));
  for (const char* bad : {"", "20240101T000000", "2024-01-01T00:00:00Z", "20230229T000000Z", "20240101T240000Z",
                          "20240101X000000Z", "2024010lT000000Z", "20240101T000000Z "}) {
    EXPECT_FALSE(ParseIso8601Basic(bad).has_value()) << bad;
  }
}

TEST(Timestamp, EpochSecondsCarryMilliseconds) {
  EXPECT_DOUBLE_EQ(EpochSeconds(At(1700000000)), 1700000000.0);
  EXPECT_DOUBLE_EQ(EpochSeconds(At(1700000000, 123'999'999)), 1700000000.123);
  EXPECT_DOUBLE_EQ(EpochSeconds(At(-1, 500'000'000)), -0.5);
  EXPECT_EQ(WholeEpochSeconds(At(1700000000, 999'000'000)), 1700000000);
  EXPECT_EQ(WholeEpochSeconds(At(-1, 500'000'000)), -1);
  EXPECT_EQ(EpochMillis(At(1700000000, 42'900'000)), 1700000000042);
}

TEST(Timestamp, EpochSecondsReadBackToTheMicrosecond) {
  EXPECT_EQ(FromEpochSeconds(1700000000.0), At(1700000000));
  EXPECT_EQ(FromEpochSeconds(1700000000.123), At(1700000000, 123'000'000));
  EXPECT_EQ(FromEpochSeconds(1700000000.123456), At(1700000000, 123'456'000));
  EXPECT_EQ(FromEpochSeconds(-0.5), At(-1, 500'000'000));
  EXPECT_EQ(FromEpochSeconds(EpochSeconds(At(1700000000, 250'000'000))), At(1700000000, 250'000'000));
  EXPECT_FALSE(FromEpochSeconds(std::nan("")));
  EXPECT_FALSE(FromEpochSeconds(INFINITY));
  EXPECT_FALSE(FromEpochSeconds(1e300));
}

TEST(Timestamp, HttpDatesAreImfFixdate) {
  EXPECT_EQ(FormatHttpDate(At(784111777)), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(FormatHttpDate(At(k2024, 900'000'000)), "Mon, 01 Jan 2024 00:00:00 GMT");
  EXPECT_EQ(FormatHttpDate(At(1709208000)), "Thu, 29 Feb 2024 12:00:00 GMT");
  EXPECT_EQ(FormatHttpDate(At(-86400)), "Wed, 31 Dec 1969 00:00:00 GMT");
  const ParseCase cases[] = {
      {"Sun, 06 Nov 1994 08:49:37 GMT", At(784111777)},
      {"Sun, 6 Nov 1994 08:49:37 GMT", At(784111777)},
      {"Sun, 06 Nov 1994 08:49:37", At(784111777)},
      {"Thu, 29 Feb 2024 12:00:00 GMT", At(1709208000)},
      {"Xyz, 06 Nov 1994 08:49:37 GMT", std::nullopt},
      {"Sun, 06 Foo 1994 08:49:37 GMT", std::nullopt},
      {"Sun, 29 Feb 2023 08:49:37 GMT", std::nullopt},
      {"Sun, 06 Nov 1994 08:49 GMT", std::nullopt},
      {"Sun, 06 Nov 1994 08:49:37 PST", std::nullopt},
      {"Sunday, 06-Nov-94 08:49:37 GMT", std::nullopt},
      {"", std::nullopt},
  };
  for (const auto& c : cases) EXPECT_EQ(ParseHttpDate(c.text), c.want) << c.text;
  EXPECT_EQ(ParseHttpDate(FormatHttpDate(At(1700000000))), At(1700000000));
}

}  // namespace
}  // namespace berth
