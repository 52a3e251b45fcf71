#include "sim/wire/api_error.h"

#include <utility>

namespace berth::sim {

void ThrowApiError(int http_status, std::string code, std::string message) {
  throw ApiError{http_status, std::move(code), std::move(message), http_status < 500};
}

void ThrowClientException(std::string message) {
  ThrowApiError(400, "ClientException", std::move(message));
}

void ThrowInvalidParameter(std::string message) {
  ThrowApiError(400, "InvalidParameterException", std::move(message));
}

}  // namespace berth::sim
