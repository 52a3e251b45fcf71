// TempDir: a fresh private directory under the system temp directory
// ($TMPDIR or /tmp), created with mkdtemp (mode 0700) and removed with
// everything in it when the object goes away. For `berth demo`'s throwaway
// history and for tests.
//
// Thread-safety: owned by one thread; distinct objects never share a path.
#pragma once

#include <string>
#include <string_view>

namespace berth {

class TempDir {
 public:
  // `prefix` names the directory ("berth-demo" -> /tmp/berth-demo-Ab12Cd).
  explicit TempDir(std::string_view prefix);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // "" when the directory could not be created.
  const std::string& path() const { return path_; }
  bool ok() const { return !path_.empty(); }

 private:
  std::string path_;
};

}  // namespace berth
