#include "cli/deploy_flags.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "cli/service_session.h"
#include "deploy/taskdef/task_definition_file.h"

namespace berth::cli {

Result<deploy::ImageOverride> ParseImageFlag(std::string_view text) {
  size_t eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 == text.size()) {
    return InvalidArgument(
        fmt::format("--image \"{}\": expected CONTAINER=IMAGE, e.g. --image web=repo/web:1.2.3", text));
  }
  std::string container(text.substr(0, eq));
  if (!deploy::IsContainerName(container)) {
    return InvalidArgument(
        fmt::format("--image \"{}\": \"{}\" is not a container name (letters, digits, '_' and '-'); expected "
                    "CONTAINER=IMAGE, e.g. --image web=repo/web:1.2.3",
                    text, container));
  }
  std::string image_text(text.substr(eq + 1));
  Result<deploy::ImageRef> image = deploy::ParseImageRef(image_text);
  if (!image.ok()) return image.status().WithContext(fmt::format("--image \"{}\"", text));
  return deploy::ImageOverride{std::move(container), std::move(image).value(), std::move(image_text)};
}

Result<deploy::EnvOverride> ParseEnvFlag(std::string_view text) {
  const std::string usage =
      fmt::format("--env \"{}\": expected CONTAINER:KEY=VALUE, e.g. --env web:LOG_LEVEL=debug", text);
  size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0) return InvalidArgument(usage);
  size_t eq = text.find('=', colon + 1);
  if (eq == std::string_view::npos || eq == colon + 1) return InvalidArgument(usage);
  deploy::EnvOverride env{std::string(text.substr(0, colon)), std::string(text.substr(colon + 1, eq - colon - 1)),
                          std::string(text.substr(eq + 1))};
  if (!deploy::IsContainerName(env.container)) {
    return InvalidArgument(fmt::format("{} (\"{}\" is not a container name)", usage, env.container));
  }
  // A name a shell could not export is a typo (a space, a tab, a newline), not a variable.
  bool bad_key =
      std::any_of(env.key.begin(), env.key.end(), [](unsigned char c) { return std::isspace(c) || c < 0x20; });
  if (bad_key) {
    return InvalidArgument(
        fmt::format("{} (the variable name \"{}\" has white space or a control character)", usage, env.key));
  }
  return env;
}

void AddDeployFlags(ArgParser& parser, DeployFlags* flags) {
  AddServiceFlags(parser, &flags->cluster, &flags->service);
  parser.AddString({"--family", "FAMILY", "start from FAMILY's latest ACTIVE revision"}, &flags->family);
  parser.AddList({"--image", "CONTAINER=IMAGE", "the image of one container"}, &flags->images);
  parser.AddList({"--env", "CONTAINER:KEY=VALUE", "sets one environment variable"}, &flags->envs);
  parser.AddString({.name = "--task-definition",
                    .value = "FILE",
                    .help = "a whole task definition in AWS's JSON",
                    .complete = ValueCompletion::kFiles},
                   &flags->task_definition_file);
  parser.AddString({"--desired-count", "N", "the service's desired task count"}, &flags->desired_count);
  parser.AddString({"--min-healthy-percent", "P", "deploymentConfiguration.minimumHealthyPercent"},
                   &flags->min_healthy_percent);
  parser.AddString({"--max-percent", "P", "deploymentConfiguration.maximumPercent"}, &flags->max_percent);
  parser.AddBool({"--force-new-deployment", "", "replace the tasks even if nothing else changes"},
                 &flags->force_new_deployment);
}

void AddServiceFlags(ArgParser& parser, std::string* cluster, std::string* service) {
  parser.AddString({"--cluster", "C", "the service's cluster (default: default)"}, cluster);
  parser.AddString({"--service", "S", "the ECS service"}, service);
}

Result<deploy::DeployRequest> MakeDeployRequest(const DeployFlags& flags, Reporter& reporter) {
  if (flags.service.empty()) return InvalidArgument("which service? pass --service NAME (and --cluster NAME)");
  deploy::DeployRequest request;
  request.cluster = flags.cluster;
  request.service = flags.service;
  request.family = flags.family;
  for (const std::string& text : flags.images) {
    BERTH_ASSIGN_OR_RETURN(auto image, ParseImageFlag(text));
    request.images.push_back(std::move(image));
  }
  for (const std::string& text : flags.envs) {
    BERTH_ASSIGN_OR_RETURN(auto env, ParseEnvFlag(text));
    for (const deploy::EnvOverride& earlier : request.envs) {
      if (earlier.container == env.container && earlier.key == env.key && earlier.value != env.value) {
        return InvalidArgument(fmt::format("--env sets {} of container \"{}\" twice (\"{}\" and \"{}\"); give it once",
                                           env.key, env.container, earlier.value, env.value));
      }
    }
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
