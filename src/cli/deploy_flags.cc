#include "cli/deploy_flags.h"

#include <fmt/format.h>

#include "cli/service_session.h"
#include "deploy/taskdef/task_definition_file.h"

namespace berth::cli {

void AddDeployFlags(ArgParser& parser, DeployFlags* flags) {
  parser.AddString("--cluster", &flags->cluster);
  parser.AddString("--service", &flags->service);
  parser.AddString("--family", &flags->family);
  parser.AddList("--image", &flags->images);
  parser.AddList("--env", &flags->envs);
  parser.AddString("--task-definition", &flags->task_definition_file);
  parser.AddString("--desired-count", &flags->desired_count);
  parser.AddString("--min-healthy-percent", &flags->min_healthy_percent);
  parser.AddString("--max-percent", &flags->max_percent);
  parser.AddBool("--force-new-deployment", &flags->force_new_deployment);
}

Result<deploy::DeployRequest> MakeDeployRequest(const DeployFlags& flags, Reporter& reporter) {
  if (flags.service.empty()) return InvalidArgument("which service? pass --service NAME (and --cluster NAME)");
  deploy::DeployRequest request;
  request.cluster = flags.cluster;
  request.service = flags.service;
  request.family = flags.family;
  for (const std::string& text : flags.images) {
    BERTH_ASSIGN_OR_RETURN(auto image, deploy::ParseImageFlag(text));
    request.images.push_back(std::move(image));
  }
  for (const std::string& text : flags.envs) {
    BERTH_ASSIGN_OR_RETURN(auto env, deploy::ParseEnvFlag(text));
    request.envs.push_back(std::move(env));
  }
  if (!flags.task_definition_file.empty()) {
    BERTH_ASSIGN_OR_RETURN(auto loaded, deploy::LoadTaskDefinitionFile(flags.task_definition_file));
    for (const std::string& warning : loaded.warnings) reporter.Warn(warning);
    request.task_definition = std::move(loaded.document);
  }
  BERTH_ASSIGN_OR_RETURN(request.desired_count, ParseIntFlag("--desired-count", flags.desired_count));
  BERTH_ASSIGN_OR_RETURN(request.min_healthy_percent, ParseIntFlag("--min-healthy-percent", flags.min_healthy_percent));
  BERTH_ASSIGN_OR_RETURN(request.max_percent, ParseIntFlag("--max-percent", flags.max_percent));
  request.force_new_deployment = flags.force_new_deployment;
  bool asks_something = !request.images.empty() || !request.envs.empty() || request.task_definition ||
                        !request.family.empty() || request.desired_count || request.min_healthy_percent ||
                        request.max_percent || request.force_new_deployment;
  if (!asks_something) {
    return InvalidArgument(
        "nothing to deploy: give --image CONTAINER=IMAGE (repeatable), --task-definition FILE, --family F, "
        "--env CONTAINER:KEY=VALUE, a service setting, or --force-new-deployment");
  }
  return request;
}

}  // namespace berth::cli
