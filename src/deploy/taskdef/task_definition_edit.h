// Editing a task definition for a deploy: the `--image NAME=IMAGE` and
// `--env NAME:KEY=VALUE` flags, applying them to a clone of the live task
// definition, and reading a task definition file.
//
// The clone is lossless: the document DescribeTaskDefinition returned is kept
// whole, only the output-only members (aws::kTaskDefinitionOutputOnlyFields)
// are removed, and only the named containers' `image` / `environment` change.
// Every other member, including ones berth has never heard of, passes through.
//
// Thread-safety: value types and pure functions (LoadTaskDefinitionFile reads
// one file).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "deploy/taskdef/image_ref.h"

namespace berth::deploy {

// --image NAME=IMAGE
struct ImageOverride {
  std::string container;
  ImageRef image;
  std::string text;  // the image exactly as given (what is written into the task definition)
};

// --env NAME:KEY=VALUE (VALUE may be empty and may contain '=' and ':')
struct EnvOverride {
  std::string container;
  std::string key;
  std::string value;
};

// kInvalidArgument naming the flag and the expected form, e.g.
//   --image "web": expected CONTAINER=IMAGE, e.g. --image web=repo/web:1.2.3
Result<ImageOverride> ParseImageFlag(std::string_view text);
Result<EnvOverride> ParseEnvFlag(std::string_view text);

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

// Reads a task definition file in AWS's own JSON, as
// `aws ecs register-task-definition --cli-input-json file://F` takes it (a
// RegisterTaskDefinition input; a DescribeTaskDefinition output
// {"taskDefinition": {...}, "tags": [...]} is accepted too and unwrapped).
// Fails with kInvalidArgument (file, and the line/column for bad JSON) when it
// is not JSON, not an object, has no family, has no containerDefinitions, has a
// container without name or image, or has a member RegisterTaskDefinition does
// not accept (with a "did you mean" when one is close). Image references are
// checked with ParseImageRef. Output-only members are dropped silently.
Result<Json> LoadTaskDefinitionFile(const std::string& path);
// The same checks on text already read; `source` names it in messages.
Result<Json> ParseTaskDefinitionDocument(std::string_view text, std::string_view source);

// "family:revision" of a describe output, or the family of a register input.
std::string TaskDefinitionLabel(const Json& task_definition);

// The members RegisterTaskDefinition accepts (botocore's ECS model; the test
// compares this list with the installed botocore). LoadTaskDefinitionFile
// rejects any other member that is not output-only.
extern const std::vector<std::string> kRegisterTaskDefinitionMembers;

}  // namespace berth::deploy
