// A simulator (demo seed, frozen time, no rate limits) started in-process on
// port 0 for each test, and the real AWS CLI (pyenv's `aws`, botocore 1.43)
// pointed at it with the simulator's credentials. Without `aws` the test is
// skipped, or fails under BERTH_REQUIRE_ORACLES=1 (support/oracles.h).
#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "sim/front/server.h"

namespace berth::testing {

struct CliResult {
  int rc = 0;
  std::string out;  // stdout and stderr
  // The output as JSON; an empty object when it is not JSON.
  nlohmann::json json() const;
};

class SimAwsCliFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // `sh -c CMD 2>&1` with its exit status.
  static CliResult Shell(const std::string& cmd);
  // `aws --output json --endpoint-url <sim> ARGS` (ARGS as a shell would split them).
  CliResult Run(const std::string& args);
  // A call that must succeed; its JSON answer.
  nlohmann::json Ok(const std::string& args);
  // A call that must fail with `code` and a message containing `text`.
  void Refused(const std::string& args, const std::string& code, const std::string& text);

  std::string aws_;
  std::unique_ptr<sim::Simulator> sim_;
};

}  // namespace berth::testing
