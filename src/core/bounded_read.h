// Reading a file a user named (a task definition, an API input) without
// trusting its size: at most one byte past a limit is read, so /dev/zero or
// a multi-gigabyte file is refused at once instead of filling memory.
//
// Thread-safety: pure functions over the filesystem.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

namespace berth {

struct BoundedRead {
  std::string text;        // the file, or its first `limit` bytes when too_large
  bool too_large = false;  // the file holds more than `limit` bytes
};

// kInvalidArgument naming `what` ("task definition file"), `path` and the
// reason when it is a directory, cannot be opened ("No such file or
// directory") or fails mid-read.
Result<BoundedRead> ReadAtMost(const std::string& path, size_t limit, std::string_view what = "file");

}  // namespace berth
