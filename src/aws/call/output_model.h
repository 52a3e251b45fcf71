// OutputModel: the output shapes of one query-protocol service's operations
// (ELBv2, CloudFormation, CloudWatch, STS), which DecodeQueryResponse
// (aws/call/protocol_query.h) follows to turn an XML answer into JSON with
// the types botocore would give it: a list is always an array, an integer
// or a double a number, a boolean true/false.
//
// The shapes are botocore's model (Debian's python3-botocore), reduced at
// build time by scripts/gen_botocore_models.py to names, types and the XML
// names that differ from the member names (botocore's locationName and
// flattened). docs/aws.md ("Query-protocol responses") describes the result
// for callers.
//
// Thread-safety: immutable after construction; ForService may be called from
// many threads.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"

namespace berth::aws {

class OutputModel {
 public:
  // A structure member.
  struct Member {
    std::string shape;
    std::string xml_name;    // the element's name: botocore's locationName, else the member's name
    bool flattened = false;  // the member ref says the list or map is flattened
  };
  struct Shape {
    // botocore's: structure, list, map, string, integer, long, double, float,
    // boolean, timestamp, blob.
    std::string type;
    std::map<std::string, Member, std::less<>> members;  // structure: JSON member name -> member
    // structure: XML element name -> JSON member name (differs when a
    // locationName renames it, or a flattened list takes its item's name).
    std::map<std::string, std::string, std::less<>> by_xml_name;
    std::string element;               // list: the item shape; map: the value shape
    std::string key;                   // map: the key shape
    std::string item_name = "member";  // list: the item element (locationName of its member)
    std::string key_name = "key";      // map
    std::string value_name = "value";  // map
    bool flattened = false;            // list/map: items repeat in place of a wrapper element
  };
  struct Operation {
    std::string shape;           // the output structure
    std::string result_element;  // botocore's resultWrapper: "DescribeTargetGroupsResult"
  };

  // The model built into berth for `service` (botocore's folder name:
  // "elbv2", "cloudformation", "cloudwatch", "sts"); nullptr when there is
  // none. Parsed once.
  static const OutputModel* ForService(std::string_view service);
  // A model from its reduced JSON (the generator's format).
  static Result<OutputModel> Parse(std::string_view json);

  // nullptr when the model does not know it (an operation newer than the model).
  const Operation* FindOperation(std::string_view operation) const;
  const Shape* FindShape(std::string_view name) const;

 private:
  std::map<std::string, Operation, std::less<>> operations_;
  std::map<std::string, Shape, std::less<>> shapes_;
};

// Generated (scripts/gen_botocore_models.py): the reduced output model JSON
// of `service`, "" when none.
std::string_view OutputModelJson(std::string_view service);

}  // namespace berth::aws
