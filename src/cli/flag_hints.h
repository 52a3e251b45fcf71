// The command line's half of berth's error messages. Domain code names the
// request fields an error is about (Status::fields) and never a flag; this
// maps those fields to berth's flags and adds the hint a user of the command
// line needs ("check --service and --cluster", "pass --to REVISION").
//
// Thread-safety: pure functions.
#pragma once

#include "core/status.h"

namespace berth::cli {

// `status` with the hint for its fields appended to the message (unchanged
// when it has none, or none this table knows).
Status WithFlagHints(Status status);

}  // namespace berth::cli
