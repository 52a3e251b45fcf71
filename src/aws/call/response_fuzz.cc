// libFuzzer target: arbitrary bytes as an AWS response body for berth's own
// client-side parsers: error bodies (JSON and query protocols, plus the
// Status built from them), successful JSON bodies, query XML -> JSON.
// None may crash, hang, leak or trip ASan/UBSan on any body.
//
// Input: the first byte picks the HTTP status and Content-Type, the rest is
// the body (seed corpus: testdata/fuzz/response_fuzz/).
//
// Thread-safety: libFuzzer calls the entry point from one thread.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "aws/call/errors.h"
#include "aws/call/protocol_json.h"
#include "aws/call/protocol_query.h"
#include "aws/call/service.h"
#include "core/log.h"
#include "http/transport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace berth::aws;
  static bool quiet = (berth::SetLogLevel(berth::LogLevel::kError), true);
  (void)quiet;
  if (size == 0) return 0;
  const uint8_t selector = data[0];
  berth::http::Response response;
  static constexpr int kStatuses[] = {200, 400, 403, 404, 413, 429, 500, 503};
  response.status = kStatuses[selector & 7];
  static constexpr const char* kTypes[] = {"application/x-amz-json-1.1", "text/xml", "text/html", "application/json"};
  response.headers = {{"Content-Type", kTypes[(selector >> 3) & 3]}, {"x-amzn-RequestId", "req-1"}};
  if (selector & 0x20) response.headers.emplace_back("x-amzn-query-error", "Throttling;Sender");
  response.body.assign(reinterpret_cast<const char*>(data + 1), size - 1);

  const ServiceInfo* ecs = FindService("ecs");
  const ServiceInfo* elbv2 = FindService("elbv2");
  const ServiceInfo* sts = FindService("sts");
  for (const ServiceInfo* service : {ecs, elbv2, sts}) {
    if (service == nullptr) continue;
    AwsError error = ParseErrorResponse(service->protocol, response);
    (void)StatusCodeForAwsError(*service, error);
    (void)ErrorStatus(*service, "DescribeThings", error, 3);
    (void)BadResponseStatus(*service, "DescribeThings", response, "fuzz");
  }
  (void)LooksLikeHtml(response);
  if (ecs != nullptr) (void)DecodeJsonResponse(*ecs, "DescribeServices", response);
  if (elbv2 != nullptr) (void)DecodeQueryResponse(*elbv2, "DescribeTargetHealth", response);
  if (sts != nullptr) (void)DecodeQueryResponse(*sts, "AssumeRole", response);
  (void)XmlElementToJson(response.body);
  return 0;
}
