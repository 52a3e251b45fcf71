// Test helpers for the configuration and credentials tests: a temporary
// directory (core TempDir) with a helper to write files into it. The servers
// that stand in for STS, the container endpoint and IMDS are TestHttpServers
// (support/test_http_server.h).
//
// Thread-safety: TempDir is for one thread.
#pragma once

#include <sys/stat.h>

#include <fstream>
#include <string>
#include <string_view>

#include "core/temp_dir.h"

namespace berth::aws::testing {

class TempDir {
 public:
  const std::string& path() const { return dir_.path(); }

  // Writes `content` to path()/name and returns the full path.
  std::string Write(std::string_view name, std::string_view content, bool executable = false) const {
    std::string full = path() + "/" + std::string(name);
    {
      std::ofstream out(full, std::ios::binary | std::ios::trunc);
      out << content;
    }
    if (executable) ::chmod(full.c_str(), 0755);
    return full;
  }

 private:
  berth::TempDir dir_{"berth-creds"};
};

}  // namespace berth::aws::testing
