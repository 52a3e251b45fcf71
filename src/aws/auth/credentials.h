// AWS credentials and the providers that find them.
//
// The default chain (MakeDefaultCredentialsChain, credentials_chain.h) follows
// the SDKs' order: environment, profile assume-role, web identity, shared
// credentials/config files, credential_process, container, IMDSv2.
//
// Thread-safety: providers are safe to call from several threads; caching
// providers refresh under a lock.
#pragma once

#include <optional>
#include <string>

#include "core/clock.h"
#include "core/result.h"

namespace berth::aws {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;         // never logged: registered with the redactor
  std::string session_token;             // empty for long-term keys; never logged
  std::optional<SystemTime> expiration;  // empty: does not expire
  std::string source;                    // where they came from, for `--verbose`: "environment", "profile dev", ...

  bool expired_at(SystemTime t) const { return expiration.has_value() && *expiration <= t; }
};

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  // kCredentials when none can be found or they are expired; kConfig when a
  // file or setting that names them is malformed.
  virtual Result<Credentials> GetCredentials() = 0;
  // Drops cached credentials so the next GetCredentials fetches fresh ones.
  // AwsClient calls it when AWS answers ExpiredToken(Exception) for
  // credentials the cache still thought valid. Default: nothing to drop.
  virtual void Invalidate() {}
};

// Always returns the same credentials (tests, --access-key flags).
class StaticCredentialsProvider final : public CredentialsProvider {
 public:
  explicit StaticCredentialsProvider(Credentials c) : creds_(std::move(c)) {}
  Result<Credentials> GetCredentials() override { return creds_; }

 private:
  Credentials creds_;
};

}  // namespace berth::aws
