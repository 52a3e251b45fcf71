// The ELBv2 and ECR stores (and the registry passwords ECR issued) as JSON,
// for the --state file and the admin state dump. Simulator::SaveState writes
// them beside the World's own document under "elbv2" and "ecr" (format in
// docs/sim.md, "State file"); a file without them loads with empty stores.
//
// Thread-safety: callers hold the World's lock, which guards both stores.
#pragma once

#include "core/json.h"
#include "core/status.h"
#include "sim/ecr/api.h"
#include "sim/elbv2/model.h"

namespace berth::sim {

Json Elbv2StoreToJson(const Elbv2Store& store);
// Replaces `store`'s regions; on error `store` is unchanged.
Status Elbv2StoreFromJson(const Json& doc, Elbv2Store& store);

// Repositories and registry passwords; the endpoint and the registry's
// account/Region come from the running simulator, not the file.
Json EcrStoreToJson(const EcrStore& store);
Status EcrStoreFromJson(const Json& doc, EcrStore& store);

}  // namespace berth::sim
