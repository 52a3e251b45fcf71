// StsApi: the AWS STS operations berth uses: who am I (GetCallerIdentity, for
// `berth doctor` and account checks) and role assumption (AssumeRole,
// AssumeRoleWithWebIdentity, for the credentials chain and --role-arn).
//
// Returned temporary credentials have their secret access key and session
// token registered with the redactor before the parser returns; the web
// identity token sent is registered too. AssumeRoleWithWebIdentity is an
// unsigned operation in the model (AwsClient decides how to send it).
//
// Thread-safety: value types and pure functions; HttpStsApi as its AwsClient.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "aws/auth/credentials.h"
#include "aws/call/response_fields.h"
#include "core/json.h"
#include "core/result.h"

namespace berth::aws {

class AwsClient;

struct CallerIdentity {
  std::string account;
  std::string arn;
  std::string user_id;
};

struct AssumedRole {
  Credentials credentials;  // source: "sts AssumeRole <role arn>"
  std::string assumed_role_arn;
  std::string assumed_role_id;
  std::optional<int64_t> packed_policy_size;
  std::string source_identity;
  std::string subject_from_web_identity_token;  // web identity only
  std::string provider;                         // web identity only
  std::string audience;                         // web identity only
};

struct AssumeRoleRequest {
  std::string role_arn;                 // required
  std::string role_session_name;        // required: 2-64 of [\w+=,.@-]
  std::optional<int> duration_seconds;  // 900-43200; default 3600
  std::string external_id;
  std::string policy;                    // inline session policy JSON
  std::vector<std::string> policy_arns;  // managed session policies
  TagMap tags;                           // session tags
  std::vector<std::string> transitive_tag_keys;
  std::string serial_number;  // MFA device
  std::string token_code;     // MFA code
  std::string source_identity;
};

struct AssumeRoleWithWebIdentityRequest {
  std::string role_arn;
  std::string role_session_name;
  std::string web_identity_token;  // secret: registered with the redactor when built
  std::string provider_id;         // OAuth 2.0 providers only
  std::optional<int> duration_seconds;
  std::string policy;
  std::vector<std::string> policy_arns;
};

Json BuildGetCallerIdentityInput();
Json BuildAssumeRoleInput(const AssumeRoleRequest& r);
Json BuildAssumeRoleWithWebIdentityInput(const AssumeRoleWithWebIdentityRequest& r);

Result<CallerIdentity> ParseGetCallerIdentityResponse(const Json& r);
// AssumeRole and AssumeRoleWithWebIdentity. kBadResponse without credentials.
Result<AssumedRole> ParseAssumeRoleResponse(const Json& r, std::string_view operation, std::string_view role_arn);

class StsApi {
 public:
  virtual ~StsApi() = default;
  virtual Result<CallerIdentity> GetCallerIdentity() = 0;
  virtual Result<AssumedRole> AssumeRole(const AssumeRoleRequest& r) = 0;
  virtual Result<AssumedRole> AssumeRoleWithWebIdentity(const AssumeRoleWithWebIdentityRequest& r) = 0;
};

class HttpStsApi final : public StsApi {
 public:
  explicit HttpStsApi(AwsClient& client);  // `client` must outlive this object

  Result<CallerIdentity> GetCallerIdentity() override;
  Result<AssumedRole> AssumeRole(const AssumeRoleRequest& r) override;
  Result<AssumedRole> AssumeRoleWithWebIdentity(const AssumeRoleWithWebIdentityRequest& r) override;

 private:
  AwsClient& client_;
};

}  // namespace berth::aws
