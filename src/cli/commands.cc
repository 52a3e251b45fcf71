#include "cli/commands.h"

#include <algorithm>

namespace berth::cli {
namespace {

constexpr std::string_view kApiDetails =
    R"(Calls one AWS API operation directly and prints the JSON response: the
troubleshooting escape hatch. It uses the same credentials, endpoints,
retries, rate limits and redaction as every other command.

  SERVICE     ecs, ecr, elbv2, sts, cloudformation, cloudwatch, logs,
              servicediscovery, tagging
  OPERATION   the API's operation name, e.g. DescribeServices
  --input     the operation's input as JSON ('{}' when omitted), or
              file://PATH to read it from a file

The response is pretty-printed with --output text and printed as one
{"type":"result",...} line with --output json.

Examples:
  berth api ecs DescribeServices --input '{"cluster":"c","services":["s"]}'
  berth api elbv2 DescribeTargetHealth --input file://target.json
  berth api sts GetCallerIdentity --endpoint-url http://127.0.0.1:4566
)";

constexpr std::string_view kHelpDetails =
    R"(  berth help              the overview
  berth help COMMAND      one command's usage, flags and examples
  berth help exit-codes   what each exit code means and what to do
)";

constexpr CommandSpec kCommands[] = {
    {"api", "Call one AWS API operation and print the JSON response",
     "berth api SERVICE OPERATION [--input JSON|file://PATH]", &CmdApi, kApiDetails},
    {"demo", "Run berth's main job against the embedded simulator: a good deploy, then one ECS rolls back",
     "berth demo [--time-scale X]", &CmdDemo},
    {"help", "Show help for berth, a command, or the exit codes",
     "berth help [COMMAND|exit-codes]", &CmdHelp, kHelpDetails},
    {"sim", "Run the local AWS simulator (ECS, ELBv2, ECR + registry v2, STS) for rehearsals and tests",
     "berth sim [--port P] [--time-scale X] [--seed demo|FILE] [--state FILE] [--no-rate-limits]", &CmdSim},
    {"version", "Print berth's version", "berth version", &CmdVersion},
};

}  // namespace

std::span<const CommandSpec> Commands() { return kCommands; }

const CommandSpec* FindCommand(std::string_view name) {
  for (const CommandSpec& c : kCommands) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  // Optimal string alignment: Levenshtein plus adjacent transpositions, the
  // most common typo ("delpoy"). Full table: names are short.
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::optional<std::string> SuggestName(std::string_view typo,
                                       const std::vector<std::string_view>& candidates) {
  size_t best = std::string_view::npos;
  std::string_view best_name;
  for (std::string_view c : candidates) {
    size_t d = EditDistance(typo, c);
    if (d < best) {
      best = d;
      best_name = c;
    }
  }
  size_t limit = std::max<size_t>(1, typo.size() / 3);
  if (best_name.empty() || best > limit) return std::nullopt;
  return std::string(best_name);
}

std::optional<std::string> SuggestCommand(std::string_view typo) {
  std::vector<std::string_view> names;
  for (const CommandSpec& c : kCommands) names.push_back(c.name);
  return SuggestName(typo, names);
}

}  // namespace berth::cli
