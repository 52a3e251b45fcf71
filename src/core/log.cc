#include "core/log.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <mutex>
#include <set>
#include <vector>

#include "core/strings.h"

namespace berth {
namespace {

constexpr std::string_view kMask = "****";

std::atomic<int> g_level{static_cast<int>(LogLevel::kWarn)};

struct SecretRegistry {
  std::mutex mu;
  // Longest first, so a secret that contains another is masked whole.
  std::vector<std::string> secrets;
};

SecretRegistry& Registry() {
  static SecretRegistry r;
  return r;
}

struct Sinks {
  std::mutex mu;
  OutputSink out;
  OutputSink err;
};

Sinks& GetSinks() {
  static Sinks s;
  return s;
}

// Finds `needle` in `hay` from `from`, ignoring ASCII case.
size_t FindIgnoreCase(std::string_view hay, std::string_view needle, size_t from) {
  if (needle.empty() || hay.size() < needle.size()) return std::string_view::npos;
  for (size_t i = from; i + needle.size() <= hay.size(); ++i) {
    bool match = true;
    for (size_t j = 0; j < needle.size(); ++j) {
      if (std::tolower(static_cast<unsigned char>(hay[i + j])) != std::tolower(static_cast<unsigned char>(needle[j]))) {
        match = false;
        break;
      }
    }
    if (match) return i;
  }
  return std::string_view::npos;
}

// Masks the value of header-like "Name: value" up to the end of the line.
void MaskHeaderValues(std::string& text, std::string_view name) {
  size_t pos = 0;
  while ((pos = FindIgnoreCase(text, name, pos)) != std::string::npos) {
    size_t p = pos + name.size();
    while (p < text.size() && text[p] == ' ') ++p;
    if (p >= text.size() || (text[p] != ':' && text[p] != '=')) {
      pos = p;
      continue;
    }
    ++p;
    while (p < text.size() && text[p] == ' ') ++p;
    // Keep an "AWS4-HMAC-SHA256 Credential=AKID/..." prefix readable? No: the
    // whole value goes, so nothing derived from a secret is ever printed.
    size_t end = p;
    while (end < text.size() && text[end] != '\n' && text[end] != '\r' && text[end] != '&') ++end;
    if (end > p) text.replace(p, end - p, kMask);
    pos = p + kMask.size();
  }
}

// Masks SigV4 signatures wherever they appear ("Signature=<hex>" in an
// Authorization value echoed by a server, "X-Amz-Signature=<hex>" in a
// presigned URL), even outside an Authorization header.
void MaskSignatures(std::string& text) {
  constexpr std::string_view kName = "Signature=";
  size_t pos = 0;
  while ((pos = FindIgnoreCase(text, kName, pos)) != std::string::npos) {
    size_t start = pos + kName.size();
    size_t end = start;
    while (end < text.size() && std::isxdigit(static_cast<unsigned char>(text[end]))) ++end;
    if (end - start >= 16) text.replace(start, end - start, kMask);
    pos = start;
  }
}

// Masks JSON string values of `"key": "value"`, case-insensitive key match.
void MaskJsonField(std::string& text, std::string_view key) {
  std::string quoted = "\"" + std::string(key) + "\"";
  size_t pos = 0;
  while ((pos = FindIgnoreCase(text, quoted, pos)) != std::string::npos) {
    size_t p = pos + quoted.size();
    while (p < text.size() && std::isspace(static_cast<unsigned char>(text[p]))) ++p;
    if (p >= text.size() || text[p] != ':') {
      pos = p;
      continue;
    }
    ++p;
    while (p < text.size() && std::isspace(static_cast<unsigned char>(text[p]))) ++p;
    if (p >= text.size() || text[p] != '"') {
      pos = p;
      continue;
    }
    size_t start = p + 1, end = start;
    while (end < text.size() && text[end] != '"') end += (text[end] == '\\') ? 2 : 1;
    end = std::min(end, text.size());
    text.replace(start, end - start, kMask);
    pos = start + kMask.size();
  }
}

// Masks XML element text: <Key>value</Key>.
void MaskXmlElement(std::string& text, std::string_view key) {
  std::string open = "<" + std::string(key) + ">";
  std::string close = "</" + std::string(key) + ">";
  size_t pos = 0;
  while ((pos = text.find(open, pos)) != std::string::npos) {
    size_t start = pos + open.size();
    size_t end = text.find(close, start);
    if (end == std::string::npos) end = text.size();
    text.replace(start, end - start, kMask);
    pos = start + kMask.size();
  }
}

// Masks the userinfo of every URL ("scheme://user:password@host"): the
// password, or the whole userinfo when there is no password (a token given
// as the user name). An --endpoint-url or proxy URL may carry one, and
// errors and -v lines print URLs.
void MaskUrlUserinfo(std::string& text) {
  size_t pos = 0;
  while ((pos = text.find("://", pos)) != std::string::npos) {
    size_t start = pos + 3;
    size_t end = start;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) &&
           std::string_view("/?#\"'<>").find(text[end]) == std::string_view::npos) {
      ++end;
    }
    size_t at = text.rfind('@', end == start ? start : end - 1);
    if (at == std::string::npos || at < start || at >= end) {
      pos = start;
      continue;
    }
    size_t colon = text.find(':', start);
    size_t from = colon != std::string::npos && colon < at ? colon + 1 : start;
    if (at > from) text.replace(from, at - from, kMask);
    pos = from + kMask.size() + 1;
  }
}

// Field names whose values are credentials in AWS responses and config files.
constexpr std::string_view kSecretFields[] = {
    "SecretAccessKey",    "SessionToken",          "Token",
    "secretAccessKey",    "sessionToken",          "password",
    "authorizationToken", "aws_secret_access_key", "aws_session_token",
    "WebIdentityToken",   "Authorization",
};

}  // namespace

void SetLogLevel(LogLevel level) {
  g_level = static_cast<int>(level);
}
LogLevel GetLogLevel() {
  return static_cast<LogLevel>(g_level.load());
}
bool LogEnabled(LogLevel level) {
  return static_cast<int>(level) <= g_level.load();
}

bool ParseLogLevel(std::string_view text, LogLevel* out) {
  static constexpr std::pair<std::string_view, LogLevel> kNames[] = {
      {"error", LogLevel::kError}, {"warn", LogLevel::kWarn},   {"info", LogLevel::kInfo},
      {"debug", LogLevel::kDebug}, {"trace", LogLevel::kTrace},
  };
  for (const auto& [name, level] : kNames) {
    if (EqualsIgnoreCase(text, name)) {
      *out = level;
      return true;
    }
  }
  return false;
}

void Log(LogLevel level, std::string_view message) {
  static constexpr std::string_view kNames[] = {"error", "warning", "info", "debug", "trace"};
  std::string line = fmt::format("berth: {}: {}\n", kNames[static_cast<int>(level)], message);
  WriteStderr(line);
}

void RegisterSecret(std::string_view secret) {
  if (secret.size() < 4) return;
  auto& r = Registry();
  std::lock_guard lock(r.mu);
  if (std::find(r.secrets.begin(), r.secrets.end(), secret) != r.secrets.end()) return;
  r.secrets.emplace_back(secret);
  std::sort(r.secrets.begin(), r.secrets.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

void ClearSecretsForTest() {
  auto& r = Registry();
  std::lock_guard lock(r.mu);
  r.secrets.clear();
}

std::string Redact(std::string_view input) {
  std::string text(input);
  {
    auto& r = Registry();
    std::lock_guard lock(r.mu);
    for (const auto& s : r.secrets) {
      if (text.find(s) != std::string::npos) text = ReplaceAll(text, s, kMask);
    }
  }
  MaskHeaderValues(text, "Authorization");
  MaskHeaderValues(text, "X-Amz-Security-Token");
  MaskHeaderValues(text, "aws_secret_access_key");
  MaskHeaderValues(text, "aws_session_token");
  MaskSignatures(text);
  MaskUrlUserinfo(text);
  for (auto field : kSecretFields) {
    MaskJsonField(text, field);
    MaskXmlElement(text, field);
  }
  return text;
}

namespace {
void WriteFd(int fd, std::string_view text) {
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n <= 0) return;
    text.remove_prefix(static_cast<size_t>(n));
  }
}
}  // namespace

void WriteStdout(std::string_view text) {
  std::string clean = Redact(text);
  auto& s = GetSinks();
  std::lock_guard lock(s.mu);
  if (s.out) {
    s.out(clean);
  } else {
    WriteFd(1, clean);
  }
}

void WriteStderr(std::string_view text) {
  std::string clean = Redact(text);
  auto& s = GetSinks();
  std::lock_guard lock(s.mu);
  if (s.err) {
    s.err(clean);
  } else {
    WriteFd(2, clean);
  }
}

void SetStdoutSinkForTest(OutputSink sink) {
  auto& s = GetSinks();
  std::lock_guard lock(s.mu);
  s.out = std::move(sink);
}

void SetStderrSinkForTest(OutputSink sink) {
  auto& s = GetSinks();
  std::lock_guard lock(s.mu);
  s.err = std::move(sink);
}

}  // namespace berth
