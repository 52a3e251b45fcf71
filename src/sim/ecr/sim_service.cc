#include "sim/ecr/sim_service.h"

#include <nlohmann/json.hpp>

#include "sim/ecr/api.h"
#include "sim/ecr/registry.h"
#include "sim/wire/json_io.h"

namespace berth::sim {

BERTH_SIM_JSON(EcrImage, digest, manifest, media_type, tags, pushed_at)
BERTH_SIM_JSON(EcrRepository, name, arn, uri, tag_mutability, created_at, images, tags, layers)

namespace {

class EcrSimService final : public SimService {
 public:
  explicit EcrSimService(const SimServiceDeps& deps) : registry_(deps.world, store_) {
    store_.registry_region = deps.region;
  }
  std::string_view name() const override { return "ecr"; }
  void Register(Dispatcher& dispatcher, RateLimiter& limiter) override {
    JsonServiceSpec spec = MakeEcrService(store_);
    spec.input_model = aws::InputModel::ForService("ecr");
    dispatcher.AddJsonService(std::move(spec));
    DefineEcrRateLimits(limiter);
  }
  void OnServing(const std::string& endpoint) override { store_.endpoint = endpoint; }
  bool ServesPath(const std::string& path) const override { return RegistryApi::IsRegistryPath(path); }
  SimResponse HandlePath(const SimRequest& req) override { return registry_.Handle(req); }
  std::optional<Json> StateToJson() const override {
    return Json{{"regions", store_.regions}, {"passwords", store_.passwords}};
  }
  Status StateFromJson(const Json& doc) override {
    return ParseState(name(), [&] {
      auto regions = doc.at("regions").get<std::map<std::string, std::map<std::string, EcrRepository>>>();
      std::map<std::string, SystemTime> passwords;
      if (doc.contains("passwords")) passwords = doc["passwords"].get<std::map<std::string, SystemTime>>();
      store_.regions = std::move(regions);
      store_.passwords = std::move(passwords);
    });
  }
  void Clear() override {
    store_.regions.clear();
    store_.passwords.clear();
    store_.uploads.clear();
  }
  void SeedDemo(World& world, const std::string& account, const std::string& region) override {
    SeedEcrDemo(store_, world, account, region);
  }

 private:
  EcrStore store_;
  RegistryApi registry_;
};

}  // namespace

std::unique_ptr<SimService> MakeEcrSimService(const SimServiceDeps& deps) {
  return std::make_unique<EcrSimService>(deps);
}

}  // namespace berth::sim
