#include "support/moto_server.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

#include <httplib.h>

#include "support/oracles.h"
#include "support/test_http_server.h"

namespace berth::testing {

MotoServer::MotoServer(std::map<std::string, std::string> env) : env_(std::move(env)) {}

MotoServer::~MotoServer() {
  Stop();
}

std::string MotoServer::FindPythonWithMoto(std::string* reason) {
  std::string python = FindPythonWith("moto.server");
  if (python.empty() && reason != nullptr) {
    // What to install is the caller's to say, through BERTH_ORACLE_UNAVAILABLE.
    *reason = "neither `python3` on PATH nor /usr/bin/python3 can import moto.server";
  }
  return python;
}

bool MotoServer::Start(std::chrono::seconds timeout) {
  python_ = FindPythonWithMoto(&reason_);
  if (python_.empty()) return false;
  int port = UnusedLocalPort();
  url_ = "http://127.0.0.1:" + std::to_string(port);
  log_path_ = (std::filesystem::temp_directory_path() /
               ("berth-moto-" + std::to_string(::getpid()) + "-" + std::to_string(port) + ".log"))
                  .string();
  pid_ = ::fork();
  if (pid_ < 0) {
    reason_ = "fork failed";
    return false;
  }
  if (pid_ == 0) {
    // Child: its own process group so Stop() can end werkzeug's children too.
    ::setpgid(0, 0);
    for (const auto& [k, v] : env_) ::setenv(k.c_str(), v.c_str(), 1);
    // moto must not pick up the developer's real credentials or region config.
    ::setenv("AWS_ACCESS_KEY_ID", "testing", 1);
    ::setenv("AWS_SECRET_ACCESS_KEY", "testing", 1);
    ::setenv("AWS_DEFAULT_REGION", "us-east-1", 1);
    FILE* log = std::fopen(log_path_.c_str(), "w");
    if (log != nullptr) {
      ::dup2(::fileno(log), 1);
      ::dup2(::fileno(log), 2);
    }
    std::string port_text = std::to_string(port);
    std::vector<const char*> argv = {python_.c_str(), "-m", "moto.server",     "-H",
                                     "127.0.0.1",     "-p", port_text.c_str(), nullptr};
    ::execvp(argv[0], const_cast<char* const*>(argv.data()));
    std::_Exit(127);
  }
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(1);
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto res = client.Get("/moto-api/"); res) return true;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      reason_ = "moto.server exited during start-up; its log: " + log_path_;
      return false;
    }
    // Waiting for a real child process: real time is the only clock it has.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  reason_ = "moto.server did not answer within the timeout; its log: " + log_path_;
  Stop();
  return false;
}

void MotoServer::Stop() {
  if (pid_ <= 0) return;
  ::kill(-pid_, SIGTERM);
  for (int i = 0; i < 50; ++i) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (pid_ > 0) {
    ::kill(-pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
  if (!log_path_.empty()) std::filesystem::remove(log_path_);
}

bool MotoServer::Reset() {
  if (url_.empty()) return false;
  httplib::Client client(url_);
  auto res = client.Post("/moto-api/reset");
  return res && res->status == 200;
}

}  // namespace berth::testing
