// The simulator's side of the model-driven type check (aws/call/input_model.h):
// a request member of the wrong JSON type is refused with AWS's own error, a
// 400 SerializationException, before a handler (or the world's dynamics, long
// after the request) sees it.
//
// Thread-safety: a pure function.
#pragma once

#include <optional>
#include <string>

#include "aws/call/input_model.h"
#include "core/json.h"
#include "sim/wire/api_error.h"

namespace berth::sim {

// The first member of `input` whose JSON type the operation's input shape
// refuses, as a SerializationException whose message is AWS's text followed
// by the simulator's " (at $.path)"; nullopt when every member fits or the
// model does not know the operation. docs/sim.md lists the messages.
std::optional<ApiError> CheckInput(const aws::InputModel& model, const std::string& operation, const Json& input);

}  // namespace berth::sim
