// Reading and writing the members of AWS inputs and outputs held as berth::Json,
// shared by the typed service clients (aws/<service>/api.h for ecs, elbv2, ecr, sts,
// cloudformation and cloudwatch).
//
// Responses come in two flavours: JSON-protocol services send real numbers,
// booleans and epoch-second timestamps; query-protocol services (ELBv2, STS,
// CloudFormation, CloudWatch) arrive converted from XML by botocore's output
// shapes (aws/call/protocol_query.h), so numbers, booleans and lists are
// typed there too but timestamps are ISO 8601 strings, and a member the
// model does not know is a string ("3", "true") or "" when empty. The
// readers here accept all of these, so a parser is written once per shape
// and never cares which protocol delivered it. A missing or null member
// reads as the empty value; readers never fail.
//
// A shape is described once, as a table of Field rows {JSON member, pointer
// to the struct member}; ReadFields fills a struct from any JSON with the
// readers below, WriteFields writes a request's members, each only when set
// (PutIf's rule), and ReadShape does ReadFields and keeps the document in the
// struct's `raw` member when it has one.
//
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
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

// --- Field tables ---

// How a row reads or writes (the default suits most rows).
enum class FieldRule {
  kDefault,
  // Json member: read as a list (ListField); by default a Json reads as an
  // object (ObjField).
  kList,
  // Request member written even when empty ("" or 0), for members the API
  // requires.
  kAlways,
};

// One member of shape T. `path` is the JSON member name, or a "."-separated
// path into nested objects ("deploymentController.type"): a nested member
// is read through ObjField and written by creating the objects only when the
// value is written. TagMap members are read in either spelling and written
// as [{Key, Value}] when the member name is capitalized ("Tags", the query
// protocols), [{key, value}] otherwise ("tags", ECS and ECR); times are
// written likewise as ISO 8601 or as epoch seconds.
template <typename T>
struct Field {
  using Member = std::variant<std::string T::*, int64_t T::*, int T::*, double T::*, bool T::*,
                              std::optional<std::string> T::*, std::optional<int64_t> T::*, std::optional<int> T::*,
                              std::optional<bool> T::*, std::optional<double> T::*, std::optional<SystemTime> T::*,
                              std::vector<std::string> T::*, TagMap T::*, Json T::*>;
  std::string_view path;
  Member member;
  FieldRule rule = FieldRule::kDefault;
};

namespace fields_internal {
// The object holding the last segment of `path` (`leaf`), or a null Json
// when a segment on the way is not an object.
const Json& Owner(const Json& j, std::string_view path, std::string_view* leaf);
// The same for writing: creates the objects on the way.
Json& OwnerForWrite(Json& j, std::string_view path, std::string_view* leaf);

void Read(const Json& owner, std::string_view key, FieldRule rule, std::string& out);
void Read(const Json& owner, std::string_view key, FieldRule rule, int64_t& out);
void Read(const Json& owner, std::string_view key, FieldRule rule, int& out);
void Read(const Json& owner, std::string_view key, FieldRule rule, double& out);
void Read(const Json& owner, std::string_view key, FieldRule rule, bool& out);
void Read(const Json& owner, std::string_view key, FieldRule rule, std::optional<std::string>& out);
void Read(const Json& owner, std::string_view key, FieldRule rule, std::optional<int64_t>& out);
void Read(const Json& owner, std::string_view key, FieldRule rule, std::optional<int>& out);
void Read(const Json& owner, std::string_view key, FieldRule rule, std::optional<bool>& out);
void Read(const Json& owner, std::string_view key, FieldRule rule, std::optional<double>& out);
void Read(const Json& owner, std::string_view key, FieldRule rule, std::optional<SystemTime>& out);
void Read(const Json& owner, std::string_view key, FieldRule rule, std::vector<std::string>& out);
void Read(const Json& owner, std::string_view key, FieldRule rule, TagMap& out);
void Read(const Json& owner, std::string_view key, FieldRule rule, Json& out);

// The member as a request sends it; null when it is not set (and so not sent).
Json Written(std::string_view key, FieldRule rule, const std::string& v);
Json Written(std::string_view key, FieldRule rule, int64_t v);
Json Written(std::string_view key, FieldRule rule, int v);
Json Written(std::string_view key, FieldRule rule, double v);
Json Written(std::string_view key, FieldRule rule, bool v);
Json Written(std::string_view key, FieldRule rule, const std::optional<std::string>& v);
Json Written(std::string_view key, FieldRule rule, const std::optional<int64_t>& v);
Json Written(std::string_view key, FieldRule rule, const std::optional<int>& v);
Json Written(std::string_view key, FieldRule rule, const std::optional<bool>& v);
Json Written(std::string_view key, FieldRule rule, const std::optional<double>& v);
Json Written(std::string_view key, FieldRule rule, const std::optional<SystemTime>& v);
Json Written(std::string_view key, FieldRule rule, const std::vector<std::string>& v);
Json Written(std::string_view key, FieldRule rule, const TagMap& v);
Json Written(std::string_view key, FieldRule rule, const Json& v);
}  // namespace fields_internal

// Fills the members of `out` named in `fields` from `j` (any JSON).
template <typename T, size_t N>
void ReadFields(const Json& j, const Field<T> (&fields)[N], T& out) {
  for (const Field<T>& f : fields) {
    std::string_view leaf;
    const Json& owner = fields_internal::Owner(j, f.path, &leaf);
    std::visit([&](auto member) { fields_internal::Read(owner, leaf, f.rule, out.*member); }, f.member);
  }
}

// A T read from `j` through `fields`, with `raw` = j when T has `raw`.
template <typename T, size_t N>
T ReadShape(const Json& j, const Field<T> (&fields)[N]) {
  T out{};
  if constexpr (requires { out.raw; }) out.raw = j;
  ReadFields(j, fields, out);
  return out;
}

// Adds the members of `in` named in `fields` that are set to `j` (an
// object), in table order.
template <typename T, size_t N>
void WriteFields(Json& j, const T& in, const Field<T> (&fields)[N]) {
  for (const Field<T>& f : fields) {
    std::string_view leaf = f.path.substr(f.path.rfind('.') + 1);
    Json v = std::visit([&](auto member) { return fields_internal::Written(leaf, f.rule, in.*member); }, f.member);
    if (!v.is_null()) fields_internal::OwnerForWrite(j, f.path, &leaf)[std::string(leaf)] = std::move(v);
  }
}

// A request object holding the members of `in` named in `fields` that are set.
template <typename T, size_t N>
Json WriteFields(const T& in, const Field<T> (&fields)[N]) {
  Json j = Json::object();
  WriteFields(j, in, fields);
  return j;
}

// Each element of the list member `key` through `parse`.
template <typename Parse>
auto ReadList(const Json& j, std::string_view key, Parse parse) {
  std::vector<decltype(parse(j))> out;
  for (const Json& item : ListField(j, key)) out.push_back(parse(item));
  return out;
}

// Splits `items` into chunks of at most `size` (the APIs' batch limits).
std::vector<std::vector<std::string>> Chunk(const std::vector<std::string>& items, size_t size);

}  // namespace berth::aws
