#include "cli/aws_context.h"

#include <fmt/format.h>

#include "aws/auth/credentials_chain.h"
#include "aws/call/rate_limit.h"
#include "core/log.h"

namespace berth::cli {

AwsContext::AwsContext() = default;
AwsContext::~AwsContext() = default;

std::string ProfileReason(const GlobalOptions& globals, const Environment& env) {
  if (globals.profile) return "--profile";
  if (env.GetNonEmpty("AWS_PROFILE")) return "AWS_PROFILE";
  if (env.GetNonEmpty("AWS_DEFAULT_PROFILE")) return "AWS_DEFAULT_PROFILE";
  return "the default";
}

std::string RegionReason(const GlobalOptions& globals, const Environment& env) {
  if (globals.region) return "--region";
  if (env.GetNonEmpty("AWS_REGION")) return "AWS_REGION";
  if (env.GetNonEmpty("AWS_DEFAULT_REGION")) return "AWS_DEFAULT_REGION";
  return "the profile's region setting";
}

namespace {

void LogSettings(const aws::AwsSettings& s, const GlobalOptions& globals, const Environment& env) {
  BERTH_LOG_INFO("profile '{}' (from {})", s.profile, ProfileReason(globals, env));
  BERTH_LOG_INFO("region '{}' (from {})", s.region, RegionReason(globals, env));
  if (!s.endpoint_url.empty()) {
    BERTH_LOG_INFO("endpoint {} for every service (from --endpoint-url)", s.endpoint_url);
  } else if (!s.global_endpoint_url.empty()) {
    BERTH_LOG_INFO(
        "endpoint {} for every service (from AWS_ENDPOINT_URL or the profile's "
        "endpoint_url)",
        s.global_endpoint_url);
  }
  for (const auto& [service, url] : s.service_endpoint_urls) {
    BERTH_LOG_INFO("endpoint {} for {} (from AWS_ENDPOINT_URL_* or the profile's services section)", url, service);
  }
  if (s.endpoint_url.empty() && s.global_endpoint_url.empty() && s.service_endpoint_urls.empty()) {
    BERTH_LOG_INFO("endpoints: AWS's public endpoints for region {}", s.region);
  }
}

}  // namespace

Result<std::unique_ptr<AwsContext>> MakeAwsContext(const GlobalOptions& globals, const Environment& env,
                                                   AwsContextOverrides overrides) {
  aws::SettingsFlags flags{globals.profile, globals.region, globals.endpoint_url};
  BERTH_ASSIGN_OR_RETURN(aws::AwsSettings settings, aws::ResolveSettings(flags, env));
  LogSettings(settings, globals, env);
  if (settings.region.empty()) {
    return ConfigError(
        fmt::format("no AWS region for profile '{}'; pass --region, set AWS_REGION, or add 'region = ...' "
                    "to the profile in {}",
                    settings.profile, settings.files.config_path));
  }

  auto ctx = std::make_unique<AwsContext>();
  ctx->settings = std::move(settings);
  ctx->clock = overrides.clock ? std::move(overrides.clock) : std::make_unique<RealClock>();
  ctx->transport = overrides.transport ? std::move(overrides.transport) : http::MakeCurlTransport();
  ctx->credentials = aws::MakeDefaultCredentialsChain(ctx->settings, env, *ctx->transport, *ctx->clock);

  // Fetched once now: a missing or expired credential is reported before any
  // work starts, and -v can say where they came from.
  BERTH_ASSIGN_OR_RETURN(aws::Credentials creds, ctx->credentials->GetCredentials());
  BERTH_LOG_INFO("credentials from {} (access key id {}...)", creds.source,
                 creds.access_key_id.substr(0, std::min<size_t>(4, creds.access_key_id.size())));

  ctx->rate_limiter = std::make_shared<aws::RateLimiter>(*ctx->clock);

  aws::ClientDeps deps;
  deps.transport = ctx->transport.get();
  deps.credentials = ctx->credentials.get();
  deps.clock = ctx->clock.get();
  deps.rate_limiter = ctx->rate_limiter.get();
  deps.settings = ctx->settings;
  if (ctx->settings.max_attempts > 0) deps.retry.max_attempts = ctx->settings.max_attempts;
  ctx->client = std::make_unique<aws::AwsClient>(std::move(deps));
  return ctx;
}

}  // namespace berth::cli
