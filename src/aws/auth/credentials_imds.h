// EC2 instance profile credentials through the instance metadata service:
//   IMDSv2: PUT /latest/api/token (X-aws-ec2-metadata-token-ttl-seconds: 21600),
//           then GET /latest/meta-data/iam/security-credentials/ (the role) and
//           GET .../security-credentials/<role> with X-aws-ec2-metadata-token.
//   IMDSv1: the same GETs without a token, used when the PUT answers
//           403/404/405 or times out, unless AWS_EC2_METADATA_V1_DISABLED=true.
// AWS_EC2_METADATA_DISABLED=true turns the source off. The endpoint is
// AWS_EC2_METADATA_SERVICE_ENDPOINT, or http://[fd00:ec2::254] with
// AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6, else http://169.254.169.254.
// Timeout AWS_METADATA_SERVICE_TIMEOUT (seconds, default 1), attempts
// AWS_METADATA_SERVICE_NUM_ATTEMPTS (default 1).
//
// Not being on EC2 (no answer, no role) is "not present", so the chain ends
// with its "no credentials" message; a role whose credentials are garbage is
// a kCredentials error.
//
// Thread-safety: see CredentialSource.
#pragma once

#include <chrono>
#include <string>

#include "aws/auth/credentials_source.h"
#include "core/env.h"
#include "http/transport.h"

namespace berth::aws {

class ImdsCredentialSource final : public CredentialSource {
 public:
  // `env` and `transport` must outlive the source.
  ImdsCredentialSource(const Environment& env, http::Transport& transport) : env_(env), transport_(transport) {}
  std::string Name() const override { return "EC2 instance metadata (IMDS)"; }
  Result<std::optional<Credentials>> Fetch(std::string* skip_reason) override;

 private:
  Result<http::Response> Send(http::Request req) const;

  const Environment& env_;
  http::Transport& transport_;
  std::string endpoint_;
  std::chrono::milliseconds timeout_{1000};
  int attempts_ = 1;
};

}  // namespace berth::aws
