// The simulated ECS API (JSON 1.1, X-Amz-Target AmazonEC2ContainerServiceV20141113.<Op>):
// one entry point that runs an operation against the World and returns the
// output document, or throws ApiError (see api_error.h) for AWS's errors.
//
// Thread-safety: the caller holds the World's lock.
#pragma once

#include <string>

#include "core/json.h"
#include "sim/world/world.h"

namespace berth::sim {

// Who is calling, as the front end authenticated it.
struct RequestContext {
  std::string region = "us-east-1";
  std::string account_id = World::kDefaultAccount;
  std::string caller_arn = "arn:aws:iam::123456789012:root";
  std::string access_key_id;
  std::string request_id;
};

inline constexpr const char* kEcsTargetPrefix = "AmazonEC2ContainerServiceV20141113";

// True when `op` is implemented.
bool IsEcsOperation(const std::string& op);
Json HandleEcs(World& world, const std::string& op, const Json& input, const RequestContext& ctx);

}  // namespace berth::sim
