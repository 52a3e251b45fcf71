// The AWS query protocol (ELBv2, STS, CloudFormation, CloudWatch): requests
// are form-encoded POST bodies, responses are XML.
//
// Encoding from a JSON input, following botocore's query serializer:
//   {"A": "x"}             A=x
//   {"A": {"B": 1}}        A.B=1                   (structures)
//   {"A": ["x", "y"]}      A.member.1=x&A.member.2=y (lists, 1-based)
//   {"A": []}              A=                       (an empty list)
//   true / false           true / false
//   null                   left out
// Values are percent-encoded (RFC 3986); Action and Version come first.
//
// Decoding: the result element of <OpResponse> (<OpResult>) becomes a JSON
// object following the operation's output shape in botocore's model
// (aws/call/output_model.h), as botocore parses it: a list is always an
// array (an empty one []), integer/long and double/float members are
// numbers, booleans true/false, structures and maps objects; strings,
// timestamps (ISO 8601, as sent) and blobs stay strings, and so does a value
// that does not parse as its type. A member the model does not know, and
// every member of an operation it does not know, is converted generically:
// elements whose children are all <member> become arrays, repeated sibling
// names become arrays, other elements with children become objects, and
// leaves become strings (an empty element is ""). ResponseMetadata.RequestId
// is added. docs/aws.md describes this for callers.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "aws/call/output_model.h"
#include "aws/call/service.h"
#include "core/json.h"
#include "core/result.h"
#include "http/transport.h"

namespace berth::aws {

// "Action=<op>&Version=<version>&..." for `input`.
std::string EncodeQueryBody(std::string_view operation, std::string_view api_version, const Json& input);

// Sets method, Content-Type and body of `request`.
void EncodeQueryRequest(const ServiceInfo& service, std::string_view operation, const Json& input,
                        http::Request& request);

// kBadResponse when the body is not the expected XML.
Result<Json> DecodeQueryResponse(const ServiceInfo& service, std::string_view operation,
                                 const http::Response& response);

// The generic element conversion used by DecodeQueryResponse, for tests and
// the fuzzer: `xml` is one element's text.
Result<Json> XmlElementToJson(std::string_view xml);
// The same element converted as shape `shape` of `model`.
Result<Json> XmlElementToJson(std::string_view xml, const OutputModel& model, std::string_view shape);

}  // namespace berth::aws
