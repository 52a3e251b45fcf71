// The --image / --env flags and ApplyOverrides. Reading task definition files
// is in task_definition_file.cc.
#include "deploy/taskdef/task_definition_edit.h"

#include <set>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aws/ecs/requests.h"
#include "core/strings.h"
#include "core/suggest.h"
#include "deploy/taskdef/task_definition_doc.h"

namespace berth::deploy {
namespace {

std::vector<std::string> ContainerNames(const Json& containers) {
  std::vector<std::string> names;
  for (const Json& c : containers) {
    if (c.is_object() && c.contains("name") && c["name"].is_string()) {
      names.push_back(c["name"].get<std::string>());
    }
  }
  return names;
}

Status UnknownContainer(const std::string& name, const Json& task_definition, const std::vector<std::string>& names) {
  std::string message = fmt::format("container \"{}\" is not in task definition {} (containers: {})", name,
                                    TaskDefinitionLabel(task_definition), Join(names, ", "));
  if (auto guess = SuggestClosest(name, names)) {
    message += fmt::format("; did you mean \"{}\"?", *guess);
  }
  return InvalidArgument(message);
}

// The containers by name (the first of a name, as ECS would refuse two), and
// each edited container's environment by name, built once: ordered_json has
// no index, and searching a list per override makes many overrides of a long
// environment quadratic.
class ContainerEditor {
 public:
  explicit ContainerEditor(Json& containers) {
    for (Json& c : containers) {
      auto name = c.is_object() ? c.find("name") : c.end();
      if (c.is_object() && name != c.end() && name->is_string()) by_name_.try_emplace(name->get<std::string>(), &c);
    }
  }

  // The containerDefinitions entry named `name`, or nullptr.
  Json* Find(const std::string& name) const {
    auto it = by_name_.find(name);
    return it == by_name_.end() ? nullptr : it->second;
  }

  // Replaces the value of `env.key` in the container's environment (keeping
  // its position) or appends it.
  Status SetEnvironment(Json& container, const EnvOverride& env) {
    Json& environment = container["environment"];
    if (environment.is_null()) environment = Json::array();
    if (!environment.is_array()) {
      return InvalidArgument(
          fmt::format("container \"{}\" has an `environment` that is not a list; "
                      "fix the task definition before overriding its environment",
                      env.container));
    }
    auto [index, fresh] = environments_.try_emplace(&container);
    if (fresh) {
      for (size_t i = 0; i < environment.size(); ++i) {
        const Json& entry = environment[i];
        auto name = entry.is_object() ? entry.find("name") : entry.end();
        if (entry.is_object() && name != entry.end() && name->is_string()) {
          index->second.try_emplace(name->get<std::string>(), i);
        }
      }
    }
    auto at = index->second.find(env.key);
    if (at != index->second.end()) {
      environment[at->second]["value"] = env.value;
      return Status::Ok();
    }
    index->second.emplace(env.key, environment.size());
    environment.push_back({{"name", env.key}, {"value", env.value}});
    return Status::Ok();
  }

 private:
  std::unordered_map<std::string, Json*> by_name_;
  std::unordered_map<const Json*, std::unordered_map<std::string, size_t>> environments_;
};

}  // namespace

bool IsContainerName(std::string_view name) {
  if (name.empty() || name.size() > 255) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Result<Json> ApplyOverrides(const Json& task_definition, const std::vector<ImageOverride>& images,
                            const std::vector<EnvOverride>& envs) {
  if (!task_definition.is_object()) {
    return InvalidArgument(
        "the task definition is not a JSON object; pass the `taskDefinition` "
        "of a DescribeTaskDefinition response");
  }
  Json out = UnwrapDescribeResponse(task_definition);
  for (const std::string& field : aws::kTaskDefinitionOutputOnlyFields) out.erase(field);
  auto containers = out.find("containerDefinitions");
  if (containers == out.end() || !containers->is_array()) {
    return InvalidArgument(
        fmt::format("task definition {} has no containerDefinitions list; "
                    "check that it is a whole task definition",
                    TaskDefinitionLabel(task_definition)));
  }
  const std::vector<std::string> names = ContainerNames(*containers);
  std::set<std::string> seen;
  ContainerEditor by_name(*containers);
  for (const ImageOverride& o : images) {
    if (!seen.insert(o.container).second) {
      return InvalidArgument(
                 fmt::format("the image of container \"{}\" is given twice; give one image per container", o.container))
          .AddField("images");
    }
    Json* container = by_name.Find(o.container);
    if (container == nullptr) return UnknownContainer(o.container, task_definition, names);
    (*container)["image"] = o.text.empty() ? o.image.ToString() : o.text;
  }
  for (const EnvOverride& e : envs) {
    Json* container = by_name.Find(e.container);
    if (container == nullptr) return UnknownContainer(e.container, task_definition, names);
    BERTH_RETURN_IF_ERROR(by_name.SetEnvironment(*container, e));
  }
  return out;
}

std::string TaskDefinitionLabel(const Json& task_definition) {
  const Json& td = IsDescribeResponse(task_definition) ? task_definition["taskDefinition"] : task_definition;
  if (!td.is_object()) return "(unnamed)";
  std::string family =
      td.contains("family") && td["family"].is_string() ? td["family"].get<std::string>() : std::string("(no family)");
  if (td.contains("revision") && td["revision"].is_number_integer()) {
    return fmt::format("{}:{}", family, td["revision"].get<long long>());
  }
  return family;
}

}  // namespace berth::deploy
