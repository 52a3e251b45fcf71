#include "aws/call/input_model.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace berth::aws {
namespace {

// The token name AWS's JSON services use for what they found.
const char* TokenName(const Json& v) {
  if (v.is_string()) return "STRING_VALUE";
  if (v.is_boolean()) return v.get<bool>() ? "TRUE_VALUE" : "FALSE_VALUE";
  return "NUMBER_VALUE";
}

// "a String", "an Integer": the type named as those services do.
std::string Article(const std::string& type) {
  static const std::map<std::string, std::string> kNames = {
      {"string", "a String"}, {"integer", "an Integer"}, {"long", "a Long"},      {"double", "a Double"},
      {"float", "a Float"},   {"boolean", "a Boolean"},  {"timestamp", "a Date"}, {"blob", "a ByteBuffer"}};
  auto it = kNames.find(type);
  return it != kNames.end() ? it->second : "a " + type;
}

TypeMismatch Mismatch(const std::string& path, const std::string& expected, const Json& value, std::string message) {
  return TypeMismatch{path, expected, &value, std::move(message)};
}

bool ScalarFits(const std::string& type, const Json& value) {
  if (type == "string" || type == "blob") return value.is_string();
  if (type == "integer" || type == "long") {
    return value.is_number_integer() ||
           (value.is_number_float() && std::trunc(value.get<double>()) == value.get<double>() &&
            std::abs(value.get<double>()) < 9.2e18);
  }
  if (type == "double" || type == "float") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  if (type == "timestamp") return value.is_number() || value.is_string();
  return true;  // a type this check does not know
}

}  // namespace

const InputModel* InputModel::ForService(std::string_view service) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<InputModel>, std::less<>> models;
  std::lock_guard lock(mu);
  auto it = models.find(service);
  if (it != models.end()) return it->second.get();
  std::unique_ptr<InputModel> model;
  std::string_view text = InputModelJson(service);
  if (!text.empty()) {
    auto parsed = Parse(text);
    if (parsed.ok()) model = std::make_unique<InputModel>(std::move(parsed).value());
  }
  return models.emplace(std::string(service), std::move(model)).first->second.get();
}

Result<InputModel> InputModel::Parse(std::string_view json) {
  Json doc = Json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("operations") || !doc.contains("shapes")) {
    return InvalidArgument("an input model is {\"operations\": {...}, \"shapes\": {...}}");
  }
  InputModel model;
  for (const auto& [op, shape] : doc["operations"].items()) model.operations_[op] = shape.get<std::string>();
  for (const auto& [name, spec] : doc["shapes"].items()) {
    Shape s;
    s.type = spec.value("type", "");
    if (spec.contains("members")) {
      for (const auto& [m, shape] : spec["members"].items()) s.members[m] = shape.get<std::string>();
    }
    s.element = spec.contains("member") ? spec["member"].get<std::string>() : spec.value("value", "");
    if (spec.contains("enum")) {
      for (const Json& v : spec["enum"]) s.enum_values.push_back(v.get<std::string>());
    }
    model.shapes_[name] = std::move(s);
  }
  return model;
}

std::optional<TypeMismatch> InputModel::Check(const std::string& operation, const Json& input) const {
  auto op = operations_.find(operation);
  if (op == operations_.end()) return std::nullopt;
  return CheckValue(op->second, input, "$", 0);
}

std::optional<TypeMismatch> InputModel::CheckValue(const std::string& shape_name, const Json& value,
                                                   const std::string& path, int depth) const {
  if (value.is_null()) return std::nullopt;
  if (depth > kMaxInputDepth) return Mismatch(path, "", value, "The document nests deeper than any AWS shape");
  auto it = shapes_.find(shape_name);
  if (it == shapes_.end()) return std::nullopt;
  const Shape& shape = it->second;
  const std::string& type = shape.type;
  const bool aggregate = type == "structure" || type == "map" || type == "list";
  if (value.is_object() && type != "structure" && type != "map") {
    return Mismatch(path, type, value, "Start of structure or map found where not expected.");
  }
  if (value.is_array() && type != "list") return Mismatch(path, type, value, "Start of list found where not expected");
  if (aggregate && !value.is_object() && !value.is_array()) {
    return Mismatch(
        path, type, value,
        fmt::format("{} can not be converted to {}", TokenName(value), type == "list" ? "a List" : "a Structure"));
  }
  if (type == "structure") {
    for (const auto& [member, member_value] : value.items()) {
      auto m = shape.members.find(member);
      if (m == shape.members.end()) continue;
      if (auto e = CheckValue(m->second, member_value, path + "." + member, depth + 1)) return e;
    }
    return std::nullopt;
  }
  if (type == "map") {
    for (const auto& [key, entry] : value.items()) {
      if (auto e = CheckValue(shape.element, entry, path + "." + key, depth + 1)) return e;
    }
    return std::nullopt;
  }
  if (type == "list") {
    for (size_t i = 0; i < value.size(); ++i) {
      if (auto e = CheckValue(shape.element, value[i], fmt::format("{}[{}]", path, i), depth + 1)) return e;
    }
    return std::nullopt;
  }
  if (ScalarFits(type, value)) return std::nullopt;
  return Mismatch(path, type, value, fmt::format("{} can not be converted to {}", TokenName(value), Article(type)));
}

std::vector<EnumMismatch> InputModel::UnknownEnumValues(const std::string& operation, const Json& input) const {
  std::vector<EnumMismatch> out;
  auto op = operations_.find(operation);
  if (op != operations_.end()) FindUnknownEnumValues(op->second, input, "$", 0, out);
  return out;
}

void InputModel::FindUnknownEnumValues(const std::string& shape_name, const Json& value, const std::string& path,
                                       int depth, std::vector<EnumMismatch>& out) const {
  if (depth > kMaxInputDepth) return;
  auto it = shapes_.find(shape_name);
  if (it == shapes_.end()) return;
  const Shape& shape = it->second;
  if (shape.type == "structure" && value.is_object()) {
    for (const auto& [member, member_value] : value.items()) {
      auto m = shape.members.find(member);
      if (m != shape.members.end()) FindUnknownEnumValues(m->second, member_value, path + "." + member, depth + 1, out);
    }
  } else if (shape.type == "map" && value.is_object()) {
    for (const auto& [key, entry] : value.items()) {
      FindUnknownEnumValues(shape.element, entry, path + "." + key, depth + 1, out);
    }
  } else if (shape.type == "list" && value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) {
      FindUnknownEnumValues(shape.element, value[i], fmt::format("{}[{}]", path, i), depth + 1, out);
    }
  } else if (!shape.enum_values.empty() && value.is_string()) {
    const std::string& v = value.get_ref<const std::string&>();
    if (std::find(shape.enum_values.begin(), shape.enum_values.end(), v) == shape.enum_values.end()) {
      out.push_back(EnumMismatch{path, v, shape.enum_values});
    }
  }
}

}  // namespace berth::aws
