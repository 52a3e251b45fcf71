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
#include <vector>

#include "core/env.h"
#include "core/result.h"

namespace berth::aws {

using IniSection = std::map<std::string, std::string, std::less<>>;

struct ConfigFiles {
  std::string config_path;                                              // for messages
  std::string credentials_path;                                         // for messages
  std::map<std::string, IniSection, std::less<>> config_profiles;       // "[profile x]" as "x"
  std::map<std::string, IniSection, std::less<>> services_sections;     // "[services x]" as "x"
  std::map<std::string, IniSection, std::less<>> credentials_profiles;  // "[x]" as "x"

  // Looks a key up in the profile: credentials file first, then config file.
  std::optional<std::string> Get(std::string_view profile, std::string_view key) const;
  bool HasProfile(std::string_view profile) const;
  // Every profile named in either file, sorted, for "did you mean" messages.
  std::vector<std::string> ProfileNames() const;
  // The profile's section in one file, or nullptr.
  const IniSection* ConfigProfile(std::string_view profile) const;
  const IniSection* CredentialsProfile(std::string_view profile) const;
};

// Parses INI text. kConfig with "path:line: what is wrong" on malformed input.
Result<std::map<std::string, IniSection, std::less<>>> ParseIni(std::string_view text, std::string_view path);

// Builds ConfigFiles from the two files' text: config sections "[default]",
// "[profile x]" and "[services x]" (others, such as "[sso-session x]", are
// ignored), credentials sections "[x]". kConfig on malformed text.
Result<ConfigFiles> ParseConfigFiles(std::string_view config_text, std::string_view config_path,
                                     std::string_view credentials_text, std::string_view credentials_path);

// The paths berth reads: AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE
// (a leading "~/" expands to $HOME), else $HOME/.aws/config and
// $HOME/.aws/credentials. Empty when neither the variable nor HOME is set.
std::string ConfigFilePath(const Environment& env);
std::string CredentialsFilePath(const Environment& env);

// Reads and parses both files. A missing file reads as empty; an unreadable
// or malformed one is kConfig naming the path.
Result<ConfigFiles> LoadConfigFiles(const Environment& env);

// Reads a whole file. nullopt when it does not exist; kConfig when it exists
// but cannot be read (a directory, no permission).
Result<std::optional<std::string>> ReadOptionalFile(const std::string& path);

}  // namespace berth::aws
