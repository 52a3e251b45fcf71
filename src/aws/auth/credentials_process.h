// credential_process: a profile names a command whose stdout is
//   {"Version": 1, "AccessKeyId": ..., "SecretAccessKey": ...,
//    "SessionToken": ... (optional), "Expiration": "<ISO 8601>" (optional)}
// The command line is split like a POSIX shell would (quotes, backslashes)
// but run without a shell (posix_spawnp), with a timeout after which it is
// killed. Its stdout is never echoed in messages: it may hold secrets.
//
// Thread-safety: see CredentialSource. SplitCommandLine is a pure function.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "aws/auth/credentials_source.h"
#include "aws/config/config_file.h"

namespace berth::aws {

// Splits like Python's shlex.split (POSIX mode): whitespace separates words;
// '...' is literal; "..." allows \" \\ \$ \` escapes; a backslash outside
// quotes escapes the next character. kConfig for an unclosed quote.
Result<std::vector<std::string>> SplitCommandLine(std::string_view command);

struct ProcessResult {
  int exit_status = 0;  // the exit status, or 128+signal when killed by one
  std::string stdout_text;
  std::string stderr_text;
};

// Runs argv[0] (searched in PATH) with the process's environment, collecting
// stdout and stderr. kTimeout when it runs longer than `timeout` (it is then
// killed); kCredentials when it cannot be started. The child starts with no
// signal blocked and SIGINT, SIGTERM, SIGPIPE, SIGHUP and SIGQUIT at their
// default actions, whatever berth blocks or ignores.
Result<ProcessResult> RunProcess(const std::vector<std::string>& argv, std::chrono::milliseconds timeout);

class ProcessCredentialSource final : public CredentialSource {
 public:
  // `files` must outlive the source. Default timeout: 60 s.
  ProcessCredentialSource(const ConfigFiles& files, std::string profile,
                          std::chrono::milliseconds timeout = std::chrono::seconds(60))
      : files_(files), profile_(std::move(profile)), timeout_(timeout) {}
  std::string Name() const override;
  // kCredentials when the command fails, times out, prints something other
  // than Version 1 JSON, or omits a key; kConfig for an unsplittable command.
  Result<std::optional<Credentials>> Fetch(std::string* skip_reason) override;

 private:
  const ConfigFiles& files_;
  std::string profile_;
  std::chrono::milliseconds timeout_;
};

}  // namespace berth::aws
