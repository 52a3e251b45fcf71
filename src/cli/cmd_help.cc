// `berth help [COMMAND|exit-codes]` and the texts behind `--help`.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "core/suggest.h"

namespace berth::cli {

std::string OverviewText() {
  std::string out =
      "berth: continuous delivery for Amazon ECS.\n"
      "\n"
      "berth ships new image versions to the ECS services you already run, follows each\n"
      "deployment to the end and reports what happened. `berth sim` runs a local AWS\n"
      "simulator so everything works without an AWS account.\n"
      "\n"
      "usage: berth [global flags] COMMAND [args]\n"
      "\n"
      "Commands:\n";
  size_t width = 0;
  for (const CommandSpec& c : Commands()) width = std::max(width, c.name.size());
  for (const CommandSpec& c : Commands()) {
    out += fmt::format("  {:<{}}  {}\n", c.name, width, c.summary);
  }
  out +=
      "\n"
      "Global flags (before or after the command):\n";
  out += FlagListText(GlobalFlagSpecs());
  out +=
      "\n"
      "Environment:\n"
      "  AWS_PROFILE, AWS_REGION, AWS_DEFAULT_REGION      profile and region\n"
      "  AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,\n"
      "    AWS_SESSION_TOKEN                              credentials (never printed)\n"
      "  AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE     where the shared files are\n"
      "  AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>     endpoint overrides\n"
      "  AWS_MAX_ATTEMPTS, AWS_RETRY_MODE                 retries\n"
      "  HTTPS_PROXY, NO_PROXY                            proxies\n"
      "  NO_COLOR, CI                                     plain output (CI: no status line)\n"
      "  BERTH_STATE, XDG_STATE_HOME                      where berth's state database is\n"
      "                                                   (BERTH_HISTORY_FILE: its older name)\n"
      "\n"
      "Run 'berth help COMMAND' for a command's flags, 'berth help exit-codes' for what\n"
      "each exit code means. Documentation: docs/cli.md, docs/exit-codes.md.\n";
  return out;
}

std::vector<std::string> HelpTopics() {
  std::vector<std::string> topics;
  for (const CommandSpec& c : Commands()) topics.emplace_back(c.name);
  topics.emplace_back("exit-codes");
  return topics;
}

std::string CommandHelpText(const CommandSpec& spec) {
  std::string out = fmt::format("usage: {}\n\n{}.\n", spec.usage, spec.summary);
  // A command's details document its flags in prose; the others get the list
  // their flag descriptions make.
  ArgSpecs args = ArgSpecsOf(spec);
  if (!spec.details.empty()) {
    out += fmt::format("\n{}", spec.details);
  } else if (!args.flags.empty()) {
    out += "\nFlags:\n" + FlagListText(args.flags);
  }
  out += "\nGlobal flags (--output, -v, --profile, --region, --endpoint-url, ...): berth --help\n";
  return out;
}

namespace {

struct HelpOptions {};  // berth help takes a topic and no flags

void AddHelpFlags(ArgParser& parser, HelpOptions*) {
  parser.AddPositional({"TOPIC", HelpTopics()});
}

}  // namespace

int CmdHelp(CommandContext& ctx, const std::vector<std::string>& args) {
  HelpOptions options;
  ArgParser parser(ctx.usage);
  AddHelpFlags(parser, &options);
  std::vector<std::string> positionals;
  if (Status s = parser.Parse(args, &positionals); !s.ok()) return Finish(ctx, s);
  if (positionals.empty()) {
    ctx.reporter.Result(Json(OverviewText()), OverviewText());
    return 0;
  }
  if (positionals.size() > 1) return Finish(ctx, parser.UsageError("help takes one topic"));
  const std::string& topic = positionals[0];
  if (topic == "exit-codes") {
    ctx.reporter.Result(Json(ExitCodesText()), ExitCodesText());
    return 0;
  }
  if (const CommandSpec* spec = FindCommand(topic)) {
    std::string text = CommandHelpText(*spec);
    ctx.reporter.Result(Json(text), text);
    return 0;
  }
  std::string message = fmt::format("no help topic '{}'", topic);
  if (auto guess = SuggestClosest(topic, HelpTopics())) {
    message += fmt::format("; did you mean '{}'?", *guess);
  }
  message += " Run 'berth help' for the list of commands.";
  return Finish(ctx, InvalidArgument(message));
}

ArgSpecs HelpArgSpecs() {
  return DescribeArgs(&AddHelpFlags);
}

}  // namespace berth::cli
