// The flags that describe a deploy, shared by `berth deploy` and `berth diff`,
// and their conversion to a deploy::DeployRequest (all input checks that need
// no AWS call happen here, before any call); and the flags every service
// command shares (--cluster, --service), described once.
//
// Thread-safety: value types and pure functions (reads --task-definition FILE,
// reports its warnings).
#pragma once

#include <string>
#include <vector>

#include "cli/args.h"
#include "core/reporter.h"
#include "deploy/rolling/service_update.h"

namespace berth::cli {

struct DeployFlags {
  std::string cluster;
  std::string service;
  std::string family;
  std::vector<std::string> images;  // NAME=IMAGE
  std::vector<std::string> envs;    // NAME:KEY=VALUE
  std::string task_definition_file;
  std::string desired_count;
  std::string min_healthy_percent;
  std::string max_percent;
  bool force_new_deployment = false;
};

void AddDeployFlags(ArgParser& parser, DeployFlags* flags);

// kInvalidArgument for a missing --service, no change asked for, a bad
// --image/--env, a bad number, or a task definition file that does not load.
// What the task definition file loader warns about (members berth's ECS model
// does not know, which are sent as written) goes to `reporter` first.
Result<deploy::DeployRequest> MakeDeployRequest(const DeployFlags& flags, Reporter& reporter);

// --image CONTAINER=IMAGE and --env CONTAINER:KEY=VALUE (VALUE may be empty and
// may contain '=' and ':'): kInvalidArgument naming the flag and the expected
// form, e.g. `--image "web": expected CONTAINER=IMAGE, e.g. --image web=repo/web:1.2.3`.
Result<deploy::ImageOverride> ParseImageFlag(std::string_view text);
Result<deploy::EnvOverride> ParseEnvFlag(std::string_view text);

// --cluster C --service S
void AddServiceFlags(ArgParser& parser, std::string* cluster, std::string* service);

}  // namespace berth::cli
