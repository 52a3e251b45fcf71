#include "sim/sts/sim_service.h"

#include "sim/sts/api.h"

namespace berth::sim {
namespace {

class StsSimService final : public SimService {
 public:
  explicit StsSimService(CredentialStore& credentials) : credentials_(credentials) {}
  std::string_view name() const override { return "sts"; }
  void Register(Dispatcher& dispatcher, RateLimiter&) override {
    dispatcher.AddQueryService(MakeStsService(credentials_));
  }

 private:
  CredentialStore& credentials_;
};

}  // namespace

std::unique_ptr<SimService> MakeStsSimService(CredentialStore& credentials) {
  return std::make_unique<StsSimService>(credentials);
}

}  // namespace berth::sim
