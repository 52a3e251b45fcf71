#include "aws/config/endpoints.h"

#include <array>
#include <cctype>

#include <fmt/format.h>

#include "core/strings.h"

namespace berth::aws {
namespace {

bool IsWord(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (!std::isalnum(c) && c != '_') return false;
  }
  return true;
}

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (!std::isdigit(c)) return false;
  }
  return true;
}

// "<prefix>-<word>-<digits>", the shape of botocore's partition regexes
// (e.g. aws: ^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$).
bool MatchesShape(std::string_view region, std::string_view prefix) {
  if (!StartsWith(region, prefix) || region.size() <= prefix.size() || region[prefix.size()] != '-') return false;
  std::string_view rest = region.substr(prefix.size() + 1);
  size_t dash = rest.find('-');
  if (dash == std::string_view::npos) return false;
  return IsWord(rest.substr(0, dash)) && IsDigits(rest.substr(dash + 1));
}

constexpr std::array<std::string_view, 9> kAwsPrefixes = {"us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"};

std::string_view DnsSuffix(Partition p) {
  return p == Partition::kAwsCn ? "amazonaws.com.cn" : "amazonaws.com";
}

}  // namespace

Result<Partition> PartitionForRegion(std::string_view region) {
  if (MatchesShape(region, "us-gov")) return Partition::kAwsUsGov;
  if (MatchesShape(region, "cn")) return Partition::kAwsCn;
  for (std::string_view p : kAwsPrefixes) {
    if (MatchesShape(region, p)) return Partition::kAws;
  }
  return ConfigError(
      fmt::format("region '{}' is not a valid AWS region (expected a name like us-east-1, eu-west-2, cn-north-1 or "
                  "us-gov-west-1); check --region, AWS_REGION, AWS_DEFAULT_REGION and the profile's region",
                  region));
}

Result<Endpoint> ResolveEndpoint(const ServiceInfo& service, const AwsSettings& settings) {
  std::string override_url = settings.endpoint_url;
  if (override_url.empty()) {
    auto it = settings.service_endpoint_urls.find(std::string(service.name));
    if (it != settings.service_endpoint_urls.end()) override_url = it->second;
  }
  if (override_url.empty()) override_url = settings.global_endpoint_url;

  if (!override_url.empty()) {
    while (!override_url.empty() && override_url.back() == '/') override_url.pop_back();
    // An override (a simulator, LocalStack, a VPC endpoint) still needs a
    // scope region; us-east-1 is what such endpoints accept by convention.
    return Endpoint{override_url, settings.region.empty() ? "us-east-1" : settings.region};
  }
  if (settings.region.empty()) {
    return ConfigError(
        fmt::format("no AWS region is configured for {}: pass --region, set AWS_REGION (or AWS_DEFAULT_REGION), "
                    "or add 'region = ...' to profile '{}'",
                    service.name, settings.profile));
  }
  BERTH_ASSIGN_OR_RETURN(Partition partition, PartitionForRegion(settings.region));
  // STS is always called at its regional endpoint (botocore's
  // sts_regional_endpoints=regional), never the legacy global one.
  return Endpoint{fmt::format("https://{}.{}.{}", service.endpoint_prefix, settings.region, DnsSuffix(partition)),
                  settings.region};
}

}  // namespace berth::aws
