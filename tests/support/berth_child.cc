#include "support/berth_child.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
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

std::vector<std::string> WithBerthBinary(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {BERTH_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& argv_in, const EnvMap& env) {
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  // Build argv/envp before fork: only async-signal-safe calls in the child.
  std::vector<std::string> argv = argv_in;
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  if (env.find("PATH") == env.end()) env_strings.push_back("PATH=/usr/local/bin:/usr/bin:/bin");
  std::vector<char*> cargv, cenv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  for (auto& e : env_strings) cenv.push_back(e.data());
  cenv.push_back(nullptr);
  pid_ = ::fork();
  if (pid_ == 0) {
    // The child starts with no signal blocked, as from a shell.
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, 0);
    ::execve(cargv[0], cargv.data(), cenv.data());
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  out_fd_ = out_pipe[0];
  err_fd_ = err_pipe[0];
}

ChildProcess::~ChildProcess() {
  if (!reaped_ && pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (out_fd_ >= 0) ::close(out_fd_);
  if (err_fd_ >= 0) ::close(err_fd_);
}

bool ChildProcess::ReadSome(std::chrono::milliseconds wait) {
  if (!out_open_ && !err_open_) return false;
  pollfd fds[2] = {{out_open_ ? out_fd_ : -1, POLLIN, 0}, {err_open_ ? err_fd_ : -1, POLLIN, 0}};
  int r = ::poll(fds, 2, static_cast<int>(wait.count()));
  if (r > 0) {
    if (out_open_ && (fds[0].revents & (POLLIN | POLLHUP))) out_open_ = Drain(out_fd_, &result_.out);
    if (err_open_ && (fds[1].revents & (POLLIN | POLLHUP))) err_open_ = Drain(err_fd_, &result_.err);
  }
  return out_open_ || err_open_;
}

bool ChildProcess::WaitForOutput(const std::string& text, std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (result_.all().find(text) == std::string::npos) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    if (!ReadSome(std::chrono::milliseconds(100))) return result_.all().find(text) != std::string::npos;
  }
  return true;
}

void ChildProcess::Signal(int signal) {
  if (!reaped_ && pid_ > 0) ::kill(pid_, signal);
}

ProcessResult ChildProcess::Wait(std::chrono::seconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (ReadSome(std::chrono::milliseconds(100))) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      break;
    }
  }
  int status = 0;
  ::waitpid(pid_, &status, 0);
  reaped_ = true;
  if (WIFSIGNALED(status)) {
    result_.signaled = true;
    result_.signal = WTERMSIG(status);
  } else {
    result_.exit_code = WEXITSTATUS(status);
  }
  return result_;
}

BerthChild::BerthChild(const std::vector<std::string>& args, const EnvMap& env)
    : ChildProcess(WithBerthBinary(args), env) {}

}  // namespace berth::testing
