// ApiError: an error the simulator answers with, in AWS's own terms (HTTP
// status, error code, message, Sender/Receiver fault).
//
// Inside the simulator's request handlers an ApiError is thrown (ThrowApi*)
// and caught by the Dispatcher, which renders it in the service's wire format.
// This is deliberate and confined to src/sim: handlers validate dozens of
// members deep inside JSON documents, and unwinding to the one place that
// knows the protocol keeps each handler readable. No exception ever leaves
// Dispatcher::Handle.
//
// Thread-safety: a value type.
#pragma once

#include <string>

namespace berth::sim {

struct ApiError {
  int http_status = 400;
  std::string code;          // "ClusterNotFoundException", "Throttling", ...
  std::string message;       // AWS's message text
  bool sender_fault = true;  // query protocol <Type>Sender</Type> vs Receiver
};

[[noreturn]] void ThrowApiError(int http_status, std::string code, std::string message);
// ECS's common errors.
[[noreturn]] void ThrowClientException(std::string message);
[[noreturn]] void ThrowInvalidParameter(std::string message);

}  // namespace berth::sim
