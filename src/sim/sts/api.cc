#include "sim/sts/api.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/crypto.h"
#include "core/strings.h"
#include "core/timestamp.h"

namespace berth::sim {
namespace {

const std::string& Require(const QueryParams& params, const char* name) {
  const std::string* v = FindParam(params, name);
  if (v == nullptr || v->empty())
    ThrowApiError(400, "ValidationError",
                  fmt::format("1 validation error detected: Value null at '{}' failed to satisfy constraint: Member "
                              "must not be null",
                              std::string(1, static_cast<char>(std::tolower(name[0]))) + (name + 1)));
  return *v;
}

struct RoleArnParts {
  std::string account;
  std::string role_name;
};

RoleArnParts ParseRoleArn(const std::string& arn) {
  // arn:aws:iam::123456789012:role/path/name
  auto parts = Split(arn, ':');
  if (parts.size() != 6 || parts[0] != "arn" || parts[2] != "iam" || parts[4].size() != 12 ||
      !StartsWith(parts[5], "role/"))
    ThrowApiError(400, "ValidationError", fmt::format("{} is invalid", arn));
  std::string name = parts[5].substr(parts[5].rfind('/') + 1);
  return {parts[4], name};
}

int Duration(const QueryParams& params) {
  const std::string* d = FindParam(params, "DurationSeconds");
  if (d == nullptr) return 3600;
  int v = 0;
  try {
    v = std::stoi(*d);
  } catch (...) {
    ThrowApiError(400, "ValidationError", "DurationSeconds must be a number");
  }
  if (v < 900 || v > 43200)
    ThrowApiError(400, "ValidationError",
                  fmt::format("1 validation error detected: Value '{}' at 'durationSeconds' failed to satisfy "
                              "constraint: Member must have value between 900 and 43200",
                              v));
  return v;
}

std::string Issue(World& world, CredentialStore& store, const RoleArnParts& role, const std::string& session,
                  int duration, std::string extra) {
  Principal p;
  p.access_key_id = "ASIA" + world.ids().Alnum(16);
  p.secret_access_key = world.ids().Alnum(40);
  p.session_token = "FwoGZXIvYXdzE" + Base64Encode(world.ids().TaskId() + world.ids().TaskId());
  p.expiration = world.now() + std::chrono::seconds(duration);
  p.account_id = role.account;
  p.arn = fmt::format("arn:aws:sts::{}:assumed-role/{}/{}", role.account, role.role_name, session);
  std::string role_id = "AROA" + world.ids().Alnum(17);
  p.user_id = role_id + ":" + session;
  store.Add(p);
  return fmt::format(
      "    <Credentials>\n      <AccessKeyId>{}</AccessKeyId>\n      <SecretAccessKey>{}</SecretAccessKey>\n"
      "      <SessionToken>{}</SessionToken>\n      <Expiration>{}</Expiration>\n    </Credentials>\n"
      "    <AssumedRoleUser>\n      <AssumedRoleId>{}</AssumedRoleId>\n      <Arn>{}</Arn>\n    </AssumedRoleUser>\n"
      "{}",
      p.access_key_id, p.secret_access_key, p.session_token, FormatIso8601(*p.expiration), XmlEscape(p.user_id),
      XmlEscape(p.arn), extra);
}

// The claims of a JWT, or an empty object when it is not one (the simulator
// does not verify web identity tokens).
Json JwtClaims(const std::string& token) {
  auto parts = Split(token, '.');
  if (parts.size() != 3) return Json::object();
  std::string b64 = ReplaceAll(ReplaceAll(parts[1], "-", "+"), "_", "/");
  while (b64.size() % 4 != 0) b64.push_back('=');
  auto decoded = Base64Decode(b64);
  if (!decoded) return Json::object();
  Json claims = Json::parse(*decoded, nullptr, false);
  return claims.is_object() ? claims : Json::object();
}

std::string Handle(CredentialStore& store, World& world, const std::string& op, const QueryParams& params,
                   const RequestContext& ctx) {
  if (op == "GetCallerIdentity") {
    auto p = store.Find(ctx.access_key_id);
    std::string user_id = p ? p->user_id : "AIDASIMULATOR";
    return fmt::format("    <Arn>{}</Arn>\n    <UserId>{}</UserId>\n    <Account>{}</Account>\n",
                       XmlEscape(ctx.caller_arn), XmlEscape(user_id), ctx.account_id);
  }
  const std::string& role_arn = Require(params, "RoleArn");
  const std::string& session = Require(params, "RoleSessionName");
  RoleArnParts role = ParseRoleArn(role_arn);
  int duration = Duration(params);
  if (op == "AssumeRole")
    return Issue(world, store, role, session, duration, "    <PackedPolicySize>0</PackedPolicySize>\n");
  // AssumeRoleWithWebIdentity
  const std::string& token = Require(params, "WebIdentityToken");
  Json claims = JwtClaims(token);
  std::string sub = claims.value("sub", "web-identity-subject");
  std::string aud =
      claims.contains("aud") && claims["aud"].is_string() ? claims["aud"].get<std::string>() : "sts.amazonaws.com";
  std::string iss = claims.value("iss", "https://token.actions.githubusercontent.com");
  std::string provider = StartsWith(iss, "https://") ? iss.substr(8) : iss;
  return Issue(
      world, store, role, session, duration,
      fmt::format("    <SubjectFromWebIdentityToken>{}</SubjectFromWebIdentityToken>\n    <Provider>{}</Provider>\n"
                  "    <Audience>{}</Audience>\n",
                  XmlEscape(sub), XmlEscape(provider), XmlEscape(aud)));
}

}  // namespace

QueryServiceSpec MakeStsService(CredentialStore& credentials) {
  QueryServiceSpec spec;
  spec.signing_name = "sts";
  spec.version = "2011-06-15";
  spec.xmlns = "https://sts.amazonaws.com/doc/2011-06-15/";
  spec.has_operation = [](const std::string& op) {
    return op == "GetCallerIdentity" || op == "AssumeRole" || op == "AssumeRoleWithWebIdentity";
  };
  spec.is_unsigned = [](const std::string& op) { return op == "AssumeRoleWithWebIdentity"; };
  spec.handle = [&credentials](World& world, const std::string& op, const QueryParams& params,
                               const RequestContext& ctx) { return Handle(credentials, world, op, params, ctx); };
  return spec;
}

}  // namespace berth::sim
