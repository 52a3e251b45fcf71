#include "core/bounded_read.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

namespace berth {

Result<BoundedRead> ReadAtMost(const std::string& path, size_t limit, std::string_view what) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return InvalidArgument(fmt::format("{} {} is a directory", what, path));
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidArgument(fmt::format("cannot read {} {}: {}", what, path, std::strerror(errno)));
  BoundedRead out;
  out.text.assign(limit + 1, '\0');
  in.read(out.text.data(), static_cast<std::streamsize>(out.text.size()));
  if (in.bad()) {
    return InvalidArgument(fmt::format("cannot read {} {}; check that it is a readable file", what, path));
  }
  out.text.resize(static_cast<size_t>(in.gcount()));
  if (out.text.size() > limit) {
    out.text.resize(limit);
    out.too_large = true;
  }
  return out;
}

}  // namespace berth
