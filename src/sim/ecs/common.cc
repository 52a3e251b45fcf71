#include <fmt/format.h>

#include "core/strings.h"
#include "sim/ecs/internal.h"
#include "sim/wire/pagination.h"

namespace berth::sim::ecs {
namespace {

[[noreturn]] void WrongType(const char* name, const char* want) {
  ThrowApiError(400, "SerializationException",
                fmt::format("Unexpected value for member '{}': expected {}", name, want));
}

}  // namespace

const Json* OptMember(const Json& in, const char* name, Json::value_t type) {
  auto it = in.find(name);
  if (it == in.end() || it->is_null()) return nullptr;
  bool ok = it->type() == type || (type == Json::value_t::number_integer && it->is_number_integer()) ||
            (type == Json::value_t::number_float && it->is_number());
  if (!ok) {
    const char* want = type == Json::value_t::string    ? "a string"
                       : type == Json::value_t::array   ? "a list"
                       : type == Json::value_t::object  ? "a structure"
                       : type == Json::value_t::boolean ? "a boolean"
                                                        : "a number";
    WrongType(name, want);
  }
  return &*it;
}

std::optional<std::string> OptString(const Json& in, const char* name) {
  const Json* v = OptMember(in, name, Json::value_t::string);
  if (v == nullptr) return std::nullopt;
  return v->get<std::string>();
}

std::string RequireString(const Json& in, const char* name) {
  auto v = OptString(in, name);
  if (!v.has_value() || v->empty())
    ThrowApiError(400, "InvalidParameterException", fmt::format("{} can not be blank.", name));
  return *v;
}

std::optional<int> OptInt(const Json& in, const char* name) {
  const Json* v = OptMember(in, name, Json::value_t::number_integer);
  if (v == nullptr) return std::nullopt;
  return v->get<int>();
}

std::optional<bool> OptBool(const Json& in, const char* name) {
  const Json* v = OptMember(in, name, Json::value_t::boolean);
  if (v == nullptr) return std::nullopt;
  return v->get<bool>();
}

std::vector<std::string> OptStringList(const Json& in, const char* name) {
  std::vector<std::string> out;
  const Json* v = OptMember(in, name, Json::value_t::array);
  if (v == nullptr) return out;
  for (const auto& e : *v) {
    if (!e.is_string()) WrongType(name, "a list of strings");
    out.push_back(e.get<std::string>());
  }
  return out;
}

bool IncludesTags(const Json& in) {
  for (const auto& s : OptStringList(in, "include"))
    if (s == "TAGS") return true;
  return false;
}

std::string NameFromRef(const std::string& ref) {
  if (!StartsWith(ref, "arn:")) return ref;
  auto slash = ref.rfind('/');
  return slash == std::string::npos ? ref : ref.substr(slash + 1);
}

std::string ClusterArn(const EcsRegion& ecs, const std::string& name) {
  return fmt::format("arn:aws:ecs:{}:{}:cluster/{}", ecs.region, ecs.account_id, name);
}

std::string ServiceArn(const EcsRegion& ecs, const std::string& cluster, const std::string& name) {
  return fmt::format("arn:aws:ecs:{}:{}:service/{}/{}", ecs.region, ecs.account_id, cluster, name);
}

Cluster* FindCluster(EcsRegion& ecs, const std::string& ref) {
  auto it = ecs.clusters.find(NameFromRef(ref));
  if (it == ecs.clusters.end() || it->second.status == "INACTIVE") return nullptr;
  return &it->second;
}

Cluster& ResolveCluster(World& world, EcsRegion& ecs, const Json& in) {
  (void)world;
  std::string ref = OptString(in, "cluster").value_or("default");
  if (ref.empty()) ref = "default";
  Cluster* c = FindCluster(ecs, ref);
  if (c == nullptr) ThrowApiError(400, "ClusterNotFoundException", "Cluster not found.");
  return *c;
}

Service& ResolveService(Cluster& cluster, const std::string& ref) {
  std::string name = NameFromRef(ref);
  auto it = cluster.services.find(name);
  if (it == cluster.services.end()) ThrowApiError(400, "ServiceNotFoundException", "Service not found.");
  return it->second;
}

Service& ResolveActiveService(Cluster& cluster, const std::string& ref) {
  Service& s = ResolveService(cluster, ref);
  if (s.status != "ACTIVE") ThrowApiError(400, "ServiceNotActiveException", "Service was not ACTIVE.");
  return s;
}

std::pair<size_t, size_t> Page(const Json& in, size_t total, int default_max, int max_max, std::string* next) {
  int max = OptInt(in, "maxResults").value_or(default_max);
  if (max < 1 || max > max_max) ThrowInvalidParameter(fmt::format("maxResults must be between 1 and {}.", max_max));
  auto w = PageOf(total, OptString(in, "nextToken").value_or(""), static_cast<size_t>(max), "berth-sim-offset:");
  if (!w) ThrowInvalidParameter("Invalid nextToken.");
  *next = std::move(w->next_token);
  return {w->begin, w->end};
}

Json Failure(const std::string& arn, const std::string& reason) {
  return Json{{"arn", arn}, {"reason", reason}};
}

}  // namespace berth::sim::ecs
