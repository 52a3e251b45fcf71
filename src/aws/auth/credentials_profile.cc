#include "aws/auth/credentials_profile.h"

#include <fmt/format.h>

#include "core/log.h"

namespace berth::aws {

std::string ProfileCredentialSource::Name() const {
  return fmt::format("{} file, profile '{}'", which_ == SharedFile::kCredentials ? "shared credentials" : "config",
                     profile_);
}

bool HasStaticKeys(const ConfigFiles& files, std::string_view profile) {
  for (const IniSection* s : {files.CredentialsProfile(profile), files.ConfigProfile(profile)}) {
    if (s != nullptr && s->contains("aws_access_key_id")) return true;
  }
  return false;
}

Result<std::optional<Credentials>> ProfileCredentialSource::Fetch(std::string* skip_reason) {
  const bool creds_file = which_ == SharedFile::kCredentials;
  const std::string& path = creds_file ? files_.credentials_path : files_.config_path;
  const IniSection* s = creds_file ? files_.CredentialsProfile(profile_) : files_.ConfigProfile(profile_);
  if (s == nullptr) {
    *skip_reason = fmt::format("{} has no profile '{}'", path.empty() ? "the file" : path, profile_);
    return std::optional<Credentials>();
  }
  auto get = [&](std::string_view key) -> std::string {
    auto it = s->find(key);
    return it == s->end() ? std::string() : it->second;
  };
  Credentials c;
  c.access_key_id = get("aws_access_key_id");
  c.secret_access_key = get("aws_secret_access_key");
  c.session_token = get("aws_session_token");
  RegisterCredentialSecrets(c);
  if (c.access_key_id.empty() && c.secret_access_key.empty()) {
    *skip_reason = fmt::format("profile '{}' in {} has no aws_access_key_id", profile_, path);
    return std::optional<Credentials>();
  }
  if (c.access_key_id.empty() || c.secret_access_key.empty()) {
    return CredentialsError(fmt::format("profile '{}' in {} has {} but no {}; add the missing key", profile_, path,
                                        c.access_key_id.empty() ? "aws_secret_access_key" : "aws_access_key_id",
                                        c.access_key_id.empty() ? "aws_access_key_id" : "aws_secret_access_key"));
  }
  c.source = Name();
  return std::optional<Credentials>(std::move(c));
}

}  // namespace berth::aws
