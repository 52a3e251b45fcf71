// "Did you mean" suggestions for names a user typed: the closest candidate by
// edit distance, ignoring ASCII case, when it is close enough to be a typo.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth {

// Optimal-string-alignment distance: insertions, deletions, substitutions and
// swaps of two adjacent characters each count one. ASCII case is ignored.
size_t TypoDistance(std::string_view a, std::string_view b);

// The candidate closest to `typed` when its distance is at most
// max(1, typed.size() / 3) (so short names need a near match), ties going to
// the earlier candidate; nullopt when none is that close or `typed` is exactly
// a candidate.
std::optional<std::string> SuggestClosest(std::string_view typed, const std::vector<std::string>& candidates);

}  // namespace berth
