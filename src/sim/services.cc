#include "sim/services.h"

#include "sim/cloudwatch/sim_service.h"
#include "sim/ecr/sim_service.h"
#include "sim/ecs/sim_service.h"
#include "sim/elbv2/sim_service.h"
#include "sim/sts/sim_service.h"

namespace berth::sim {

std::vector<std::unique_ptr<SimService>> MakeSimServices(const SimServiceDeps& deps) {
  // CloudWatch's alarms live beside ELBv2's state (sim/elbv2/model.h).
  auto elbv2_store = std::make_shared<Elbv2Store>();
  std::vector<std::unique_ptr<SimService>> services;
  services.push_back(MakeEcsSimService());
  services.push_back(MakeStsSimService(deps.credentials));
  services.push_back(MakeElbv2SimService(elbv2_store));
  services.push_back(MakeEcrSimService(deps));
  services.push_back(MakeCloudWatchSimService(elbv2_store));
  return services;
}

}  // namespace berth::sim
