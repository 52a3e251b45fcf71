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
// position. Linear in the size of the documents (a keyed list of 100,000
// entries is matched through a hash index, not by searching it).
//
// Thread-safety: value types and pure functions.
#pragma once

#include <cstddef>
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

// The longest value, in characters, that a plan's text prints whole.
inline constexpr size_t kRenderedValueLimit = 200;

// `value` as a plan's text prints it: its JSON text, redacted (core/log.h
// Redact, so a cut cannot leave half a secret unrecognised) and, when longer
// than `limit` characters (UTF-8 code points), cut there with how much was
// left out:
//   "aaaa…" (+49,999,800 characters)            a string, cut inside its quotes
//   {"name":"web","image":"r/w:1",…} (+5,120 characters)   any other value
// A cut never falls inside an ARN or a redaction mask ("****"): it moves back
// to where that starts, or, when the value starts with an ARN of at most
// 2,048 characters (the longest AWS makes), after its end, so what is printed
// is never a shorter, different-looking ARN.
std::string RenderValue(const Json& value, size_t limit = kRenderedValueLimit);

// Text for a terminal: one line per change, values by RenderValue,
//   ~ containerDefinitions[web].image: "repo/web:1.0" -> "repo/web:1.1"
//   + containerDefinitions[web].environment[FLAG]: "on"
//   - cpu: "256"
// coloured (+ green, - red, ~ yellow) when `color`. "no changes" when empty.
std::string RenderChanges(const std::vector<Change>& changes, bool color);
// [{"path":..., "before":..., "after":..., "op":"add|remove|change"}], the
// values whole (never cut: a program reading them compares them).
Json ChangesToJson(const std::vector<Change>& changes);

}  // namespace berth::deploy
