// NormalizeTaskDefinition and the service-settings normalisation: each rule is
// one small function, applied in the order written in NormalizeTaskDefinition.
#include "deploy/taskdef/diff_normalize.h"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "aws/ecs/requests.h"
#include "deploy/taskdef/diff.h"
#include "deploy/taskdef/task_definition_doc.h"

namespace berth::deploy {
namespace {

bool IsEmptyValue(const Json& v) {
  return v.is_null() || ((v.is_array() || v.is_object()) && v.empty());
}

// Absent, null, [] and {} mean the same to ECS; removing them bottom-up also
// removes objects that only held defaults.
void RemoveEmpty(Json& v) {
  if (v.is_array()) {
    for (Json& e : v) RemoveEmpty(e);
  } else if (v.is_object()) {
    std::vector<std::string> empty;
    for (auto& [key, child] : v.items()) {
      RemoveEmpty(child);
      if (IsEmptyValue(child)) empty.push_back(key);
    }
    for (const std::string& key : empty) v.erase(key);
  }
}

void EraseIfEquals(Json& object, const char* member, const Json& value) {
  auto it = object.find(member);
  if (it != object.end() && *it == value) object.erase(it);
}

std::string StringMember(const Json& object, const char* member) {
  auto it = object.find(member);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Sorts a list of objects by one member (its JSON text, so any type sorts);
// entries without it keep their relative order after the others. Each key is
// rendered once, not at every comparison.
void SortByMember(Json& list, const char* member) {
  if (!list.is_array()) return;
  struct Keyed {
    bool has;
    std::string key;
    size_t index;
  };
  std::vector<Keyed> keys;
  keys.reserve(list.size());
  for (size_t i = 0; i < list.size(); ++i) {
    const Json& e = list[i];
    auto it = e.is_object() ? e.find(member) : e.end();
    bool has = e.is_object() && it != e.end();
    keys.push_back(Keyed{has, has ? it->dump() : std::string(), i});
  }
  std::stable_sort(keys.begin(), keys.end(), [](const Keyed& a, const Keyed& b) {
    if (a.has != b.has) return a.has;
    return a.has && a.key < b.key;
  });
  Json sorted = Json::array();
  sorted.get_ref<Json::array_t&>().reserve(list.size());
  for (const Keyed& k : keys) sorted.push_back(std::move(list[k.index]));
  list = std::move(sorted);
}

void SortScalars(Json& list) {
  if (list.is_array()) std::sort(list.begin(), list.end());
}

// "cpu": 1024 and "cpu": "1024" register the same task definition.
void NumbersToStrings(Json& td, const char* member) {
  auto it = td.find(member);
  if (it != td.end() && it->is_number_integer()) *it = std::to_string(it->get<long long>());
}

bool HasCompatibility(const Json& td, const char* name) {
  auto it = td.find("requiresCompatibilities");
  if (it == td.end() || !it->is_array()) return false;
  return std::find(it->begin(), it->end(), Json(name)) != it->end();
}

void NormalizePortMappings(Json& mappings, const std::string& network_mode) {
  if (!mappings.is_array()) return;
  bool host_port_is_container_port = network_mode == "awsvpc" || network_mode == "host";
  for (Json& m : mappings) {
    if (!m.is_object()) continue;
    EraseIfEquals(m, "protocol", "tcp");
    if (host_port_is_container_port && m.contains("containerPort")) {
      EraseIfEquals(m, "hostPort", m["containerPort"]);
    }
  }
  std::stable_sort(mappings.begin(), mappings.end(), [](const Json& a, const Json& b) { return a.dump() < b.dump(); });
}

void NormalizeContainer(Json& c, const std::string& network_mode) {
  if (!c.is_object()) return;
  EraseIfEquals(c, "essential", true);
  EraseIfEquals(c, "cpu", 0);
  if (c.contains("portMappings")) NormalizePortMappings(c["portMappings"], network_mode);
  if (c.contains("environment")) SortByMember(c["environment"], "name");
  if (c.contains("secrets")) SortByMember(c["secrets"], "name");
}

void NormalizeDeploymentConfiguration(Json& dc) {
  if (!dc.is_object()) return;
  EraseIfEquals(dc, "maximumPercent", 200);
  EraseIfEquals(dc, "minimumHealthyPercent", 100);
  auto disabled = [](const Json& v) {
    auto on = [&v](const char* m) { return v.contains(m) && v[m] == true; };
    return v.is_object() && !on("enable") && !on("rollback");
  };
  if (dc.contains("deploymentCircuitBreaker") && disabled(dc["deploymentCircuitBreaker"])) {
    dc.erase("deploymentCircuitBreaker");
  }
  if (dc.contains("alarms") && disabled(dc["alarms"]) &&
      (!dc["alarms"].contains("alarmNames") || IsEmptyValue(dc["alarms"]["alarmNames"]))) {
    dc.erase("alarms");
  }
}

// "arn:aws:ecs:r:a:task-definition/web:7" -> "web:7".
std::string ShortTaskDefinition(const std::string& td) {
  size_t slash = td.rfind("task-definition/");
  return td.rfind("arn:", 0) == 0 && slash != std::string::npos
             ? td.substr(slash + std::string("task-definition/").size())
             : td;
}

// An object keyed by `key_member`, each entry becoming entry[value_member]
// (the whole entry when value_member is null). Repeated keys get "#2", "#3".
// Linear: ordered_json finds a member by searching its members in order, so
// the keys are tracked in a hash set and appended without that search.
Json KeyedObject(const Json& list, const char* key_member, const char* value_member) {
  if (!list.is_array()) return list;
  Json out = Json::object();
  auto& members = static_cast<Json::object_t::Container&>(out.get_ref<Json::object_t&>());
  members.reserve(list.size());
  std::unordered_set<std::string> used;
  used.reserve(list.size());
  std::unordered_map<std::string, int> next_suffix;  // so many repeats of one key stay linear
  for (size_t i = 0; i < list.size(); ++i) {
    const Json& e = list[i];
    std::string key = e.is_object() ? StringMember(e, key_member) : std::string();
    if (key.empty()) key = "#" + std::to_string(i);
    std::string unique = key;
    if (used.count(unique)) {
      int& n = next_suffix[key];
      if (n < 2) n = 2;
      do {
        unique = key + "#" + std::to_string(n++);
      } while (used.count(unique));
    }
    used.insert(unique);
    if (value_member == nullptr || !e.is_object()) {
      members.emplace_back(std::move(unique), e);
    } else {
      // An environment entry without "value" is an empty string to ECS.
      auto value = e.find(value_member);
      members.emplace_back(std::move(unique), value != e.end() ? *value : Json(""));
    }
  }
  return out;
}

}  // namespace

Json NormalizeTaskDefinition(const Json& task_definition) {
  Json td = UnwrapDescribeResponse(task_definition);
  if (!td.is_object()) return td;
  for (const std::string& field : aws::kTaskDefinitionOutputOnlyFields) td.erase(field);
  NumbersToStrings(td, "cpu");
  NumbersToStrings(td, "memory");
  const std::string network_mode = StringMember(td, "networkMode");
  // ECS reports "bridge" for EC2 task definitions registered without a mode.
  if (network_mode == "bridge" && !HasCompatibility(td, "FARGATE")) td.erase("networkMode");
  if (td.contains("containerDefinitions") && td["containerDefinitions"].is_array()) {
    for (Json& c : td["containerDefinitions"]) NormalizeContainer(c, network_mode);
    SortByMember(td["containerDefinitions"], "name");
  }
  if (td.contains("volumes")) SortByMember(td["volumes"], "name");
  if (td.contains("tags")) SortByMember(td["tags"], "key");
  RemoveEmpty(td);
  return td;
}

namespace internal {

Json NormalizeServiceSettings(const Json& service) {
  if (!service.is_object()) return service;
  Json s = service;
  if (s.contains("taskDefinition") && s["taskDefinition"].is_string()) {
    s["taskDefinition"] = ShortTaskDefinition(s["taskDefinition"].get<std::string>());
  }
  if (s.contains("deploymentConfiguration")) {
    NormalizeDeploymentConfiguration(s["deploymentConfiguration"]);
  }
  auto network = s.find("networkConfiguration");
  if (network != s.end() && network->is_object() && network->contains("awsvpcConfiguration")) {
    Json& awsvpc = (*network)["awsvpcConfiguration"];
    if (awsvpc.is_object()) {
      if (awsvpc.contains("subnets")) SortScalars(awsvpc["subnets"]);
      if (awsvpc.contains("securityGroups")) SortScalars(awsvpc["securityGroups"]);
      EraseIfEquals(awsvpc, "assignPublicIp", "DISABLED");
    }
  }
  RemoveEmpty(s);
  return s;
}

Json KeyedTaskDefinitionView(const Json& normalized) {
  if (!normalized.is_object()) return normalized;
  Json view = normalized;
  if (view.contains("containerDefinitions")) {
    Json& containers = view["containerDefinitions"];
    for (Json& c : containers) {
      if (!c.is_object()) continue;
      if (c.contains("environment")) c["environment"] = KeyedObject(c["environment"], "name", "value");
      if (c.contains("secrets")) c["secrets"] = KeyedObject(c["secrets"], "name", "valueFrom");
    }
    containers = KeyedObject(containers, "name", nullptr);
  }
  if (view.contains("volumes")) view["volumes"] = KeyedObject(view["volumes"], "name", nullptr);
  if (view.contains("tags")) view["tags"] = KeyedObject(view["tags"], "key", "value");
  return view;
}

bool IsKeyedCollection(const std::vector<std::string>& p) {
  if (p.size() == 1) {
    return p[0] == "containerDefinitions" || p[0] == "volumes" || p[0] == "tags";
  }
  return p.size() == 3 && p[0] == "containerDefinitions" && (p[2] == "environment" || p[2] == "secrets");
}

std::optional<Json> DefaultFor(const std::vector<std::string>& p, bool service) {
  if (service) {
    if (p.size() == 2 && p[0] == "deploymentConfiguration") {
      if (p[1] == "maximumPercent") return Json(200);
      if (p[1] == "minimumHealthyPercent") return Json(100);
    }
    return std::nullopt;
  }
  if (p.size() == 1 && p[0] == "networkMode") return Json("bridge");
  if (p.size() == 3 && p[0] == "containerDefinitions") {
    if (p[2] == "essential") return Json(true);
    if (p[2] == "cpu") return Json(0);
  }
  return std::nullopt;
}

}  // namespace internal
}  // namespace berth::deploy
