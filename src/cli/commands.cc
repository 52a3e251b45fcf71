#include "cli/commands.h"

#include <algorithm>

#include "core/suggest.h"

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

constexpr std::string_view kDeployDetails =
    R"(Ships new images to an existing ECS service that berth does not own (made
by hand, CloudFormation or Terraform), touching nothing else:
  1. reads the service and the task definition it runs (or, with --family,
     the latest ACTIVE revision of that family);
  2. clones it losslessly (only output-only fields are dropped; tags kept)
     and replaces the image of each named container;
  3. registers the new revision and updates the service in one call;
  4. follows the deployment that call created until it is COMPLETED and
     PRIMARY on the new revision. A FAILED rollout, a circuit-breaker
     rollback or another deployment taking over is a failure (exit 13),
     reported with ECS's reason, the service events and why the newest
     tasks stopped (stop code, reason, exit codes); so is a crash loop on
     a service without a circuit breaker (as many failed starts as ECS's
     breaker allows, none running). Running past --timeout is exit 12.
Bad input (unknown container, missing service, bad image or file) is
reported before anything is written to AWS.

What to deploy:
  --image CONTAINER=IMAGE   repeatable; IMAGE is [registry[:port]/]repo[:tag][@sha256:...]
  --task-definition FILE    a whole task definition in AWS's JSON (what
                            aws ecs register-task-definition --cli-input-json takes)
  --family FAMILY           start from FAMILY's latest ACTIVE revision
  --env CONTAINER:KEY=VALUE repeatable; sets one environment variable
  --desired-count N, --min-healthy-percent P, --max-percent P
  --force-new-deployment    replace the tasks even if nothing else changes
How to follow it:
  --timeout D               how long to follow (default 30m; 90s, 1h30m, ...)
  --poll-interval D         DescribeServices every D, +-20% jitter (default 5s)
  --no-wait                 return after UpdateService with the deployment id
  --rollback-on-failure     on failure or timeout, put the service back on the
                            revision that was live before, and wait for that
  --dry-run                 print the plan (a semantic diff) and change nothing
  --state FILE              berth's state database (default: see below);
                            --history FILE is its older name

Every deployment is recorded in berth's state database (SQLite) at --state,
$BERTH_STATE, $XDG_STATE_HOME/berth/state.db or ~/.local/state/berth/state.db
(an existing history.db there is kept); `berth rollback` reads it.

Ctrl-C or SIGTERM while following: berth stops, records the deployment as
INTERRUPTED, prints the `berth wait` line that resumes, and exits 130 (143
for SIGTERM); ECS goes on deploying. A second Ctrl-C exits at once.

Examples:
  berth deploy --cluster prod --service web --image web=123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.4.2
  berth deploy --cluster prod --service web --image web=repo/web:2 --image envoy=repo/envoy:1.30 --rollback-on-failure
  berth deploy --cluster prod --service web --task-definition taskdef.json --no-wait
  berth deploy --cluster prod --service web --image web=repo/web:2 --dry-run
)";

constexpr std::string_view kDiffDetails =
    R"(Prints what `berth deploy` with the same flags would change: the task
definition and the service settings, normalised so AWS's defaults and
ordering (environment, port mappings, tags, ...) do not show as changes.
Reads only. Takes every "what to deploy" flag of `berth deploy`:
  --image, --task-definition, --family, --env, --desired-count,
  --min-healthy-percent, --max-percent, --force-new-deployment

  --detailed-exitcode   exit 0 when nothing would change, 2 when something would

Example:
  berth diff --cluster prod --service web --image web=repo/web:1.5.0 --detailed-exitcode
)";

constexpr std::string_view kWaitDetails =
    R"(Follows a deployment already under way with the rules of `berth deploy`:
success is that deployment COMPLETED and PRIMARY; a failure or rollback exits
13, a timeout 12. Without --deployment it follows the PRIMARY deployment.

  --deployment ID        ecs-svc/... as printed by `berth deploy --no-wait`
  --timeout D, --poll-interval D, --state FILE   as for deploy (--history FILE:
                         the older name of --state)

Example:
  berth wait --cluster prod --service web --deployment ecs-svc/1234567890123456789
)";

constexpr std::string_view kRollbackDetails =
    R"(Puts the service back on the last task definition revision berth saw
succeed there (other than the live one), from berth's state database;
without a success on record for the service, on the revision that was live
before berth's last deployment. Then follows that deployment like
`berth deploy`.

Nothing is written when the target is deregistered (INACTIVE) or gone: the
error names it and the next revision berth saw succeed that is still ACTIVE.
A deployment still under way (one berth did not judge FAILED or TIMED_OUT)
is not cut short without --force.

  --to REVISION          7 (of the live family), web:7, or a task definition ARN
  --force                roll back although another deployment is under way
                         (it is replaced, and recorded SUPERSEDED), or to a
                         revision of another family
  --no-wait, --timeout D, --poll-interval D, --state FILE (--history FILE:
                         the older name of --state)

Examples:
  berth rollback --cluster prod --service web
  berth rollback --cluster prod --service web --to 41
)";

constexpr std::string_view kStatusDetails =
    R"(Shows one service: its deployments (status, rollout state and counts),
its tasks by state and task definition with recent stop reasons, the newest
service events (--events N, default 10), and berth's own recent deployments
of it from the state database (--state FILE, as for deploy; --history FILE
is its older name).

Example:
  berth status --cluster prod --service web --output json
)";

constexpr std::string_view kHelpDetails =
    R"(  berth help              the overview
  berth help COMMAND      one command's usage, flags and examples
  berth help exit-codes   what each exit code means and what to do
)";

constexpr std::string_view kCompletionDetails =
    R"(Prints a shell completion script generated from berth's command table:
the command names, each command's flags, the global flags, the values of
flags that take one of a few (--output text|json, --log-level, berth help
topics, the shells here) and file names for flags that take a file
(--task-definition, --history, --state, --seed, --input file://).

Install it:
  bash  in ~/.bashrc:
          source <(berth completion bash)
        or once, where bash-completion loads it on demand:
          berth completion bash > ~/.local/share/bash-completion/completions/berth
  zsh   once, into a directory on $fpath (before compinit runs in ~/.zshrc):
          mkdir -p ~/.zsh/completions
          berth completion zsh > ~/.zsh/completions/_berth
        and in ~/.zshrc, before compinit:
          fpath=(~/.zsh/completions $fpath)
        or, in ~/.zshrc after compinit:
          source <(berth completion zsh)
  fish  once:
          berth completion fish > ~/.config/fish/completions/berth.fish

The script describes this version of berth: generate it again after an upgrade.
)";

constexpr std::string_view kSimDetails =
    R"(Runs a local stand-in for the AWS that deployments depend on (ECS, ELBv2,
ECR with its registry v2, CloudWatch, STS) on one HTTP endpoint on
127.0.0.1, speaking AWS's wire formats and error codes, checking SigV4, and
moving services through deployments on simulated time. Ctrl-C (or SIGTERM)
stops it, saving --state first.

At start it prints the endpoint, the admin token and the credentials (one
JSON document with --output json):
  berth sim listening on http://127.0.0.1:43365
  admin token: 92966fd97d743e144463cd3018403593
  credentials: AWS_ACCESS_KEY_ID=AKIDSIMULATOR AWS_SECRET_ACCESS_KEY=****

Credentials: access key AKIDSIMULATOR with secret berth-simulator-secret
(account 123456789012), and the temporary credentials its STS AssumeRole
and AssumeRoleWithWebIdentity issue. Any other key, or a session token with
the permanent key, is refused as AWS refuses it. Any region works.

  --port P                127.0.0.1:P; a port in use is an error (exit 9);
                          0 (default) picks a free one
  --time-scale X          simulated seconds per real second (default 1;
                          60: a minute per second; 0 freezes time)
  --seed demo|empty|FILE  demo: cluster demo with services web, api, worker
                          and the images demo-broken (exits on start),
                          demo-unhealthy (fails health checks), demo-slow;
                          FILE: a seed file of ECS calls (docs/sim.md)
  --seed-region REGION    where the seed is created (default us-east-1)
  --state FILE            load the world from FILE, save it every 30 s and
                          on shutdown
  --admin-token TOKEN     the admin API's token (default: a random one)
  --no-rate-limits        turn ECS's, ELBv2's and ECR's throttling off

Admin API, under /_berth/ with the header X-Berth-Admin-Token: TOKEN:
  POST /_berth/behaviours    {"image":"app:2","behaviour":"exit-on-start"}:
                             healthy, exit-on-start, fail-health-checks,
                             slow-start, serve-errors
  POST /_berth/faults        {"kind":"throttle|error|latency|drop",
                             "action":"DescribeServices","count":3}
  POST /_berth/clock/advance {"duration":"10m"}; GET /_berth/clock
  POST /_berth/reset, GET /_berth/state, GET|DELETE /_berth/calls,
  POST /_berth/ratelimits, GET /_berth/health (no token)
All of it, with every behaviour and where the simulator differs from AWS:
docs/sim.md.

Example:
  berth sim --port 4566 --seed demo --time-scale 60 &
  AWS_ACCESS_KEY_ID=AKIDSIMULATOR AWS_SECRET_ACCESS_KEY=berth-simulator-secret \
    berth --endpoint-url http://127.0.0.1:4566 --region us-east-1 \
    deploy --cluster demo --service web --image web=public.ecr.aws/berth/demo-web:1.1.0
)";

constexpr std::string_view kDemoDetails =
    R"(Starts the simulator in-process with the demo seed, points berth's real
AWS stack at it (credentials chain, SigV4, retries, rate limits) and runs the
commands a user would, printing each before it runs:
  1. berth deploy web=demo-web:1.1.0        a healthy image: COMPLETED, exit 0
  2. berth deploy web=demo-unhealthy:1.2.0  fails its health checks; ECS's
                                            circuit breaker rolls it back, and
                                            berth says FAILED (exit 13)
  3. berth wait                             follows ECS's rollback to its end
  4. berth status                           the service, healthy on 1.1.0
It needs no AWS account and touches no AWS; its state database is a
temporary file, not yours. It exits 0 when every step ended as expected.

  --time-scale X  simulated seconds per real second (default 120: a rollout
                  takes seconds)

To try the same by hand: berth help sim.
)";

constexpr CommandSpec kCommands[] = {
    {"api", "Call one AWS API operation and print the JSON response",
     "berth api SERVICE OPERATION [--input JSON|file://PATH]", &CmdApi, &ApiArgSpecs, kApiDetails},
    {"completion", "Print a shell completion script (bash, zsh or fish)", "berth completion bash|zsh|fish",
     &CmdCompletion, &CompletionArgSpecs, kCompletionDetails},
    {"demo", "Run berth's main job against the embedded simulator: a good deploy, then one ECS rolls back",
     "berth demo [--time-scale X]", &CmdDemo, &DemoArgSpecs, kDemoDetails},
    {"deploy", "Ship new images to an existing ECS service and follow the deployment to its true end",
     "berth deploy --cluster C --service S (--image NAME=IMAGE ... | --task-definition FILE) [flags]", &CmdDeploy,
     &DeployArgSpecs, kDeployDetails},
    {"diff", "Show what a deploy would change in the task definition and service settings",
     "berth diff --cluster C --service S (--image NAME=IMAGE ... | --task-definition FILE) [--detailed-exitcode]",
     &CmdDiff, &DiffArgSpecs, kDiffDetails},
    {"help", "Show help for berth, a command, or the exit codes", "berth help [COMMAND|exit-codes]", &CmdHelp,
     &HelpArgSpecs, kHelpDetails},
    {"rollback", "Put a service back on the last revision berth saw succeed there",
     "berth rollback --cluster C --service S [--to REVISION] [--force] [--no-wait]", &CmdRollback, &RollbackArgSpecs,
     kRollbackDetails},
    {"sim", "Run the local AWS simulator (ECS, ELBv2, ECR + registry v2, STS) for rehearsals and tests",
     "berth sim [--port P] [--time-scale X] [--seed demo|empty|FILE] [--state FILE] [--no-rate-limits]", &CmdSim,
     &SimArgSpecs, kSimDetails},
    {"status", "Show a service's deployments, tasks, events and berth's deployments of it",
     "berth status --cluster C --service S [--events N]", &CmdStatus, &StatusArgSpecs, kStatusDetails},
    {"version", "Print berth's version", "berth version", &CmdVersion, nullptr},
    {"wait", "Follow a deployment already under way to its verdict",
     "berth wait --cluster C --service S [--deployment ID] [--timeout D]", &CmdWait, &WaitArgSpecs, kWaitDetails},
};

}  // namespace

std::span<const CommandSpec> Commands() {
  return kCommands;
}

const CommandSpec* FindCommand(std::string_view name) {
  for (const CommandSpec& c : kCommands) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

ArgSpecs ArgSpecsOf(const CommandSpec& spec) {
  return spec.args != nullptr ? spec.args() : ArgSpecs{};
}

std::optional<std::string> SuggestCommand(std::string_view typo) {
  std::vector<std::string> names;
  for (const CommandSpec& c : kCommands) names.emplace_back(c.name);
  return SuggestClosest(typo, names);
}

}  // namespace berth::cli
