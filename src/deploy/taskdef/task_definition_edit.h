// Editing a task definition for a deploy: image and environment overrides
// per container (the CLI parses them from --image/--env, cli/deploy_flags.h),
// applied to a clone of the live task definition. Reading a task definition file is task_definition_file.h.
//
// The clone is lossless: the document DescribeTaskDefinition returned is kept
// whole, only the output-only members (aws::kTaskDefinitionOutputOnlyFields)
// are removed, and only the named containers' `image` / `environment` change.
// Every other member, including ones berth has never heard of, passes through.
//
// Thread-safety: value types and pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "deploy/taskdef/image_ref.h"

namespace berth::deploy {

// One container's new image.
struct ImageOverride {
  std::string container;
  ImageRef image;
  std::string text;  // the image exactly as given (what is written into the task definition)
};

// One environment variable of one container (the value may be empty).
struct EnvOverride {
  std::string container;
  std::string key;
  std::string value;
};

// ECS's rule for container names: 1-255 letters, digits, '_' and '-'.
bool IsContainerName(std::string_view name);

// Returns the RegisterTaskDefinition input: `task_definition` (a describe
// output or a register input) without output-only members, with the images and
// environment variables replaced. An env override replaces the value of an
// existing name in `environment` (keeping its position) or appends it.
// A container name that is not in containerDefinitions fails with
// kInvalidArgument listing the containers that are there:
//   container "wbe" is not in task definition web:7 (containers: web, envoy)
// Two overrides of the same container image fail too.
Result<Json> ApplyOverrides(const Json& task_definition, const std::vector<ImageOverride>& images,
                            const std::vector<EnvOverride>& envs);

// "family:revision" of a describe output, or the family of a register input.
std::string TaskDefinitionLabel(const Json& task_definition);

}  // namespace berth::deploy
