#include "cli/app.h"

#include <unistd.h>

#include <exception>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "cli/commands.h"
#include "cli/signals.h"
#include "core/log.h"

namespace berth::cli {
namespace {

constexpr std::string_view kTopUsage = "berth [global flags] COMMAND [args]";

std::unique_ptr<Reporter> ReporterFor(const GlobalOptions& globals, const Environment& env) {
  ReporterOptions options = DetectReporterOptions(globals.output, env, ::isatty(1) == 1);
  if (globals.no_color) options.color = false;
  return MakeReporter(options);
}

int UnknownCommand(Reporter& reporter, const std::string& name) {
  std::string message = fmt::format("unknown command '{}'", name);
  if (auto guess = SuggestCommand(name)) message += fmt::format("; did you mean '{}'?", *guess);
  message += "\nRun 'berth --help' for the list of commands.";
  reporter.Error(InvalidArgument(message));
  return ExitCodeFor(StatusCode::kInvalidArgument);
}

int Dispatch(const ParsedLine& line, Reporter& reporter, const Environment& env, const RunDeps& deps) {
  const GlobalOptions& g = line.globals;
  if (!line.status.ok()) {
    reporter.Error(InvalidArgument(fmt::format("{}\nusage: {}", line.status.message(), kTopUsage)));
    return ExitCodeFor(StatusCode::kInvalidArgument);
  }
  if (g.version && line.rest.empty()) {
    CommandContext ctx{g, reporter, env, "berth version", deps};
    return CmdVersion(ctx, {});
  }
  if (line.rest.empty() || line.rest[0] == "--") {
    if (g.help) {
      reporter.Result(Json(OverviewText()), OverviewText());
      return 0;
    }
    // No command is a usage error, but the overview is what the user needs.
    WriteStderr(OverviewText());
    reporter.Error(InvalidArgument("no command given"));
    return ExitCodeFor(StatusCode::kInvalidArgument);
  }
  const std::string& name = line.rest[0];
  const CommandSpec* spec = FindCommand(name);
  if (spec == nullptr) return UnknownCommand(reporter, name);
  if (g.help) {
    std::string text = CommandHelpText(*spec);
    reporter.Result(Json(text), text);
    return 0;
  }
  BERTH_LOG_DEBUG("running command '{}'", spec->name);
  std::vector<std::string> args(line.rest.begin() + 1, line.rest.end());
  CommandContext ctx{g, reporter, env, spec->usage, deps};
  return spec->fn(ctx, args);
}

}  // namespace

int Run(const std::vector<std::string>& args, const Environment& env, const RunDeps& deps) {
  std::vector<std::string> rest;
  if (!args.empty()) rest.assign(args.begin() + 1, args.end());
  ParsedLine line = ParseGlobalFlags(rest);
  SetLogLevel(EffectiveLogLevel(line.globals));
  std::unique_ptr<Reporter> reporter = ReporterFor(line.globals, env);
  // Nothing may escape as an exception: a bug is exit 1 with a message, never a crash.
  try {
    return Dispatch(line, *reporter, env, deps);
  } catch (const std::exception& e) {
    reporter->Error(InternalError(fmt::format("unexpected error: {}; re-run with -vvv and report it", e.what())));
  } catch (...) {
    reporter->Error(InternalError("unexpected error; re-run with -vvv and report it"));
  }
  return ExitCodeFor(StatusCode::kInternal);
}

int Run(const std::vector<std::string>& args) {
  // First, before any thread exists: every later thread inherits the mask
  // that leaves SIGINT and SIGTERM to the watcher.
  CancelToken cancel;
  auto signals = SignalWatcher::Start(cancel);
  ProcessEnvironment env;
  RunDeps deps;
  deps.cancel = &cancel;
  return Run(args, env, deps);
}

}  // namespace berth::cli
