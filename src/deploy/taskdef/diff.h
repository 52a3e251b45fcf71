// A semantic diff of what a deploy would change: the task definition and the
// service settings, normalised so that AWS's defaults and ordering do not show
// up as changes.
//
// Normalisation (both sides): output-only members removed; members equal to
// the default AWS fills in removed (container `essential` true, `cpu` 0,
// empty arrays/objects, `networkMode` "bridge" on EC2 when absent,
// deploymentConfiguration 100/200 and a disabled circuit breaker, ...); task
// `cpu`/`memory` compared as strings ("1024" == 1024); lists that ECS treats
// as sets sorted (environment and secrets by name, portMappings, tags by key,
// subnets and security groups); containerDefinitions matched by name, not by
// position.
//
// Thread-safety: value types and pure functions.
#pragma once

#include <string>
#include <vector>

#include "core/json.h"

namespace berth::deploy {

struct Change {
  // A readable path: "containerDefinitions[web].image",
  // "containerDefinitions[web].environment[LOG_LEVEL]", "cpu",
  // "service.desiredCount", "service.deploymentConfiguration.maximumPercent".
  std::string path;
  Json before;  // null when added
  Json after;   // null when removed
};

// Both are task definition documents (describe output or register input).
Json NormalizeTaskDefinition(const Json& task_definition);
std::vector<Change> DiffTaskDefinitions(const Json& before, const Json& after);

// Service settings a deploy can change, as UpdateService input members
// (desiredCount, deploymentConfiguration, forceNewDeployment is not a change).
// `before` is the DescribeServices service object, `after` the UpdateService
// input; only members present in `after` are compared, under "service.".
std::vector<Change> DiffServiceSettings(const Json& before, const Json& after);

// Text for a terminal: one line per change,
//   ~ containerDefinitions[web].image: "repo/web:1.0" -> "repo/web:1.1"
//   + containerDefinitions[web].environment[FLAG]: "on"
//   - cpu: "256"
// coloured (+ green, - red, ~ yellow) when `color`. "no changes" when empty.
std::string RenderChanges(const std::vector<Change>& changes, bool color);
// [{"path":..., "before":..., "after":..., "op":"add|remove|change"}]
Json ChangesToJson(const std::vector<Change>& changes);

}  // namespace berth::deploy
