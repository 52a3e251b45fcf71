// SimEnv: a simulator started in-process on port 0 for end-to-end CLI tests,
// with the environment that points the real `berth` binary (RunBerth) at it:
// the simulator's documented credentials, a region, no shared AWS files, and a
// state database of the test's own. Stopped and cleaned up at the end.
//
// Thread-safety: owned by one test.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/front/server.h"
#include "support/berth_process.h"

namespace berth::testing {

class SimEnv {
 public:
  // `time_scale`: simulated seconds per real second.
  explicit SimEnv(double time_scale = 300, std::string seed = "demo");
  ~SimEnv();
  SimEnv(const SimEnv&) = delete;
  SimEnv& operator=(const SimEnv&) = delete;

  sim::Simulator& sim() { return *sim_; }
  const TempHome& home() const { return home_; }
  // HOME (empty AWS files), simulator credentials and endpoint, BERTH_STATE.
  EnvMap Env() const;
  // Runs berth with Env() plus `extra` variables.
  ProcessResult Berth(const std::vector<std::string>& args, const EnvMap& extra = {},
                      std::chrono::seconds timeout = std::chrono::seconds(120)) const;
  // `berth api SERVICE OPERATION --input JSON`, parsed; fails the test on error.
  nlohmann::json Api(const std::string& service, const std::string& operation, const nlohmann::json& input) const;
  // Sets how an image (repository, or repository:tag) behaves.
  void SetBehaviour(const std::string& image, const std::string& kind, int start_seconds = 0);

 private:
  TempHome home_;
  std::unique_ptr<sim::Simulator> sim_;
};

// The {"type":"result"} documents of a --output json run, in order.
std::vector<nlohmann::json> ResultDocs(const std::string& out);

}  // namespace berth::testing
