#include "aws/call/output_model.h"

#include <mutex>

#include <nlohmann/json.hpp>

#include "core/json.h"

namespace berth::aws {
namespace {

std::string StringOr(const Json& spec, const char* key, std::string fallback) {
  auto it = spec.find(key);
  return it != spec.end() && it->is_string() ? it->get<std::string>() : fallback;
}

bool FlagOf(const Json& spec, const char* key) {
  auto it = spec.find(key);
  return it != spec.end() && it->is_boolean() && it->get<bool>();
}

// The element a structure member arrives as, following botocore's XML
// parser: a flattened list whose item has a name repeats under that name;
// otherwise the member's own XML name.
std::string ElementName(const OutputModel::Member& member, const OutputModel::Shape* shape,
                        const std::string& item_name_given) {
  bool flattened = member.flattened || (shape != nullptr && shape->flattened);
  if (shape != nullptr && shape->type == "list" && flattened && !item_name_given.empty()) return item_name_given;
  return member.xml_name;
}

}  // namespace

const OutputModel* OutputModel::ForService(std::string_view service) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<OutputModel>, std::less<>> models;
  std::lock_guard lock(mu);
  auto it = models.find(service);
  if (it != models.end()) return it->second.get();
  std::unique_ptr<OutputModel> model;
  std::string_view text = OutputModelJson(service);
  if (!text.empty()) {
    auto parsed = Parse(text);
    if (parsed.ok()) model = std::make_unique<OutputModel>(std::move(parsed).value());
  }
  return models.emplace(std::string(service), std::move(model)).first->second.get();
}

Result<OutputModel> OutputModel::Parse(std::string_view json) {
  Json doc = Json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("operations") || !doc["operations"].is_object() ||
      !doc.contains("shapes") || !doc["shapes"].is_object()) {
    return InvalidArgument("an output model is {\"operations\": {...}, \"shapes\": {...}}");
  }
  OutputModel model;
  for (const auto& [op, spec] : doc["operations"].items()) {
    if (!spec.is_object()) return InvalidArgument("output model operation " + op + " is not an object");
    model.operations_[op] = Operation{StringOr(spec, "shape", ""), StringOr(spec, "result", op + "Result")};
  }
  // Which lists name their items (botocore's locationName), for the
  // flattened members below.
  std::map<std::string, std::string> item_names_given;
  for (const auto& [name, spec] : doc["shapes"].items()) {
    if (!spec.is_object()) return InvalidArgument("output model shape " + name + " is not an object");
    Shape s;
    s.type = StringOr(spec, "type", "");
    s.flattened = FlagOf(spec, "flattened");
    if (s.type == "list") {
      s.element = StringOr(spec, "member", "");
      s.item_name = StringOr(spec, "name", "member");
      item_names_given[name] = StringOr(spec, "name", "");
    } else if (s.type == "map") {
      s.key = StringOr(spec, "key", "");
      s.element = StringOr(spec, "value", "");
      s.key_name = StringOr(spec, "key_name", "key");
      s.value_name = StringOr(spec, "value_name", "value");
    } else if (s.type == "structure" && spec.contains("members") && spec["members"].is_object()) {
      for (const auto& [member, ref] : spec["members"].items()) {
        Member m;
        if (ref.is_string()) {
          m.shape = ref.get<std::string>();
        } else if (ref.is_object()) {
          m.shape = StringOr(ref, "shape", "");
          m.xml_name = StringOr(ref, "name", "");
          m.flattened = FlagOf(ref, "flattened");
        }
        if (m.xml_name.empty()) m.xml_name = member;
        s.members[member] = std::move(m);
      }
    }
    model.shapes_[name] = std::move(s);
  }
  for (auto& [name, shape] : model.shapes_) {
    for (const auto& [member, m] : shape.members) {
      const Shape* target = model.FindShape(m.shape);
      auto given = item_names_given.find(m.shape);
      shape.by_xml_name[ElementName(m, target, given != item_names_given.end() ? given->second : "")] = member;
    }
  }
  return model;
}

const OutputModel::Operation* OutputModel::FindOperation(std::string_view operation) const {
  auto it = operations_.find(operation);
  return it != operations_.end() ? &it->second : nullptr;
}

const OutputModel::Shape* OutputModel::FindShape(std::string_view name) const {
  auto it = shapes_.find(name);
  return it != shapes_.end() ? &it->second : nullptr;
}

}  // namespace berth::aws
