#include "aws/call/typed_call.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aws/call/client.h"
#include "aws/call/service.h"

namespace berth::aws {
namespace {

Result<const ServiceInfo*> Lookup(std::string_view service) {
  const ServiceInfo* info = FindService(service);
  if (info == nullptr) {
    return InternalError(fmt::format("service '{}' is missing from berth's service table", service));
  }
  return info;
}

}  // namespace

Result<Json> CallService(AwsClient& client, std::string_view service, std::string_view operation, const Json& input) {
  BERTH_ASSIGN_OR_RETURN(const ServiceInfo* info, Lookup(service));
  // AwsClient's errors already name the service and operation.
  return client.Call(*info, operation, input);
}

Result<Json> CallService(AwsClient& client, std::string_view service, std::string_view operation, const Json& input,
                         const WriteOnce& write_once) {
  BERTH_ASSIGN_OR_RETURN(const ServiceInfo* info, Lookup(service));
  return client.Call(*info, operation, input, write_once);
}

Status PaginateService(AwsClient& client, std::string_view service, std::string_view operation, Json input,
                       std::string_view input_token, std::string_view output_token,
                       const std::function<Status(const Json& page)>& on_page) {
  BERTH_ASSIGN_OR_RETURN(const ServiceInfo* info, Lookup(service));
  return client.Paginate(*info, operation, std::move(input), input_token, output_token, on_page);
}

}  // namespace berth::aws
