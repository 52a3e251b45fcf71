// Test helpers for the configuration and credentials tests: a temporary
// directory removed on destruction, with helpers to write files into it.
//
// Thread-safety: not thread-safe; one per test.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

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

}  // namespace berth::aws::testing
