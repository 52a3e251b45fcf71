// Timestamps as AWS and HTTP write them, to and from SystemTime (UTC):
//   ISO 8601 extended  "2024-01-01T00:00:00Z", "2024-01-01T00:00:00.123Z"
//                      (query-protocol responses, STS and container
//                      credentials, CloudWatch inputs, berth's own output)
//   ISO 8601 basic     "20240101T000000Z" (SigV4's X-Amz-Date)
//   epoch seconds      1704067200.123 (JSON-protocol timestamps)
//   HTTP date          "Mon, 01 Jan 2024 00:00:00 GMT" (IMF-fixdate, the
//                      Date header)
//
// Everything is computed from the proleptic Gregorian calendar by arithmetic
// (no gmtime/timegm/strftime): it is locale-independent, allocation-free where
// the signature allows it, and fast enough for SigV4's signing path. Parsers
// never throw; they return nullopt for anything that is not such a time,
// including impossible dates (2023-02-29, month 13) and times SystemTime
// cannot hold (with nanosecond ticks: 1677 to 2262). Years are four digits.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace berth {

// What ParseIso8601 does with a time that has no zone designator.
enum class MissingZone {
  kReject,  // credentials and other inputs where a local time would be a guess
  kUtc,     // AWS responses and request members, which are UTC by contract
};

// YYYY-MM-DD, then 'T' (or 't' or ' '), hh:mm:ss, optional fractional seconds
// of any number of digits (kept to the nanosecond), then 'Z' (or 'z'), or an
// offset +hh:mm / -hh:mm / +hhmm. Seconds may be 60 (a leap second reads as
// the next second).
std::optional<SystemTime> ParseIso8601(std::string_view text, MissingZone zone = MissingZone::kReject);
// "2024-01-01T00:00:00Z": whole seconds, rounded down.
std::string FormatIso8601(SystemTime t);
// "2024-01-01T00:00:00.123Z": milliseconds, rounded down (ELBv2 and
// CloudWatch render times this way).
std::string FormatIso8601Millis(SystemTime t);

// "20240101T000000Z" exactly.
std::optional<SystemTime> ParseIso8601Basic(std::string_view text);
std::string FormatIso8601Basic(SystemTime t);
// The same into a caller's buffer, for the SigV4 hot path (no allocation).
void FormatIso8601Basic(int64_t epoch_seconds, char (&out)[16]);

// Epoch seconds with milliseconds, as JSON-protocol services send and expect
// timestamps (the millisecond is rounded down).
double EpochSeconds(SystemTime t);
// An epoch-seconds number back to a time, rounded to the microsecond (doubles
// near 1.7e9 carry ~0.2 us of noise). nullopt when not finite or beyond what
// SystemTime holds.
std::optional<SystemTime> FromEpochSeconds(double seconds);
// Whole epoch seconds, rounded down.
int64_t WholeEpochSeconds(SystemTime t);
// Epoch milliseconds, rounded down.
int64_t EpochMillis(SystemTime t);

// IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110 §5.6.7). The day
// name is checked to be a day name, not against the date; the day of month
// may have one digit; " GMT" may be missing.
std::optional<SystemTime> ParseHttpDate(std::string_view text);
std::string FormatHttpDate(SystemTime t);

}  // namespace berth
