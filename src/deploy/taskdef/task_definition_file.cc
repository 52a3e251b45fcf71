#include "deploy/taskdef/task_definition_file.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aws/call/input_model.h"
#include "aws/ecs/requests.h"
#include "core/bounded_read.h"
#include "core/strings.h"
#include "core/suggest.h"
#include "deploy/taskdef/diff.h"
#include "deploy/taskdef/image_ref.h"
#include "deploy/taskdef/task_definition_doc.h"

namespace berth::deploy {

// From botocore's ECS service model (data/ecs/2014-11-13/service-2.json),
// RegisterTaskDefinitionRequest members, botocore 1.43.11:
//   python3 -c "import botocore.session; s=botocore.session.get_session();
//     m=s.get_service_model('ecs');
//     print(list(m.operation_model('RegisterTaskDefinition').input_shape.members))"
// task_definition_file_test.cc runs that and compares.
const std::vector<std::string> kRegisterTaskDefinitionMembers = {
    "family",
    "taskRoleArn",
    "executionRoleArn",
    "networkMode",
    "containerDefinitions",
    "volumes",
    "placementConstraints",
    "requiresCompatibilities",
    "cpu",
    "memory",
    "tags",
    "pidMode",
    "ipcMode",
    "proxyConfiguration",
    "inferenceAccelerators",
    "ephemeralStorage",
    "runtimePlatform",
    "enableFaultInjection",
};

namespace {

bool Contains(const std::vector<std::string>& list, const std::string& name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

// 1-based line and column of a byte offset, for parse errors.
std::pair<size_t, size_t> LineColumn(std::string_view text, size_t offset) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

// nlohmann's what() is "[json.exception.parse_error.101] parse error at line
// L, column C: <reason>"; keep the reason, berth says where itself.
std::string ParseErrorReason(const std::string& what) {
  size_t column = what.find("column ");
  size_t colon = column == std::string::npos ? std::string::npos : what.find(": ", column);
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

// The warning for a member berth's ECS model does not know; it is kept either way.
std::string UnknownMemberWarning(std::string_view source, const std::string& name) {
  std::string message =
      fmt::format("{}: \"{}\" is not a RegisterTaskDefinition member in berth's copy of the ECS model", source, name);
  if (auto guess = SuggestClosest(name, kRegisterTaskDefinitionMembers)) {
    message += fmt::format("; did you mean \"{}\"?", *guess);
  } else {
    message += ".";
  }
  return message + " It is sent to ECS as written.";
}

// ECS's rule for family and container names: up to 255 letters, digits,
// hyphens and underscores.
bool IsEcsName(const std::string& name) {
  if (name.empty() || name.size() > 255) return false;
  return std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; });
}

const char* JsonTypeName(const Json& v) {
  if (v.is_string()) return "a string";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number()) return "a number";
  if (v.is_array()) return "a list";
  if (v.is_object()) return "an object";
  return "null";
}

// A botocore type as the JSON it must be.
const char* ExpectedJson(const std::string& type) {
  if (type == "string" || type == "blob") return "a string";
  if (type == "integer" || type == "long") return "an integer";
  if (type == "double" || type == "float") return "a number";
  if (type == "boolean") return "a boolean";
  if (type == "timestamp") return "a number or a string";
  if (type == "list") return "a list";
  return "an object";  // structure, map
}

bool IsDigits(const std::string& s) {
  return !s.empty() && s.size() < 19 &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// A member of the wrong JSON type, found by the model (RegisterTaskDefinition's
// input shape): its path, what it must be, what it is, and how to fix the
// two usual slips (a quoted number, an unquoted string).
Status TypeError(std::string_view source, const aws::TypeMismatch& m) {
  if (m.expected.empty()) {
    return InvalidArgument(fmt::format("{}: {} nests deeper than any member of a task definition", source, m.path));
  }
  const Json& value = *m.value;
  std::string message =
      fmt::format("{}: {} must be {}, not {}", source, m.path, ExpectedJson(m.expected), JsonTypeName(value));
  if (value.is_object() || value.is_array()) return InvalidArgument(message + "; ECS's model fixes its type");
  message += fmt::format(" ({})", RenderValue(value));
  // A number meant as text, or an environment value (always a string to ECS):
  // quoting is the fix. `"memory": true` is a different mistake.
  bool environment_value = m.path.find(".environment[") != std::string::npos;
  if (m.expected == "string" && (value.is_number() || (value.is_boolean() && environment_value))) {
    return InvalidArgument(message + fmt::format("; quote it: \"{}\"", value.dump()));
  }
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    bool unquote = ((m.expected == "integer" || m.expected == "long") && IsDigits(text)) ||
                   (m.expected == "boolean" && (text == "true" || text == "false"));
    if (unquote) return InvalidArgument(message + fmt::format("; drop the quotes: {}", text));
  }
  return InvalidArgument(message + "; ECS's model fixes its type");
}

// Every member's JSON type, against RegisterTaskDefinition's input shape in
// berth's copy of botocore's ECS model (aws/call/input_model.h); a member
// the model does not know is not checked (it is a warning at the top level).
Status CheckTypes(std::string_view source, const Json& doc) {
  const aws::InputModel* model = aws::InputModel::ForService("ecs");
  if (model == nullptr) return Status::Ok();  // built in; absent only in a broken build
  if (std::optional<aws::TypeMismatch> m = model->Check("RegisterTaskDefinition", doc)) return TypeError(source, *m);
  return Status::Ok();
}

// A value the model's enum does not list is a warning, not an error: ECS adds
// values (log drivers, protocols) after the model berth was built with.
void WarnUnknownEnumValues(std::string_view source, const Json& doc, std::vector<std::string>& warnings) {
  const aws::InputModel* model = aws::InputModel::ForService("ecs");
  if (model == nullptr) return;
  for (const aws::EnumMismatch& e : model->UnknownEnumValues("RegisterTaskDefinition", doc)) {
    std::string message = fmt::format("{}: {} is {}, not one of the values berth's copy of the ECS model knows ({})",
                                      source, e.path, RenderValue(Json(e.value)), Join(e.allowed, ", "));
    if (auto guess = SuggestClosest(e.value, e.allowed)) {
      message += fmt::format("; did you mean \"{}\"?", *guess);
    } else {
      message += ".";
    }
    warnings.push_back(message + " It is sent to ECS as written.");
  }
}

// The first key that appears twice in one object, as a JSON path
// ("$.containerDefinitions[0].memory"); nlohmann keeps the last silently,
// and so would the deploy.
class DuplicateKeyFinder {
 public:
  bool operator()(int, nlohmann::json::parse_event_t event, Json& parsed) {
    using E = nlohmann::json::parse_event_t;
    switch (event) {
      case E::object_start:
      case E::array_start: frames_.push_back(Frame{event == E::object_start, {}, ChildSegment(), 0}); break;
      case E::key: {
        pending_key_ = parsed.get<std::string>();
        if (!frames_.back().keys.insert(pending_key_).second && duplicate_.empty()) {
          duplicate_ = Path() + "." + pending_key_;
        }
        break;
      }
      case E::value: ElementDone(); break;
      case E::object_end:
      case E::array_end:
        frames_.pop_back();
        ElementDone();
        break;
    }
    return true;
  }
  const std::string& duplicate() const { return duplicate_; }

 private:
  struct Frame {
    bool object;
    std::set<std::string> keys;
    std::string segment;
    size_t index;
  };
  std::string ChildSegment() const {
    if (frames_.empty()) return "$";
    return frames_.back().object ? "." + pending_key_ : fmt::format("[{}]", frames_.back().index);
  }
  void ElementDone() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
  }
  std::string Path() const {
    std::string p;
    for (const Frame& f : frames_) p += f.segment;
    return p;
  }
  std::vector<Frame> frames_;
  std::string pending_key_;
  std::string duplicate_;
};

Status CheckContainers(std::string_view source, const Json& containers) {
  if (!containers.is_array() || containers.empty()) {
    return InvalidArgument(
        fmt::format("{}: \"containerDefinitions\" must be a non-empty list of "
                    "containers, each with a name and an image",
                    source));
  }
  std::set<std::string> names;
  for (size_t i = 0; i < containers.size(); ++i) {
    const Json& c = containers[i];
    if (!c.is_object()) {
      return InvalidArgument(fmt::format("{}: containerDefinitions[{}] is not an object", source, i));
    }
    auto name = c.find("name");
    if (name == c.end() || !name->is_string() || name->get<std::string>().empty()) {
      return InvalidArgument(
          fmt::format("{}: containerDefinitions[{}] has no \"name\"; give every "
                      "container a name",
                      source, i));
    }
    const std::string& container = name->get<std::string>();
    if (!IsEcsName(container)) {
      return InvalidArgument(
          fmt::format("{}: container name \"{}\" is not one ECS accepts: up to 255 letters, "
                      "digits, hyphens and underscores",
                      source, container));
    }
    if (!names.insert(container).second) {
      return InvalidArgument(
          fmt::format("{}: two containers are named \"{}\"; container names must be unique in "
                      "a task definition",
                      source, container));
    }
    auto image = c.find("image");
    if (image == c.end() || !image->is_string()) {
      return InvalidArgument(
          fmt::format("{}: container \"{}\" has no \"image\"; add one such as "
                      "\"image\": \"repo/web:1.2.3\"",
                      source, name->get<std::string>()));
    }
    Result<ImageRef> ref = ParseImageRef(image->get<std::string>());
    if (!ref.ok()) {
      return ref.status().WithContext(fmt::format("{}: container \"{}\"", source, name->get<std::string>()));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<LoadedTaskDefinition> ParseTaskDefinitionDocument(std::string_view text, std::string_view source) {
  Json doc;
  DuplicateKeyFinder duplicates;
  try {
    doc = Json::parse(text.begin(), text.end(), std::ref(duplicates));
  } catch (const nlohmann::json::parse_error& e) {
    auto [line, column] = LineColumn(text, e.byte == 0 ? 0 : e.byte - 1);
    return InvalidArgument(
        fmt::format("{}: not valid JSON at line {}, column {}: {}", source, line, column, ParseErrorReason(e.what())));
  }
  if (!duplicates.duplicate().empty()) {
    return InvalidArgument(fmt::format("{}: {} is given twice; keep one (JSON keeps only the last, silently)", source,
                                       duplicates.duplicate()));
  }
  if (!doc.is_object()) {
    return InvalidArgument(
        fmt::format("{}: a task definition must be a JSON object like "
                    "{{\"family\": ..., \"containerDefinitions\": [...]}}",
                    source));
  }
  if (IsDescribeResponse(doc)) {
    for (const auto& [key, value] : doc.items()) {
      if (key != "taskDefinition" && key != "tags") {
        return InvalidArgument(
            fmt::format("{}: \"{}\" is not part of a DescribeTaskDefinition "
                        "response; remove it",
                        source, key));
      }
    }
    doc = UnwrapDescribeResponse(doc);
  }
  for (const std::string& field : aws::kTaskDefinitionOutputOnlyFields) doc.erase(field);
  std::vector<std::string> warnings;
  for (const auto& [key, value] : doc.items()) {
    if (!Contains(kRegisterTaskDefinitionMembers, key)) warnings.push_back(UnknownMemberWarning(source, key));
  }
  BERTH_RETURN_IF_ERROR(CheckTypes(source, doc));
  WarnUnknownEnumValues(source, doc, warnings);
  auto family = doc.find("family");
  if (family == doc.end() || !family->is_string() || family->get<std::string>().empty()) {
    return InvalidArgument(
        fmt::format("{}: no \"family\"; add the task definition family, e.g. "
                    "\"family\": \"web\"",
                    source));
  }
  if (!IsEcsName(family->get<std::string>())) {
    return InvalidArgument(
        fmt::format("{}: family \"{}\" is not one ECS accepts: up to 255 letters, digits, "
                    "hyphens and underscores",
                    source, family->get<std::string>()));
  }
  auto containers = doc.find("containerDefinitions");
  if (containers == doc.end()) {
    return InvalidArgument(
        fmt::format("{}: no \"containerDefinitions\"; a task definition needs "
                    "at least one container with a name and an image",
                    source));
  }
  BERTH_RETURN_IF_ERROR(CheckContainers(source, *containers));
  return LoadedTaskDefinition{std::move(doc), std::move(warnings)};
}

Result<LoadedTaskDefinition> LoadTaskDefinitionFile(const std::string& path) {
  auto read = ReadAtMost(path, kMaxTaskDefinitionFileBytes, "task definition file");
  if (!read.ok()) {
    return InvalidArgument(read.status().message() + "; give the path of a JSON file").AddField("task_definition");
  }
  if (read->too_large) {
    return InvalidArgument(
        fmt::format("task definition file {} is larger than {} KiB, ECS's limit for a task "
                    "definition; nothing was read further or sent",
                    path, kMaxTaskDefinitionFileBytes / 1024));
  }
  const std::string& text = read->text;
  return ParseTaskDefinitionDocument(text, path);
}

}  // namespace berth::deploy
