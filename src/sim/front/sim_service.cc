#include "sim/front/sim_service.h"

#include <nlohmann/json.hpp>

namespace berth::sim {

Status ParseState(std::string_view member, const std::function<void()>& parse) {
  try {
    parse();
  } catch (const nlohmann::json::exception& e) {
    return InvalidArgument("malformed \"" + std::string(member) +
                           "\" section in the berth sim state file: " + e.what());
  }
  return Status::Ok();
}

}  // namespace berth::sim
