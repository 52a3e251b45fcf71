// The diff walker over normalised documents, and its text and JSON renderings.
// The normalisation rules are in diff_normalize.cc.
#include "deploy/taskdef/diff.h"

#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "deploy/taskdef/diff_normalize.h"

namespace berth::deploy {
namespace {

// Members of an UpdateService input that name the target or ask for an action
// rather than set something.
const std::set<std::string> kServiceNonSettings = {"cluster", "service", "forceNewDeployment"};

class Walker {
 public:
  Walker(std::string root, bool service) : root_(std::move(root)), service_(service) {}

  // Compares two objects (null meaning absent, i.e. an empty object).
  void Objects(const Json& a, const Json& b) {
    static const Json kEmpty = Json::object();
    const Json& oa = a.is_object() ? a : kEmpty;
    const Json& ob = b.is_object() ? b : kEmpty;
    bool keyed = internal::IsKeyedCollection(members_);
    for (const auto& [key, value] : oa.items()) {
      auto other = ob.find(key);
      Member(key, value, other == ob.end() ? Json() : *other, keyed);
    }
    for (const auto& [key, value] : ob.items()) {
      if (!oa.contains(key)) Member(key, Json(), value, keyed);
    }
  }

  std::vector<Change> Take() { return std::move(changes_); }

 private:
  void Member(const std::string& key, const Json& a, const Json& b, bool keyed) {
    if (a == b) return;
    std::string saved = display_;
    members_.push_back(key);
    if (keyed) {
      display_ += "[" + key + "]";
    } else {
      display_ += display_.empty() ? key : "." + key;
    }
    bool a_object_or_absent = a.is_object() || a.is_null();
    bool b_object_or_absent = b.is_object() || b.is_null();
    // An entry of a keyed list that exists on one side only is reported
    // whole; plain objects are compared member by member.
    if (a_object_or_absent && b_object_or_absent && !(keyed && (a.is_null() || b.is_null()))) {
      Objects(a, b);
    } else {
      Emit(a, b);
    }
    members_.pop_back();
    display_ = std::move(saved);
  }

  void Emit(const Json& a, const Json& b) {
    std::optional<Json> fallback = internal::DefaultFor(members_, service_);
    Change c;
    c.path = root_.empty() ? display_ : root_ + "." + display_;
    c.before = a.is_null() && fallback ? *fallback : a;
    c.after = b.is_null() && fallback ? *fallback : b;
    if (c.before != c.after) changes_.push_back(std::move(c));
  }

  std::string root_;
  bool service_;
  std::vector<std::string> members_;
  std::string display_;
  std::vector<Change> changes_;
};

std::string_view Op(const Change& c) {
  if (c.before.is_null()) return "add";
  if (c.after.is_null()) return "remove";
  return "change";
}

}  // namespace

std::vector<Change> DiffTaskDefinitions(const Json& before, const Json& after) {
  Walker walker("", /*service=*/false);
  walker.Objects(internal::KeyedTaskDefinitionView(NormalizeTaskDefinition(before)),
                 internal::KeyedTaskDefinitionView(NormalizeTaskDefinition(after)));
  return walker.Take();
}

std::vector<Change> DiffServiceSettings(const Json& before, const Json& after) {
  // Only what the request sets is compared: members it leaves out keep their
  // value, and so do members of a deploymentConfiguration it sends.
  Json requested = Json::object();
  Json current = Json::object();
  if (after.is_object()) {
    for (const auto& [key, value] : after.items()) {
      if (kServiceNonSettings.count(key)) continue;
      requested[key] = value;
      if (!before.is_object() || !before.contains(key)) continue;
      const Json& was = before[key];
      if (key == "deploymentConfiguration" && value.is_object() && was.is_object()) {
        Json subset = Json::object();
        for (const auto& [member, unused] : value.items()) {
          if (was.contains(member)) subset[member] = was[member];
        }
        current[key] = subset;
      } else {
        current[key] = was;
      }
    }
  }
  Walker walker("service", /*service=*/true);
  walker.Objects(internal::NormalizeServiceSettings(current), internal::NormalizeServiceSettings(requested));
  return walker.Take();
}

std::string RenderChanges(const std::vector<Change>& changes, bool color) {
  if (changes.empty()) return "no changes\n";
  std::string out;
  for (const Change& c : changes) {
    std::string_view op = Op(c);
    std::string line;
    const char* colour = "";
    if (op == "add") {
      line = fmt::format("+ {}: {}", c.path, c.after.dump());
      colour = "\x1b[32m";
    } else if (op == "remove") {
      line = fmt::format("- {}: {}", c.path, c.before.dump());
      colour = "\x1b[31m";
    } else {
      line = fmt::format("~ {}: {} -> {}", c.path, c.before.dump(), c.after.dump());
      colour = "\x1b[33m";
    }
    out += color ? fmt::format("{}{}\x1b[0m\n", colour, line) : line + "\n";
  }
  return out;
}

Json ChangesToJson(const std::vector<Change>& changes) {
  Json out = Json::array();
  for (const Change& c : changes) {
    out.push_back({{"path", c.path}, {"before", c.before}, {"after", c.after}, {"op", std::string(Op(c))}});
  }
  return out;
}

}  // namespace berth::deploy
