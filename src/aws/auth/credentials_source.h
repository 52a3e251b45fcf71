// CredentialSource: one place credentials may come from (the environment, a
// profile's keys, credential_process, a container or instance endpoint, STS),
// as the default chain (credentials_chain.h) asks it. Plus the helpers every
// source shares: the AccessKeyId/SecretAccessKey JSON shape (its Expiration
// read with core/timestamp.h's ParseIso8601), and registering secrets with
// the redactor.
//
// Thread-safety: a source is called by one thread at a time (the chain and
// the caching provider call it under their lock).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "aws/auth/credentials.h"
#include "core/json.h"
#include "core/result.h"

namespace berth::aws {

class CredentialSource {
 public:
  virtual ~CredentialSource() = default;
  // For logs and messages: "environment", "credential_process of profile dev".
  virtual std::string Name() const = 0;
  // The source's current credentials. nullopt when the source is not
  // configured or not present here (*skip_reason says why, for the debug log
  // and the "no credentials" message); an error when it is configured but
  // failed, which stops the chain as in the AWS SDKs. Called again to refresh.
  virtual Result<std::optional<Credentials>> Fetch(std::string* skip_reason) = 0;
};

// Registers the secret key and session token with the log redactor.
void RegisterCredentialSecrets(const Credentials& c);

// Reads {"AccessKeyId", "SecretAccessKey", <token_key>, "Expiration"} (the
// shape of credential_process, container and IMDS responses); token and
// expiration are optional. kCredentials naming `source` when a key is missing,
// not a string, or the expiration is not ISO 8601. Never echoes values.
Result<Credentials> CredentialsFromJson(const Json& doc, std::string_view token_key, std::string_view source);

// Reads the `Credentials` member of an STS AssumeRole* result as AwsClient
// returns it ({"Credentials": {"AccessKeyId", "SecretAccessKey", "SessionToken",
// "Expiration"}}). kCredentials when it is missing.
Result<Credentials> CredentialsFromStsResult(const Json& result, std::string_view source);

}  // namespace berth::aws
