// Reading a task definition file (`berth deploy --task-definition FILE`) in
// AWS's own JSON, checked before anything is sent to AWS.
//
// The file is a RegisterTaskDefinition input, as
// `aws ecs register-task-definition --cli-input-json file://F` takes it; a
// DescribeTaskDefinition output {"taskDefinition": {...}, "tags": [...]} is
// accepted too and unwrapped. Output-only members
// (aws::kTaskDefinitionOutputOnlyFields) are dropped silently.
//
// A member berth's copy of the ECS model does not know is a warning, not an
// error: a member ECS ships tomorrow must deploy today, so it is kept and sent
// to RegisterTaskDefinition as written. The warning says "did you mean X?"
// when the member is close to a known one (a typo ECS may silently ignore).
// Everything else that is wrong is an error (kInvalidArgument naming the file):
// not JSON (with line and column), a key given twice in one object (with its
// JSON path), larger than 64 KiB, not an object, junk beside a describe
// output's "taskDefinition", no family, no containerDefinitions, a container
// without name or image, a family or container name ECS refuses, two
// containers of one name, an image reference ParseImageRef refuses, and any
// member of the wrong JSON type: the whole document is checked against
// RegisterTaskDefinition's input shape in berth's copy of botocore's ECS model
// (aws/call/input_model.h), the error naming the JSON path
// ("$.containerDefinitions[0].portMappings[0].containerPort must be an
// integer, not a string"). A value an enum of the model does not list is a
// warning, as an unknown member is (ECS may have added it).
//
// Thread-safety: pure functions (LoadTaskDefinitionFile reads one file).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"

namespace berth::deploy {

struct LoadedTaskDefinition {
  Json document;                      // the RegisterTaskDefinition input, unknown members included
  std::vector<std::string> warnings;  // one line each, naming the file; in document order
};

Result<LoadedTaskDefinition> LoadTaskDefinitionFile(const std::string& path);
// The same checks on text already read; `source` names it in messages.
Result<LoadedTaskDefinition> ParseTaskDefinitionDocument(std::string_view text, std::string_view source);

// The members RegisterTaskDefinition accepts (botocore's ECS model; the test
// compares this list with the installed botocore, newer than the Debian one
// the build's model comes from). Any other top-level member that is not
// output-only is a warning.
extern const std::vector<std::string> kRegisterTaskDefinitionMembers;

// ECS refuses a task definition larger than 64 KiB; a file over that is
// refused before it is read whole (so /dev/zero is a quick error).
inline constexpr size_t kMaxTaskDefinitionFileBytes = 64 * 1024;

}  // namespace berth::deploy
