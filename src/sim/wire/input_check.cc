#include "sim/wire/input_check.h"

#include <fmt/format.h>

namespace berth::sim {

std::optional<ApiError> CheckInput(const aws::InputModel& model, const std::string& operation, const Json& input) {
  std::optional<aws::TypeMismatch> mismatch = model.Check(operation, input);
  if (!mismatch) return std::nullopt;
  // AWS's message carries no path; the simulator adds where, after it.
  return ApiError{400, "SerializationException", fmt::format("{} (at {})", mismatch->message, mismatch->path), true};
}

}  // namespace berth::sim
