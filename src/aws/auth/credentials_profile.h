// Static keys from a profile in the shared files: aws_access_key_id,
// aws_secret_access_key and optional aws_session_token, read either from the
// credentials file ([name]) or the config file ([profile name]); the chain
// asks the two files at different places in its order, as botocore does.
//
// Thread-safety: see CredentialSource.
#pragma once

#include <string>

#include "aws/auth/credentials_source.h"
#include "aws/config/config_file.h"

namespace berth::aws {

enum class SharedFile { kCredentials, kConfig };

class ProfileCredentialSource final : public CredentialSource {
 public:
  // `files` must outlive the source.
  ProfileCredentialSource(const ConfigFiles& files, std::string profile, SharedFile which)
      : files_(files), profile_(std::move(profile)), which_(which) {}
  std::string Name() const override;
  // kCredentials when only one of the key pair is present.
  Result<std::optional<Credentials>> Fetch(std::string* skip_reason) override;

 private:
  const ConfigFiles& files_;
  std::string profile_;
  SharedFile which_;
};

// True when the profile has static keys in either file.
bool HasStaticKeys(const ConfigFiles& files, std::string_view profile);

}  // namespace berth::aws
