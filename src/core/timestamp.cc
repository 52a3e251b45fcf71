#include "core/timestamp.h"

#include <algorithm>
#include <cmath>
#include <span>

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
  int millis = 0;
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

int64_t FloorDiv(int64_t a, int64_t b) {
  return a >= 0 ? a / b : (a - b + 1) / b;
}

Civil ToCivil(int64_t epoch_millis) {
  Civil c;
  int64_t secs = FloorDiv(epoch_millis, 1000);
  c.millis = static_cast<int>(epoch_millis - secs * 1000);
  c.days = FloorDiv(secs, kSecondsPerDay);
  int64_t rem = secs - c.days * kSecondsPerDay;
  CivilFromDays(c.days, c);
  c.hour = static_cast<int>(rem / 3600);
  c.minute = static_cast<int>(rem / 60 % 60);
  c.second = static_cast<int>(rem % 60);
  return c;
}

// Writes `value` as exactly `width` decimal digits.
char* PutDigits(char* out, int64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  return out + width;
}

// Writes `c` into `out` after `pattern`, a strftime subset: %Y %m %d %H %M %S
// (zero-padded), %f (milliseconds, 3 digits), %a and %b (English day and
// month abbreviations); every other character is copied. Returns the end.
char* Render(const Civil& c, std::string_view pattern, char* out) {
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '%' || i + 1 == pattern.size()) {
      *out++ = pattern[i];
      continue;
    }
    switch (pattern[++i]) {
      case 'Y': out = PutDigits(out, c.year, 4); break;
      case 'm': out = PutDigits(out, c.month, 2); break;
      case 'd': out = PutDigits(out, c.day, 2); break;
      case 'H': out = PutDigits(out, c.hour, 2); break;
      case 'M': out = PutDigits(out, c.minute, 2); break;
      case 'S': out = PutDigits(out, c.second, 2); break;
      case 'f': out = PutDigits(out, c.millis, 3); break;
      case 'a': out = std::copy_n(kDayNames[(c.days % 7 + 7) % 7].data(), 3, out); break;
      case 'b': out = std::copy_n(kMonthNames[c.month - 1].data(), 3, out); break;
      default: *out++ = pattern[i];
    }
  }
  return out;
}

std::string Format(SystemTime t, std::string_view pattern) {
  char buf[40];
  return std::string(buf, Render(ToCivil(EpochMillis(t)), pattern, buf));
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

// Reads `s` from its start after `pattern`, Render's subset plus %e (a day of
// one or two digits) and %T (a date-time separator: 'T', 't' or ' '); %a and
// %b match the English names. Returns the length read, or 0 on a mismatch.
size_t Scan(std::string_view s, std::string_view pattern, Civil& c) {
  size_t pos = 0;
  auto digits = [&](size_t n, int* out) {
    bool ok = ReadDigits(s, pos, n, out);
    pos += n;
    return ok;
  };
  auto name = [&](std::span<const std::string_view> names, int* index) {
    auto it = std::find(names.begin(), names.end(), s.substr(pos, 3));
    pos += 3;
    *index = static_cast<int>(it - names.begin());
    return it != names.end();
  };
  int year = 0, weekday = 0;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char want = pattern[i];
    bool ok = true;
    if (want != '%' || i + 1 == pattern.size()) {
      ok = pos < s.size() && s[pos++] == want;
    } else {
      switch (want = pattern[++i]) {
        case 'Y': ok = digits(4, &year); break;
        case 'm': ok = digits(2, &c.month); break;
        case 'd': ok = digits(2, &c.day); break;
        case 'e': ok = digits(pos + 1 < s.size() && s[pos + 1] >= '0' && s[pos + 1] <= '9' ? 2 : 1, &c.day); break;
        case 'H': ok = digits(2, &c.hour); break;
        case 'M': ok = digits(2, &c.minute); break;
        case 'S': ok = digits(2, &c.second); break;
        case 'T': ok = pos < s.size() && std::string_view("Tt ").find(s[pos++]) != std::string_view::npos; break;
        case 'a': ok = name(kDayNames, &weekday); break;
        case 'b':
          ok = name(kMonthNames, &c.month);
          ++c.month;
          break;
        default: ok = pos < s.size() && s[pos++] == want;
      }
    }
    if (!ok) return 0;
  }
  c.year = year;
  return pos;
}

// The time of scanned calendar fields, plus `nanos`, minus `offset_seconds`;
// nullopt when the fields are not a date and time or SystemTime cannot hold it.
std::optional<SystemTime> FromCivil(const Civil& c, int64_t offset_seconds = 0, int64_t nanos = 0) {
  if (c.month < 1 || c.month > 12 || c.day < 1 || c.day > DaysInMonth(c.year, c.month) || c.hour > 23 ||
      c.minute > 59 || c.second > 60) {
    return std::nullopt;
  }
  int64_t secs = DaysFromCivil(c.year, c.month, c.day) * kSecondsPerDay + c.hour * 3600 + c.minute * 60 + c.second -
                 offset_seconds;
  using Ticks = SystemTime::duration;
  auto max_secs = std::chrono::duration_cast<std::chrono::seconds>(Ticks::max()).count() - 1;
  if (secs > max_secs || secs < -max_secs) return std::nullopt;
  return SystemTime(std::chrono::duration_cast<Ticks>(std::chrono::seconds(secs) + std::chrono::nanoseconds(nanos)));
}

// Reads ".digits" at `*pos` (none is fine) as nanoseconds; false for a bare ".".
bool ReadFraction(std::string_view s, size_t* pos, int64_t* nanos) {
  if (*pos >= s.size() || s[*pos] != '.') return true;
  size_t start = ++*pos;
  int64_t scale = 100'000'000;
  for (; *pos < s.size() && s[*pos] >= '0' && s[*pos] <= '9'; ++*pos) {
    *nanos += (s[*pos] - '0') * scale;  // digits past the nanosecond add 0
    scale /= 10;
  }
  return *pos > start;
}

// Reads a zone designator at `*pos`: Z, +hh:mm, -hh:mm, +hhmm; none is fine
// when `zone` allows it.
bool ReadZone(std::string_view s, size_t* pos, MissingZone zone, int64_t* offset_seconds) {
  if (*pos < s.size() && (s[*pos] == 'Z' || s[*pos] == 'z')) {
    ++*pos;
    return true;
  }
  if (*pos >= s.size() || (s[*pos] != '+' && s[*pos] != '-')) return zone == MissingZone::kUtc;
  int oh, om;
  size_t mpos = *pos + 3;
  if (mpos < s.size() && s[mpos] == ':') ++mpos;
  if (!ReadDigits(s, *pos + 1, 2, &oh) || !ReadDigits(s, mpos, 2, &om) || oh > 23 || om > 59) return false;
  *offset_seconds = (s[*pos] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
  *pos = mpos + 2;
  return true;
}

}  // namespace

std::optional<SystemTime> ParseIso8601(std::string_view s, MissingZone zone) {
  Civil c;
  size_t pos = Scan(s, "%Y-%m-%d%T%H:%M:%S", c);
  int64_t nanos = 0, offset_seconds = 0;
  if (pos == 0 || !ReadFraction(s, &pos, &nanos) || !ReadZone(s, &pos, zone, &offset_seconds) || pos != s.size()) {
    return std::nullopt;
  }
  return FromCivil(c, offset_seconds, nanos);
}

std::string FormatIso8601(SystemTime t) {
  return Format(t, "%Y-%m-%dT%H:%M:%SZ");
}

std::string FormatIso8601Millis(SystemTime t) {
  return Format(t, "%Y-%m-%dT%H:%M:%S.%fZ");
}

std::optional<SystemTime> ParseIso8601Basic(std::string_view s) {
  Civil c;
  if (Scan(s, "%Y%m%dT%H%M%SZ", c) != s.size() || s.empty()) return std::nullopt;
  return FromCivil(c);
}

std::string FormatIso8601Basic(SystemTime t) {
  return Format(t, "%Y%m%dT%H%M%SZ");
}

void FormatIso8601Basic(int64_t epoch_seconds, char (&out)[16]) {
  Render(ToCivil(epoch_seconds * 1000), "%Y%m%dT%H%M%SZ", out);
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
  return std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
}

int64_t EpochMillis(SystemTime t) {
  return std::chrono::floor<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

std::optional<SystemTime> ParseHttpDate(std::string_view s) {
  Civil c;
  size_t pos = Scan(s, "%a, %e %b %Y %H:%M:%S", c);
  if (pos == 0 || (pos != s.size() && s.substr(pos) != " GMT")) return std::nullopt;
  return FromCivil(c);
}

std::string FormatHttpDate(SystemTime t) {
  return Format(t, "%a, %d %b %Y %H:%M:%S GMT");
}

}  // namespace berth
