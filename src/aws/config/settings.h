// AwsSettings: everything berth resolves from flags, environment variables and
// the shared config/credentials files before it makes a call: the profile, the
// region, endpoint overrides and retry settings.
//
// Resolution order (the AWS SDKs' order; docs/aws.md has the full table):
//   region:    --region, AWS_REGION, AWS_DEFAULT_REGION, profile `region`
//   profile:   --profile, AWS_PROFILE, AWS_DEFAULT_PROFILE, "default"
//   endpoints: --endpoint-url, AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL,
//              profile `services` section, profile `endpoint_url`
//              (all but --endpoint-url off with AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true)
//   retries:   AWS_MAX_ATTEMPTS / profile max_attempts, AWS_RETRY_MODE / retry_mode
//   request time-out: --request-timeout, BERTH_REQUEST_TIMEOUT, 60 s
//
// Thread-safety: a value type.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "aws/config/config_file.h"
#include "core/env.h"
#include "core/result.h"

namespace berth::aws {

struct SettingsFlags {
  std::optional<std::string> profile;          // --profile
  std::optional<std::string> region;           // --region
  std::optional<std::string> endpoint_url;     // --endpoint-url (all services)
  std::optional<std::string> request_timeout;  // --request-timeout: a duration ("30s", "2m")
};

struct AwsSettings {
  std::string profile = "default";
  bool profile_from_flag = false;   // --profile given: environment keys are skipped
  std::string region;               // validated: a known partition's pattern
  std::string endpoint_url;         // --endpoint-url, wins over everything below
  std::string global_endpoint_url;  // AWS_ENDPOINT_URL or profile endpoint_url
  // Per-service overrides keyed by ServiceInfo::name ("ecs", "elbv2", ...).
  std::map<std::string, std::string> service_endpoint_urls;
  int max_attempts = 0;  // 0: berth's default for the call kind
  std::string retry_mode = "standard";
  // How long one HTTP request may take before it fails as a network error
  // (and is retried): --request-timeout, BERTH_REQUEST_TIMEOUT, else 60 s.
  // Between 1 s and 1 h.
  std::chrono::milliseconds request_timeout{60000};
  // The parsed shared files, kept for the credentials chain.
  ConfigFiles files;
};

// Reads the shared files (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, or
// ~/.aws/{config,credentials}) and resolves settings.
// kConfig for a malformed file, an unknown explicitly named profile, or a
// region that matches no partition; the message says what to fix.
Result<AwsSettings> ResolveSettings(const SettingsFlags& flags, const Environment& env);

// The same with the shared files already parsed (tests, and callers that
// load the files once).
Result<AwsSettings> ResolveSettingsWithFiles(const SettingsFlags& flags, const Environment& env, ConfigFiles files);

// kConfig unless `region` matches a partition's pattern (endpoints.h).
Status ValidateRegion(std::string_view region);

}  // namespace berth::aws
