#include "aws/auth/credentials_imds.h"

#include <charconv>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/log.h"
#include "core/strings.h"

namespace berth::aws {
namespace {

constexpr std::string_view kTokenPath = "/latest/api/token";
constexpr std::string_view kRolePath = "/latest/meta-data/iam/security-credentials/";

bool IsTrue(const std::optional<std::string>& v) {
  return v && EqualsIgnoreCase(Trim(*v), "true");
}

int ParsePositive(const std::optional<std::string>& v, int fallback) {
  if (!v) return fallback;
  std::string_view t = Trim(*v);
  int n = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
  return ec == std::errc() && p == t.data() + t.size() && n > 0 ? n : fallback;
}

}  // namespace

Result<http::Response> ImdsCredentialSource::Send(http::Request req) const {
  req.timeout = timeout_;
  Result<http::Response> resp = NetworkError("not sent");
  for (int i = 0; i < attempts_; ++i) {
    resp = transport_.Send(req);
    if (resp.ok() && resp->status < 500) break;
  }
  return resp;
}

Result<std::optional<Credentials>> ImdsCredentialSource::Fetch(std::string* skip_reason) {
  if (IsTrue(env_.Get("AWS_EC2_METADATA_DISABLED"))) {
    *skip_reason = "AWS_EC2_METADATA_DISABLED=true";
    return std::optional<Credentials>();
  }
  if (auto ep = env_.GetNonEmpty("AWS_EC2_METADATA_SERVICE_ENDPOINT")) {
    endpoint_ = *ep;
  } else if (EqualsIgnoreCase(env_.GetNonEmpty("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE").value_or(""), "ipv6")) {
    endpoint_ = "http://[fd00:ec2::254]";
  } else {
    endpoint_ = "http://169.254.169.254";
  }
  while (!endpoint_.empty() && endpoint_.back() == '/') endpoint_.pop_back();
  timeout_ = std::chrono::seconds(ParsePositive(env_.GetNonEmpty("AWS_METADATA_SERVICE_TIMEOUT"), 1));
  attempts_ = ParsePositive(env_.GetNonEmpty("AWS_METADATA_SERVICE_NUM_ATTEMPTS"), 1);

  // Step 1: a session token (IMDSv2).
  http::Request put;
  put.method = "PUT";
  put.url = endpoint_ + std::string(kTokenPath);
  put.headers.emplace_back("X-aws-ec2-metadata-token-ttl-seconds", "21600");
  auto token_resp = Send(put);
  std::string token;
  if (token_resp.ok() && token_resp->status == 200) {
    token = token_resp->body;
    RegisterSecret(token);
  } else {
    const bool may_fall_back =
        !token_resp.ok() || token_resp->status == 403 || token_resp->status == 404 || token_resp->status == 405;
    std::string why = token_resp.ok() ? fmt::format("HTTP {}", token_resp->status) : token_resp.status().message();
    if (!may_fall_back) {
      *skip_reason = fmt::format("the IMDSv2 token request to {} failed ({})", endpoint_, why);
      return std::optional<Credentials>();
    }
    if (IsTrue(env_.Get("AWS_EC2_METADATA_V1_DISABLED"))) {
      *skip_reason = fmt::format("no IMDSv2 token from {} ({}) and AWS_EC2_METADATA_V1_DISABLED=true", endpoint_, why);
      return std::optional<Credentials>();
    }
    BERTH_LOG_DEBUG("IMDSv2 token request failed ({}); trying IMDSv1", why);
  }

  auto get = [&](std::string path) {
    http::Request req;
    req.method = "GET";
    req.url = endpoint_ + path;
    if (!token.empty()) req.headers.emplace_back("X-aws-ec2-metadata-token", token);
    return Send(std::move(req));
  };
  // Step 2: the instance profile's role name.
  auto role_resp = get(std::string(kRolePath));
  if (!role_resp.ok() || role_resp->status != 200) {
    *skip_reason =
        role_resp.ok()
            ? fmt::format("{} has no instance profile role (HTTP {})", endpoint_, role_resp->status)
            : fmt::format("no instance metadata service at {} ({})", endpoint_, role_resp.status().message());
    return std::optional<Credentials>();
  }
  std::string role(Trim(role_resp->body));
  if (auto nl = role.find('\n'); nl != std::string::npos) role.resize(nl);  // first role only
  if (role.empty() || role.find_first_of("/?# ") != std::string::npos) {
    return CredentialsError(
        fmt::format("the instance metadata service at {} returned an unusable role name", endpoint_));
  }
  // Step 3: the role's credentials.
  auto creds_resp = get(std::string(kRolePath) + role);
  if (!creds_resp.ok()) {
    return CredentialsError(fmt::format("cannot read instance profile credentials for role '{}' from {}: {}", role,
                                        endpoint_, creds_resp.status().message()));
  }
  if (creds_resp->status != 200) {
    return CredentialsError(fmt::format("the instance metadata service at {} answered HTTP {} for role '{}'", endpoint_,
                                        creds_resp->status, role));
  }
  Json doc = Json::parse(creds_resp->body, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    return CredentialsError(
        fmt::format("the instance metadata service at {} returned credentials that are not JSON", endpoint_));
  }
  if (auto code = doc.find("Code"); code != doc.end() && code->is_string() && *code != "Success") {
    return CredentialsError(
        fmt::format("the instance metadata service reports '{}' for role '{}'", code->get<std::string>(), role));
  }
  BERTH_ASSIGN_OR_RETURN(Credentials c, CredentialsFromJson(doc, "Token", fmt::format("IMDS role '{}'", role)));
  return std::optional<Credentials>(std::move(c));
}

}  // namespace berth::aws
