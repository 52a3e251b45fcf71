#include "deploy/taskdef/task_definition_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aws/ecs/requests.h"
#include "core/suggest.h"
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

Status CheckContainers(std::string_view source, const Json& containers) {
  if (!containers.is_array() || containers.empty()) {
    return InvalidArgument(
        fmt::format("{}: \"containerDefinitions\" must be a non-empty list of "
                    "containers, each with a name and an image",
                    source));
  }
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
  try {
    doc = Json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    auto [line, column] = LineColumn(text, e.byte == 0 ? 0 : e.byte - 1);
    return InvalidArgument(
        fmt::format("{}: not valid JSON at line {}, column {}: {}", source, line, column, ParseErrorReason(e.what())));
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
  auto family = doc.find("family");
  if (family == doc.end() || !family->is_string() || family->get<std::string>().empty()) {
    return InvalidArgument(
        fmt::format("{}: no \"family\"; add the task definition family, e.g. "
                    "\"family\": \"web\"",
                    source));
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
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return InvalidArgument(
        fmt::format("task definition file {} is a directory; give the path of "
                    "a JSON file",
                    path));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return InvalidArgument(fmt::format("cannot read task definition file {}: {}", path, std::strerror(errno)))
        .AddField("task_definition");
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return InvalidArgument(
        fmt::format("cannot read task definition file {}; check that it is a "
                    "readable file",
                    path));
  }
  return ParseTaskDefinitionDocument(text.str(), path);
}

}  // namespace berth::deploy
