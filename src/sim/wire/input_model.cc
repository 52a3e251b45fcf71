#include "sim/wire/input_model.h"

#include <cmath>
#include <mutex>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace berth::sim {
namespace {

// Deeper documents than any AWS shape nests are refused rather than walked.
constexpr int kMaxDepth = 64;

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

ApiError Serialization(const std::string& path, const std::string& message) {
  // AWS's message carries no path; the simulator adds where, after it.
  return ApiError{400, "SerializationException", fmt::format("{} (at {})", message, path), true};
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
    model.shapes_[name] = std::move(s);
  }
  return model;
}

std::optional<ApiError> InputModel::Check(const std::string& operation, const Json& input) const {
  auto op = operations_.find(operation);
  if (op == operations_.end()) return std::nullopt;
  return CheckValue(op->second, input, "$", 0);
}

std::optional<ApiError> InputModel::CheckValue(const std::string& shape_name, const Json& value,
                                               const std::string& path, int depth) const {
  if (value.is_null()) return std::nullopt;
  if (depth > kMaxDepth) return Serialization(path, "The document nests deeper than any AWS shape");
  auto it = shapes_.find(shape_name);
  if (it == shapes_.end()) return std::nullopt;
  const Shape& shape = it->second;
  const std::string& type = shape.type;
  const bool aggregate = type == "structure" || type == "map" || type == "list";
  if (value.is_object() && type != "structure" && type != "map") {
    return Serialization(path, "Start of structure or map found where not expected.");
  }
  if (value.is_array() && type != "list") return Serialization(path, "Start of list found where not expected");
  if (aggregate && !value.is_object() && !value.is_array()) {
    return Serialization(path, fmt::format("{} can not be converted to {}", TokenName(value),
                                           type == "list" ? "a List" : "a Structure"));
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
  bool fits = false;
  if (type == "string" || type == "blob") {
    fits = value.is_string();
  } else if (type == "integer" || type == "long") {
    fits = value.is_number_integer() ||
           (value.is_number_float() && std::trunc(value.get<double>()) == value.get<double>() &&
            std::abs(value.get<double>()) < 9.2e18);
  } else if (type == "double" || type == "float") {
    fits = value.is_number();
  } else if (type == "boolean") {
    fits = value.is_boolean();
  } else if (type == "timestamp") {
    fits = value.is_number() || value.is_string();
  } else {
    fits = true;  // a type this check does not know
  }
  if (fits) return std::nullopt;
  return Serialization(path, fmt::format("{} can not be converted to {}", TokenName(value), Article(type)));
}

}  // namespace berth::sim
