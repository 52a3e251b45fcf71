#include "sim/cloudwatch/sim_service.h"

#include "sim/cloudwatch/alarms.h"
#include "sim/cloudwatch/api.h"

namespace berth::sim {
namespace {

class CloudWatchSimService final : public SimService {
 public:
  explicit CloudWatchSimService(std::shared_ptr<Elbv2Store> elbv2) : elbv2_(std::move(elbv2)) {}
  std::string_view name() const override { return "cloudwatch"; }
  void Register(Dispatcher& dispatcher, RateLimiter&) override {
    dispatcher.AddQueryService(MakeCloudWatchQueryService(*elbv2_));
    JsonServiceSpec spec = MakeCloudWatchJsonService(*elbv2_);
    spec.input_model = aws::InputModel::ForService("cloudwatch");
    dispatcher.AddJsonService(std::move(spec));
  }
  std::shared_ptr<TaskLifecycleHooks> Hooks() override { return MakeCloudWatchHooks(*elbv2_); }

 private:
  std::shared_ptr<Elbv2Store> elbv2_;
};

}  // namespace

std::unique_ptr<SimService> MakeCloudWatchSimService(std::shared_ptr<Elbv2Store> elbv2) {
  return std::make_unique<CloudWatchSimService>(std::move(elbv2));
}

}  // namespace berth::sim
