// The STS-backed credential sources:
//   AssumeRoleCredentialSource:   sts:AssumeRole, signed with source credentials
//                                 (a profile's role_arn + source_profile or
//                                 credential_source).
//   WebIdentityCredentialSource:  sts:AssumeRoleWithWebIdentity, sent UNSIGNED
//                                 (the operation's authtype is none), with the
//                                 OIDC token re-read from its file on every
//                                 fetch (GitLab id_tokens, EKS IRSA).
// Both call STS through an AwsClient on the chain's transport, at the regional
// endpoint of the settings' region (us-east-1 when none is set), so
// AWS_ENDPOINT_URL_STS and the other endpoint overrides apply.
//
// Thread-safety: see CredentialSource.
#pragma once

#include <memory>
#include <string>

#include "aws/auth/credentials_source.h"
#include "aws/config/config_file.h"
#include "aws/config/settings.h"
#include "core/clock.h"
#include "core/env.h"
#include "http/transport.h"

namespace berth::aws {

// What the STS sources share with the chain. Pointers must outlive the source.
struct StsDeps {
  http::Transport* transport = nullptr;
  Clock* clock = nullptr;
  AwsSettings settings;  // endpoint overrides and region for STS
};

struct AssumeRoleParams {
  std::string role_arn;
  std::string session_name;  // empty: "berth-<epoch seconds>"
  std::string external_id;   // empty: not sent
  int duration_seconds = 0;  // 0: STS's default (1 h)
};

class AssumeRoleCredentialSource final : public CredentialSource {
 public:
  // `source` signs the AssumeRole call; `name` is for logs ("role of profile dev").
  AssumeRoleCredentialSource(std::string name, AssumeRoleParams params, std::unique_ptr<CredentialsProvider> source,
                             StsDeps deps);
  ~AssumeRoleCredentialSource() override;
  std::string Name() const override { return name_; }
  // kCredentials when the source credentials or the STS call fail.
  Result<std::optional<Credentials>> Fetch(std::string* skip_reason) override;

 private:
  std::string name_;
  AssumeRoleParams params_;
  std::unique_ptr<CredentialsProvider> source_;
  StsDeps deps_;
};

class WebIdentityCredentialSource final : public CredentialSource {
 public:
  // Each setting is read from the environment first (when `env` is not null:
  // AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN, AWS_ROLE_SESSION_NAME), then
  // from the profile (web_identity_token_file, role_arn, role_session_name).
  // `env` and `files` must outlive the source.
  WebIdentityCredentialSource(const Environment* env, const ConfigFiles& files, std::string profile, StsDeps deps);
  std::string Name() const override;
  // Skips when no token file is configured; kConfig when a token file is set
  // without a role ARN; kCredentials when the file cannot be read or STS fails.
  Result<std::optional<Credentials>> Fetch(std::string* skip_reason) override;

 private:
  std::optional<std::string> Setting(std::string_view env_name, std::string_view profile_key) const;

  const Environment* env_;
  const ConfigFiles& files_;
  std::string profile_;
  StsDeps deps_;
};

}  // namespace berth::aws
