// What a deployment of one service asks for: the input of the deploy engine
// (deploy/engine.h), whoever fills it in (the CLI's flags, a release, a
// server request).
//
// Errors about a request name its fields by the member names below (for
// Status::fields: "cluster", "service", "family", "images", "envs",
// "task_definition", "desired_count", "min_healthy_percent", "max_percent"),
// never by a command-line flag: the CLI maps them to its flags.
//
// Thread-safety: value types.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/json.h"
#include "deploy/taskdef/task_definition_edit.h"

namespace berth::deploy {

struct DeployRequest {
  std::string cluster;  // name or ARN; "" is the default cluster
  std::string service;  // name or ARN
  std::string family;   // clone the latest ACTIVE revision of this family instead of the service's
  std::vector<ImageOverride> images;
  std::vector<EnvOverride> envs;
  std::optional<Json> task_definition;  // a whole document instead of a clone
  std::optional<int> desired_count;
  std::optional<int> min_healthy_percent;
  std::optional<int> max_percent;
  bool force_new_deployment = false;
};

}  // namespace berth::deploy
