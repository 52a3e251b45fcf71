#include "deploy/strategy.h"

#include <fmt/format.h>

#include "aws/call/response_fields.h"
#include "deploy/rolling/rolling_strategy.h"

namespace berth::deploy {

Result<std::unique_ptr<Strategy>> ChooseStrategy(const aws::EcsService& service, aws::EcsApi& ecs, EventSink& events) {
  const std::string& controller = service.deployment_controller;
  if (controller == "EXTERNAL") {
    return FailedPrecondition(fmt::format(
        "service {} uses the EXTERNAL deployment controller: its tasks run in task sets, which this version of "
        "berth does not drive yet. Ship it with task sets (aws ecs create-task-set / "
        "update-service-primary-task-set)",
        service.name));
  }
  if (controller == "CODE_DEPLOY") {
    return FailedPrecondition(
        fmt::format("service {} uses the CODE_DEPLOY deployment controller: only CodeDeploy can deploy it "
                    "(aws deploy create-deployment with an AppSpec naming the new task definition)",
                    service.name));
  }
  if (!controller.empty() && controller != "ECS") {
    return FailedPrecondition(fmt::format("service {} uses the {} deployment controller, which berth does not know",
                                          service.name, controller));
  }
  std::string strategy = aws::StrField(service.deployment_configuration, "strategy");
  if (!strategy.empty() && strategy != "ROLLING") {
    return FailedPrecondition(fmt::format(
        "service {} uses ECS's {} deployment strategy, which this version of berth does not follow yet: start "
        "the deployment with aws ecs update-service and follow it with aws ecs describe-service-deployments",
        service.name, strategy));
  }
  return std::unique_ptr<Strategy>(std::make_unique<RollingStrategy>(ecs, events));
}

}  // namespace berth::deploy
