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
// Decoding: the <OpResult> element of <OpResponse> becomes a JSON object:
// elements whose children are all <member> become arrays, repeated sibling
// names become arrays, other elements with children become objects, and
// leaves become strings (numbers and booleans stay strings: the XML carries no
// types). An empty element is "". ResponseMetadata.RequestId is added.
// docs/aws.md describes this for callers.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

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

// The generic element conversion used by DecodeQueryResponse, for the
// simulator and tests: `xml` is one element's text.
Result<Json> XmlElementToJson(std::string_view xml);

}  // namespace berth::aws
