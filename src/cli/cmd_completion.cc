// `berth completion bash|zsh|fish`: prints a completion script generated from
// the command table (cli/completion.h); how to install it is in its help.
#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/completion.h"
#include "core/strings.h"

namespace berth::cli {
namespace {

struct CompletionOptions {};  // berth completion takes the shell and no flags

void AddCompletionFlags(ArgParser& parser, CompletionOptions*) {
  parser.AddPositional({"SHELL", CompletionShells()});
}

}  // namespace

int CmdCompletion(CommandContext& ctx, const std::vector<std::string>& args) {
  CompletionOptions options;
  ArgParser parser(ctx.usage);
  AddCompletionFlags(parser, &options);
  std::vector<std::string> positionals;
  if (Status s = parser.Parse(args, &positionals); !s.ok()) return Finish(ctx, s);
  if (positionals.size() != 1) {
    return Finish(ctx,
                  parser.UsageError(positionals.empty() ? "which shell? bash, zsh or fish" : "too many arguments"));
  }
  std::optional<Shell> shell = ParseShell(positionals[0]);
  if (!shell) {
    return Finish(ctx, parser.UsageError(fmt::format("no completion for shell '{}'; berth has them for {}",
                                                     positionals[0], Join(CompletionShells(), ", "))));
  }
  std::string script = CompletionScript(*shell, CompletionModelFromCommandTable());
  // With --output json the script is the result's "script" member.
  ctx.reporter.Result(Json{{"shell", positionals[0]}, {"script", script}}, script);
  return 0;
}

ArgSpecs CompletionArgSpecs() {
  return DescribeArgs(&AddCompletionFlags);
}

}  // namespace berth::cli
