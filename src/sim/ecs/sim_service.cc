#include "sim/ecs/sim_service.h"

#include "sim/ecs/api.h"

namespace berth::sim {
namespace {

class EcsSimService final : public SimService {
 public:
  std::string_view name() const override { return "ecs"; }
  void Register(Dispatcher& dispatcher, RateLimiter& limiter) override {
    JsonServiceSpec spec{"ecs", kEcsTargetPrefix, "application/x-amz-json-1.1", IsEcsOperation, HandleEcs};
    spec.input_model = aws::InputModel::ForService("ecs");
    dispatcher.AddJsonService(std::move(spec));
    limiter.DefineEcsDefaults();
  }
};

}  // namespace

std::unique_ptr<SimService> MakeEcsSimService() {
  return std::make_unique<EcsSimService>();
}

}  // namespace berth::sim
