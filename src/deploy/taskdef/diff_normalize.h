// Internal to src/deploy/taskdef/diff*.cc: the normalisation rules behind diff.h, and
// the facts the diff walker needs about the shape of the documents (which
// lists are keyed by name, which defaults AWS fills in).
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/json.h"

namespace berth::deploy::internal {

// A service object (DescribeServices) or an UpdateService input, normalised:
// deploymentConfiguration defaults, disabled circuit breaker and alarms,
// assignPublicIp DISABLED and empty members removed; subnets and security
// groups sorted; a taskDefinition ARN shortened to "family:revision".
Json NormalizeServiceSettings(const Json& service);

// The task definition with keyed lists turned into objects keyed by name, so
// entries are matched by name: containerDefinitions and volumes (name ->
// object), tags (key -> value), a container's environment (name -> value)
// and secrets (name -> valueFrom). `normalized` is NormalizeTaskDefinition's.
Json KeyedTaskDefinitionView(const Json& normalized);

// True when the object at `member_path` (raw member names from the root of a
// KeyedTaskDefinitionView) holds keyed entries, rendered "path[key]".
bool IsKeyedCollection(const std::vector<std::string>& member_path);

// The value AWS fills in when the member at `member_path` is absent (so a
// removed default shows as "100 -> 50", not "+ 50"); nullopt when none.
// `service` selects the service-settings paths.
std::optional<Json> DefaultFor(const std::vector<std::string>& member_path, bool service);

}  // namespace berth::deploy::internal
