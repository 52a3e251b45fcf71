#include "aws/auth/credentials_source.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/log.h"
#include "core/timestamp.h"

namespace berth::aws {

void RegisterCredentialSecrets(const Credentials& c) {
  RegisterSecret(c.secret_access_key);
  RegisterSecret(c.session_token);
}

Result<Credentials> CredentialsFromJson(const Json& doc, std::string_view token_key, std::string_view source) {
  if (!doc.is_object()) return CredentialsError(fmt::format("{} returned JSON that is not an object", source));
  auto str = [&](std::string_view key, bool required, std::string* out) -> Status {
    auto it = doc.find(key);
    if (it == doc.end() || it->is_null()) {
      if (required) return CredentialsError(fmt::format("{} returned no {}", source, key));
      return Status::Ok();
    }
    if (!it->is_string()) return CredentialsError(fmt::format("{} returned a {} that is not a string", source, key));
    *out = it->get<std::string>();
    if (required && out->empty()) return CredentialsError(fmt::format("{} returned an empty {}", source, key));
    return Status::Ok();
  };
  Credentials c;
  std::string expiration;
  BERTH_RETURN_IF_ERROR(str("SecretAccessKey", true, &c.secret_access_key));
  RegisterSecret(c.secret_access_key);
  BERTH_RETURN_IF_ERROR(str(token_key, false, &c.session_token));
  RegisterSecret(c.session_token);
  BERTH_RETURN_IF_ERROR(str("AccessKeyId", true, &c.access_key_id));
  BERTH_RETURN_IF_ERROR(str("Expiration", false, &expiration));
  if (!expiration.empty()) {
    c.expiration = ParseIso8601(expiration);
    if (!c.expiration) {
      return CredentialsError(
          fmt::format("{} returned an Expiration '{}' that is not an ISO 8601 time", source, expiration));
    }
  }
  c.source = std::string(source);
  return c;
}

Result<Credentials> CredentialsFromStsResult(const Json& result, std::string_view source) {
  if (!result.is_object() || !result.contains("Credentials")) {
    return CredentialsError(fmt::format("{}: STS returned no Credentials element", source));
  }
  BERTH_ASSIGN_OR_RETURN(Credentials c, CredentialsFromJson(result["Credentials"], "SessionToken", source));
  if (!c.expiration) return CredentialsError(fmt::format("{}: STS returned credentials without an Expiration", source));
  return c;
}

}  // namespace berth::aws
