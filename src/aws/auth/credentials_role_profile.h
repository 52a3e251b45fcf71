// Assume-role profiles: a profile with role_arn and either
//   source_profile = <p>     credentials of profile p (its static keys, web
//                            identity, credential_process, or its own
//                            role_arn: chains are allowed, loops are a
//                            kConfig error naming the cycle), or
//   credential_source = Environment | Ec2InstanceMetadata | EcsContainer
// signs an sts:AssumeRole call for role_arn (role_session_name, external_id,
// duration_seconds are passed on; mfa_serial is refused: berth cannot prompt).
//
// Thread-safety: see CredentialSource.
#pragma once

#include <memory>
#include <set>
#include <string>

#include "aws/auth/credentials_chain.h"
#include "aws/auth/credentials_source.h"

namespace berth::aws {

// What MakeDefaultCredentialsChain shares with the role sources; owned by
// the chain. The pointers must outlive it.
struct RoleProfileContext {
  AwsSettings settings;
  const Environment* env = nullptr;
  http::Transport* transport = nullptr;
  Clock* clock = nullptr;
  CredentialsChainOptions options;
};

class ProfileRoleCredentialSource final : public CredentialSource {
 public:
  // `ctx` must outlive the source.
  ProfileRoleCredentialSource(const RoleProfileContext* ctx, std::string profile)
      : ctx_(ctx), profile_(std::move(profile)) {}
  ~ProfileRoleCredentialSource() override;
  std::string Name() const override;
  // Skips profiles without role_arn (or with web_identity_token_file, which
  // the web identity source handles). kConfig for a bad role configuration.
  Result<std::optional<Credentials>> Fetch(std::string* skip_reason) override;

 private:
  const RoleProfileContext* ctx_;
  std::string profile_;
  std::unique_ptr<CredentialSource> role_;  // built on first use
};

// The AssumeRole source for `profile` (which has role_arn). `chain` holds the
// profiles already on the way, for loop detection.
Result<std::unique_ptr<CredentialSource>> MakeProfileRoleSource(const RoleProfileContext& ctx,
                                                                const std::string& profile,
                                                                std::vector<std::string> chain);

}  // namespace berth::aws
