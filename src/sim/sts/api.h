// The simulated STS (query protocol, 2011-06-15): GetCallerIdentity,
// AssumeRole and AssumeRoleWithWebIdentity. Assumed credentials are added to
// the CredentialStore, so the simulator accepts them until they expire (in
// simulated time).
//
// Thread-safety: the returned spec's handler runs under the World's lock.
#pragma once

#include "sim/front/dispatch.h"

namespace berth::sim {

QueryServiceSpec MakeStsService(CredentialStore& credentials);

}  // namespace berth::sim
