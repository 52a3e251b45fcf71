// Endpoint resolution: which URL a service is called at and which region the
// signature is scoped to.
//
//   aws:        https://{prefix}.{region}.amazonaws.com
//   aws-cn:     https://{prefix}.{region}.amazonaws.com.cn
//   aws-us-gov: https://{prefix}.{region}.amazonaws.com
// ECR's prefix is "api.ecr"; STS is always regional. Overrides from
// AwsSettings win (see settings.h for their order).
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "aws/call/service.h"
#include "aws/config/settings.h"
#include "core/result.h"

namespace berth::aws {

struct Endpoint {
  std::string url;             // scheme://host[:port] with optional path prefix, no trailing '/'
  std::string signing_region;  // region in the SigV4 scope
};

enum class Partition { kAws, kAwsCn, kAwsUsGov };

// kConfig for a region that matches no partition ("Region 'us-east-9x' is not a valid ...").
Result<Partition> PartitionForRegion(std::string_view region);
Result<Endpoint> ResolveEndpoint(const ServiceInfo& service, const AwsSettings& settings);

}  // namespace berth::aws
