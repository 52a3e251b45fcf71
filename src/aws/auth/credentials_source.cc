#include "aws/auth/credentials_source.h"

#include <cstdio>
#include <ctime>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/log.h"

namespace berth::aws {

std::optional<SystemTime> ParseIso8601(std::string_view text) {
  std::string s(text);
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, consumed = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &consumed) != 6 ||
      consumed != 19) {
    return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  std::string_view rest = std::string_view(s).substr(19);
  if (!rest.empty() && rest.front() == '.') {
    size_t i = 1;
    while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') ++i;
    if (i == 1) return std::nullopt;
    rest = rest.substr(i);
  }
  long offset_seconds = 0;
  if (rest == "Z" || rest == "z") {
    // UTC
  } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
    int oh = 0, om = 0;
    if (std::sscanf(std::string(rest.substr(1)).c_str(), "%2d:%2d", &oh, &om) != 2) return std::nullopt;
    offset_seconds = (oh * 3600L + om * 60L) * (rest[0] == '+' ? 1 : -1);
  } else {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  time_t t = timegm(&tm);
  return std::chrono::system_clock::from_time_t(t - offset_seconds);
}

std::string FormatIso8601(SystemTime t) {
  time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

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
