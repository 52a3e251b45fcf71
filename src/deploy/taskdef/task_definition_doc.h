// Internal to src/deploy/taskdef: the two shapes a task definition document arrives
// in. A DescribeTaskDefinition response {"taskDefinition": {...}, "tags": [...]}
// becomes the task definition with its tags as the top-level `tags` member (as
// RegisterTaskDefinition takes them); anything else is returned as is.
//
// Thread-safety: pure functions.
#pragma once

#include "core/json.h"

namespace berth::deploy {

// True for {"taskDefinition": {...}, ...} without a top-level "family".
bool IsDescribeResponse(const Json& document);
// The task definition inside a describe response (with non-empty tags moved in
// as `tags`), or `document` itself.
Json UnwrapDescribeResponse(const Json& document);

}  // namespace berth::deploy
