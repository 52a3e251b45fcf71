// InputModel: the input shapes of one AWS service's operations, and a type
// check of a JSON-protocol request against them, so that no member of the
// wrong JSON type reaches a handler (or the world's dynamics, long after the
// request) and AWS's own error comes back instead.
//
// The shapes are botocore's model (Debian's python3-botocore), reduced at
// build time by scripts/gen_botocore_models.py to names and types: this is
// what "the model" means in docs/sim.md. What is checked, as AWS's JSON
// services answer it (the messages are the Jackson-style texts those
// services return; docs/sim.md says which are chosen):
//  - a structure is an object, a list an array, a map an object;
//  - string, integer/long, double/float, boolean and timestamp (a number or a
//    string) members have those JSON types; integers have no fraction;
//  - null is the member left out.
// Members the model does not know are not checked (AWS ignores them; a
// newer member than the model's passes through to the handler), nor are
// required members, ranges or enums (the handlers check those with the
// service's own exceptions).
//
// Thread-safety: immutable after construction; Check may be called from many threads.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/json.h"
#include "core/result.h"
#include "sim/wire/api_error.h"

namespace berth::sim {

class InputModel {
 public:
  // The model built into berth for `service` ("ecs", "ecr", "cloudwatch");
  // nullptr when there is none. Parsed once.
  static const InputModel* ForService(std::string_view service);
  // A model from its reduced JSON (the generator's format).
  static Result<InputModel> Parse(std::string_view json);

  // The first member of `input` whose JSON type the operation's input shape
  // refuses, as a SerializationException naming its path; nullopt when every
  // member fits or the model does not know the operation.
  std::optional<ApiError> Check(const std::string& operation, const Json& input) const;

  bool HasOperation(const std::string& operation) const { return operations_.count(operation) > 0; }

 private:
  struct Shape {
    std::string type;                            // botocore's: structure, list, map, string, integer, ...
    std::map<std::string, std::string> members;  // structure: member -> shape name
    std::string element;                         // list member / map value shape name
  };
  std::optional<ApiError> CheckValue(const std::string& shape_name, const Json& value, const std::string& path,
                                     int depth) const;

  std::map<std::string, std::string> operations_;  // operation -> input shape
  std::map<std::string, Shape> shapes_;
};

// Generated (scripts/gen_botocore_models.py): the reduced model JSON of `service`, "" when none.
std::string_view InputModelJson(std::string_view service);

}  // namespace berth::sim
