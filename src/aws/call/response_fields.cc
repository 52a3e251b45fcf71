#include "aws/call/response_fields.h"

#include <cstdlib>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/strings.h"
#include "core/timestamp.h"

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
  if (auto d = AsDouble(*v)) return FromEpochSeconds(*d);
  if (v->is_string()) return ParseIso8601(v->get_ref<const std::string&>(), MissingZone::kUtc);
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

namespace fields_internal {
namespace {

// Query-protocol member names are capitalized; JSON-protocol ones are not.
bool IsQueryName(std::string_view key) {
  return !key.empty() && key[0] >= 'A' && key[0] <= 'Z';
}

}  // namespace

const Json& Owner(const Json& j, std::string_view path, std::string_view* leaf) {
  static const Json kNone;
  const Json* owner = &j;
  size_t dot;
  while ((dot = path.find('.')) != std::string_view::npos) {
    owner = Member(*owner, path.substr(0, dot));
    if (owner == nullptr || !owner->is_object()) owner = &kNone;
    path.remove_prefix(dot + 1);
  }
  *leaf = path;
  return *owner;
}

Json& OwnerForWrite(Json& j, std::string_view path, std::string_view* leaf) {
  Json* owner = &j;
  size_t dot;
  while ((dot = path.find('.')) != std::string_view::npos) {
    Json& next = (*owner)[std::string(path.substr(0, dot))];
    if (!next.is_object()) next = Json::object();
    owner = &next;
    path.remove_prefix(dot + 1);
  }
  *leaf = path;
  return *owner;
}

void Read(const Json& owner, std::string_view key, FieldRule, std::string& out) {
  out = StrField(owner, key);
}
void Read(const Json& owner, std::string_view key, FieldRule, int64_t& out) {
  out = IntField(owner, key);
}
void Read(const Json& owner, std::string_view key, FieldRule, int& out) {
  out = static_cast<int>(IntField(owner, key));
}
void Read(const Json& owner, std::string_view key, FieldRule, double& out) {
  out = DoubleField(owner, key);
}
void Read(const Json& owner, std::string_view key, FieldRule, bool& out) {
  out = BoolField(owner, key);
}
void Read(const Json& owner, std::string_view key, FieldRule, std::optional<std::string>& out) {
  out = OptStrField(owner, key);
}
void Read(const Json& owner, std::string_view key, FieldRule, std::optional<int64_t>& out) {
  out = OptIntField(owner, key);
}
void Read(const Json& owner, std::string_view key, FieldRule, std::optional<int>& out) {
  std::optional<int64_t> v = OptIntField(owner, key);
  out = v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
}
void Read(const Json& owner, std::string_view key, FieldRule, std::optional<bool>& out) {
  out = Member(owner, key) != nullptr ? std::optional<bool>(BoolField(owner, key)) : std::nullopt;
}
void Read(const Json& owner, std::string_view key, FieldRule, std::optional<double>& out) {
  const Json* v = Member(owner, key);
  out = v != nullptr ? AsDouble(*v) : std::nullopt;
}
void Read(const Json& owner, std::string_view key, FieldRule, std::optional<SystemTime>& out) {
  out = TimeField(owner, key);
}
void Read(const Json& owner, std::string_view key, FieldRule, std::vector<std::string>& out) {
  out = StrListField(owner, key);
}
void Read(const Json& owner, std::string_view key, FieldRule, TagMap& out) {
  out = TagsFromJson(ListField(owner, key));
}
void Read(const Json& owner, std::string_view key, FieldRule rule, Json& out) {
  out = rule == FieldRule::kList ? ListField(owner, key) : ObjField(owner, key);
}

Json Written(std::string_view, FieldRule rule, const std::string& v) {
  return v.empty() && rule != FieldRule::kAlways ? Json() : Json(v);
}
Json Written(std::string_view, FieldRule rule, int64_t v) {
  return v == 0 && rule != FieldRule::kAlways ? Json() : Json(v);
}
Json Written(std::string_view, FieldRule rule, int v) {
  return v == 0 && rule != FieldRule::kAlways ? Json() : Json(v);
}
Json Written(std::string_view, FieldRule rule, double v) {
  return v == 0 && rule != FieldRule::kAlways ? Json() : Json(v);
}
Json Written(std::string_view, FieldRule rule, bool v) {
  return !v && rule != FieldRule::kAlways ? Json() : Json(v);
}
Json Written(std::string_view, FieldRule, const std::optional<std::string>& v) {
  return v ? Json(*v) : Json();
}
Json Written(std::string_view, FieldRule, const std::optional<int64_t>& v) {
  return v ? Json(*v) : Json();
}
Json Written(std::string_view, FieldRule, const std::optional<int>& v) {
  return v ? Json(*v) : Json();
}
Json Written(std::string_view, FieldRule, const std::optional<bool>& v) {
  return v ? Json(*v) : Json();
}
Json Written(std::string_view, FieldRule, const std::optional<double>& v) {
  return v ? Json(*v) : Json();
}
Json Written(std::string_view key, FieldRule, const std::optional<SystemTime>& v) {
  if (!v) return Json();
  return IsQueryName(key) ? Json(FormatIso8601(*v)) : Json(EpochSeconds(*v));
}
Json Written(std::string_view, FieldRule rule, const std::vector<std::string>& v) {
  return v.empty() && rule != FieldRule::kAlways ? Json() : Json(v);
}
Json Written(std::string_view key, FieldRule rule, const TagMap& v) {
  return v.empty() && rule != FieldRule::kAlways ? Json() : TagsToJson(v, IsQueryName(key));
}
Json Written(std::string_view, FieldRule, const Json& v) {
  return v;
}

}  // namespace fields_internal

std::vector<std::vector<std::string>> Chunk(const std::vector<std::string>& items, size_t size) {
  std::vector<std::vector<std::string>> out;
  for (size_t i = 0; i < items.size(); i += size) {
    out.emplace_back(items.begin() + i, items.begin() + std::min(items.size(), i + size));
  }
  return out;
}

}  // namespace berth::aws
