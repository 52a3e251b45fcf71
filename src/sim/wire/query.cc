#include "sim/wire/query.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/strings.h"
#include "sim/wire/api_error.h"

namespace berth::sim {
namespace {

bool IsIndex(const std::string& s) {
  return !s.empty() && s.size() < 6 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Walks `node` along `parts`, creating objects and lists; "member.N" (and
// "entry.N") address the N-th (1-based) element of a list.
void Insert(Json& node, const std::vector<std::string>& parts, size_t i, const std::string& value) {
  if (i == parts.size()) {
    node = value;
    return;
  }
  const std::string& key = parts[i];
  if ((key == "member" || key == "entry") && i + 1 < parts.size() && IsIndex(parts[i + 1])) {
    if (!node.is_array()) node = Json::array();
    size_t idx = std::stoul(parts[i + 1]);
    if (idx == 0) ThrowValidation("list indexes in query parameters start at 1");
    while (node.size() < idx) node.push_back(Json());
    Insert(node[idx - 1], parts, i + 2, value);
    return;
  }
  if (!node.is_object()) node = Json::object();
  Insert(node[key], parts, i + 1, value);
}

void Render(const Json& v, const std::string& name, int indent, std::string& out) {
  std::string pad(indent, ' ');
  if (v.is_null()) return;
  if (v.is_object()) {
    out += fmt::format("{}<{}>\n", pad, name);
    for (const auto& [k, child] : v.items()) Render(child, k, indent + 2, out);
    out += fmt::format("{}</{}>\n", pad, name);
  } else if (v.is_array()) {
    out += fmt::format("{}<{}>\n", pad, name);
    for (const auto& child : v) Render(child, "member", indent + 2, out);
    out += fmt::format("{}</{}>\n", pad, name);
  } else if (v.is_string()) {
    out += fmt::format("{}<{}>{}</{}>\n", pad, name, XmlEscape(v.get<std::string>()), name);
  } else {
    out += fmt::format("{}<{}>{}</{}>\n", pad, name, v.dump(), name);
  }
}

}  // namespace

void ThrowValidation(std::string message) {
  ThrowApiError(400, "ValidationError", std::move(message));
}

Json QueryParamsToJson(const QueryParams& params) {
  Json root = Json::object();
  for (const auto& [k, v] : params) {
    if (k == "Action" || k == "Version") continue;
    Insert(root, Split(k, '.'), 0, v);
  }
  return root;
}

std::string JsonToQueryXml(const Json& doc, int indent) {
  std::string out;
  for (const auto& [k, v] : doc.items()) Render(v, k, indent, out);
  return out;
}

PageWindow Paginate(const Json& in, size_t total) {
  int size = OptInt(in, "PageSize", 400);
  if (size < 1 || size > 400)
    ThrowValidation(
        fmt::format("1 validation error detected: Value '{}' at 'pageSize' failed to satisfy constraint: "
                    "Member must have value between 1 and 400",
                    size));
  std::string marker = OptString(in, "Marker");
  auto w = PageOf(total, marker, static_cast<size_t>(size), "offset:");
  if (!w) ThrowValidation("The marker '" + marker + "' is not valid");
  return *w;
}

const std::string& RequireString(const Json& in, const char* name) {
  auto it = in.find(name);
  if (it == in.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    std::string member(name);
    member[0] = static_cast<char>(std::tolower(member[0]));
    ThrowValidation(
        fmt::format("1 validation error detected: Value null at '{}' failed to satisfy constraint: Member "
                    "must not be null",
                    member));
  }
  return it->get_ref<const std::string&>();
}

std::string OptString(const Json& in, const char* name, std::string fallback) {
  auto it = in.find(name);
  return it != in.end() && it->is_string() ? it->get<std::string>() : fallback;
}

int OptInt(const Json& in, const char* name, int fallback) {
  auto it = in.find(name);
  if (it == in.end() || it->is_null()) return fallback;
  if (it->is_number_integer()) return it->get<int>();
  std::string s = it->is_string() ? it->get<std::string>() : it->dump();
  try {
    size_t used = 0;
    int v = std::stoi(s, &used);
    if (used == s.size()) return v;
  } catch (...) {
  }
  ThrowValidation(fmt::format("Value '{}' for {} is not a valid integer", s, name));
}

Json OptList(const Json& in, const char* name) {
  auto it = in.find(name);
  if (it == in.end() || !it->is_array()) return Json::array();
  return *it;
}

}  // namespace berth::sim
