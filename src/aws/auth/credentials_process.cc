#include "aws/auth/credentials_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/log.h"
#include "core/strings.h"

extern char** environ;

namespace berth::aws {
namespace {

// Owns a file descriptor.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { Reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void Reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

struct Pipe {
  Fd read, write;
};

bool MakePipe(Pipe* p) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return false;
  p->read.Reset(fds[0]);
  p->write.Reset(fds[1]);
  return true;
}

// Owns a spawn file-actions object.
struct FileActions {
  posix_spawn_file_actions_t actions;
  FileActions() { posix_spawn_file_actions_init(&actions); }
  ~FileActions() { posix_spawn_file_actions_destroy(&actions); }
};

// Owns spawn attributes that give the child a clean slate of signals: berth
// blocks SIGINT and SIGTERM in its threads (a watcher thread takes them,
// cli/signals.h) and ignores SIGPIPE, and a child inherits both, so without
// this a credential_process could be neither interrupted nor terminated.
struct SpawnAttributes {
  posix_spawnattr_t attr;
  SpawnAttributes() {
    posix_spawnattr_init(&attr);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    sigset_t defaults;
    sigemptyset(&defaults);
    for (int sig : {SIGINT, SIGTERM, SIGPIPE, SIGHUP, SIGQUIT}) sigaddset(&defaults, sig);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  }
  ~SpawnAttributes() { posix_spawnattr_destroy(&attr); }
};

int DecodeWaitStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

Result<std::vector<std::string>> SplitCommandLine(std::string_view command) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (size_t i = 0; i < command.size(); ++i) {
    char c = command[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else if (c == '\'') {
      size_t end = command.find('\'', i + 1);
      if (end == std::string_view::npos) return ConfigError("credential_process has an unclosed ' quote");
      word.append(command.substr(i + 1, end - i - 1));
      i = end;
      in_word = true;
    } else if (c == '"') {
      size_t j = i + 1;
      for (; j < command.size() && command[j] != '"'; ++j) {
        if (command[j] == '\\' && j + 1 < command.size() &&
            std::string_view("\"\\$`\n").find(command[j + 1]) != std::string_view::npos) {
          ++j;
        }
        word.push_back(command[j]);
      }
      if (j >= command.size()) return ConfigError("credential_process has an unclosed \" quote");
      i = j;
      in_word = true;
    } else if (c == '\\') {
      if (i + 1 < command.size()) word.push_back(command[++i]);
      in_word = true;
    } else {
      word.push_back(c);
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

Result<ProcessResult> RunProcess(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  if (argv.empty()) return ConfigError("credential_process is empty; set it to a command");
  Pipe out, err;
  if (!MakePipe(&out) || !MakePipe(&err)) {
    return CredentialsError(fmt::format("cannot create a pipe for credential_process: {}", std::strerror(errno)));
  }
  FileActions fa;
  posix_spawn_file_actions_adddup2(&fa.actions, out.write.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&fa.actions, err.write.get(), STDERR_FILENO);
  posix_spawn_file_actions_addopen(&fa.actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  SpawnAttributes attributes;
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, args[0], &fa.actions, &attributes.attr, args.data(), environ);
  out.write.Reset();
  err.write.Reset();
  if (rc != 0) {
    return CredentialsError(
        fmt::format("cannot run credential_process '{}': {}; check the command and PATH", argv[0], std::strerror(rc)));
  }

  ProcessResult result;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  pollfd fds[2] = {{out.read.get(), POLLIN, 0}, {err.read.get(), POLLIN, 0}};
  std::string* sinks[2] = {&result.stdout_text, &result.stderr_text};
  int open_fds = 2;
  bool timed_out = false;
  while (open_fds > 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    int n = ::poll(fds, 2, static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      char buf[4096];
      ssize_t got = ::read(fds[i].fd, buf, sizeof buf);
      if (got > 0) {
        // Bound what a runaway process can make berth hold.
        if (sinks[i]->size() < (1 << 20)) sinks[i]->append(buf, static_cast<size_t>(got));
      } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
        fds[i].fd = -1;
        --open_fds;
      }
    }
  }
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    return TimeoutError(fmt::format("credential_process '{}' did not finish within {} s and was stopped", argv[0],
                                    timeout.count() / 1000.0));
  }
  result.exit_status = DecodeWaitStatus(status);
  return result;
}

std::string ProcessCredentialSource::Name() const {
  return fmt::format("credential_process of profile '{}'", profile_);
}

Result<std::optional<Credentials>> ProcessCredentialSource::Fetch(std::string* skip_reason) {
  auto command = files_.Get(profile_, "credential_process");
  if (!command || Trim(*command).empty()) {
    *skip_reason = fmt::format("profile '{}' has no credential_process", profile_);
    return std::optional<Credentials>();
  }
  BERTH_ASSIGN_OR_RETURN(auto argv, SplitCommandLine(*command));
  BERTH_LOG_DEBUG("running credential_process of profile '{}': {}", profile_, argv.empty() ? "" : argv[0]);
  auto run = RunProcess(argv, timeout_);
  if (!run.ok()) {
    return CredentialsError(run.status().message()).WithContext(fmt::format("profile '{}'", profile_));
  }
  if (run->exit_status != 0) {
    std::string err(Trim(run->stderr_text));
    if (err.size() > 500) err = err.substr(0, 500) + "...";
    return CredentialsError(fmt::format("credential_process of profile '{}' exited with status {}{}{}", profile_,
                                        run->exit_status, err.empty() ? "" : ": ", err));
  }
  Json doc = Json::parse(run->stdout_text, nullptr, /*allow_exceptions=*/false);
  const std::string what = Name();
  if (doc.is_discarded() || !doc.is_object()) {
    return CredentialsError(
        fmt::format("{} did not print a JSON object (its output is not shown: it may hold secrets); "
                    "it must print {{\"Version\": 1, \"AccessKeyId\": ..., \"SecretAccessKey\": ...}}",
                    what));
  }
  auto version = doc.find("Version");
  if (version == doc.end() || !version->is_number_integer() || version->get<int64_t>() != 1) {
    return CredentialsError(fmt::format("{} printed JSON without \"Version\": 1, the only version berth reads", what));
  }
  BERTH_ASSIGN_OR_RETURN(Credentials c, CredentialsFromJson(doc, "SessionToken", what));
  return std::optional<Credentials>(std::move(c));
}

}  // namespace berth::aws
