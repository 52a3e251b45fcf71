// CachingCredentialsProvider: holds the credentials a source returned and
// fetches new ones before they expire, the way botocore's
// RefreshableCredentials does:
//
//   more than `advisory` (15 min) left:  the cached credentials
//   between `mandatory` and `advisory`:  try to refresh; on failure keep the
//                                        cached ones (logged as a warning)
//   `mandatory` (10 min) or less left:   refresh; a failure is returned
// Credentials without an expiration are never refreshed. Credentials that are
// still expired after a refresh (static keys with AWS_CREDENTIAL_EXPIRATION in
// the past) are a kCredentials error saying so.
//
// Thread-safety: GetCredentials may be called from many threads; one thread
// refreshes at a time, under a lock, while the others wait for its result.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "aws/auth/credentials.h"
#include "core/clock.h"

namespace berth::aws {

struct RefreshWindows {
  Duration advisory = std::chrono::minutes(15);   // default: 15 min, as botocore
  Duration mandatory = std::chrono::minutes(10);  // default: 10 min, as botocore
};

class CachingCredentialsProvider final : public CredentialsProvider {
 public:
  using FetchFn = std::function<Result<Credentials>()>;
  // `fetch` is called for the first credentials and for every refresh.
  // `clock` must outlive the provider.
  CachingCredentialsProvider(FetchFn fetch, Clock& clock, RefreshWindows windows = {});

  // Seeds the cache with credentials already fetched (the chain does this
  // with the result that chose the source), so the first call does not fetch.
  void Prime(Credentials c);

  Result<Credentials> GetCredentials() override;
  // Drops the cached credentials: AWS said they expired (ExpiredToken) before
  // their stated expiration, so the next call fetches anew.
  void Invalidate() override;

 private:
  Result<Credentials> CheckNotExpired(const Credentials& c) const;

  FetchFn fetch_;
  Clock& clock_;
  RefreshWindows windows_;
  std::mutex mu_;
  std::optional<Credentials> cached_;
};

}  // namespace berth::aws
