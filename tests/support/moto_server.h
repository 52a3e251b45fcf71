// MotoServer: runs `python3 -m moto.server` (a third-party AWS mock) on
// 127.0.0.1 and a free port for end-to-end tests of berth's typed clients,
// and kills it when destroyed.
//
// The Python is found as `python3` on PATH, then /usr/bin/python3, taking the
// first that can import moto. When none can, or moto does not come up,
// Start() returns false and unavailable_reason() says why; tests then end
// through BERTH_ORACLE_UNAVAILABLE (support/oracles.h): a loud skip, or a
// failure under BERTH_REQUIRE_ORACLES=1 (they never pass quietly).
//
// Thread-safety: owned by one test fixture; url() may be read from any thread.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <string>

namespace berth::testing {

class MotoServer {
 public:
  // `env` is added to the server's environment, e.g.
  // {"INITIAL_NO_AUTH_ACTION_COUNT", "2"} to make moto check signatures
  // after two unauthenticated calls.
  explicit MotoServer(std::map<std::string, std::string> env = {});
  ~MotoServer();
  MotoServer(const MotoServer&) = delete;
  MotoServer& operator=(const MotoServer&) = delete;

  // Starts the server and waits until it answers (at most `timeout`: moto
  // took 7 s to come up on a 2-core machine at load 14, and giving up early
  // would turn load into a skip, or a CI failure).
  bool Start(std::chrono::seconds timeout = std::chrono::seconds(180));
  void Stop();

  const std::string& url() const { return url_; }  // http://127.0.0.1:<port>
  const std::string& python() const { return python_; }
  const std::string& unavailable_reason() const { return reason_; }

  // POST /moto-api/reset: forgets every resource.
  bool Reset();

  // The absolute path of the interpreter that has moto, or "" (with the reason) when none has.
  static std::string FindPythonWithMoto(std::string* reason);

 private:
  std::map<std::string, std::string> env_;
  std::string python_;
  std::string url_;
  std::string reason_;
  std::string log_path_;
  pid_t pid_ = -1;
};

}  // namespace berth::testing
