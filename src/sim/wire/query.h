// Query-protocol plumbing for the simulated ELBv2: the flattened form
// parameters of a request as a JSON tree ("Actions.member.1.Type" becomes
// {"Actions":[{"Type":...}]}), a JSON document rendered as query-protocol XML
// (objects as elements, arrays as <member> lists), and Marker/PageSize
// pagination.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <utility>

#include "core/json.h"
#include "sim/front/dispatch.h"
#include "sim/wire/pagination.h"

namespace berth::sim {

// Form parameters as a tree; every leaf is a string. Action and Version are skipped.
Json QueryParamsToJson(const QueryParams& params);
// `doc` (an object) as XML elements, indented by `indent` spaces.
std::string JsonToQueryXml(const Json& doc, int indent = 4);

// One page of `total` items after Marker, of PageSize (1-400) items; its
// next_token is the NextMarker. Throws ValidationError when either is malformed.
PageWindow Paginate(const Json& in, size_t total);

// The string member `name` of `in`, or throws ValidationError naming the member.
const std::string& RequireString(const Json& in, const char* name);
std::string OptString(const Json& in, const char* name, std::string fallback = "");
// An integer member (query values arrive as strings); throws ValidationError when not a number.
int OptInt(const Json& in, const char* name, int fallback);
// The array member `name` ([] when absent).
Json OptList(const Json& in, const char* name);
[[noreturn]] void ThrowValidation(std::string message);

}  // namespace berth::sim
