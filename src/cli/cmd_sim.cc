// `berth sim`: run the local AWS simulator (ECS, ELBv2, ECR and its registry API, STS) on 127.0.0.1 until
// interrupted. Everything it serves is in src/sim; this file only parses
// flags, prints where to connect, and waits for SIGINT/SIGTERM.

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "core/log.h"
#include "sim/front/server.h"

namespace berth::cli {
namespace {

struct SimFlags {
  std::string port = "0";
  std::string time_scale = "1";
  std::string seed;
  std::string state;
  std::string region = "us-east-1";
  std::string admin_token;
  bool no_rate_limits = false;
};

void AddSimFlags(ArgParser& parser, SimFlags* f) {
  parser.AddString({"--port", "P", "the port on 127.0.0.1 (default 0: a free one)"}, &f->port);
  parser.AddString({"--time-scale", "X", "simulated seconds per real second (default 1; 0 freezes time)"},
                   &f->time_scale);
  parser.AddString({.name = "--seed",
                    .value = "demo|empty|FILE",
                    .help = "the world to start with: demo, empty, or a seed file",
                    .choices = {"demo", "empty"},
                    .complete = ValueCompletion::kFiles},
                   &f->seed);
  parser.AddString({.name = "--state",
                    .value = "FILE",
                    .help = "load the world from FILE if it exists; save it every 30 s and on shutdown",
                    .complete = ValueCompletion::kFiles},
                   &f->state);
  parser.AddString({"--seed-region", "REGION", "the region the seed is created in (default us-east-1)"}, &f->region);
  parser.AddString({"--admin-token", "TOKEN", "the token for the admin API (default: a random one)"}, &f->admin_token);
  parser.AddBool({"--no-rate-limits", "", "turn the ECS, ELBv2 and ECR throttling buckets off"}, &f->no_rate_limits);
}

Result<sim::SimOptions> ToOptions(const SimFlags& f, const ArgParser& parser) {
  sim::SimOptions o;
  try {
    size_t used = 0;
    o.port = std::stoi(f.port, &used);
    if (used != f.port.size() || o.port < 0 || o.port > 65535) throw std::invalid_argument("port");
  } catch (...) {
    return parser.UsageError("--port must be a number from 0 to 65535 (0 picks a free port)");
  }
  try {
    size_t used = 0;
    o.time_scale = std::stod(f.time_scale, &used);
    if (used != f.time_scale.size() || o.time_scale < 0) throw std::invalid_argument("scale");
  } catch (...) {
    return parser.UsageError("--time-scale must be a number >= 0 (60 runs a minute per second; 0 freezes time)");
  }
  o.seed = f.seed;
  o.state_file = f.state;
  o.region = f.region;
  o.admin_token = f.admin_token;
  o.rate_limits = !f.no_rate_limits;
  return o;
}

}  // namespace

int CmdSim(CommandContext& ctx, const std::vector<std::string>& args) {
  SimFlags flags;
  ArgParser parser(ctx.usage);
  AddSimFlags(parser, &flags);
  std::vector<std::string> positionals;
  if (Status s = parser.Parse(args, &positionals); !s.ok()) return Finish(ctx, s);
  if (!positionals.empty()) return Finish(ctx, parser.UsageError("sim takes no positional arguments"));
  auto options = ToOptions(flags, parser);
  if (!options.ok()) return Finish(ctx, options.status());

  // SIGINT / SIGTERM stop the simulator: the signal watcher (cli/signals.h)
  // cancels the run's token; a second signal exits at once.
  if (ctx.deps.cancel == nullptr) return Finish(ctx, InternalError("berth sim runs until a signal: no signal watcher"));
  auto sim = sim::Simulator::Start(*options);
  if (!sim.ok()) return Finish(ctx, sim.status());
  // One document (--output json) or the lines docs/sim.md shows; the secret
  // is masked by the output redaction either way (it is the documented one).
  Json ready{
      {"endpoint", (*sim)->endpoint()},
      {"adminToken", (*sim)->admin_token()},
      {"credentials", {{"accessKeyId", sim::kDefaultAccessKeyId}, {"secretAccessKey", sim::kDefaultSecretAccessKey}}},
      {"timeScale", options->time_scale},
      {"rateLimits", options->rate_limits},
      {"seed", options->seed},
      {"state", options->state_file}};
  ctx.reporter.Result(
      ready, fmt::format("berth sim listening on {}\nadmin token: {}\ncredentials: AWS_ACCESS_KEY_ID={} "
                         "AWS_SECRET_ACCESS_KEY={}\n"
                         "time scale: {}x; rate limits: {}; seed: {}; state: {}",
                         (*sim)->endpoint(), (*sim)->admin_token(), sim::kDefaultAccessKeyId,
                         sim::kDefaultSecretAccessKey, options->time_scale, options->rate_limits ? "on" : "off",
                         options->seed.empty() ? "none" : options->seed,
                         options->state_file.empty() ? "none" : options->state_file));
  ctx.deps.cancel->Wait();
  WriteStderr("berth sim: stopping\n");
  (*sim)->Stop();
  return 0;
}

ArgSpecs SimArgSpecs() {
  return DescribeArgs(&AddSimFlags);
}

}  // namespace berth::cli
