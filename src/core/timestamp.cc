#include "core/timestamp.h"

#include <cmath>
#include <limits>

namespace berth {
namespace {

constexpr int64_t kSecondsPerDay = 86400;
constexpr std::string_view kDayNames[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};  // from 1970-01-01
constexpr std::string_view kMonthNames[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// A UTC time split into calendar fields.
struct Civil {
  int64_t year = 1970;
  int month = 1, day = 1, hour = 0, minute = 0, second = 0;
  int64_t days = 0;  // since 1970-01-01, for the day of the week
};

// Days since 1970-01-01 to year/month/day and back (H. Hinnant's
// civil_from_days / days_from_civil: exact over the whole int64 range).
void CivilFromDays(int64_t days, Civil& c) {
  days += 719468;
  int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  int64_t doe = days - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = yoe + era * 400 + (c.month <= 2 ? 1 : 0);
}

int64_t DaysFromCivil(int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  int64_t era = (year >= 0 ? year : year - 399) / 400;
  int64_t yoe = year - era * 400;
  int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool IsLeapYear(int64_t y) {
  return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

int DaysInMonth(int64_t year, int month) {
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

Civil ToCivil(int64_t epoch_seconds) {
  Civil c;
  c.days = epoch_seconds >= 0 ? epoch_seconds / kSecondsPerDay : (epoch_seconds - kSecondsPerDay + 1) / kSecondsPerDay;
  int64_t rem = epoch_seconds - c.days * kSecondsPerDay;
  CivilFromDays(c.days, c);
  c.hour = static_cast<int>(rem / 3600);
  c.minute = static_cast<int>(rem / 60 % 60);
  c.second = static_cast<int>(rem % 60);
  return c;
}

// Writes `value` as exactly `width` decimal digits.
void PutDigits(char* out, int64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

// "YYYY-MM-DDThh:mm:ss" into out[0..19).
void PutExtended(const Civil& c, char* out) {
  PutDigits(out, c.year, 4);
  out[4] = '-';
  PutDigits(out + 5, c.month, 2);
  out[7] = '-';
  PutDigits(out + 8, c.day, 2);
  out[10] = 'T';
  PutDigits(out + 11, c.hour, 2);
  out[13] = ':';
  PutDigits(out + 14, c.minute, 2);
  out[16] = ':';
  PutDigits(out + 17, c.second, 2);
}

// Reads exactly `n` digits at `pos`.
bool ReadDigits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

// The time of validated calendar fields, minus `offset_seconds`; nullopt when
// SystemTime cannot hold it.
std::optional<SystemTime> FromCivil(int year, int month, int day, int hour, int minute, int second,
                                    int64_t offset_seconds, int64_t nanos) {
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  int64_t secs = DaysFromCivil(year, month, day) * kSecondsPerDay + hour * 3600 + minute * 60 + second - offset_seconds;
  using Ticks = SystemTime::duration;
  auto max_secs = std::chrono::duration_cast<std::chrono::seconds>(Ticks::max()).count() - 1;
  if (secs > max_secs || secs < -max_secs) return std::nullopt;
  return SystemTime(std::chrono::duration_cast<Ticks>(std::chrono::seconds(secs) + std::chrono::nanoseconds(nanos)));
}

int64_t FloorSeconds(SystemTime t) {
  return std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

std::optional<SystemTime> ParseIso8601(std::string_view s, MissingZone zone) {
  int year, month, day, hour, minute, second;
  if (!ReadDigits(s, 0, 4, &year) || s.size() < 19 || s[4] != '-' || !ReadDigits(s, 5, 2, &month) || s[7] != '-' ||
      !ReadDigits(s, 8, 2, &day) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !ReadDigits(s, 11, 2, &hour) ||
      s[13] != ':' || !ReadDigits(s, 14, 2, &minute) || s[16] != ':' || !ReadDigits(s, 17, 2, &second)) {
    return std::nullopt;
  }
  size_t pos = 19;
  int64_t nanos = 0;
  if (pos < s.size() && s[pos] == '.') {
    size_t start = ++pos;
    int64_t scale = 100'000'000;
    for (; pos < s.size() && s[pos] >= '0' && s[pos] <= '9'; ++pos) {
      nanos += (s[pos] - '0') * scale;  // digits past the nanosecond add 0
      scale /= 10;
    }
    if (pos == start) return std::nullopt;
  }
  int64_t offset_seconds = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    size_t mpos = pos + 3;
    if (mpos < s.size() && s[mpos] == ':') ++mpos;
    if (!ReadDigits(s, pos + 1, 2, &oh) || !ReadDigits(s, mpos, 2, &om) || oh > 23 || om > 59) return std::nullopt;
    offset_seconds = (s[pos] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    pos = mpos + 2;
  } else if (zone == MissingZone::kReject) {
    return std::nullopt;
  }
  if (pos != s.size()) return std::nullopt;
  return FromCivil(year, month, day, hour, minute, second, offset_seconds, nanos);
}

std::string FormatIso8601(SystemTime t) {
  char buf[20];
  PutExtended(ToCivil(FloorSeconds(t)), buf);
  buf[19] = 'Z';
  return std::string(buf, sizeof buf);
}

std::string FormatIso8601Millis(SystemTime t) {
  int64_t ms = EpochMillis(t);
  int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
  char buf[24];
  PutExtended(ToCivil(secs), buf);
  buf[19] = '.';
  PutDigits(buf + 20, ms - secs * 1000, 3);
  buf[23] = 'Z';
  return std::string(buf, sizeof buf);
}

std::optional<SystemTime> ParseIso8601Basic(std::string_view s) {
  int year, month, day, hour, minute, second;
  if (s.size() != 16 || !ReadDigits(s, 0, 4, &year) || !ReadDigits(s, 4, 2, &month) || !ReadDigits(s, 6, 2, &day) ||
      s[8] != 'T' || !ReadDigits(s, 9, 2, &hour) || !ReadDigits(s, 11, 2, &minute) || !ReadDigits(s, 13, 2, &second) ||
      s[15] != 'Z') {
    return std::nullopt;
  }
  return FromCivil(year, month, day, hour, minute, second, 0, 0);
}

std::string FormatIso8601Basic(SystemTime t) {
  char buf[16];
  FormatIso8601Basic(FloorSeconds(t), buf);
  return std::string(buf, sizeof buf);
}

void FormatIso8601Basic(int64_t epoch_seconds, char (&out)[16]) {
  Civil c = ToCivil(epoch_seconds);
  PutDigits(out, c.year, 4);
  PutDigits(out + 4, c.month, 2);
  PutDigits(out + 6, c.day, 2);
  out[8] = 'T';
  PutDigits(out + 9, c.hour, 2);
  PutDigits(out + 11, c.minute, 2);
  PutDigits(out + 13, c.second, 2);
  out[15] = 'Z';
}

double EpochSeconds(SystemTime t) {
  return static_cast<double>(EpochMillis(t)) / 1000.0;
}

std::optional<SystemTime> FromEpochSeconds(double seconds) {
  using Ticks = SystemTime::duration;
  double limit = std::chrono::duration<double>(Ticks::max()).count() - 1;
  if (!std::isfinite(seconds) || std::fabs(seconds) > limit) return std::nullopt;
  auto us = std::chrono::round<std::chrono::microseconds>(std::chrono::duration<double>(seconds));
  return SystemTime(std::chrono::duration_cast<Ticks>(us));
}

int64_t WholeEpochSeconds(SystemTime t) {
  return FloorSeconds(t);
}

int64_t EpochMillis(SystemTime t) {
  return std::chrono::floor<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::optional<SystemTime> ParseHttpDate(std::string_view s) {
  // "Sun, 06 Nov 1994 08:49:37 GMT"
  if (s.size() < 4 || s.substr(3, 2) != ", ") return std::nullopt;
  bool day_name = false;
  for (std::string_view name : kDayNames) day_name = day_name || s.substr(0, 3) == name;
  if (!day_name) return std::nullopt;
  size_t pos = 5;
  int day;
  size_t day_digits = pos + 1 < s.size() && s[pos + 1] == ' ' ? 1 : 2;
  if (!ReadDigits(s, pos, day_digits, &day)) return std::nullopt;
  pos += day_digits;
  if (s.size() < pos + 18 || s[pos] != ' ' || s[pos + 4] != ' ') return std::nullopt;
  int month = 0;
  for (int m = 0; m < 12; ++m) {
    if (s.substr(pos + 1, 3) == kMonthNames[m]) month = m + 1;
  }
  int year, hour, minute, second;
  if (month == 0 || !ReadDigits(s, pos + 5, 4, &year) || s[pos + 9] != ' ' || !ReadDigits(s, pos + 10, 2, &hour) ||
      s[pos + 12] != ':' || !ReadDigits(s, pos + 13, 2, &minute) || s[pos + 15] != ':' ||
      !ReadDigits(s, pos + 16, 2, &second)) {
    return std::nullopt;
  }
  std::string_view rest = s.substr(pos + 18);
  if (!rest.empty() && rest != " GMT") return std::nullopt;
  return FromCivil(year, month, day, hour, minute, second, 0, 0);
}

std::string FormatHttpDate(SystemTime t) {
  Civil c = ToCivil(FloorSeconds(t));
  int64_t weekday = c.days % 7;
  if (weekday < 0) weekday += 7;
  // "Sun, 06 Nov 1994 08:49:37 GMT"
  char buf[29];
  std::string_view day_name = kDayNames[weekday], month_name = kMonthNames[c.month - 1];
  day_name.copy(buf, 3);
  buf[3] = ',';
  buf[4] = ' ';
  PutDigits(buf + 5, c.day, 2);
  buf[7] = ' ';
  month_name.copy(buf + 8, 3);
  buf[11] = ' ';
  PutDigits(buf + 12, c.year, 4);
  buf[16] = ' ';
  PutDigits(buf + 17, c.hour, 2);
  buf[19] = ':';
  PutDigits(buf + 20, c.minute, 2);
  buf[22] = ':';
  PutDigits(buf + 23, c.second, 2);
  std::string_view(" GMT").copy(buf + 25, 4);
  return std::string(buf, sizeof buf);
}

}  // namespace berth
