// Logging with levels, and redaction of secrets from every byte berth prints.
//
// Redaction is global on purpose: a secret (secret access key, session token,
// ECR password, sensitive variable) is registered once, where it enters the
// process, and every later line written through Log(), the Reporter or
// WriteStdout/WriteStderr has it replaced by "****". Text that merely looks
// like a credential (Authorization and X-Amz-Security-Token header values,
// "SecretAccessKey"/"SessionToken"/"Token"/"password" JSON and XML fields) is
// masked even when it was never registered.
//
// Thread-safety: all functions are safe to call from several threads.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace berth {

enum class LogLevel { kError = 0, kWarn = 1, kInfo = 2, kDebug = 3, kTrace = 4 };

void SetLogLevel(LogLevel level);
LogLevel GetLogLevel();
bool LogEnabled(LogLevel level);
// Parses "error", "warn", "info", "debug", "trace".
bool ParseLogLevel(std::string_view text, LogLevel* out);

// Writes one redacted line "berth: <level>: <message>" to the log sink (stderr by default).
void Log(LogLevel level, std::string_view message);

// Secrets shorter than 4 characters are ignored (they would mask ordinary text).
void RegisterSecret(std::string_view secret);
// Returns `text` with registered secrets and credential-shaped values masked.
std::string Redact(std::string_view text);
void ClearSecretsForTest();

// Redacted writes to the process's stdout/stderr (or the sinks tests install).
void WriteStdout(std::string_view text);
void WriteStderr(std::string_view text);

// Tests capture output by installing sinks; passing nullptr restores the default.
using OutputSink = std::function<void(std::string_view)>;
void SetStdoutSinkForTest(OutputSink sink);
void SetStderrSinkForTest(OutputSink sink);

}  // namespace berth

#define BERTH_LOG(level, ...)                                                      \
  do {                                                                             \
    if (::berth::LogEnabled(level)) ::berth::Log(level, fmt::format(__VA_ARGS__)); \
  } while (0)
#define BERTH_LOG_ERROR(...) BERTH_LOG(::berth::LogLevel::kError, __VA_ARGS__)
#define BERTH_LOG_WARN(...) BERTH_LOG(::berth::LogLevel::kWarn, __VA_ARGS__)
#define BERTH_LOG_INFO(...) BERTH_LOG(::berth::LogLevel::kInfo, __VA_ARGS__)
#define BERTH_LOG_DEBUG(...) BERTH_LOG(::berth::LogLevel::kDebug, __VA_ARGS__)
#define BERTH_LOG_TRACE(...) BERTH_LOG(::berth::LogLevel::kTrace, __VA_ARGS__)
