#include "aws/auth/credentials_container.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aws/config/config_file.h"
#include "core/log.h"
#include "core/strings.h"
#include "http/url.h"

namespace berth::aws {
namespace {

bool IsLoopback(std::string_view host) {
  if (host == "localhost" || host == "[::1]") return true;
  // 127.0.0.0/8, written as a dotted quad.
  if (!StartsWith(host, "127.")) return false;
  auto parts = Split(host, '.');
  if (parts.size() != 4) return false;
  for (const std::string& p : parts) {
    if (p.empty() || p.size() > 3 || p.find_first_not_of("0123456789") != std::string::npos || std::stoi(p) > 255) {
      return false;
    }
  }
  return true;
}

}  // namespace

bool IsAllowedContainerUrl(std::string_view url) {
  auto parsed = http::ParseUrl(url);
  if (!parsed.ok()) return false;
  if (parsed->scheme == "https") return true;
  const std::string& h = parsed->host;
  return IsLoopback(h) || h == "169.254.170.2" || h == "169.254.170.23" || h == "[fd00:ec2::23]";
}

Result<std::string> ContainerCredentialSource::AuthorizationHeader() const {
  std::string token;
  if (auto file = env_.GetNonEmpty("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
    BERTH_ASSIGN_OR_RETURN(auto text, ReadOptionalFile(*file));
    if (!text) {
      return ConfigError(fmt::format("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE names {}, which does not exist", *file));
    }
    // A trailing newline is what `echo` leaves; anything else with CR/LF is refused below.
    token = std::string(Trim(*text));
  } else if (auto value = env_.GetNonEmpty("AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
    token = *value;
  }
  RegisterSecret(token);
  if (token.find_first_of("\r\n") != std::string::npos) {
    return ConfigError(
        "the container authorization token contains a line break, which would forge HTTP headers; fix "
        "AWS_CONTAINER_AUTHORIZATION_TOKEN(_FILE)");
  }
  return token;
}

Result<std::optional<Credentials>> ContainerCredentialSource::Fetch(std::string* skip_reason) {
  std::string url;
  if (auto rel = env_.GetNonEmpty("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
    url = options_.relative_base + (StartsWith(*rel, "/") ? "" : "/") + *rel;
  } else if (auto full = env_.GetNonEmpty("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
    if (!IsAllowedContainerUrl(*full)) {
      return ConfigError(
          fmt::format("AWS_CONTAINER_CREDENTIALS_FULL_URI '{}' is not allowed: use https, a loopback address, or "
                      "169.254.170.2 / 169.254.170.23 / [fd00:ec2::23]",
                      *full));
    }
    url = *full;
  } else {
    *skip_reason = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and AWS_CONTAINER_CREDENTIALS_FULL_URI are not set";
    return std::optional<Credentials>();
  }
  BERTH_ASSIGN_OR_RETURN(std::string token, AuthorizationHeader());

  http::Request req;
  req.method = "GET";
  req.url = url;
  req.timeout = options_.timeout;
  req.headers.emplace_back("Accept", "application/json");
  if (!token.empty()) req.headers.emplace_back("Authorization", token);
  Result<http::Response> resp = NetworkError("not sent");
  for (int attempt = 1; attempt <= std::max(1, options_.attempts); ++attempt) {
    resp = transport_.Send(req);
    if (resp.ok() && resp->status < 500) break;
  }
  if (!resp.ok()) {
    return CredentialsError(
        fmt::format("cannot reach the container credentials endpoint {}: {}", url, resp.status().message()));
  }
  if (resp->status != 200) {
    return CredentialsError(fmt::format(
        "the container credentials endpoint {} answered HTTP {}; check the task role and the authorization token", url,
        resp->status));
  }
  Json doc = Json::parse(resp->body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return CredentialsError(fmt::format("the container credentials endpoint {} did not return JSON", url));
  }
  BERTH_ASSIGN_OR_RETURN(Credentials c, CredentialsFromJson(doc, "Token", "the container credentials endpoint"));
  return std::optional<Credentials>(std::move(c));
}

}  // namespace berth::aws
