// MotoFixture: the one set-up of the suites that run against moto (a
// third-party AWS mock, support/moto_server.h): moto is started once per
// test suite and reset between its tests; a test skips, loudly, when moto is
// not available (MotoServer::Start() returned false). It also points
// clients at moto: an AwsClient, the environment of the real berth binary,
// and boto3 snippets for set-up berth has no typed call for.
//
// A suite whose moto needs a server environment starts it itself:
//   static void SetUpTestSuite() { StartMoto({{"INITIAL_NO_AUTH_ACTION_COUNT", "2"}}); }
//
// Thread-safety: gtest runs the suites one after another; the server is shared
// by the tests of one suite.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "aws/auth/credentials.h"
#include "support/berth_process.h"
#include "support/moto_server.h"
#include "support/test_aws_client.h"

namespace berth::testing {

// The keys moto's server accepts until it is told to check signatures.
inline constexpr const char* kMotoAccessKeyId = "testing";
inline constexpr const char* kMotoSecretAccessKey = "testing";

// Runs `code` with moto's Python (boto3 comes with moto) against `moto`, with
// moto's keys and Region us-east-1; `client(name)` in the code is a boto3
// client at moto (its URL is also in MOTO_URL). Returns the words of stdout
// (split on spaces); a non-zero exit fails the test.
std::vector<std::string> RunBoto3(const MotoServer& moto, const std::string& code);

class MotoFixture : public ::testing::Test {
 public:
  static void SetUpTestSuite() { StartMoto(); }
  static void TearDownTestSuite();

 protected:
  // Starts the suite's moto with `env` added to the server's environment.
  static void StartMoto(std::map<std::string, std::string> env = {});
  // Skips when moto is not available; resets it when an earlier test of the suite used it.
  void SetUp() override;

  static MotoServer& moto() { return *moto_; }
  // An AwsClient at moto, with moto's keys unless others are given.
  static std::unique_ptr<TestAwsClient> MotoClient(
      aws::Credentials credentials = TestCredentials(kMotoAccessKeyId, kMotoSecretAccessKey));
  // The environment that points the berth binary at moto: `home`'s (empty
  // AWS files), moto's keys, Region us-east-1, AWS_ENDPOINT_URL and a history
  // file in `home`.
  static EnvMap BerthEnv(const TempHome& home);
  static std::vector<std::string> Boto3(const std::string& code) { return RunBoto3(*moto_, code); }

 private:
  static MotoServer* moto_;  // nullptr when moto is not available
  static std::string why_;   // why not
  static bool used_;         // a test of this suite ran against moto_
};

}  // namespace berth::testing
