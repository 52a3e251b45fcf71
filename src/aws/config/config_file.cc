#include "aws/config/config_file.h"

#include <sys/stat.h>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "core/strings.h"

namespace berth::aws {
namespace {

using SectionMap = std::map<std::string, IniSection, std::less<>>;

bool IsIndented(std::string_view line) {
  return !line.empty() && (line[0] == ' ' || line[0] == '\t');
}

bool IsComment(std::string_view trimmed) {
  return !trimmed.empty() && (trimmed[0] == '#' || trimmed[0] == ';');
}

// Splits "key = value" (or "key: value", as Python's configparser allows) at
// the first delimiter. False when the line has neither.
bool SplitKeyValue(std::string_view line, std::string* key, std::string* value) {
  size_t pos = line.find_first_of("=:");
  if (pos == std::string_view::npos) return false;
  *key = ToLower(Trim(line.substr(0, pos)));
  *value = std::string(Trim(line.substr(pos + 1)));
  return !key->empty();
}

}  // namespace

Result<SectionMap> ParseIni(std::string_view text, std::string_view path) {
  SectionMap sections;
  IniSection* current = nullptr;
  std::string parent_key;    // the last top-level key, for nested and continuation lines
  bool parent_open = false;  // the last top-level key had an empty value: indented lines nest under it
  int line_no = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view trimmed = Trim(line);
    if (trimmed.empty() || IsComment(trimmed)) continue;
    auto error = [&](std::string_view what) {
      return ConfigError(fmt::format("{}:{}: {}; fix or remove this line", path, line_no, what));
    };
    if (IsIndented(line) && current != nullptr && !parent_key.empty()) {
      if (parent_open) {
        std::string key, value;
        if (!SplitKeyValue(trimmed, &key, &value)) {
          return error(fmt::format("expected 'key = value' under '{}'", parent_key));
        }
        (*current)[parent_key + "." + key] = value;
      } else {
        // A continuation of a multi-line value, as configparser reads it.
        (*current)[parent_key] += "\n" + std::string(trimmed);
      }
    } else if (trimmed.front() == '[') {
      if (trimmed.back() != ']') return error("section header is missing its closing ']'");
      std::string name(Trim(trimmed.substr(1, trimmed.size() - 2)));
      if (name.empty()) return error("empty section name '[]'");
      // A repeated section merges into the first; later keys win.
      current = &sections[name];
      parent_key.clear();
      parent_open = false;
    } else {
      std::string key, value;
      if (!SplitKeyValue(trimmed, &key, &value)) return error("expected 'key = value' or '[section]'");
      if (current == nullptr) return error(fmt::format("'{}' appears before any [section]", key));
      (*current)[key] = value;
      parent_key = key;
      parent_open = value.empty();
    }
  }
  return sections;
}

Result<ConfigFiles> ParseConfigFiles(std::string_view config_text, std::string_view config_path,
                                     std::string_view credentials_text, std::string_view credentials_path) {
  ConfigFiles files;
  files.config_path = std::string(config_path);
  files.credentials_path = std::string(credentials_path);
  BERTH_ASSIGN_OR_RETURN(SectionMap config, ParseIni(config_text, config_path));
  for (auto& [name, section] : config) {
    std::string_view n = name;
    if (n == "default") {
      // "[profile default]" and "[default]" both name the default profile.
      for (auto& [k, v] : section) files.config_profiles["default"].emplace(k, v);
    } else if (StartsWith(n, "profile ") || StartsWith(n, "profile\t")) {
      std::string profile(Trim(n.substr(8)));
      if (!profile.empty()) {
        auto& target = files.config_profiles[profile];
        for (auto& [k, v] : section) target[k] = v;
      }
    } else if (StartsWith(n, "services ") || StartsWith(n, "services\t")) {
      std::string svc(Trim(n.substr(9)));
      if (!svc.empty()) files.services_sections[svc] = section;
    }
  }
  BERTH_ASSIGN_OR_RETURN(SectionMap creds, ParseIni(credentials_text, credentials_path));
  files.credentials_profiles = std::move(creds);
  return files;
}

std::optional<std::string> ConfigFiles::Get(std::string_view profile, std::string_view key) const {
  for (const IniSection* s : {CredentialsProfile(profile), ConfigProfile(profile)}) {
    if (s == nullptr) continue;
    auto it = s->find(key);
    if (it != s->end()) return it->second;
  }
  return std::nullopt;
}

bool ConfigFiles::HasProfile(std::string_view profile) const {
  return ConfigProfile(profile) != nullptr || CredentialsProfile(profile) != nullptr;
}

std::vector<std::string> ConfigFiles::ProfileNames() const {
  std::set<std::string> names;
  for (const auto& [n, s] : config_profiles) names.insert(n);
  for (const auto& [n, s] : credentials_profiles) names.insert(n);
  return {names.begin(), names.end()};
}

const IniSection* ConfigFiles::ConfigProfile(std::string_view profile) const {
  auto it = config_profiles.find(profile);
  return it == config_profiles.end() ? nullptr : &it->second;
}

const IniSection* ConfigFiles::CredentialsProfile(std::string_view profile) const {
  auto it = credentials_profiles.find(profile);
  return it == credentials_profiles.end() ? nullptr : &it->second;
}

namespace {

std::string PathFromEnv(const Environment& env, std::string_view var, std::string_view default_leaf) {
  auto home = env.GetNonEmpty("HOME");
  if (auto v = env.GetNonEmpty(var)) {
    if (StartsWith(*v, "~/") && home) return *home + v->substr(1);
    return *v;
  }
  if (!home) return "";
  return fmt::format("{}/.aws/{}", *home, default_leaf);
}

}  // namespace

std::string ConfigFilePath(const Environment& env) {
  return PathFromEnv(env, "AWS_CONFIG_FILE", "config");
}
std::string CredentialsFilePath(const Environment& env) {
  return PathFromEnv(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
}

Result<std::optional<std::string>> ReadOptionalFile(const std::string& path) {
  if (path.empty()) return std::optional<std::string>();
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::optional<std::string>();
    return ConfigError(fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
  }
  if (S_ISDIR(st.st_mode)) return ConfigError(fmt::format("{}: is a directory, expected a file", path));
  std::ifstream in(path, std::ios::binary);
  if (!in) return ConfigError(fmt::format("{}: cannot open (check its permissions)", path));
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::optional<std::string>(ss.str());
}

Result<ConfigFiles> LoadConfigFiles(const Environment& env) {
  std::string config_path = ConfigFilePath(env);
  std::string credentials_path = CredentialsFilePath(env);
  BERTH_ASSIGN_OR_RETURN(auto config_text, ReadOptionalFile(config_path));
  BERTH_ASSIGN_OR_RETURN(auto credentials_text, ReadOptionalFile(credentials_path));
  return ParseConfigFiles(config_text.value_or(""), config_path, credentials_text.value_or(""), credentials_path);
}

}  // namespace berth::aws
