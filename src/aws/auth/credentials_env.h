// Credentials from the environment: AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY,
// with optional AWS_SESSION_TOKEN (or the legacy AWS_SECURITY_TOKEN) and
// AWS_CREDENTIAL_EXPIRATION (ISO 8601). This is what CI systems export.
//
// Thread-safety: see CredentialSource.
#pragma once

#include "aws/auth/credentials_source.h"
#include "core/env.h"

namespace berth::aws {

class EnvironmentCredentialSource final : public CredentialSource {
 public:
  // `env` must outlive the source.
  explicit EnvironmentCredentialSource(const Environment& env) : env_(env) {}
  std::string Name() const override { return "environment"; }
  // kCredentials when only one of the key pair is set, or the expiration
  // does not parse.
  Result<std::optional<Credentials>> Fetch(std::string* skip_reason) override;

 private:
  const Environment& env_;
};

}  // namespace berth::aws
