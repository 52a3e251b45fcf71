#include "sim/wire/pagination.h"

#include <algorithm>
#include <charconv>

#include "core/crypto.h"

namespace berth::sim {
namespace {

// The offset a token of family `kind` carries.
std::optional<size_t> TokenOffset(std::string_view token, std::string_view kind) {
  std::optional<std::string> decoded = Base64Decode(token);
  if (!decoded || decoded->size() <= kind.size() || std::string_view(*decoded).substr(0, kind.size()) != kind) {
    return std::nullopt;
  }
  std::string_view digits = std::string_view(*decoded).substr(kind.size());
  if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  size_t offset = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), offset);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return offset;
}

}  // namespace

std::optional<PageWindow> PageOf(size_t total, std::string_view token, size_t page_size, std::string_view kind) {
  PageWindow w;
  if (!token.empty()) {
    std::optional<size_t> offset = TokenOffset(token, kind);
    if (!offset) return std::nullopt;
    w.begin = std::min(*offset, total);
  }
  w.end = w.begin + std::min(std::max<size_t>(page_size, 1), total - w.begin);
  if (w.end < total) w.next_token = PageToken(kind, w.end);
  return w;
}

std::string PageToken(std::string_view kind, size_t offset) {
  return Base64Encode(std::string(kind) + std::to_string(offset));
}

}  // namespace berth::sim
