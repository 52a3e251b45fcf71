// RegistryApi: the Docker Registry HTTP API v2 (read side) in front of the
// simulated ECR repositories, served on the simulator's own port under /v2/:
// the version check, tags/list with n/last pagination and Link headers, and
// manifests by tag or digest (GET and HEAD). Requests need
// "Authorization: Basic base64(AWS:<password>)" with an unexpired password
// from ECR GetAuthorizationToken; errors use the registry's
// {"errors":[{"code","message","detail"}]} form.
//
// Thread-safety: Handle may be called from many threads; it takes the
// World's lock, which guards the EcrStore.
#pragma once

#include <string>

#include "sim/ecr/api.h"

namespace berth::sim {

class RegistryApi {
 public:
  RegistryApi(World& world, EcrStore& store) : world_(world), store_(store) {}
  static bool IsRegistryPath(const std::string& path) { return path == "/v2" || path.rfind("/v2/", 0) == 0; }
  SimResponse Handle(const SimRequest& req);

 private:
  SimResponse HandleLocked(const SimRequest& req);
  World& world_;
  EcrStore& store_;
};

}  // namespace berth::sim
