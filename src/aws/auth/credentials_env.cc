#include "aws/auth/credentials_env.h"

#include <fmt/format.h>

#include "core/log.h"
#include "core/timestamp.h"

namespace berth::aws {

Result<std::optional<Credentials>> EnvironmentCredentialSource::Fetch(std::string* skip_reason) {
  auto id = env_.GetNonEmpty("AWS_ACCESS_KEY_ID");
  auto secret = env_.GetNonEmpty("AWS_SECRET_ACCESS_KEY");
  if (secret) RegisterSecret(*secret);
  if (!id && !secret) {
    *skip_reason = "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set";
    return std::optional<Credentials>();
  }
  if (!id || !secret) {
    return CredentialsError(fmt::format("{} is set but {} is not; set both or neither",
                                        id ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
                                        id ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID"));
  }
  Credentials c;
  c.access_key_id = *id;
  c.secret_access_key = *secret;
  if (auto token = env_.GetNonEmpty("AWS_SESSION_TOKEN")) {
    c.session_token = *token;
  } else if (auto legacy = env_.GetNonEmpty("AWS_SECURITY_TOKEN")) {
    c.session_token = *legacy;
  }
  RegisterSecret(c.session_token);
  if (auto exp = env_.GetNonEmpty("AWS_CREDENTIAL_EXPIRATION")) {
    c.expiration = ParseIso8601(*exp);
    if (!c.expiration) {
      return CredentialsError(
          fmt::format("AWS_CREDENTIAL_EXPIRATION is '{}', not an ISO 8601 time such as 2024-01-01T00:00:00Z", *exp));
    }
  }
  c.source = "environment";
  return std::optional<Credentials>(std::move(c));
}

}  // namespace berth::aws
