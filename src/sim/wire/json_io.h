// JSON serialization helpers shared by the simulator's state files
// (world_json.cc, and the sim_service.cc of services with state): SystemTime as epoch milliseconds,
// std::optional as value-or-null, and BERTH_SIM_JSON, the
// NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT expansion for berth's
// ordered Json. Include only in .cc files.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/json.h"
#include "core/timestamp.h"

namespace nlohmann {
template <>
struct adl_serializer<berth::SystemTime> {
  static void to_json(berth::Json& j, const berth::SystemTime& t) { j = berth::EpochMillis(t); }
  static void from_json(const berth::Json& j, berth::SystemTime& t) {
    t = berth::SystemTime(std::chrono::milliseconds(j.get<int64_t>()));
  }
};
template <typename T>
struct adl_serializer<std::optional<T>> {
  static void to_json(berth::Json& j, const std::optional<T>& v) {
    if (v.has_value())
      j = *v;
    else
      j = nullptr;
  }
  static void from_json(const berth::Json& j, std::optional<T>& v) {
    if (j.is_null())
      v.reset();
    else
      v = j.get<T>();
  }
};
}  // namespace nlohmann

// nlohmann 3.11.2's NLOHMANN_DEFINE_* macros only target nlohmann::json; this
// is the same expansion for berth's ordered Json.
#define BERTH_SIM_JSON(Type, ...)                                                           \
  inline void to_json(Json& nlohmann_json_j, const Type& nlohmann_json_t) {                 \
    NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(NLOHMANN_JSON_TO, __VA_ARGS__))                \
  }                                                                                         \
  inline void from_json(const Json& nlohmann_json_j, Type& nlohmann_json_t) {               \
    Type nlohmann_json_default_obj;                                                         \
    NLOHMANN_JSON_EXPAND(NLOHMANN_JSON_PASTE(NLOHMANN_JSON_FROM_WITH_DEFAULT, __VA_ARGS__)) \
  }
