// Durations as people type them on a command line: "90", "90s", "500ms",
// "5m", "2h", "1h30m". A bare number means seconds.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace berth {

// nullopt when malformed (unknown unit, no digits, negative, overflow).
std::optional<Duration> ParseDuration(std::string_view text);

// The shortest readable form: "450ms", "12s", "5m", "1h30m", "2m05s".
std::string FormatDuration(Duration d);

}  // namespace berth
