// Test helpers for the configuration and credentials tests: a temporary
// directory removed on destruction, with helpers to write files into it, and
// a cpp-httplib server on 127.0.0.1 (port 0) that records what it received.
//
// Thread-safety: TempDir is for one thread. LocalServer's handlers run on the
// server's threads; requests() may be read from the test thread.
#pragma once

#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <stdlib.h>
#include <sys/stat.h>

namespace berth::aws::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "berth-creds-XXXXXX").string();
    path_ = mkdtemp(tmpl.data()) ? tmpl : std::string();
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }

  // Writes `content` to path()/name and returns the full path.
  std::string Write(std::string_view name, std::string_view content, bool executable = false) const {
    std::string full = path_ + "/" + std::string(name);
    {
      std::ofstream out(full, std::ios::binary | std::ios::trunc);
      out << content;
    }
    if (executable) chmod(full.c_str(), 0755);
    return full;
  }

 private:
  std::string path_;
};

// What a LocalServer received.
struct SeenRequest {
  std::string method;
  std::string path;
  std::multimap<std::string, std::string, httplib::detail::ci> headers;
  std::string body;
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  bool HasHeader(const std::string& name) const { return headers.count(name) > 0; }
};

// Answers every request with `handler`, started in the constructor, stopped
// in the destructor.
class LocalServer {
 public:
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;
  explicit LocalServer(Handler handler) : handler_(std::move(handler)) {
    auto record = [this](const httplib::Request& req, httplib::Response& res) {
      {
        std::lock_guard lock(mu_);
        seen_.push_back({req.method, req.path, {req.headers.begin(), req.headers.end()}, req.body});
      }
      handler_(req, res);
    };
    server_.Get(".*", record);
    server_.Put(".*", record);
    server_.Post(".*", record);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // This cpp-httplib has no wait_until_ready(), and stop() before the
    // accept loop runs is lost (the join would hang), so wait for the loop.
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~LocalServer() {
    server_.stop();
    thread_.join();
  }
  LocalServer(const LocalServer&) = delete;
  LocalServer& operator=(const LocalServer&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<SeenRequest> requests() const {
    std::lock_guard lock(mu_);
    return seen_;
  }

 private:
  Handler handler_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mu_;
  std::vector<SeenRequest> seen_;
};

}  // namespace berth::aws::testing
