#include "cli/exit_codes.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/status.h"

namespace berth::cli {
namespace {

struct Entry {
  StatusCode code;
  std::string_view meaning;
  std::string_view action;
};

// Every StatusCode appears here; exit_codes_test.cc checks none is missing.
constexpr Entry kEntries[] = {
    {StatusCode::kOk, "Success.", "Nothing."},
    {StatusCode::kInternal, "A bug or an unexpected condition in berth.",
     "Re-run with -vvv and report it with the output."},
    {StatusCode::kInvalidArgument,
     "Bad flags (a container name the task definition does not have), bad input file or an unparsable reference.",
     "Fix the command line; see `berth help COMMAND`."},
    {StatusCode::kConfig, "Malformed AWS config/credentials file, unknown profile or invalid region.",
     "Fix the file or setting named in the message (--profile, --region, AWS_CONFIG_FILE)."},
    {StatusCode::kCredentials, "No credentials found, expired, or the signature was rejected.",
     "Refresh or provide credentials (aws sso login, AWS_PROFILE, environment keys)."},
    {StatusCode::kPermissionDenied, "The credentials work but are not allowed to do this.",
     "Grant the IAM action named in the message to the role berth runs as."},
    {StatusCode::kNotFound, "A cluster, service or task definition is missing.",
     "Check the names, the region and the account."},
    {StatusCode::kAwsError, "Any other error returned by an AWS API.",
     "Read the AWS error code and request id in the message."},
    {StatusCode::kNetwork, "Connection refused or reset, no response within --request-timeout, DNS or TLS failure.",
     "Check the endpoint URL, proxy settings (HTTPS_PROXY) and network."},
    {StatusCode::kThrottled, "AWS kept throttling until retries ran out.", "Retry later or lower berth's concurrency."},
    {StatusCode::kBadResponse,
     "A non-JSON, truncated or HTML response (often a proxy), or one without what AWS always returns (an "
     "emulator's UpdateService without the new deployment: the change is made and recorded, but not followed).",
     "Check the endpoint URL and any proxy between berth and AWS; against an emulator that does not model "
     "deployments, deploy with --no-wait."},
    {StatusCode::kTimeout, "A wait ran past its deadline.",
     "Inspect the service's events; raise the timeout if it is just slow."},
    {StatusCode::kDeploymentFailed, "The deployment failed or was rolled back.",
     "Read the stopped tasks' reasons and the service events printed above."},
    {StatusCode::kFailedPrecondition, "The resource is in a state this command cannot handle.",
     "Read the message; wait for the other operation or change the resource first."},
    {StatusCode::kConflict, "Another berth process changed the same record at the same moment.",
     "Re-run: berth reads the new state first."},
    {StatusCode::kCancelled,
     "Interrupted (Ctrl-C, SIGINT) while waiting: berth stopped following; ECS goes on deploying.",
     "Resume with the `berth wait` line printed, or roll back with `berth rollback --force` (it replaces the "
     "deployment still running)."},
};

}  // namespace

std::vector<ExitCodeInfo> ExitCodeTable() {
  std::vector<ExitCodeInfo> table;
  for (const Entry& e : kEntries) {
    table.push_back({ExitCodeFor(e.code), StatusCodeName(e.code), e.meaning, e.action});
  }
  // 2 is not a failure: `diff --detailed-exitcode` uses it for "there are changes".
  table.push_back({2, "Changes", "`diff --detailed-exitcode` found differences.", "Nothing; it is not an error."});
  // SIGTERM (a CI runner cancelling a job) is handled like Ctrl-C, with the
  // shell's exit code for it.
  table.push_back({143, "Terminated",
                   "Stopped by SIGTERM while waiting: berth stopped following; ECS goes on deploying.",
                   "Resume with the `berth wait` line printed, or roll back with `berth rollback --force` (it replaces "
                   "the deployment still running)."});
  std::sort(table.begin(), table.end(), [](const ExitCodeInfo& a, const ExitCodeInfo& b) { return a.code < b.code; });
  return table;
}

std::string ExitCodesText() {
  std::string out = "Exit codes:\n\n";
  for (const ExitCodeInfo& e : ExitCodeTable()) {
    out += fmt::format("  {:>3}  {:<18} {}\n", e.code, e.name, e.meaning);
    out += fmt::format("       {:<18} what to do: {}\n", "", e.action);
  }
  return out;
}

std::string ExitCodesMarkdown() {
  std::string out = "| Code | Name | Meaning | What to do |\n|---:|---|---|---|\n";
  for (const ExitCodeInfo& e : ExitCodeTable()) {
    out += fmt::format("| {} | {} | {} | {} |\n", e.code, e.name, e.meaning, e.action);
  }
  return out;
}

}  // namespace berth::cli
