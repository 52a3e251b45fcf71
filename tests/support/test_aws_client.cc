#include "support/test_aws_client.h"

#include "aws/call/service.h"

namespace berth::testing {

aws::Credentials TestCredentials(std::string access_key_id, std::string secret_access_key) {
  aws::Credentials c;
  c.access_key_id = std::move(access_key_id);
  c.secret_access_key = std::move(secret_access_key);
  c.source = "test";
  return c;
}

TestAwsClient::TestAwsClient(std::string endpoint, aws::Credentials credentials, http::Transport* transport,
                             Clock* clock)
    : credentials_(std::move(credentials)) {
  if (transport == nullptr) {
    owned_transport_ = http::MakeCurlTransport();
    transport = owned_transport_.get();
  }
  aws::ClientDeps deps;
  deps.transport = transport;
  deps.credentials = &credentials_;
  deps.clock = clock != nullptr ? clock : &real_clock_;
  deps.settings.region = "us-east-1";
  deps.settings.endpoint_url = std::move(endpoint);
  deps.retry.max_attempts = 1;
  deps.retry.max_throttle_attempts = 1;
  client_ = std::make_unique<aws::AwsClient>(std::move(deps));
}

Result<Json> TestAwsClient::Call(std::string_view service, std::string_view operation, const Json& input) {
  const aws::ServiceInfo* info = aws::FindService(service);
  if (info == nullptr) return InvalidArgument("no service " + std::string(service));
  return client_->Call(*info, operation, input);
}

}  // namespace berth::testing
