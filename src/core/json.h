// berth's JSON type: nlohmann's ordered_json, so documents such as task
// definitions keep their key order and every field passes through untouched.
//
// Only the forward declaration is included here; .cc files that build or read
// JSON include <nlohmann/json.hpp> (precompiled for the library and tests).
#pragma once

#include <nlohmann/json_fwd.hpp>

namespace berth {
using Json = nlohmann::ordered_json;
}  // namespace berth
