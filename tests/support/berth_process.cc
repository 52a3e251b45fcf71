#include "support/berth_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace berth::testing {
namespace {

// Reads what is available on `fd` into `out`; false at end of file.
bool Drain(int fd, std::string* out) {
  char buf[65536];
  ssize_t n = ::read(fd, buf, sizeof(buf));
  if (n > 0) {
    out->append(buf, static_cast<size_t>(n));
    return true;
  }
  return n < 0 && errno == EINTR;
}

}  // namespace

ProcessResult RunProcess(const std::vector<std::string>& argv, const EnvMap& env, std::chrono::seconds timeout) {
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  // Build argv/envp before fork: only async-signal-safe calls in the child.
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  if (env.find("PATH") == env.end()) env_strings.push_back("PATH=/usr/local/bin:/usr/bin:/bin");
  std::vector<char*> cargv, cenv;
  for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  for (auto& e : env_strings) cenv.push_back(e.data());
  cenv.push_back(nullptr);

  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, 0);
    ::execve(cargv[0], cargv.data(), cenv.data());
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  ProcessResult result;
  bool out_open = true, err_open = true;
  // The deadline is a safety net against a hung child, not a measurement.
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (out_open || err_open) {
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    int r = ::poll(fds, 2, 200);
    if (r > 0) {
      if (out_open && (fds[0].revents & (POLLIN | POLLHUP))) out_open = Drain(out_pipe[0], &result.out);
      if (err_open && (fds[1].revents & (POLLIN | POLLHUP))) err_open = Drain(err_pipe[0], &result.err);
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      break;
    }
  }
  ::close(out_pipe[0]);
  ::close(err_pipe[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) {
    result.signaled = true;
    result.signal = WTERMSIG(status);
  } else {
    result.exit_code = WEXITSTATUS(status);
  }
  return result;
}

ProcessResult RunBerth(const std::vector<std::string>& args, const EnvMap& env, std::chrono::seconds timeout) {
  std::vector<std::string> argv = {BERTH_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProcess(argv, env, timeout);
}

TempHome::TempHome() : dir_("berth-home"), path_(dir_.path()) {
  if (!dir_.ok()) throw std::runtime_error("mkdtemp failed");
  std::filesystem::create_directories(path_ + "/.aws");
}

TempHome::~TempHome() = default;

std::string TempHome::Write(const std::string& relative, const std::string& text) const {
  std::filesystem::path p = std::filesystem::path(path_) / relative;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
  return p.string();
}

EnvMap TempHome::BaseEnv() const {
  return {{"HOME", path_},
          {"AWS_CONFIG_FILE", config_path()},
          {"AWS_SHARED_CREDENTIALS_FILE", credentials_path()},
          // No IMDS probing from tests: the chain must not wait on 169.254.169.254.
          {"AWS_EC2_METADATA_DISABLED", "true"}};
}

}  // namespace berth::testing
