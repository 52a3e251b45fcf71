// Reading and writing the members of AWS inputs and outputs held as berth::Json,
// shared by the typed service clients (ecs.h, elbv2.h, ecr.h, sts.h,
// cloudformation.h, cloudwatch.h).
//
// Responses come in two flavours: JSON-protocol services send real numbers,
// booleans and epoch-second timestamps; query-protocol services (ELBv2, STS,
// CloudFormation, CloudWatch) arrive converted generically from XML, so every
// leaf is a string ("3", "true", "2024-01-01T00:00:00.000Z") and an empty list
// may be "" or missing. The readers here accept both, so a parser is written
// once per shape and never cares which protocol delivered it. A missing or
// null member reads as the empty value; readers never fail.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "core/result.h"

namespace berth::aws {

// Tags as berth handles them; ordered so requests are deterministic.
using TagMap = std::map<std::string, std::string>;

// Member readers (object `j`, member `key`).
std::string StrField(const Json& j, std::string_view key);
std::optional<std::string> OptStrField(const Json& j, std::string_view key);
// Numbers or numeric strings; `fallback` when missing or not a number.
int64_t IntField(const Json& j, std::string_view key, int64_t fallback = 0);
std::optional<int64_t> OptIntField(const Json& j, std::string_view key);
double DoubleField(const Json& j, std::string_view key, double fallback = 0);
// true/false or "true"/"false" (any case); `fallback` otherwise.
bool BoolField(const Json& j, std::string_view key, bool fallback = false);
// Epoch seconds (number, possibly fractional, or a numeric string) or ISO-8601
// ("2024-01-01T00:00:00Z", fractional seconds and +hh:mm offsets allowed, UTC
// when no zone is given): core/timestamp.h.
std::optional<SystemTime> TimeField(const Json& j, std::string_view key);
// The member as an array: an array as is; missing, null or "" as empty; a lone
// object or string (a one-element list some converters flatten) as [it].
Json ListField(const Json& j, std::string_view key);
std::vector<std::string> StrListField(const Json& j, std::string_view key);
// The member if it is an object, else an empty object.
Json ObjField(const Json& j, std::string_view key);

// Tags in both spellings: ECS/ECR use [{key, value}], ELBv2/CFN/STS [{Key, Value}].
Json TagsToJson(const TagMap& tags, bool capitalized);
TagMap TagsFromJson(const Json& list);  // accepts either spelling

// Fails with kBadResponse unless `response` is an object; used first by every
// parser so a proxy's HTML page or a truncated body is reported, not misread.
Status ExpectObject(const Json& response, std::string_view operation);

// Request builders: set `key` only when the value is present (non-empty
// string or list, engaged optional, non-null Json).
void PutIf(Json& j, const char* key, const std::string& v);
void PutIf(Json& j, const char* key, const Json& v);
void PutIf(Json& j, const char* key, const std::vector<std::string>& v);
void PutIf(Json& j, const char* key, const std::optional<int>& v);
void PutIf(Json& j, const char* key, const std::optional<bool>& v);
void PutIf(Json& j, const char* key, const std::optional<double>& v);

// Splits `items` into chunks of at most `size` (the APIs' batch limits).
std::vector<std::vector<std::string>> Chunk(const std::vector<std::string>& items, size_t size);

}  // namespace berth::aws
