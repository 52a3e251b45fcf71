#include "aws/sts/api.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aws/call/client.h"
#include "aws/call/typed_call.h"
#include "core/log.h"

namespace berth::aws {
namespace {

constexpr std::string_view kSts = "sts";

Json PolicyArnsInput(const std::vector<std::string>& arns) {
  Json out = Json::array();
  for (const auto& arn : arns) out.push_back({{"arn", arn}});
  return out;
}

// The members both AssumeRole inputs start with; the tables hold the
// optional members each sends after PolicyArns.
template <typename T>
Json RoleInput(const T& r) {
  return Json{{"RoleArn", r.role_arn}, {"RoleSessionName", r.role_session_name}};
}

constexpr Field<AssumeRoleRequest> kAssumeRoleTail[] = {
    {"Policy", &AssumeRoleRequest::policy},
    {"DurationSeconds", &AssumeRoleRequest::duration_seconds},
    {"Tags", &AssumeRoleRequest::tags},
    {"TransitiveTagKeys", &AssumeRoleRequest::transitive_tag_keys},
    {"ExternalId", &AssumeRoleRequest::external_id},
    {"SerialNumber", &AssumeRoleRequest::serial_number},
    {"TokenCode", &AssumeRoleRequest::token_code},
    {"SourceIdentity", &AssumeRoleRequest::source_identity},
};

constexpr Field<AssumeRoleWithWebIdentityRequest> kWebIdentityTail[] = {
    {"Policy", &AssumeRoleWithWebIdentityRequest::policy},
    {"DurationSeconds", &AssumeRoleWithWebIdentityRequest::duration_seconds},
};

constexpr Field<CallerIdentity> kCallerIdentity[] = {
    {"Account", &CallerIdentity::account},
    {"Arn", &CallerIdentity::arn},
    {"UserId", &CallerIdentity::user_id},
};

constexpr Field<Credentials> kCredentials[] = {
    {"AccessKeyId", &Credentials::access_key_id},
    {"SecretAccessKey", &Credentials::secret_access_key},
    {"SessionToken", &Credentials::session_token},
    {"Expiration", &Credentials::expiration},
};

constexpr Field<AssumedRole> kAssumedRole[] = {
    {"AssumedRoleUser.Arn", &AssumedRole::assumed_role_arn},
    {"AssumedRoleUser.AssumedRoleId", &AssumedRole::assumed_role_id},
    {"PackedPolicySize", &AssumedRole::packed_policy_size},
    {"SourceIdentity", &AssumedRole::source_identity},
    {"SubjectFromWebIdentityToken", &AssumedRole::subject_from_web_identity_token},
    {"Provider", &AssumedRole::provider},
    {"Audience", &AssumedRole::audience},
};

}  // namespace

Json BuildGetCallerIdentityInput() {
  return Json::object();
}

Json BuildAssumeRoleInput(const AssumeRoleRequest& r) {
  Json j = RoleInput(r);
  if (!r.policy_arns.empty()) j["PolicyArns"] = PolicyArnsInput(r.policy_arns);
  WriteFields(j, r, kAssumeRoleTail);
  return j;
}

Json BuildAssumeRoleWithWebIdentityInput(const AssumeRoleWithWebIdentityRequest& r) {
  RegisterSecret(r.web_identity_token);
  Json j = RoleInput(r);
  j["WebIdentityToken"] = r.web_identity_token;
  PutIf(j, "ProviderId", r.provider_id);
  if (!r.policy_arns.empty()) j["PolicyArns"] = PolicyArnsInput(r.policy_arns);
  WriteFields(j, r, kWebIdentityTail);
  return j;
}

Result<CallerIdentity> ParseGetCallerIdentityResponse(const Json& r) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, "GetCallerIdentity"));
  CallerIdentity id = ReadShape(r, kCallerIdentity);
  if (id.account.empty() || id.arn.empty()) {
    return BadResponse("GetCallerIdentity returned no Account or Arn; check that the endpoint is STS");
  }
  return id;
}

Result<AssumedRole> ParseAssumeRoleResponse(const Json& r, std::string_view operation, std::string_view role_arn) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, operation));
  AssumedRole out = ReadShape(r, kAssumedRole);
  ReadFields(ObjField(r, "Credentials"), kCredentials, out.credentials);
  if (out.credentials.access_key_id.empty() || out.credentials.secret_access_key.empty()) {
    return BadResponse(fmt::format("{} returned no credentials for {}", operation, role_arn));
  }
  RegisterSecret(out.credentials.secret_access_key);
  RegisterSecret(out.credentials.session_token);
  out.credentials.source = fmt::format("sts {} {}", operation, role_arn);
  return out;
}

HttpStsApi::HttpStsApi(AwsClient& client) : client_(client) {}

Result<CallerIdentity> HttpStsApi::GetCallerIdentity() {
  BERTH_ASSIGN_OR_RETURN(Json out, CallService(client_, kSts, "GetCallerIdentity", BuildGetCallerIdentityInput()));
  return ParseGetCallerIdentityResponse(out);
}

Result<AssumedRole> HttpStsApi::AssumeRole(const AssumeRoleRequest& r) {
  BERTH_ASSIGN_OR_RETURN(Json out, CallService(client_, kSts, "AssumeRole", BuildAssumeRoleInput(r)));
  return ParseAssumeRoleResponse(out, "AssumeRole", r.role_arn);
}

Result<AssumedRole> HttpStsApi::AssumeRoleWithWebIdentity(const AssumeRoleWithWebIdentityRequest& r) {
  BERTH_ASSIGN_OR_RETURN(
      Json out, CallService(client_, kSts, "AssumeRoleWithWebIdentity", BuildAssumeRoleWithWebIdentityInput(r)));
  return ParseAssumeRoleResponse(out, "AssumeRoleWithWebIdentity", r.role_arn);
}

}  // namespace berth::aws
