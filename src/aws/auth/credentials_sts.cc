#include "aws/auth/credentials_sts.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aws/call/client.h"
#include "aws/call/service.h"
#include "core/log.h"
#include "core/strings.h"
#include "core/timestamp.h"

namespace berth::aws {
namespace {

// Credentials for a client that never signs (it is never asked).
class NoCredentials final : public CredentialsProvider {
 public:
  Result<Credentials> GetCredentials() override { return Credentials{}; }
};

Result<Json> CallSts(const StsDeps& deps, CredentialsProvider* credentials, bool unsigned_requests,
                     std::string_view operation, const Json& input) {
  const ServiceInfo* sts = FindService("sts");
  ClientDeps cd;
  cd.transport = deps.transport;
  cd.credentials = credentials;
  cd.clock = deps.clock;
  cd.settings = deps.settings;
  // STS is regional only; without a region berth asks us-east-1's endpoint.
  if (cd.settings.region.empty()) cd.settings.region = "us-east-1";
  cd.unsigned_requests = unsigned_requests;
  AwsClient client(std::move(cd));
  return client.Call(*sts, operation, input);
}

Status AsCredentialsError(const Status& s, std::string_view what) {
  Status out(StatusCode::kCredentials, fmt::format("{}: {}", what, s.message()));
  out.SetAwsDetail(s.aws_code(), s.http_status(), s.request_id());
  return out;
}

std::string DefaultSessionName(const StsDeps& deps) {
  return fmt::format("berth-{}", WholeEpochSeconds(deps.clock->Now()));
}

}  // namespace

AssumeRoleCredentialSource::AssumeRoleCredentialSource(std::string name, AssumeRoleParams params,
                                                       std::unique_ptr<CredentialsProvider> source, StsDeps deps)
    : name_(std::move(name)), params_(std::move(params)), source_(std::move(source)), deps_(std::move(deps)) {}

AssumeRoleCredentialSource::~AssumeRoleCredentialSource() = default;

Result<std::optional<Credentials>> AssumeRoleCredentialSource::Fetch(std::string* /*skip_reason*/) {
  // Fail early with the source's own message rather than STS's.
  auto src = source_->GetCredentials();
  if (!src.ok()) return src.status().WithContext(fmt::format("source credentials of {}", name_));
  Json input = {{"RoleArn", params_.role_arn},
                {"RoleSessionName", params_.session_name.empty() ? DefaultSessionName(deps_) : params_.session_name}};
  if (!params_.external_id.empty()) input["ExternalId"] = params_.external_id;
  if (params_.duration_seconds > 0) input["DurationSeconds"] = params_.duration_seconds;
  BERTH_LOG_DEBUG("credentials: assuming role {} with credentials from {}", params_.role_arn, src->source);
  auto result = CallSts(deps_, source_.get(), /*unsigned_requests=*/false, "AssumeRole", input);
  if (!result.ok()) {
    return AsCredentialsError(result.status(), fmt::format("assuming role {} ({})", params_.role_arn, name_));
  }
  BERTH_ASSIGN_OR_RETURN(Credentials c, CredentialsFromStsResult(*result, name_));
  return std::optional<Credentials>(std::move(c));
}

WebIdentityCredentialSource::WebIdentityCredentialSource(const Environment* env, const ConfigFiles& files,
                                                         std::string profile, StsDeps deps)
    : env_(env), files_(files), profile_(std::move(profile)), deps_(std::move(deps)) {}

std::string WebIdentityCredentialSource::Name() const {
  return fmt::format("web identity (profile '{}' or AWS_WEB_IDENTITY_TOKEN_FILE)", profile_);
}

std::optional<std::string> WebIdentityCredentialSource::Setting(std::string_view env_name,
                                                                std::string_view profile_key) const {
  if (env_ != nullptr) {
    if (auto v = env_->GetNonEmpty(env_name)) return v;
  }
  auto v = files_.Get(profile_, profile_key);
  if (v && v->empty()) return std::nullopt;
  return v;
}

Result<std::optional<Credentials>> WebIdentityCredentialSource::Fetch(std::string* skip_reason) {
  auto token_file = Setting("AWS_WEB_IDENTITY_TOKEN_FILE", "web_identity_token_file");
  if (!token_file) {
    *skip_reason =
        fmt::format("neither AWS_WEB_IDENTITY_TOKEN_FILE nor web_identity_token_file of profile '{}' is set", profile_);
    return std::optional<Credentials>();
  }
  auto role_arn = Setting("AWS_ROLE_ARN", "role_arn");
  if (!role_arn) {
    return ConfigError(fmt::format(
        "a web identity token file ({}) is configured but no role: set AWS_ROLE_ARN or role_arn in profile '{}'",
        *token_file, profile_));
  }
  // Re-read on every fetch: the token is rotated on disk (EKS, GitLab).
  auto text = ReadOptionalFile(*token_file);
  if (!text.ok() || !text->has_value()) {
    return CredentialsError(fmt::format("cannot read the web identity token file {}{}", *token_file,
                                        text.ok() ? ": it does not exist" : ": " + text.status().message()));
  }
  std::string token(Trim(**text));
  RegisterSecret(token);
  if (token.empty()) return CredentialsError(fmt::format("the web identity token file {} is empty", *token_file));
  Json input = {
      {"RoleArn", *role_arn},
      {"RoleSessionName", Setting("AWS_ROLE_SESSION_NAME", "role_session_name").value_or(DefaultSessionName(deps_))},
      {"WebIdentityToken", token}};
  BERTH_LOG_DEBUG("credentials: assuming role {} with the web identity token in {}", *role_arn, *token_file);
  NoCredentials none;
  auto result = CallSts(deps_, &none, /*unsigned_requests=*/true, "AssumeRoleWithWebIdentity", input);
  if (!result.ok()) {
    return AsCredentialsError(result.status(), fmt::format("assuming role {} with a web identity token", *role_arn));
  }
  BERTH_ASSIGN_OR_RETURN(Credentials c,
                         CredentialsFromStsResult(*result, fmt::format("web identity role {}", *role_arn)));
  return std::optional<Credentials>(std::move(c));
}

}  // namespace berth::aws
