// InputModel: the input shapes of one AWS service's operations (botocore's
// model), and a type check of a JSON request document against them. Two
// users: the simulator refuses a request whose member has the wrong JSON type
// with AWS's SerializationException (sim/wire/input_check.h) before a handler
// sees it, and `berth deploy --task-definition FILE` checks the file against
// RegisterTaskDefinition's input before anything is sent
// (deploy/taskdef/task_definition_file.h). This header knows neither: it
// says where a member does not fit and what was expected, in AWS's words.
//
// The shapes are botocore's model (Debian's python3-botocore), reduced at
// build time by scripts/gen_botocore_models.py to names, types and enum
// values. What Check checks, as AWS's JSON services do:
//  - a structure is an object, a list an array, a map an object;
//  - string, integer/long, double/float, boolean and timestamp (a number or a
//    string) members have those JSON types; integers have no fraction;
//  - null is the member left out.
// Members the model does not know are not checked (AWS ignores them; a
// member newer than the model's passes through), nor are required members,
// ranges or enums. UnknownEnumValues is the separate, opt-in look at enums:
// a value the model does not list may be one AWS added after the model.
//
// Thread-safety: immutable after construction; Check and UnknownEnumValues
// may be called from many threads. ForService is thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"

namespace berth::aws {

// The first member of a document whose JSON type its shape refuses.
struct TypeMismatch {
  std::string path;  // "$.containerDefinitions[0].portMappings[0].containerPort"
  // The shape's botocore type: "string", "integer", "long", "double", "float",
  // "boolean", "timestamp", "blob", "structure", "list" or "map"; "" when the
  // document nests deeper than any AWS shape (kMaxInputDepth).
  std::string expected;
  const Json* value = nullptr;  // the member in the checked document (valid while it lives)
  // As AWS's JSON services word it (Jackson's texts), without the path:
  // "STRING_VALUE can not be converted to an Integer".
  std::string message;
};

// A string member whose value is not one of its shape's enum values.
struct EnumMismatch {
  std::string path;                  // "$.networkMode"
  std::string value;                 // "AWSVPC"
  std::vector<std::string> allowed;  // in the model's order
};

// Deeper documents than any AWS shape nests are refused rather than walked.
inline constexpr int kMaxInputDepth = 64;

class InputModel {
 public:
  // The model built into berth for `service` ("ecs", "ecr", "cloudwatch");
  // nullptr when there is none. Parsed once.
  static const InputModel* ForService(std::string_view service);
  // A model from its reduced JSON (the generator's format).
  static Result<InputModel> Parse(std::string_view json);

  // The first member of `input`, in document order, whose JSON type the
  // operation's input shape refuses; nullopt when every member fits or the
  // model does not know the operation.
  std::optional<TypeMismatch> Check(const std::string& operation, const Json& input) const;

  // Every string member of `input` whose shape has enum values and whose
  // value is not one of them, in document order. Members of the wrong type
  // are Check's business and skipped here.
  std::vector<EnumMismatch> UnknownEnumValues(const std::string& operation, const Json& input) const;

  bool HasOperation(const std::string& operation) const { return operations_.count(operation) > 0; }

 private:
  struct Shape {
    std::string type;                            // botocore's: structure, list, map, string, integer, ...
    std::map<std::string, std::string> members;  // structure: member -> shape name
    std::string element;                         // list member / map value shape name
    std::vector<std::string> enum_values;        // string: the model's enum, empty when none
  };
  std::optional<TypeMismatch> CheckValue(const std::string& shape_name, const Json& value, const std::string& path,
                                         int depth) const;
  void FindUnknownEnumValues(const std::string& shape_name, const Json& value, const std::string& path, int depth,
                             std::vector<EnumMismatch>& out) const;

  std::map<std::string, std::string> operations_;  // operation -> input shape
  std::map<std::string, Shape> shapes_;
};

// Generated (scripts/gen_botocore_models.py): the reduced model JSON of `service`, "" when none.
std::string_view InputModelJson(std::string_view service);

}  // namespace berth::aws
