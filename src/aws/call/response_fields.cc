#include "aws/call/response_fields.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <ctime>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/strings.h"

namespace berth::aws {
namespace {

const Json* Member(const Json& j, std::string_view key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return nullptr;
  return &*it;
}

std::optional<double> AsDouble(const Json& v) {
  if (v.is_number()) return v.get<double>();
  if (!v.is_string()) return std::nullopt;
  const std::string& s = v.get_ref<const std::string&>();
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
  return d;
}

// Reads `n` digits at `pos`; false when they are not all digits.
bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  auto [p, ec] = std::from_chars(s.data() + pos, s.data() + pos + n, *out);
  return ec == std::errc() && p == s.data() + pos + n;
}

}  // namespace

std::string StrField(const Json& j, std::string_view key) {
  return OptStrField(j, key).value_or("");
}

std::optional<std::string> OptStrField(const Json& j, std::string_view key) {
  const Json* v = Member(j, key);
  if (v == nullptr) return std::nullopt;
  if (v->is_string()) return v->get<std::string>();
  if (v->is_number_integer()) return std::to_string(v->get<int64_t>());
  if (v->is_boolean()) return v->get<bool>() ? "true" : "false";
  if (v->is_number()) return v->dump();
  return std::nullopt;
}

int64_t IntField(const Json& j, std::string_view key, int64_t fallback) {
  return OptIntField(j, key).value_or(fallback);
}

std::optional<int64_t> OptIntField(const Json& j, std::string_view key) {
  const Json* v = Member(j, key);
  if (v == nullptr) return std::nullopt;
  if (v->is_number_integer()) return v->get<int64_t>();
  auto d = AsDouble(*v);
  if (!d) return std::nullopt;
  return static_cast<int64_t>(*d);
}

double DoubleField(const Json& j, std::string_view key, double fallback) {
  const Json* v = Member(j, key);
  if (v == nullptr) return fallback;
  return AsDouble(*v).value_or(fallback);
}

bool BoolField(const Json& j, std::string_view key, bool fallback) {
  const Json* v = Member(j, key);
  if (v == nullptr) return fallback;
  if (v->is_boolean()) return v->get<bool>();
  if (v->is_string()) {
    if (EqualsIgnoreCase(v->get_ref<const std::string&>(), "true")) return true;
    if (EqualsIgnoreCase(v->get_ref<const std::string&>(), "false")) return false;
  }
  return fallback;
}

std::optional<SystemTime> TimeField(const Json& j, std::string_view key) {
  const Json* v = Member(j, key);
  if (v == nullptr) return std::nullopt;
  if (auto d = AsDouble(*v)) {
    // Doubles near 1.7e9 carry ~0.2 us of noise: round to whole microseconds.
    return SystemTime(std::chrono::round<std::chrono::microseconds>(std::chrono::duration<double>(*d)));
  }
  if (v->is_string()) return ParseAwsTimestamp(v->get_ref<const std::string&>());
  return std::nullopt;
}

Json ListField(const Json& j, std::string_view key) {
  const Json* v = Member(j, key);
  if (v == nullptr) return Json::array();
  if (v->is_array()) return *v;
  if (v->is_string() && v->get_ref<const std::string&>().empty()) return Json::array();
  if (v->is_object() && v->empty()) return Json::array();
  return Json::array({*v});
}

std::vector<std::string> StrListField(const Json& j, std::string_view key) {
  std::vector<std::string> out;
  for (const Json& item : ListField(j, key)) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

Json ObjField(const Json& j, std::string_view key) {
  const Json* v = Member(j, key);
  if (v == nullptr || !v->is_object()) return Json::object();
  return *v;
}

std::optional<SystemTime> ParseAwsTimestamp(std::string_view s) {
  int year, month, day, hour, minute, second;
  if (!Digits(s, 0, 4, &year) || s.size() < 19 || s[4] != '-' || !Digits(s, 5, 2, &month) || s[7] != '-' ||
      !Digits(s, 8, 2, &day) || (s[10] != 'T' && s[10] != ' ') || !Digits(s, 11, 2, &hour) || s[13] != ':' ||
      !Digits(s, 14, 2, &minute) || s[16] != ':' || !Digits(s, 17, 2, &second)) {
    return std::nullopt;
  }
  size_t pos = 19;
  double fraction = 0;
  if (pos < s.size() && s[pos] == '.') {
    size_t start = ++pos;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
    if (pos == start) return std::nullopt;
    fraction = std::strtod(std::string("0.").append(s.substr(start, pos - start)).c_str(), nullptr);
  }
  int offset_minutes = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!Digits(s, pos + 1, 2, &oh)) return std::nullopt;
    size_t mpos = pos + 3;
    if (mpos < s.size() && s[mpos] == ':') ++mpos;
    if (!Digits(s, mpos, 2, &om)) return std::nullopt;
    offset_minutes = (s[pos] == '-' ? -1 : 1) * (oh * 60 + om);
    pos = mpos + 2;
  }
  if (pos != s.size() || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  std::chrono::sys_days days = std::chrono::year{year} / month / day;
  auto t = SystemTime(days) + std::chrono::hours(hour) + std::chrono::minutes(minute) + std::chrono::seconds(second) -
           std::chrono::minutes(offset_minutes);
  return t + std::chrono::duration_cast<SystemTime::duration>(std::chrono::duration<double>(fraction));
}

std::string FormatAwsTimestamp(SystemTime t) {
  auto secs = std::chrono::floor<std::chrono::seconds>(t);
  auto days = std::chrono::floor<std::chrono::days>(secs);
  std::chrono::year_month_day ymd(days);
  std::chrono::hh_mm_ss hms(secs - days);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hms.hours().count(),
                     hms.minutes().count(), hms.seconds().count());
}

Json TagsToJson(const TagMap& tags, bool capitalized) {
  Json out = Json::array();
  for (const auto& [k, v] : tags) {
    out.push_back(capitalized ? Json{{"Key", k}, {"Value", v}} : Json{{"key", k}, {"value", v}});
  }
  return out;
}

TagMap TagsFromJson(const Json& list) {
  TagMap out;
  if (!list.is_array()) return out;
  for (const Json& t : list) {
    std::string key = t.contains("key") ? StrField(t, "key") : StrField(t, "Key");
    std::string value = t.contains("value") ? StrField(t, "value") : StrField(t, "Value");
    if (!key.empty()) out[key] = value;
  }
  return out;
}

Status ExpectObject(const Json& response, std::string_view operation) {
  if (response.is_object()) return Status::Ok();
  return BadResponse(
      fmt::format("{} returned {} instead of a JSON object; check --endpoint-url and any proxy in between", operation,
                  response.type_name()));
}

void PutIf(Json& j, const char* key, const std::string& v) {
  if (!v.empty()) j[key] = v;
}
void PutIf(Json& j, const char* key, const Json& v) {
  if (!v.is_null()) j[key] = v;
}
void PutIf(Json& j, const char* key, const std::vector<std::string>& v) {
  if (!v.empty()) j[key] = v;
}
void PutIf(Json& j, const char* key, const std::optional<int>& v) {
  if (v) j[key] = *v;
}
void PutIf(Json& j, const char* key, const std::optional<bool>& v) {
  if (v) j[key] = *v;
}
void PutIf(Json& j, const char* key, const std::optional<double>& v) {
  if (v) j[key] = *v;
}

std::vector<std::vector<std::string>> Chunk(const std::vector<std::string>& items, size_t size) {
  std::vector<std::vector<std::string>> out;
  for (size_t i = 0; i < items.size(); i += size) {
    out.emplace_back(items.begin() + i, items.begin() + std::min(items.size(), i + size));
  }
  return out;
}

}  // namespace berth::aws
