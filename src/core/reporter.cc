// The three Reporter renderings (terminal, plain, JSON lines); see reporter.h.
#include "core/reporter.h"

#include <unistd.h>

#include <mutex>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/log.h"

namespace berth {
namespace {

constexpr std::string_view kClearToEol = "\x1b[K";
constexpr std::string_view kRed = "\x1b[1;31m";
constexpr std::string_view kYellow = "\x1b[33m";
constexpr std::string_view kReset = "\x1b[0m";

// Everything a failure says: the message, then AWS details when present.
std::string ErrorText(const Status& status) {
  std::string out = status.message().empty() ? std::string(StatusCodeName(status.code())) : status.message();
  if (!status.aws_code().empty() || status.http_status() != 0) {
    out += fmt::format(" [{}", status.aws_code().empty() ? "error" : status.aws_code());
    if (status.http_status() != 0) out += fmt::format(", HTTP {}", status.http_status());
    if (!status.request_id().empty()) out += fmt::format(", request id {}", status.request_id());
    out += "]";
  }
  return out;
}

std::string WithNewline(std::string_view text) {
  std::string out(text);
  if (out.empty() || out.back() != '\n') out += '\n';
  return out;
}

// Text output for terminals (rewriting status line) and pipes/CI (plain lines).
class TextReporter final : public Reporter {
 public:
  explicit TextReporter(const ReporterOptions& options) : options_(options) {}

  ~TextReporter() override {
    std::lock_guard lock(mu_);
    // Leave the terminal on a fresh line so the shell prompt is not glued on.
    if (progress_shown_) WriteStdout("\n");
  }

  void Progress(std::string_view text) override {
    std::lock_guard lock(mu_);
    if (options_.terminal) {
      last_progress_ = std::string(text);
      WriteStdout(fmt::format("\r{}{}", text, kClearToEol));
      progress_shown_ = true;
      return;
    }
    // Plain: a line per change, so logs in CI show each new count once.
    if (have_progress_ && text == last_progress_) return;
    have_progress_ = true;
    last_progress_ = std::string(text);
    WriteStdout(WithNewline(text));
  }

  void Info(std::string_view text) override {
    std::lock_guard lock(mu_);
    ClearStatusLine();
    WriteStdout(WithNewline(text));
    RedrawStatusLine();
  }

  void Warn(std::string_view text) override {
    std::lock_guard lock(mu_);
    ClearStatusLine();
    WriteStderr(fmt::format("{}: {}\n", Colored("warning", kYellow), text));
    RedrawStatusLine();
  }

  void Error(const Status& status) override {
    std::lock_guard lock(mu_);
    ClearStatusLine();
    progress_shown_ = false;
    WriteStderr(fmt::format("{}: {}\n", Colored("error", kRed), ErrorText(status)));
  }

  void Result(const Json&, std::string_view text) override {
    std::lock_guard lock(mu_);
    ClearStatusLine();
    progress_shown_ = false;
    if (!text.empty()) WriteStdout(WithNewline(text));
  }

 private:
  std::string Colored(std::string_view word, std::string_view color) const {
    if (!options_.color) return fmt::format("berth: {}", word);
    return fmt::format("berth: {}{}{}", color, word, kReset);
  }

  void ClearStatusLine() {
    if (options_.terminal && progress_shown_) WriteStdout(fmt::format("\r{}", kClearToEol));
  }

  void RedrawStatusLine() {
    if (options_.terminal && progress_shown_) {
      WriteStdout(fmt::format("\r{}{}", last_progress_, kClearToEol));
    }
  }

  ReporterOptions options_;
  std::mutex mu_;
  std::string last_progress_;
  bool have_progress_ = false;   // plain: something was printed
  bool progress_shown_ = false;  // terminal: a status line is on screen
};

// --output json: one object per line on stdout, nothing else there.
class JsonReporter final : public Reporter {
 public:
  void Event(Line kind, std::string_view text, const Json& detail) override {
    std::string_view type = kind == Line::kProgress ? "progress" : kind == Line::kWarning ? "warning" : "info";
    Emit({{"type", std::string(type)}, {"message", std::string(text)}, {"event", detail}});
  }
  void Progress(std::string_view text) override { Emit({{"type", "progress"}, {"message", std::string(text)}}); }
  void Info(std::string_view text) override { Emit({{"type", "info"}, {"message", std::string(text)}}); }
  void Warn(std::string_view text) override { Emit({{"type", "warning"}, {"message", std::string(text)}}); }
  void Error(const Status& status) override {
    Json doc = {{"type", "error"},
                {"code", std::string(StatusCodeName(status.code()))},
                {"exit_code", ExitCodeFor(status.code())},
                {"message", status.message()}};
    if (!status.aws_code().empty()) doc["aws_code"] = status.aws_code();
    if (status.http_status() != 0) doc["http_status"] = status.http_status();
    if (!status.request_id().empty()) doc["request_id"] = status.request_id();
    Emit(doc);
  }
  void Result(const Json& doc, std::string_view) override { Emit({{"type", "result"}, {"result", doc}}); }

 private:
  void Emit(const Json& doc) {
    // Invalid UTF-8 from a server must not throw: replace it.
    std::string line = doc.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
    std::lock_guard lock(mu_);
    WriteStdout(line);
  }
  std::mutex mu_;
};

}  // namespace

void Reporter::Event(Line kind, std::string_view text, const Json&) {
  if (text.empty()) return;
  switch (kind) {
    case Line::kProgress: Progress(text); break;
    case Line::kInfo: Info(text); break;
    case Line::kWarning: Warn(text); break;
  }
}

ReporterOptions DetectReporterOptions(OutputFormat format, const Environment& env, bool stdout_is_tty) {
  ReporterOptions options;
  options.format = format;
  bool ci = env.GetNonEmpty("CI").has_value();
  auto term = env.Get("TERM");
  bool dumb = term && *term == "dumb";
  options.terminal = format == OutputFormat::kText && stdout_is_tty && !ci && !dumb;
  // no-color.org: NO_COLOR present and non-empty disables colour.
  options.color = options.terminal && !env.GetNonEmpty("NO_COLOR").has_value();
  return options;
}

ReporterOptions DetectReporterOptions(OutputFormat format) {
  ProcessEnvironment env;
  return DetectReporterOptions(format, env, ::isatty(1) == 1);
}

std::unique_ptr<Reporter> MakeReporter(const ReporterOptions& options) {
  if (options.format == OutputFormat::kJson) return std::make_unique<JsonReporter>();
  return std::make_unique<TextReporter>(options);
}

}  // namespace berth
