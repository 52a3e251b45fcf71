// A small subset of CloudWatch metric math for the simulated GetMetricData:
// numbers, query ids, + - * /, unary minus, parentheses, and FILL(series,
// number). Binary operations between two series keep the timestamps both
// have; a division by zero drops the point (CloudWatch omits it too).
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace berth::sim {

using MathSeries = std::map<int64_t, double>;  // epoch seconds -> value

// Evaluates `expression` over the series already computed (by query id).
// FILL fills the grid [floor(start / period) * period, end) in steps of
// `period`. Throws ApiError (ValidationError) for what it cannot parse.
MathSeries EvaluateMetricMath(const std::string& expression, const std::map<std::string, MathSeries>& series,
                              int64_t start, int64_t end, int period);

}  // namespace berth::sim
