// AwsContext: everything an AWS command needs, built once from the global
// flags and the environment: resolved settings (profile, region, endpoints),
// the curl transport, the default credentials chain, one client-side rate
// limiter shared by every call, and the AwsClient on top of them.
//
// At -v it logs which profile, region, endpoint and credential source were
// chosen and why (never a secret value).
//
// Thread-safety: the context is built by one thread; its client may then be
// used from many threads (see aws/client.h).
#pragma once

#include <memory>
#include <string>

#include "aws/auth/credentials.h"
#include "aws/call/client.h"
#include "aws/config/settings.h"
#include "cli/command.h"
#include "core/clock.h"
#include "core/result.h"
#include "http/transport.h"

namespace berth::aws {
class RateLimiter;
}  // namespace berth::aws

namespace berth::cli {

struct AwsContext {
  AwsContext();
  ~AwsContext();
  AwsContext(const AwsContext&) = delete;
  AwsContext& operator=(const AwsContext&) = delete;

  aws::AwsSettings settings;
  std::unique_ptr<Clock> clock;
  std::unique_ptr<http::Transport> transport;
  std::unique_ptr<aws::CredentialsProvider> credentials;
  // Shared so the type may stay incomplete here; one limiter for every call.
  std::shared_ptr<aws::RateLimiter> rate_limiter;
  std::unique_ptr<aws::AwsClient> client;
};

// Stand-ins for tests; null members mean the real thing.
struct AwsContextOverrides {
  std::unique_ptr<http::Transport> transport;
  std::unique_ptr<Clock> clock;
};

// kConfig for bad files/profile/region; kCredentials when no usable
// credentials are found (they are fetched once here so the failure is
// reported before any work starts).
Result<std::unique_ptr<AwsContext>> MakeAwsContext(const GlobalOptions& globals, const Environment& env,
                                                   AwsContextOverrides overrides = {});

// "--region", "AWS_REGION", ... : where a setting came from, for -v logs.
std::string ProfileReason(const GlobalOptions& globals, const Environment& env);
std::string RegionReason(const GlobalOptions& globals, const Environment& env);

}  // namespace berth::cli
