#include "support/sim_env.h"

#include <sstream>

#include <gtest/gtest.h>

#include "sim/front/in_process_transport.h"
#include "sim/world/world.h"
#include "support/in_process_berth.h"

namespace berth::testing {

std::string ViaName(const ::testing::TestParamInfo<Via>& info) {
  return info.param == Via::kInProcess ? "InProcess" : "Subprocess";
}

SimEnv::SimEnv(double time_scale, std::string seed, Via via) : via_(via) {
  sim::SimOptions options;
  options.time_scale = time_scale;
  options.seed = std::move(seed);
  if (via_ == Via::kInProcess) {
    clock_ = std::make_unique<ManualClock>();
    options.base_clock = clock_.get();
    options.listen = false;
  }
  auto started = sim::Simulator::Start(options);
  if (!started.ok()) {
    ADD_FAILURE() << "simulator did not start: " << started.status().message();
    return;
  }
  sim_ = std::move(started).value();
}

SimEnv::~SimEnv() {
  if (sim_) sim_->Stop();
}

EnvMap SimEnv::Env() const {
  EnvMap env = home_.BaseEnv();
  env["AWS_ACCESS_KEY_ID"] = "AKIDSIMULATOR";
  env["AWS_SECRET_ACCESS_KEY"] = "berth-simulator-secret";
  env["AWS_REGION"] = "us-east-1";
  if (sim_) env["AWS_ENDPOINT_URL"] = sim_->endpoint();
  env["BERTH_STATE"] = home_.path() + "/state.db";
  return env;
}

ProcessResult SimEnv::Berth(const std::vector<std::string>& args, const EnvMap& extra,
                            std::chrono::seconds timeout) const {
  EnvMap env = Env();
  for (const auto& [k, v] : extra) env[k] = v;
  return BerthWithEnv(args, env, timeout);
}

ProcessResult SimEnv::BerthWithEnv(const std::vector<std::string>& args, const EnvMap& env,
                                   std::chrono::seconds timeout) const {
  if (via_ == Via::kSubprocess) return RunBerth(args, env, timeout);
  if (!sim_) {
    ADD_FAILURE() << "the simulator is not running";
    return {};
  }
  sim::Simulator& sim = *sim_;
  cli::RunDeps deps;
  deps.clock = clock_.get();
  deps.transport = [&sim] { return std::make_unique<sim::InProcessTransport>(sim); };
  return RunInProcess(args, env, deps);
}

nlohmann::json SimEnv::Api(const std::string& service, const std::string& operation,
                           const nlohmann::json& input) const {
  ProcessResult r = Berth({"api", service, operation, "--input", input.dump(), "--output", "json"});
  EXPECT_EQ(r.exit_code, 0) << operation << ": " << r.all();
  auto docs = ResultDocs(r.out);
  return docs.empty() ? nlohmann::json() : docs.back();
}

void SimEnv::SetBehaviour(const std::string& image, const std::string& kind, int start_seconds) {
  auto parsed = sim::ParseBehaviourKind(kind);
  ASSERT_TRUE(parsed.has_value()) << kind;
  sim::ImageBehaviour b;
  b.kind = *parsed;
  b.start_seconds = start_seconds;
  auto lock = sim_->world().Lock();
  sim_->world().SetImageBehaviour(image, b);
}

std::vector<nlohmann::json> ResultDocs(const std::string& out) {
  std::vector<nlohmann::json> results;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    auto doc = nlohmann::json::parse(line, nullptr, false);
    if (!doc.is_discarded() && doc.is_object() && doc.value("type", "") == "result") results.push_back(doc["result"]);
  }
  return results;
}

}  // namespace berth::testing
