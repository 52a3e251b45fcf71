// The default credentials chain, in botocore's order (aws-api-facts §3.1):
//
//   1. environment      AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY [+ AWS_SESSION_TOKEN]
//                       (skipped when --profile was given explicitly)
//   2. assume role      profile role_arn + source_profile | credential_source
//   3. web identity     AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN, or the
//                       profile's web_identity_token_file + role_arn
//   4. credentials file static keys of the profile
//   5. credential_process of the profile
//   6. config file      static keys of the profile
//   7. container        AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI
//   8. IMDS             EC2 instance profile (IMDSv2, falling back to v1)
//
// The first source that is configured is chosen and kept: later calls refresh
// from that same source before its credentials expire (credentials_cache.h).
// A source that is configured but fails stops the chain with its error; when
// no source is configured the error lists what was tried and how to provide
// credentials. docs/aws.md describes the chain for users.
//
// Thread-safety: GetCredentials may be called from many threads.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

#include "aws/auth/credentials.h"
#include "aws/auth/credentials_cache.h"
#include "aws/auth/credentials_container.h"
#include "aws/auth/credentials_source.h"
#include "aws/config/settings.h"
#include "core/clock.h"
#include "core/env.h"
#include "http/transport.h"

namespace berth::aws {

class ChainCredentialsProvider final : public CredentialsProvider {
 public:
  // `clock` must outlive the chain. `keep_alive` owns whatever the sources
  // refer to (the settings and files). `what` names the chain in messages
  // ("AWS credentials", "credentials of source profile 'base'").
  ChainCredentialsProvider(std::vector<std::unique_ptr<CredentialSource>> sources, Clock& clock,
                           RefreshWindows windows = {}, std::string what = "AWS credentials",
                           std::shared_ptr<const void> keep_alive = nullptr);
  ~ChainCredentialsProvider() override;

  Result<Credentials> GetCredentials() override;
  // Forgets the cached credentials of the chosen source (AWS said they
  // expired); the next call fetches from that source again.
  void Invalidate() override;
  // The chosen source's name; empty until one was chosen.
  std::string ChosenSource() const;

 private:
  std::shared_ptr<const void> keep_alive_;
  std::vector<std::unique_ptr<CredentialSource>> sources_;
  Clock& clock_;
  RefreshWindows windows_;
  std::string what_;
  mutable std::mutex mu_;
  CredentialSource* chosen_ = nullptr;
  std::unique_ptr<CachingCredentialsProvider> cache_;
};

struct CredentialsChainOptions {
  ContainerOptions container;  // the container endpoint's base URL (tests point it at a local server)
  std::chrono::milliseconds process_timeout{60000};  // credential_process; default 60 s
  RefreshWindows refresh;                            // default: botocore's 15 min / 10 min
};

// The chain for `settings` (copied: the chain keeps the parsed files).
// `env`, `transport` (used for STS, container and IMDS calls) and `clock`
// must outlive the returned provider.
std::unique_ptr<CredentialsProvider> MakeDefaultCredentialsChain(const AwsSettings& settings, const Environment& env,
                                                                 http::Transport& transport, Clock& clock,
                                                                 const CredentialsChainOptions& options = {});

}  // namespace berth::aws
