#include "aws/auth/credentials_cache.h"

#include <fmt/format.h>

#include "aws/auth/credentials_source.h"
#include "core/log.h"
#include "core/timestamp.h"

namespace berth::aws {

CachingCredentialsProvider::CachingCredentialsProvider(FetchFn fetch, Clock& clock, RefreshWindows windows)
    : fetch_(std::move(fetch)), clock_(clock), windows_(windows) {}

void CachingCredentialsProvider::Prime(Credentials c) {
  std::lock_guard lock(mu_);
  cached_ = std::move(c);
}

Result<Credentials> CachingCredentialsProvider::CheckNotExpired(const Credentials& c) const {
  if (c.expired_at(clock_.Now())) {
    return CredentialsError(
        fmt::format("the AWS credentials from {} expired at {}; renew them (or unset them so berth looks further)",
                    c.source.empty() ? "the configured source" : c.source, FormatIso8601(*c.expiration)));
  }
  return c;
}

Result<Credentials> CachingCredentialsProvider::GetCredentials() {
  std::lock_guard lock(mu_);
  const SystemTime now = clock_.Now();
  if (cached_ && !cached_->expiration) return *cached_;
  if (cached_ && *cached_->expiration - now > windows_.advisory) return *cached_;

  const bool mandatory = !cached_ || *cached_->expiration - now <= windows_.mandatory;
  Result<Credentials> fresh = fetch_();
  if (!fresh.ok()) {
    if (mandatory) return fresh.status();
    BERTH_LOG_WARN("refreshing AWS credentials from {} failed, using the current ones until {}: {}", cached_->source,
                   FormatIso8601(*cached_->expiration), fresh.status().message());
    return *cached_;
  }
  if (cached_ && fresh->expiration) {
    BERTH_LOG_DEBUG("refreshed AWS credentials from {}; they expire at {}", fresh->source,
                    FormatIso8601(*fresh->expiration));
  }
  cached_ = std::move(fresh).value();
  return CheckNotExpired(*cached_);
}

void CachingCredentialsProvider::Invalidate() {
  std::lock_guard lock(mu_);
  cached_.reset();
}

}  // namespace berth::aws
