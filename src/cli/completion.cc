#include "cli/completion.h"

#include <algorithm>

#include "cli/commands.h"
#include "core/strings.h"

namespace berth::cli {

std::vector<std::string> CompletionShells() {
  return {"bash", "zsh", "fish"};
}

std::optional<Shell> ParseShell(std::string_view name) {
  if (name == "bash") return Shell::kBash;
  if (name == "zsh") return Shell::kZsh;
  if (name == "fish") return Shell::kFish;
  return std::nullopt;
}

CompletionModel CompletionModelFromCommandTable() {
  CompletionModel model;
  model.globals.assign(GlobalFlagSpecs().begin(), GlobalFlagSpecs().end());
  for (const CommandSpec& c : Commands()) {
    model.commands.push_back({std::string(c.name), std::string(c.summary), ArgSpecsOf(c)});
  }
  return model;
}

std::string CompletionScript(Shell shell, const CompletionModel& model) {
  switch (shell) {
    case Shell::kBash: return BashCompletionScript(model);
    case Shell::kZsh: return ZshCompletionScript(model);
    case Shell::kFish: return FishCompletionScript(model);
  }
  return "";
}

namespace completion_internal {

std::string SingleQuoted(std::string_view text) {
  return "'" + ReplaceAll(text, "'", "'\\''") + "'";
}

std::vector<std::string> Spellings(const FlagSpec& flag) {
  std::vector<std::string> all{flag.name};
  all.insert(all.end(), flag.aliases.begin(), flag.aliases.end());
  return all;
}

std::vector<std::string> ValueFlagNames(const CompletionModel& model) {
  std::vector<std::string> names;
  auto add = [&](const std::vector<FlagSpec>& flags) {
    for (const FlagSpec& f : flags) {
      if (!f.takes_value()) continue;
      for (const std::string& s : Spellings(f)) {
        if (std::find(names.begin(), names.end(), s) == names.end()) names.push_back(s);
      }
    }
  };
  add(model.globals);
  for (const CompletionCommand& c : model.commands) add(c.args.flags);
  return names;
}

}  // namespace completion_internal
}  // namespace berth::cli
