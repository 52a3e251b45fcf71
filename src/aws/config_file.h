// The shared AWS config and credentials files (INI with profiles).
//
//   ~/.aws/config:       [default], [profile NAME], [services NAME], [sso-session NAME]
//   ~/.aws/credentials:  [NAME]
// Keys are case-insensitive; nested sections ("s3 =\n  key = v") are read as
// "s3.key". Comments start with # or ; at the start of a line.
//
// Thread-safety: a value type.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace berth::aws {

using IniSection = std::map<std::string, std::string, std::less<>>;

struct ConfigFiles {
  std::string config_path;       // for messages
  std::string credentials_path;  // for messages
  std::map<std::string, IniSection, std::less<>> config_profiles;       // "[profile x]" as "x"
  std::map<std::string, IniSection, std::less<>> services_sections;     // "[services x]" as "x"
  std::map<std::string, IniSection, std::less<>> credentials_profiles;  // "[x]" as "x"

  // Looks a key up in the profile: credentials file first, then config file.
  std::optional<std::string> Get(std::string_view profile, std::string_view key) const;
  bool HasProfile(std::string_view profile) const;
};

// Parses INI text. kConfig with "path:line: what is wrong" on malformed input.
Result<std::map<std::string, IniSection, std::less<>>> ParseIni(std::string_view text, std::string_view path);

}  // namespace berth::aws
