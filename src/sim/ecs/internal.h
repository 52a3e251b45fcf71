// Helpers shared by the ECS handler files (ecs_*.cc): typed access to request
// members with AWS's validation errors, lookups by name or ARN, ARNs,
// pagination tokens and the JSON renderings of the output shapes.
//
// Thread-safety: the caller holds the World's lock.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/timestamp.h"  // EpochSeconds: ECS renders times as epoch seconds
#include "sim/ecs/api.h"
#include "sim/ecs/dynamics.h"
#include "sim/wire/api_error.h"

namespace berth::sim::ecs {

// Request members. Wrong JSON types are SerializationException, as AWS's
// deserializer reports them; missing required members InvalidParameterException.
std::optional<std::string> OptString(const Json& in, const char* name);
std::string RequireString(const Json& in, const char* name);
std::optional<int> OptInt(const Json& in, const char* name);
std::optional<bool> OptBool(const Json& in, const char* name);
std::vector<std::string> OptStringList(const Json& in, const char* name);
const Json* OptMember(const Json& in, const char* name, Json::value_t type);
bool IncludesTags(const Json& in);

// The last path segment of an ARN ("arn:...:cluster/prod" -> "prod"), or `ref` itself.
std::string NameFromRef(const std::string& ref);

Cluster& ResolveCluster(World& world, EcsRegion& ecs, const Json& in);
Cluster* FindCluster(EcsRegion& ecs, const std::string& ref);
Service& ResolveService(Cluster& cluster, const std::string& ref);        // ServiceNotFoundException
Service& ResolveActiveService(Cluster& cluster, const std::string& ref);  // + ServiceNotActiveException

std::string ClusterArn(const EcsRegion& ecs, const std::string& name);
std::string ServiceArn(const EcsRegion& ecs, const std::string& cluster, const std::string& name);

// Offset-based pagination with opaque tokens. Returns [begin, end) and sets *next.
std::pair<size_t, size_t> Page(const Json& in, size_t total, int default_max, int max_max, std::string* next);

// The ARNs of a deployment's service deployment and of its service revision.
// Their ids are opaque, as AWS's are ("NCWGC2ZR-taawPAYrIaU5"; a revision's
// 19 digits), not the deployment id's digits: derived from a hash of the
// service ARN and the deployment id, so they stay the same across restarts.
std::string ServiceDeploymentArn(const Service& s, const Deployment& d);
std::string ServiceRevisionArn(const Service& s, const std::string& deployment_id);

Json RenderService(const World& world, const Cluster& cluster, const Service& s, bool include_tags);
Json RenderTask(const EcsRegion& ecs, const Task& t, bool include_tags);
Json RenderTaskSet(const Cluster& cluster, const Service& s, const TaskSet& ts, bool include_tags);
Json RenderCluster(const Cluster& c, bool include_tags);
Json Failure(const std::string& arn, const std::string& reason);

// Handler groups, each returning nullopt when the operation is not theirs.
std::optional<Json> HandleClusterOrTaskDefinition(World& world, EcsRegion& ecs, const std::string& op, const Json& in,
                                                  const RequestContext& ctx);
std::optional<Json> HandleServiceOp(World& world, EcsRegion& ecs, const std::string& op, const Json& in,
                                    const RequestContext& ctx);
std::optional<Json> HandleTaskOp(World& world, EcsRegion& ecs, const std::string& op, const Json& in,
                                 const RequestContext& ctx);

}  // namespace berth::sim::ecs
