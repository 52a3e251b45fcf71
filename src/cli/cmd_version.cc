// `berth version`: the version, as text or as a JSON result.
#include <nlohmann/json.hpp>

#include "cli/commands.h"

namespace berth::cli {

int CmdVersion(CommandContext& ctx, const std::vector<std::string>& args) {
  if (!args.empty()) {
    return Finish(ctx, InvalidArgument("version takes no arguments\nusage: " + std::string(ctx.usage)));
  }
  ctx.reporter.Result(Json{{"version", BERTH_VERSION}}, "berth " BERTH_VERSION);
  return 0;
}

}  // namespace berth::cli
