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

}  // namespace

Json BuildGetCallerIdentityInput() {
  return Json::object();
}

Json BuildAssumeRoleInput(const AssumeRoleRequest& r) {
  Json j = {{"RoleArn", r.role_arn}, {"RoleSessionName", r.role_session_name}};
  if (!r.policy_arns.empty()) j["PolicyArns"] = PolicyArnsInput(r.policy_arns);
  PutIf(j, "Policy", r.policy);
  PutIf(j, "DurationSeconds", r.duration_seconds);
  if (!r.tags.empty()) j["Tags"] = TagsToJson(r.tags, /*capitalized=*/true);
  PutIf(j, "TransitiveTagKeys", r.transitive_tag_keys);
  PutIf(j, "ExternalId", r.external_id);
  PutIf(j, "SerialNumber", r.serial_number);
  PutIf(j, "TokenCode", r.token_code);
  PutIf(j, "SourceIdentity", r.source_identity);
  return j;
}

Json BuildAssumeRoleWithWebIdentityInput(const AssumeRoleWithWebIdentityRequest& r) {
  RegisterSecret(r.web_identity_token);
  Json j = {
      {"RoleArn", r.role_arn}, {"RoleSessionName", r.role_session_name}, {"WebIdentityToken", r.web_identity_token}};
  PutIf(j, "ProviderId", r.provider_id);
  if (!r.policy_arns.empty()) j["PolicyArns"] = PolicyArnsInput(r.policy_arns);
  PutIf(j, "Policy", r.policy);
  PutIf(j, "DurationSeconds", r.duration_seconds);
  return j;
}

Result<CallerIdentity> ParseGetCallerIdentityResponse(const Json& r) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, "GetCallerIdentity"));
  CallerIdentity id{StrField(r, "Account"), StrField(r, "Arn"), StrField(r, "UserId")};
  if (id.account.empty() || id.arn.empty()) {
    return BadResponse("GetCallerIdentity returned no Account or Arn; check that the endpoint is STS");
  }
  return id;
}

Result<AssumedRole> ParseAssumeRoleResponse(const Json& r, std::string_view operation, std::string_view role_arn) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, operation));
  Json c = ObjField(r, "Credentials");
  AssumedRole out;
  out.credentials.access_key_id = StrField(c, "AccessKeyId");
  out.credentials.secret_access_key = StrField(c, "SecretAccessKey");
  out.credentials.session_token = StrField(c, "SessionToken");
  if (out.credentials.access_key_id.empty() || out.credentials.secret_access_key.empty()) {
    return BadResponse(fmt::format("{} returned no credentials for {}", operation, role_arn));
  }
  RegisterSecret(out.credentials.secret_access_key);
  RegisterSecret(out.credentials.session_token);
  out.credentials.expiration = TimeField(c, "Expiration");
  out.credentials.source = fmt::format("sts {} {}", operation, role_arn);
  Json user = ObjField(r, "AssumedRoleUser");
  out.assumed_role_arn = StrField(user, "Arn");
  out.assumed_role_id = StrField(user, "AssumedRoleId");
  out.packed_policy_size = OptIntField(r, "PackedPolicySize");
  out.source_identity = StrField(r, "SourceIdentity");
  out.subject_from_web_identity_token = StrField(r, "SubjectFromWebIdentityToken");
  out.provider = StrField(r, "Provider");
  out.audience = StrField(r, "Audience");
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
