// SimFixture: the simulator as the sim tests use it: started on 127.0.0.1
// port 0 with the fixture's ManualClock as base clock and time scale 0 (only
// the test moves simulated time), a known admin token, and requests signed
// as the simulator's documented user at the base clock's now. Requests go
// over real HTTP (the curl transport) or through InProcessTransport; both
// reach the same front end (Simulator::Handle).
//
// Thread-safety: owned by one test.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>

#include "aws/auth/credentials.h"
#include "core/clock.h"
#include "core/json.h"
#include "http/transport.h"
#include "sim/front/server.h"

namespace berth::testing {

class SimFixture : public ::testing::Test {
 protected:
  static constexpr const char* kAdminToken = "admintoken";
  enum class Via { kHttp, kInProcess };

  // Port 0, time scale 0, base clock clock_, admin token kAdminToken.
  sim::SimOptions Options();
  // Starts the simulator (again, after StopSimulator); the test fails when it cannot.
  void StartSimulator(const sim::SimOptions& options, Via via = Via::kHttp);
  void StartSimulator() { StartSimulator(Options()); }
  // Stops the simulator (it saves its --state file) and drops it and the transport.
  void StopSimulator();
  void TearDown() override { StopSimulator(); }

  // Sends `req` to the simulator: a url starting with '/' is a path on its
  // endpoint. Signed for `signing_name` with `creds` (default: the
  // documented user) unless signing_name is nullptr. A failed Send fails
  // the test and gives an empty response.
  http::Response Send(http::Request req, const char* signing_name = nullptr, const aws::Credentials* creds = nullptr);
  // POST / with X-Amz-Target `target` ("<prefix>.<Operation>") and a JSON 1.1 body.
  http::Response CallJson(std::string_view target, std::string body, const char* signing_name,
                          const aws::Credentials* creds = nullptr);
  // POST / with a form body (query protocol).
  http::Response CallQuery(std::string form, const char* signing_name, const aws::Credentials* creds = nullptr);
  // An ECS operation that must succeed; its output.
  Json Ecs(std::string_view operation, const Json& input);
  // The admin API, with kAdminToken unless `token` is given.
  http::Response Admin(std::string method, std::string path, std::string body = "", std::string token = kAdminToken);
  // Moves simulated time forward and runs the world's dynamics up to it.
  void Advance(Duration d);

  ManualClock clock_;
  std::unique_ptr<sim::Simulator> sim_;
  std::unique_ptr<http::Transport> transport_;
  aws::Credentials creds_{sim::kDefaultAccessKeyId, sim::kDefaultSecretAccessKey, "", std::nullopt, "test"};
};

}  // namespace berth::testing
