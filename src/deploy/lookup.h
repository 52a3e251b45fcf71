// Finding the service a request is about, with errors that say what to check.
//
// Thread-safety: calls through the given EcsApi; no state.
#pragma once

#include <string>

#include "aws/ecs/api.h"
#include "core/result.h"

namespace berth::deploy {

// Reads one service (DescribeServices with its tags). kNotFound for a
// missing or INACTIVE service or a missing cluster, naming the services the
// cluster has, with the request fields to check ("service", "cluster",
// "region"); kFailedPrecondition for a service being deleted; kInvalidArgument
// when no service is named.
Result<aws::EcsService> DescribeOneService(aws::EcsApi& ecs, const std::string& cluster, const std::string& service);

// The revision the service runs: its taskDefinition, which UpdateService sets
// (on Amazon ECS the PRIMARY deployment's too), or the PRIMARY deployment's
// when the service names none. The service wins over its deployments because
// an endpoint that does not model deployments (moto) keeps answering with
// the deployment the service was created with.
std::string LiveTaskDefinition(const aws::EcsService& service);

// "default" for the empty cluster name.
std::string ClusterLabel(const std::string& cluster);

}  // namespace berth::deploy
