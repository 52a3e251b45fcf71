#include "aws/stack.h"

#include <fmt/format.h>

#include "aws/auth/credentials_chain.h"
#include "aws/call/rate_limit.h"
#include "core/log.h"

namespace berth::aws {

AwsStack::AwsStack() = default;
AwsStack::~AwsStack() = default;

std::string ProfileReason(const SettingsFlags& flags, const Environment& env) {
  if (flags.profile) return "--profile";
  if (env.GetNonEmpty("AWS_PROFILE")) return "AWS_PROFILE";
  if (env.GetNonEmpty("AWS_DEFAULT_PROFILE")) return "AWS_DEFAULT_PROFILE";
  return "the default";
}

std::string RegionReason(const SettingsFlags& flags, const Environment& env) {
  if (flags.region) return "--region";
  if (env.GetNonEmpty("AWS_REGION")) return "AWS_REGION";
  if (env.GetNonEmpty("AWS_DEFAULT_REGION")) return "AWS_DEFAULT_REGION";
  return "the profile's region setting";
}

namespace {

void LogSettings(const AwsSettings& s, const SettingsFlags& flags, const Environment& env) {
  BERTH_LOG_INFO("profile '{}' (from {})", s.profile, ProfileReason(flags, env));
  BERTH_LOG_INFO("region '{}' (from {})", s.region, RegionReason(flags, env));
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

Result<std::unique_ptr<AwsStack>> MakeAwsStack(const Environment& env, StackOptions options) {
  BERTH_ASSIGN_OR_RETURN(AwsSettings settings, ResolveSettings(options.flags, env));
  LogSettings(settings, options.flags, env);
  if (settings.region.empty()) {
    return ConfigError(
        fmt::format("no AWS region for profile '{}'; pass --region, set AWS_REGION, or add 'region = ...' "
                    "to the profile in {}",
                    settings.profile, settings.files.config_path));
  }

  auto stack = std::make_unique<AwsStack>();
  stack->settings = std::move(settings);
  if (options.clock != nullptr) {
    stack->clock = options.clock;
  } else {
    stack->owned_clock = std::make_unique<RealClock>();
    stack->clock = stack->owned_clock.get();
  }
  stack->transport = options.transport ? std::move(options.transport) : http::MakeCurlTransport();
  stack->credentials = MakeDefaultCredentialsChain(stack->settings, env, *stack->transport, *stack->clock);

  // Fetched once now: a missing or expired credential is reported before any
  // work starts, and -v can say where they came from.
  BERTH_ASSIGN_OR_RETURN(Credentials creds, stack->credentials->GetCredentials());
  BERTH_LOG_INFO("credentials from {} (access key id {}...)", creds.source,
                 creds.access_key_id.substr(0, std::min<size_t>(4, creds.access_key_id.size())));

  stack->rate_limiter = std::make_shared<RateLimiter>(*stack->clock);

  ClientDeps deps;
  deps.transport = stack->transport.get();
  deps.credentials = stack->credentials.get();
  deps.clock = stack->clock;
  deps.rate_limiter = stack->rate_limiter.get();
  deps.settings = stack->settings;
  deps.cancel = options.cancel;
  if (stack->settings.max_attempts > 0) deps.retry.max_attempts = stack->settings.max_attempts;
  stack->client = std::make_unique<AwsClient>(std::move(deps));
  return stack;
}

}  // namespace berth::aws
