#include "cli/args.h"

#include <fmt/format.h>

#include "core/strings.h"
#include "core/suggest.h"

namespace berth::cli {
namespace {

// Splits "--name=value" into name and value; `has_value` false for "--name".
void SplitFlag(std::string_view arg, std::string_view* name, std::string_view* value, bool* has_value) {
  size_t eq = arg.find('=');
  *has_value = eq != std::string_view::npos;
  *name = *has_value ? arg.substr(0, eq) : arg;
  *value = *has_value ? arg.substr(eq + 1) : std::string_view();
}

// Reads the value of flag `name` from "=value" or the next argument.
Status TakeValue(const std::vector<std::string>& args, size_t* i, std::string_view name, std::string_view inline_value,
                 bool has_inline, std::string* out) {
  if (has_inline) {
    *out = std::string(inline_value);
    return Status::Ok();
  }
  if (*i + 1 >= args.size()) {
    return InvalidArgument(fmt::format("flag {} needs a value", name));
  }
  *out = args[++*i];
  return Status::Ok();
}

Status ApplyGlobal(std::string_view name, const std::string& value, GlobalOptions* g) {
  if (name == "--output") {
    if (value == "text") {
      g->output = OutputFormat::kText;
    } else if (value == "json") {
      g->output = OutputFormat::kJson;
    } else {
      return InvalidArgument(fmt::format("--output must be 'text' or 'json', not '{}'", value));
    }
  } else if (name == "--log-level") {
    LogLevel level;
    if (!ParseLogLevel(value, &level)) {
      return InvalidArgument(
          fmt::format("--log-level must be one of error, warn, info, debug, trace, not '{}'", value));
    }
    g->log_level = level;
  } else if (name == "--profile") {
    g->profile = value;
  } else if (name == "--region") {
    g->region = value;
  } else if (name == "--endpoint-url") {
    g->endpoint_url = value;
  }
  return Status::Ok();
}

bool IsValueGlobal(std::string_view name) {
  return name == "--output" || name == "--log-level" || name == "--profile" || name == "--region" ||
         name == "--endpoint-url";
}

// "-v", "-vv", "-vvv": the count of v's; 0 when `arg` is not of that shape.
int VerboseCount(std::string_view arg) {
  if (arg.size() < 2 || arg[0] != '-' || arg[1] == '-') return 0;
  for (size_t i = 1; i < arg.size(); ++i) {
    if (arg[i] != 'v') return 0;
  }
  return static_cast<int>(arg.size() - 1);
}

}  // namespace

ParsedLine ParseGlobalFlags(const std::vector<std::string>& args) {
  ParsedLine line;
  GlobalOptions& g = line.globals;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      // Everything after belongs to the command untouched.
      line.rest.insert(line.rest.end(), args.begin() + static_cast<long>(i), args.end());
      break;
    }
    std::string_view name, inline_value;
    bool has_inline = false;
    SplitFlag(arg, &name, &inline_value, &has_inline);
    if (IsValueGlobal(name)) {
      std::string value;
      Status s = TakeValue(args, &i, name, inline_value, has_inline, &value);
      if (s.ok()) s = ApplyGlobal(name, value, &g);
      if (!s.ok() && line.status.ok()) line.status = s;
    } else if (int n = VerboseCount(arg); n > 0) {
      g.verbosity += n;
    } else if (arg == "--verbose") {
      g.verbosity += 1;
    } else if (arg == "--no-color") {
      g.no_color = true;
    } else if (arg == "--help" || arg == "-h") {
      g.help = true;
    } else if (arg == "--version") {
      g.version = true;
    } else {
      line.rest.push_back(arg);
    }
  }
  return line;
}

LogLevel EffectiveLogLevel(const GlobalOptions& globals) {
  if (globals.log_level) return *globals.log_level;
  switch (globals.verbosity) {
    case 0: return LogLevel::kWarn;
    case 1: return LogLevel::kInfo;
    case 2: return LogLevel::kDebug;
    default: return LogLevel::kTrace;
  }
}

void ArgParser::AddString(std::string name, std::string* out, bool* seen) {
  flags_.push_back({std::move(name), true, out, seen, nullptr});
}

void ArgParser::AddBool(std::string name, bool* out) {
  flags_.push_back({std::move(name), false, nullptr, nullptr, out});
}

void ArgParser::AddList(std::string name, std::vector<std::string>* out) {
  flags_.push_back({std::move(name), true, nullptr, nullptr, nullptr, out});
}

const ArgParser::Flag* ArgParser::Find(std::string_view name) const {
  for (const Flag& f : flags_) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

Status ArgParser::UsageError(std::string_view message) const {
  return InvalidArgument(fmt::format("{}\nusage: {}", message, usage_));
}

Status ArgParser::Parse(const std::vector<std::string>& args, std::vector<std::string>* positionals) const {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      positionals->insert(positionals->end(), args.begin() + static_cast<long>(i) + 1, args.end());
      return Status::Ok();
    }
    // "-" alone is a conventional positional (stdin); so is anything not starting with '-'.
    if (arg.size() < 2 || arg[0] != '-') {
      positionals->push_back(arg);
      continue;
    }
    std::string_view name, inline_value;
    bool has_inline = false;
    SplitFlag(arg, &name, &inline_value, &has_inline);
    const Flag* flag = Find(name);
    if (flag == nullptr) {
      std::vector<std::string> names;
      for (const Flag& f : flags_) names.push_back(f.name);
      auto suggestion = SuggestClosest(name, names);
      return UsageError(
          fmt::format("unknown flag '{}'{}", name, suggestion ? fmt::format(" (did you mean {}?)", *suggestion) : ""));
    }
    if (!flag->takes_value) {
      if (has_inline) return UsageError(fmt::format("flag {} takes no value", name));
      *flag->flag = true;
      continue;
    }
    std::string value;
    Status s = TakeValue(args, &i, name, inline_value, has_inline, &value);
    if (!s.ok()) return UsageError(s.message());
    if (flag->list != nullptr) {
      flag->list->push_back(std::move(value));
    } else {
      *flag->str = std::move(value);
    }
    if (flag->seen != nullptr) *flag->seen = true;
  }
  return Status::Ok();
}

}  // namespace berth::cli
