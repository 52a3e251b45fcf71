// Reporter: how commands tell the user what is happening and what came of it.
//
// Three renderings of the same calls:
//   terminal: one status line rewritten in place (Progress), permanent lines above it;
//   plain:    when stdout is not a terminal or CI is set: Progress prints only when its
//             text changes, no escape codes;
//   json:     --output json: one JSON object per line on stdout
//             ({"type":"progress"|"info"|"warning"|"error"|"result", ...}).
// Colour only on a terminal, never when NO_COLOR is set. All text passes through
// redaction (core/log.h).
//
// Thread-safety: implementations serialise their output; calls from several threads are safe.
#pragma once

#include <memory>
#include <string_view>

#include "core/env.h"
#include "core/json.h"
#include "core/status.h"

namespace berth {

enum class OutputFormat { kText, kJson };

class Reporter {
 public:
  virtual ~Reporter() = default;
  // A transient line: counts while waiting. Replaced by the next Progress call.
  virtual void Progress(std::string_view text) = 0;
  // A permanent line: a step done, a new service event.
  virtual void Info(std::string_view text) = 0;
  virtual void Warn(std::string_view text) = 0;
  // The failure a command ends with (to stderr in text modes).
  virtual void Error(const Status& status) = 0;
  // The command's result: `doc` is printed with --output json, `text` otherwise.
  virtual void Result(const Json& doc, std::string_view text) = 0;

  // A typed event (deploy/events.h): `text` as a line of `kind` (nothing when
  // empty) in the text renderings; with --output json one line
  // {"type": "progress"|"info"|"warning", "message": text, "event": detail},
  // so scripts get the event's fields without parsing the text.
  enum class Line { kProgress, kInfo, kWarning };
  virtual void Event(Line kind, std::string_view text, const Json& detail);
};

struct ReporterOptions {
  OutputFormat format = OutputFormat::kText;
  bool terminal = false;  // stdout is a TTY and CI is not set
  bool color = false;     // terminal and NO_COLOR unset
};

// Detects terminal/colour from the process (isatty, CI, NO_COLOR, TERM=dumb).
ReporterOptions DetectReporterOptions(OutputFormat format);
// The same decision from explicit inputs (tests; the CLI passes its Environment).
ReporterOptions DetectReporterOptions(OutputFormat format, const Environment& env, bool stdout_is_tty);
std::unique_ptr<Reporter> MakeReporter(const ReporterOptions& options);

}  // namespace berth
