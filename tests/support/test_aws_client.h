// TestAwsClient: berth's AwsClient as the tests against a local endpoint
// (the simulator, moto) build it: static credentials, Region us-east-1, the
// endpoint URL, and one attempt per call, throttled or not (retries off, so
// a test sees every answer as it came). It sends through the curl transport it owns, or
// through a transport it is given (sim::InProcessTransport).
//
// Thread-safety: as AwsClient (Call from many threads).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "aws/auth/credentials.h"
#include "aws/call/client.h"
#include "core/clock.h"
#include "http/transport.h"

namespace berth::testing {

// Long-term keys with source "test".
aws::Credentials TestCredentials(std::string access_key_id, std::string secret_access_key);

class TestAwsClient {
 public:
  // `transport` (nullptr: a curl transport of its own) and `clock` (nullptr:
  // the real clock; it signs requests) must outlive the client.
  TestAwsClient(std::string endpoint, aws::Credentials credentials, http::Transport* transport = nullptr,
                Clock* clock = nullptr);

  aws::AwsClient& aws() { return *client_; }
  // A generic call: `service` as FindService names it ("ecs", "elbv2").
  Result<Json> Call(std::string_view service, std::string_view operation, const Json& input);

 private:
  std::unique_ptr<http::Transport> owned_transport_;
  aws::StaticCredentialsProvider credentials_;
  RealClock real_clock_;
  std::unique_ptr<aws::AwsClient> client_;
};

}  // namespace berth::testing
