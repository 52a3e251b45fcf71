// SimEnv: a simulator for end-to-end CLI tests, with the environment that
// points berth at it: the simulator's documented credentials, a region, no
// shared AWS files, and a state database of the test's own. Stopped and
// cleaned up at the end. Two ways to run berth against it:
//  - Via::kSubprocess: the real `berth` binary (RunBerth) over real HTTP to a
//    simulator on 127.0.0.1 port 0, on real time scaled by `time_scale`: the
//    outside check;
//  - Via::kInProcess: cli::Run in this process, its AWS calls handed straight
//    to a simulator with no socket (sim::InProcessTransport), berth and the
//    simulator sharing one ManualClock (the simulator's base clock, scaled by
//    `time_scale` as over HTTP). berth's sleeps move that clock, so a wait
//    takes no real time and every verdict is the same on any machine.
//
// Thread-safety: owned by one test.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "core/clock.h"
#include "sim/front/server.h"
#include "support/berth_process.h"

namespace berth::testing {

enum class Via { kSubprocess, kInProcess };

// For value-parameterized suites that run each test both ways.
std::string ViaName(const ::testing::TestParamInfo<Via>& info);

class SimEnv {
 public:
  // `time_scale`: simulated seconds per second of the base clock (real time
  // over HTTP, the shared ManualClock in-process).
  explicit SimEnv(double time_scale = 300, std::string seed = "demo", Via via = Via::kSubprocess);
  explicit SimEnv(Via via) : SimEnv(300, "demo", via) {}
  ~SimEnv();
  SimEnv(const SimEnv&) = delete;
  SimEnv& operator=(const SimEnv&) = delete;

  sim::Simulator& sim() { return *sim_; }
  const TempHome& home() const { return home_; }
  // HOME (empty AWS files), simulator credentials and endpoint, BERTH_STATE.
  EnvMap Env() const;
  // Runs berth with Env() plus `extra` variables. `timeout` bounds a
  // subprocess only (it is killed); in-process time is the ManualClock's.
  ProcessResult Berth(const std::vector<std::string>& args, const EnvMap& extra = {},
                      std::chrono::seconds timeout = std::chrono::seconds(120)) const;
  // Runs berth with exactly `env` (for tests that remove variables).
  ProcessResult BerthWithEnv(const std::vector<std::string>& args, const EnvMap& env,
                             std::chrono::seconds timeout = std::chrono::seconds(120)) const;
  Via via() const { return via_; }
  // `berth api SERVICE OPERATION --input JSON`, parsed; fails the test on error.
  nlohmann::json Api(const std::string& service, const std::string& operation, const nlohmann::json& input) const;
  // Sets how an image (repository, or repository:tag) behaves.
  void SetBehaviour(const std::string& image, const std::string& kind, int start_seconds = 0);

 private:
  TempHome home_;
  Via via_;
  // In-process: the base clock of the simulator and the clock of berth.
  // Declared before sim_ so that it outlives it.
  std::unique_ptr<ManualClock> clock_;
  std::unique_ptr<sim::Simulator> sim_;
};

// The {"type":"result"} documents of a --output json run, in order.
std::vector<nlohmann::json> ResultDocs(const std::string& out);

}  // namespace berth::testing
