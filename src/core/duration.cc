#include "core/duration.h"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

namespace berth {

std::optional<Duration> ParseDuration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  double total_ms = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = i;
    while (j < text.size() && ((text[j] >= '0' && text[j] <= '9') || text[j] == '.')) ++j;
    if (j == i) return std::nullopt;
    double n = 0;
    auto [end, ec] = std::from_chars(text.data() + i, text.data() + j, n);
    if (ec != std::errc() || end != text.data() + j) return std::nullopt;
    size_t u = j;
    while (u < text.size() && ((text[u] >= 'a' && text[u] <= 'z'))) ++u;
    std::string_view unit = text.substr(j, u - j);
    double mult = 0;
    if (unit.empty() || unit == "s") {
      mult = 1000;
    } else if (unit == "ms") {
      mult = 1;
    } else if (unit == "m") {
      mult = 60'000;
    } else if (unit == "h") {
      mult = 3'600'000;
    } else {
      return std::nullopt;
    }
    // A bare number is only allowed as the whole text ("90"), not "1h30".
    if (unit.empty() && (i != 0 || u != text.size())) return std::nullopt;
    total_ms += n * mult;
    i = u;
  }
  if (!std::isfinite(total_ms) || total_ms > 1e15) return std::nullopt;
  return Duration(static_cast<int64_t>(std::llround(total_ms)));
}

std::string FormatDuration(Duration d) {
  int64_t ms = d.count();
  if (ms < 0) return "-" + FormatDuration(Duration(-ms));
  if (ms < 1000) return fmt::format("{}ms", ms);
  int64_t s = ms / 1000;
  if (s < 60) return fmt::format("{}s", s);
  int64_t h = s / 3600, m = (s % 3600) / 60, sec = s % 60;
  if (h == 0) return sec == 0 ? fmt::format("{}m", m) : fmt::format("{}m{:02}s", m, sec);
  return m == 0 ? fmt::format("{}h", h) : fmt::format("{}h{:02}m", h, m);
}

}  // namespace berth
