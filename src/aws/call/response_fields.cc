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

std::vector<std::vector<std::string>> Chunk(const std::vector<std::string>& items, size_t size) {
  std::vector<std::vector<std::string>> out;
  for (size_t i = 0; i < items.size(); i += size) {
    out.emplace_back(items.begin() + i, items.begin() + std::min(items.size(), i + size));
  }
  return out;
}

}  // namespace berth::aws
