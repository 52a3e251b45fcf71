// AwsStack: everything that calls AWS, built once where a process starts:
// resolved settings (profile, region, endpoints), the HTTP transport, the
// default credentials chain, one client-side rate limiter shared by every
// call, and the AwsClient on top of them. The CLI builds one per command; a
// server builds one per account and Region it deploys to.
//
// At -v it logs which profile, region, endpoint and credential source were
// chosen and why (never a secret value).
//
// Thread-safety: built by one thread; its client may then be used from many
// threads (see aws/call/client.h).
#pragma once

#include <memory>
#include <string>

#include "aws/auth/credentials.h"
#include "aws/call/client.h"
#include "aws/config/settings.h"
#include "core/clock.h"
#include "core/env.h"
#include "core/result.h"
#include "http/transport.h"

namespace berth {
class CancelToken;
}  // namespace berth

namespace berth::aws {

class RateLimiter;

struct AwsStack {
  AwsStack();
  ~AwsStack();
  AwsStack(const AwsStack&) = delete;
  AwsStack& operator=(const AwsStack&) = delete;

  AwsSettings settings;
  std::unique_ptr<Clock> owned_clock;  // set when the stack made its own clock
  Clock* clock = nullptr;
  std::unique_ptr<http::Transport> transport;
  std::unique_ptr<CredentialsProvider> credentials;
  // Shared so the type may stay incomplete here; one limiter for every call.
  std::shared_ptr<RateLimiter> rate_limiter;
  std::unique_ptr<AwsClient> client;
};

struct StackOptions {
  SettingsFlags flags;                         // --profile, --region, --endpoint-url as given
  std::unique_ptr<http::Transport> transport;  // null: libcurl
  Clock* clock = nullptr;                      // null: the real clock (owned by the stack)
  const CancelToken* cancel = nullptr;         // ends retry back-offs early when cancelled
};

// kConfig for bad files/profile/region; kCredentials when no usable
// credentials are found (they are fetched once here, so the failure is
// reported before any work starts).
Result<std::unique_ptr<AwsStack>> MakeAwsStack(const Environment& env, StackOptions options);

// "--region", "AWS_REGION", ... : where a setting came from, for -v logs.
std::string ProfileReason(const SettingsFlags& flags, const Environment& env);
std::string RegionReason(const SettingsFlags& flags, const Environment& env);

}  // namespace berth::aws
