// The one path by which the typed service clients (HttpEcsApi, HttpElbv2Api,
// ...) reach AwsClient: looks the service up by name and calls. AwsClient's
// errors already say which service and operation failed.
//
// Thread-safety: as AwsClient (fully thread-safe).
#pragma once

#include <functional>
#include <string_view>

#include "core/json.h"
#include "core/result.h"

namespace berth::aws {

class AwsClient;
struct WriteOnce;

Result<Json> CallService(AwsClient& client, std::string_view service, std::string_view operation, const Json& input);
// A write that must not happen twice (AwsClient::Call with WriteOnce).
Result<Json> CallService(AwsClient& client, std::string_view service, std::string_view operation, const Json& input,
                         const WriteOnce& write_once);

// AwsClient::Paginate with the same lookup.
Status PaginateService(AwsClient& client, std::string_view service, std::string_view operation, Json input,
                       std::string_view input_token, std::string_view output_token,
                       const std::function<Status(const Json& page)>& on_page);

}  // namespace berth::aws
