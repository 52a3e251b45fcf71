// Container credentials (ECS tasks, CodeBuild, EKS Pod Identity):
//   AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: GET <relative base> + the URI,
//       the base being http://169.254.170.2 (injectable for tests);
//   else AWS_CONTAINER_CREDENTIALS_FULL_URI: GET that URL, which must be https,
//       or http to a loopback address or one of the container endpoints
//       169.254.170.2, 169.254.170.23, [fd00:ec2::23].
// An Authorization header comes from the file named by
// AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (re-read on every fetch; it wins) or
// AWS_CONTAINER_AUTHORIZATION_TOKEN; values with CR or LF are rejected. The
// response is {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"}.
// Timeout 2 s, 3 attempts, as botocore.
//
// Thread-safety: see CredentialSource.
#pragma once

#include <chrono>
#include <string>

#include "aws/auth/credentials_source.h"
#include "core/env.h"
#include "http/transport.h"

namespace berth::aws {

struct ContainerOptions {
  std::string relative_base = "http://169.254.170.2";  // default: the ECS agent's address
  std::chrono::milliseconds timeout{2000};             // default: 2 s per attempt
  int attempts = 3;                                    // default: 3
};

class ContainerCredentialSource final : public CredentialSource {
 public:
  // `env` and `transport` must outlive the source.
  ContainerCredentialSource(const Environment& env, http::Transport& transport, ContainerOptions options = {})
      : env_(env), transport_(transport), options_(std::move(options)) {}
  std::string Name() const override { return "container credentials endpoint"; }
  // kConfig for a disallowed full URI or a bad authorization token;
  // kCredentials when the endpoint fails or answers with something unusable.
  Result<std::optional<Credentials>> Fetch(std::string* skip_reason) override;

 private:
  Result<std::string> AuthorizationHeader() const;

  const Environment& env_;
  http::Transport& transport_;
  ContainerOptions options_;
};

// Whether AWS_CONTAINER_CREDENTIALS_FULL_URI may point at `url` (see above).
bool IsAllowedContainerUrl(std::string_view url);

}  // namespace berth::aws
