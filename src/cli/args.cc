#include "cli/args.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "core/strings.h"
#include "core/suggest.h"

namespace berth::cli {
namespace {

const std::vector<FlagSpec>& GlobalFlags() {
  static const std::vector<FlagSpec> kFlags = {
      {"--output", "text|json", "text for people (default); json: one JSON object per line", {"text", "json"}},
      {.name = "-v", .help = "more detail on stderr: info, debug, trace", .aliases = {"-vv", "-vvv", "--verbose"}},
      {"--log-level",
       "LEVEL",
       "error, warn (default), info, debug or trace; wins over -v",
       {"error", "warn", "info", "debug", "trace"}},
      {"--profile", "NAME", "AWS profile from ~/.aws/config and ~/.aws/credentials"},
      {"--region", "REGION", "AWS region, e.g. eu-west-1"},
      {"--endpoint-url", "URL", "send every AWS call to URL (berth sim, moto, LocalStack)"},
      {"--request-timeout", "DURATION",
       "give up on one HTTP request after DURATION (default 60s; BERTH_REQUEST_TIMEOUT); it is retried"},
      {"--no-color", "", "no colour (so does NO_COLOR=1)"},
      {.name = "--help", .help = "help for berth or for the command given", .aliases = {"-h"}},
      {"--version", "", "print the version"},
  };
  return kFlags;
}

bool Named(const FlagSpec& spec, std::string_view name) {
  return spec.name == name || std::find(spec.aliases.begin(), spec.aliases.end(), name) != spec.aliases.end();
}

const FlagSpec* FindGlobal(std::string_view name) {
  for (const FlagSpec& f : GlobalFlags()) {
    if (Named(f, name)) return &f;
  }
  return nullptr;
}

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

// A flag with a fixed set of values refuses any other: "--output must be 'text' or 'json', not 'yaml'".
Status CheckChoice(const FlagSpec& spec, const std::string& value) {
  if (spec.choices.empty() || spec.complete != ValueCompletion::kNone) return Status::Ok();
  if (std::find(spec.choices.begin(), spec.choices.end(), value) != spec.choices.end()) return Status::Ok();
  std::string allowed;
  for (size_t i = 0; i < spec.choices.size(); ++i) {
    if (i > 0) allowed += i + 1 == spec.choices.size() ? " or " : ", ";
    allowed += "'" + spec.choices[i] + "'";
  }
  return InvalidArgument(fmt::format("{} must be {}, not '{}'", spec.name, allowed, value));
}

// An empty value, global or not, is a script's unset variable (--cluster
// "$CLUSTER"): refused rather than read as "use the default".
Status CheckNotEmpty(const FlagSpec& spec, const std::string& value) {
  if (!Trim(value).empty()) return Status::Ok();
  return InvalidArgument(fmt::format("{} is empty; give a value ({}) or leave the flag out", spec.name, spec.value));
}

Status ApplyGlobalValue(const FlagSpec& spec, const std::string& value, GlobalOptions* g) {
  const std::string& name = spec.name;
  BERTH_RETURN_IF_ERROR(CheckNotEmpty(spec, value));
  if (name == "--output") {
    BERTH_RETURN_IF_ERROR(CheckChoice(spec, value));
    g->output = value == "json" ? OutputFormat::kJson : OutputFormat::kText;
  } else if (name == "--log-level") {
    // Any case, as LOG_LEVEL-style settings usually are.
    LogLevel level;
    if (!ParseLogLevel(value, &level)) return CheckChoice(spec, value);
    g->log_level = level;
  } else if (name == "--profile") {
    g->profile = value;
  } else if (name == "--region") {
    g->region = value;
  } else if (name == "--endpoint-url") {
    g->endpoint_url = value;
  } else if (name == "--request-timeout") {
    g->request_timeout = value;
  }
  return Status::Ok();
}

void ApplyGlobalSwitch(std::string_view name, GlobalOptions* g) {
  if (name == "-v") {
    g->verbosity += 1;
  } else if (name == "--no-color") {
    g->no_color = true;
  } else if (name == "--help") {
    g->help = true;
  } else if (name == "--version") {
    g->version = true;
  }
}

// "-v", "-vv", "-vvv": the count of v's; 0 when `arg` is not of that shape.
int VerboseCount(std::string_view arg) {
  if (arg.size() < 2 || arg[0] != '-' || arg[1] == '-') return 0;
  for (size_t i = 1; i < arg.size(); ++i) {
    if (arg[i] != 'v') return 0;
  }
  return static_cast<int>(arg.size() - 1);
}

std::string FlagLabel(const FlagSpec& f) {
  std::string label = f.name;
  for (const std::string& alias : f.aliases) label += ", " + alias;
  if (f.takes_value()) label += " " + f.value;
  return label;
}

}  // namespace

std::span<const FlagSpec> GlobalFlagSpecs() {
  return GlobalFlags();
}

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
    if (int n = VerboseCount(arg); n > 0) {
      g.verbosity += n;
      continue;
    }
    std::string_view name, inline_value;
    bool has_inline = false;
    SplitFlag(arg, &name, &inline_value, &has_inline);
    const FlagSpec* spec = FindGlobal(name);
    // "--no-color=x" is not the switch: it is left to the command, which refuses it.
    if (spec == nullptr || (!spec->takes_value() && has_inline)) {
      line.rest.push_back(arg);
    } else if (spec->takes_value()) {
      std::string value;
      Status s = TakeValue(args, &i, name, inline_value, has_inline, &value);
      if (s.ok()) s = ApplyGlobalValue(*spec, value, &g);
      if (!s.ok() && line.status.ok()) line.status = s;
    } else {
      ApplyGlobalSwitch(spec->name, &g);
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

void ArgParser::AddString(FlagSpec spec, std::string* out, bool* seen) {
  flags_.push_back({.spec = std::move(spec), .str = out, .seen = seen});
}

void ArgParser::AddBool(FlagSpec spec, bool* out) {
  spec.value.clear();
  flags_.push_back({.spec = std::move(spec), .flag = out});
}

void ArgParser::AddList(FlagSpec spec, std::vector<std::string>* out) {
  spec.repeatable = true;
  flags_.push_back({.spec = std::move(spec), .list = out});
}

void ArgParser::AddPositional(PositionalSpec spec) {
  positionals_.push_back(std::move(spec));
}

ArgSpecs ArgParser::Specs() const {
  ArgSpecs specs;
  for (const Flag& f : flags_) specs.flags.push_back(f.spec);
  specs.positionals = positionals_;
  return specs;
}

const ArgParser::Flag* ArgParser::Find(std::string_view name) const {
  for (const Flag& f : flags_) {
    if (Named(f.spec, name)) return &f;
  }
  return nullptr;
}

Status ArgParser::UsageError(std::string_view message) const {
  return InvalidArgument(fmt::format("{}\nusage: {}", message, usage_));
}

Status ArgParser::Store(const Flag& flag, std::string value) const {
  if (Status s = CheckChoice(flag.spec, value); !s.ok()) return UsageError(s.message());
  if (flag.list != nullptr) {
    flag.list->push_back(std::move(value));
  } else {
    *flag.str = std::move(value);
  }
  if (flag.seen != nullptr) *flag.seen = true;
  return Status::Ok();
}

Status ArgParser::Parse(const std::vector<std::string>& args, std::vector<std::string>* positionals) const {
  // A single-valued flag given twice with two values is ambiguous (which
  // cluster?): refused, not "the last one wins".
  std::map<std::string, std::string> given;
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
      for (const Flag& f : flags_) names.push_back(f.spec.name);
      auto suggestion = SuggestClosest(name, names);
      return UsageError(
          fmt::format("unknown flag '{}'{}", name, suggestion ? fmt::format(" (did you mean {}?)", *suggestion) : ""));
    }
    if (!flag->spec.takes_value()) {
      if (has_inline) return UsageError(fmt::format("flag {} takes no value", name));
      *flag->flag = true;
      continue;
    }
    std::string value;
    Status s = TakeValue(args, &i, name, inline_value, has_inline, &value);
    if (!s.ok()) return UsageError(s.message());
    if (Status empty = CheckNotEmpty(flag->spec, value); !empty.ok()) return UsageError(empty.message());
    if (flag->list == nullptr) {
      auto [it, first] = given.emplace(flag->spec.name, value);
      if (!first && it->second != value) {
        return UsageError(
            fmt::format("{} is given twice ('{}' and '{}'); give it once", flag->spec.name, it->second, value));
      }
    }
    BERTH_RETURN_IF_ERROR(Store(*flag, std::move(value)));
  }
  return Status::Ok();
}

std::string FlagListText(std::span<const FlagSpec> flags) {
  // Labels longer than this get their description on the next line.
  constexpr size_t kMaxLabel = 26;
  size_t width = 0;
  for (const FlagSpec& f : flags) {
    size_t n = FlagLabel(f).size();
    if (n <= kMaxLabel) width = std::max(width, n);
  }
  std::string out;
  for (const FlagSpec& f : flags) {
    std::string label = FlagLabel(f);
    std::string help = f.help + (f.repeatable ? " (repeatable)" : "");
    if (label.size() > kMaxLabel) {
      out += fmt::format("  {}\n  {:<{}}  {}\n", label, "", width, help);
    } else {
      out += fmt::format("  {:<{}}  {}\n", label, width, help);
    }
  }
  return out;
}

}  // namespace berth::cli
