#include "aws/config/settings.h"

#include <charconv>

#include <fmt/format.h>

#include "aws/call/service.h"
#include "aws/config/endpoints.h"
#include "core/duration.h"
#include "core/log.h"
#include "core/strings.h"
#include "http/url.h"

namespace berth::aws {
namespace {

bool IsTrue(const std::optional<std::string>& v) {
  return v && EqualsIgnoreCase(Trim(*v), "true");
}

// Normalises an endpoint URL (no trailing '/'); kConfig naming where it came from.
Result<std::string> CheckEndpointUrl(std::string_view url, std::string_view origin) {
  std::string u(Trim(url));
  while (!u.empty() && u.back() == '/') u.pop_back();
  auto parsed = http::ParseUrl(u);
  if (!parsed.ok()) {
    return ConfigError(fmt::format("{} is not a usable endpoint URL: {}", origin, parsed.status().message()));
  }
  return u;
}

Result<std::string> ResolveProfile(const SettingsFlags& flags, const Environment& env, const ConfigFiles& files,
                                   bool* from_flag) {
  std::optional<std::string> name;
  std::string origin;
  if (flags.profile && !flags.profile->empty()) {
    name = flags.profile;
    origin = "--profile";
    *from_flag = true;
  } else if ((name = env.GetNonEmpty("AWS_PROFILE"))) {
    origin = "AWS_PROFILE";
  } else if ((name = env.GetNonEmpty("AWS_DEFAULT_PROFILE"))) {
    origin = "AWS_DEFAULT_PROFILE";
  }
  if (!name) return std::string("default");
  if (!files.HasProfile(*name)) {
    auto names = files.ProfileNames();
    return ConfigError(
        fmt::format("profile '{}' (from {}) is not defined in {} or {}; profiles that exist: {}. "
                    "Fix the name or add a [profile {}] section",
                    *name, origin, files.config_path.empty() ? "~/.aws/config" : files.config_path,
                    files.credentials_path.empty() ? "~/.aws/credentials" : files.credentials_path,
                    names.empty() ? "(none)" : Join(names, ", "), *name));
  }
  return *name;
}

Status ResolveRegion(const SettingsFlags& flags, const Environment& env, const ConfigFiles& files, AwsSettings* out) {
  std::optional<std::string> region;
  std::string origin;
  if (flags.region && !flags.region->empty()) {
    region = flags.region;
    origin = "--region";
  } else if ((region = env.GetNonEmpty("AWS_REGION"))) {
    origin = "AWS_REGION";
  } else if ((region = env.GetNonEmpty("AWS_DEFAULT_REGION"))) {
    origin = "AWS_DEFAULT_REGION";
  } else if ((region = files.Get(out->profile, "region")) && !region->empty()) {
    origin = fmt::format("profile '{}' in {}", out->profile, files.config_path);
  } else {
    return Status::Ok();  // none: ResolveEndpoint says how to set one, when one is needed
  }
  std::string r(Trim(*region));
  Status s = ValidateRegion(r);
  if (!s.ok()) return s.WithContext(fmt::format("region from {}", origin));
  out->region = std::move(r);
  return Status::Ok();
}

Status ResolveEndpoints(const SettingsFlags& flags, const Environment& env, const ConfigFiles& files,
                        AwsSettings* out) {
  if (flags.endpoint_url && !flags.endpoint_url->empty()) {
    auto url = CheckEndpointUrl(*flags.endpoint_url, "--endpoint-url");
    // A flag typed wrong is a usage error (exit 3), not a broken config file.
    if (!url.ok()) return InvalidArgument(url.status().message());
    out->endpoint_url = *url;
  }
  if (IsTrue(env.Get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) ||
      IsTrue(files.Get(out->profile, "ignore_configured_endpoint_urls"))) {
    BERTH_LOG_DEBUG("configured endpoint URLs ignored (AWS_IGNORE_CONFIGURED_ENDPOINT_URLS)");
    return Status::Ok();
  }
  if (auto v = env.GetNonEmpty("AWS_ENDPOINT_URL")) {
    BERTH_ASSIGN_OR_RETURN(out->global_endpoint_url, CheckEndpointUrl(*v, "AWS_ENDPOINT_URL"));
  }
  std::string profile_url;
  if (auto v = files.Get(out->profile, "endpoint_url"); v && !v->empty()) {
    BERTH_ASSIGN_OR_RETURN(profile_url,
                           CheckEndpointUrl(*v, fmt::format("endpoint_url of profile '{}'", out->profile)));
  }
  const IniSection* services = nullptr;
  if (auto name = files.Get(out->profile, "services"); name && !name->empty()) {
    auto it = files.services_sections.find(*name);
    if (it == files.services_sections.end()) {
      return ConfigError(fmt::format("profile '{}' names services section '{}', but {} has no [services {}]",
                                     out->profile, *name, files.config_path, *name));
    }
    services = &it->second;
  }
  // Per service, the first of: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL,
  // [services x] <key>.endpoint_url, profile endpoint_url (botocore's order).
  for (const ServiceInfo& svc : AllServices()) {
    std::string env_name = fmt::format("AWS_ENDPOINT_URL_{}", svc.env_name);
    std::string url;
    if (auto v = env.GetNonEmpty(env_name)) {
      BERTH_ASSIGN_OR_RETURN(url, CheckEndpointUrl(*v, env_name));
    } else if (!out->global_endpoint_url.empty()) {
      url = out->global_endpoint_url;
    } else if (services != nullptr) {
      auto it = services->find(fmt::format("{}.endpoint_url", svc.config_key));
      if (it != services->end() && !it->second.empty()) {
        BERTH_ASSIGN_OR_RETURN(
            url, CheckEndpointUrl(it->second, fmt::format("[services {}] {}.endpoint_url",
                                                          *files.Get(out->profile, "services"), svc.config_key)));
      }
    }
    if (url.empty()) url = profile_url;
    if (!url.empty()) out->service_endpoint_urls[std::string(svc.name)] = url;
  }
  if (out->global_endpoint_url.empty()) out->global_endpoint_url = profile_url;
  return Status::Ok();
}

Status ResolveRetries(const Environment& env, const ConfigFiles& files, AwsSettings* out) {
  std::string origin = "AWS_MAX_ATTEMPTS";
  auto attempts = env.GetNonEmpty("AWS_MAX_ATTEMPTS");
  if (!attempts) {
    attempts = files.Get(out->profile, "max_attempts");
    origin = fmt::format("max_attempts of profile '{}'", out->profile);
  }
  if (attempts && !attempts->empty()) {
    std::string_view t = Trim(*attempts);
    int n = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
    if (ec != std::errc() || p != t.data() + t.size() || n < 1 || n > 100) {
      return ConfigError(fmt::format("{} is '{}'; set it to a whole number from 1 to 100", origin, t));
    }
    out->max_attempts = n;
  }
  origin = "AWS_RETRY_MODE";
  auto mode = env.GetNonEmpty("AWS_RETRY_MODE");
  if (!mode) {
    mode = files.Get(out->profile, "retry_mode");
    origin = fmt::format("retry_mode of profile '{}'", out->profile);
  }
  if (mode && !mode->empty()) {
    std::string m = ToLower(Trim(*mode));
    if (m != "standard" && m != "legacy" && m != "adaptive") {
      return ConfigError(fmt::format("{} is '{}'; use standard, adaptive or legacy", origin, *mode));
    }
    out->retry_mode = m;
  }
  return Status::Ok();
}

Status ResolveRequestTimeout(const SettingsFlags& flags, const Environment& env, AwsSettings* out) {
  std::optional<std::string> text = flags.request_timeout;
  std::string origin = "--request-timeout";
  if (!text) {
    text = env.GetNonEmpty("BERTH_REQUEST_TIMEOUT");
    origin = "BERTH_REQUEST_TIMEOUT";
  }
  if (!text) return Status::Ok();
  auto d = ParseDuration(Trim(*text));
  constexpr auto kMin = std::chrono::seconds(1);
  constexpr auto kMax = std::chrono::hours(1);
  if (!d || *d < kMin || *d > kMax) {
    std::string message = fmt::format(
        "{} is '{}'; give a duration from 1s to 1h, such as 30s or 2m (a bare number is seconds)", origin, *text);
    if (flags.request_timeout) return InvalidArgument(std::move(message));
    return ConfigError(std::move(message));
  }
  out->request_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(*d);
  return Status::Ok();
}

}  // namespace

Status ValidateRegion(std::string_view region) {
  auto p = PartitionForRegion(region);
  return p.ok() ? Status::Ok() : p.status();
}

Result<AwsSettings> ResolveSettingsWithFiles(const SettingsFlags& flags, const Environment& env, ConfigFiles files) {
  AwsSettings out;
  BERTH_ASSIGN_OR_RETURN(out.profile, ResolveProfile(flags, env, files, &out.profile_from_flag));
  BERTH_RETURN_IF_ERROR(ResolveRegion(flags, env, files, &out));
  BERTH_RETURN_IF_ERROR(ResolveEndpoints(flags, env, files, &out));
  BERTH_RETURN_IF_ERROR(ResolveRetries(env, files, &out));
  BERTH_RETURN_IF_ERROR(ResolveRequestTimeout(flags, env, &out));
  BERTH_LOG_DEBUG("aws settings: profile '{}', region '{}'", out.profile, out.region);
  out.files = std::move(files);
  return out;
}

Result<AwsSettings> ResolveSettings(const SettingsFlags& flags, const Environment& env) {
  BERTH_ASSIGN_OR_RETURN(ConfigFiles files, LoadConfigFiles(env));
  return ResolveSettingsWithFiles(flags, env, std::move(files));
}

}  // namespace berth::aws
