// The diff walker over normalised documents, and its text and JSON renderings.
// The normalisation rules are in diff_normalize.cc.
#include "deploy/taskdef/diff.h"

#include <algorithm>
#include <set>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/log.h"
#include "deploy/taskdef/diff_normalize.h"

namespace berth::deploy {
namespace {

// Members of an UpdateService input that name the target or ask for an action
// rather than set something.
const std::set<std::string> kServiceNonSettings = {"cluster", "service", "forceNewDeployment"};

// Finds an object's members by name. ordered_json searches its members in
// order, which makes matching two keyed lists of n entries n²; objects larger
// than a few members get a hash index instead.
class MemberIndex {
 public:
  explicit MemberIndex(const Json& object) : object_(object) {
    if (object.size() <= kLinearUpTo) return;
    index_.reserve(object.size());
    for (const auto& [key, value] : object.items()) index_.emplace(key, &value);
  }
  const Json* Find(const std::string& key) const {
    if (object_.size() <= kLinearUpTo) {
      auto it = object_.find(key);
      return it == object_.end() ? nullptr : &*it;
    }
    auto it = index_.find(key);
    return it == index_.end() ? nullptr : it->second;
  }

 private:
  static constexpr size_t kLinearUpTo = 8;
  const Json& object_;
  std::unordered_map<std::string_view, const Json*> index_;
};

class Walker {
 public:
  Walker(std::string root, bool service) : root_(std::move(root)), service_(service) {}

  // Compares two objects (null meaning absent, i.e. an empty object).
  void Objects(const Json& a, const Json& b) {
    static const Json kEmpty = Json::object();
    const Json& oa = a.is_object() ? a : kEmpty;
    const Json& ob = b.is_object() ? b : kEmpty;
    bool keyed = internal::IsKeyedCollection(members_);
    static const Json kAbsent;
    const MemberIndex in_a(oa), in_b(ob);
    for (const auto& [key, value] : oa.items()) {
      const Json* other = in_b.Find(key);
      Member(key, value, other == nullptr ? kAbsent : *other, keyed);
    }
    for (const auto& [key, value] : ob.items()) {
      if (in_a.Find(key) == nullptr) Member(key, kAbsent, value, keyed);
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

// "49,999,800".
std::string Grouped(size_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

bool IsUtf8Continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// The byte offset after `chars` UTF-8 code points of `text` (its size when shorter).
size_t OffsetOfChars(std::string_view text, size_t chars) {
  size_t i = 0;
  for (size_t seen = 0; i < text.size(); ++i) {
    if (IsUtf8Continuation(text[i])) continue;
    if (seen++ == chars) return i;
  }
  return text.size();
}

size_t CountChars(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) { return !IsUtf8Continuation(c); }));
}

// ARNs and masks are words: they end at white space, quotes and JSON's punctuation.
bool IsWordBreak(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\'' || c == ',' || c == '[' || c == ']' ||
         c == '{' || c == '}' || c == '\\';
}

constexpr size_t kLongestArn = 2048;

// Moves a cut at byte `cut` of `text` out of an ARN or a run of '*' (a
// redaction mask): back to where it starts, or past the end of an ARN that
// starts the text and is short enough to be one.
size_t SafeCut(std::string_view text, size_t cut) {
  if (cut == 0 || cut >= text.size()) return cut;
  // A mask: never print part of one ("**" could be anything).
  if (text[cut] == '*' && text[cut - 1] == '*') {
    size_t start = cut;
    while (start > 0 && text[start - 1] == '*') --start;
    cut = start;
    if (cut == 0) return 0;
  }
  if (IsWordBreak(text[cut]) || IsWordBreak(text[cut - 1])) return cut;
  size_t start = cut;
  while (start > 0 && cut - start <= kLongestArn && !IsWordBreak(text[start - 1])) --start;
  if (cut - start > kLongestArn || text.substr(start).substr(0, 4) != "arn:") return cut;
  if (start > 0) return start;
  size_t end = cut;
  while (end < text.size() && end <= kLongestArn && !IsWordBreak(text[end])) ++end;
  return end <= kLongestArn ? end : cut;
}

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

std::string RenderValue(const Json& value, size_t limit) {
  // A string is cut inside its quotes, so what is left still reads as one.
  const bool string = value.is_string();
  std::string text = Redact(string ? value.get_ref<const std::string&>() : value.dump());
  size_t cut = SafeCut(text, OffsetOfChars(text, limit));
  if (cut >= text.size()) return string ? Json(text).dump() : text;
  std::string kept = text.substr(0, cut);
  std::string rest = fmt::format("(+{} characters)", Grouped(CountChars(std::string_view(text).substr(cut))));
  if (!string) return fmt::format("{}… {}", kept, rest);
  std::string quoted = Json(kept).dump();
  quoted.pop_back();  // the closing quote goes after the ellipsis
  return fmt::format("{}…\" {}", quoted, rest);
}

std::string RenderChanges(const std::vector<Change>& changes, bool color) {
  if (changes.empty()) return "no changes\n";
  std::string out;
  for (const Change& c : changes) {
    std::string_view op = Op(c);
    std::string line;
    const char* colour = "";
    if (op == "add") {
      line = fmt::format("+ {}: {}", c.path, RenderValue(c.after));
      colour = "\x1b[32m";
    } else if (op == "remove") {
      line = fmt::format("- {}: {}", c.path, RenderValue(c.before));
      colour = "\x1b[31m";
    } else {
      line = fmt::format("~ {}: {} -> {}", c.path, RenderValue(c.before), RenderValue(c.after));
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
