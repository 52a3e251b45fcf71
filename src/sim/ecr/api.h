// The simulated Amazon ECR API (JSON 1.1, X-Amz-Target
// AmazonEC2ContainerRegistry_V20150921.<Op>): repositories, images pushed as
// manifests (digest = sha256 of the manifest bytes), listing with
// pagination, deletion, and registry passwords from GetAuthorizationToken
// that the registry HTTP API (registry.h) accepts as Basic auth.
//
// Thread-safety: none; the EcrStore is guarded by the World's lock (the
// service handler and the registry both take it).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/clock.h"
#include "sim/front/dispatch.h"

namespace berth::sim {

inline constexpr const char* kEcrTargetPrefix = "AmazonEC2ContainerRegistry_V20150921";

struct EcrImage {
  std::string digest;    // "sha256:<hex>"
  std::string manifest;  // exactly as pushed
  std::string media_type;
  std::vector<std::string> tags;
  SystemTime pushed_at{};
};

struct EcrRepository {
  std::string name, arn, uri, tag_mutability = "MUTABLE";
  SystemTime created_at{};
  std::vector<EcrImage> images;  // push order
  Json tags = Json::array();
  // Blobs uploaded with Initiate/UploadLayerPart/CompleteLayerUpload: digest ->
  // size in bytes. The blobs that the repository's images reference exist too.
  std::map<std::string, int64_t> layers;
};

// A layer upload under way (InitiateLayerUpload .. CompleteLayerUpload).
struct EcrUpload {
  std::string repository;  // "<account>/<region>/<name>"
  std::string bytes;       // the parts received so far
};

struct EcrStore {
  std::map<std::string, std::map<std::string, EcrRepository>> regions;  // "<account>/<region>" -> by name
  std::map<std::string, SystemTime> passwords;                          // registry password -> expiry (simulated time)
  std::map<std::string, EcrUpload> uploads;                             // by uploadId; not saved in --state files
  std::string endpoint;                                                 // the simulator's own URL (proxyEndpoint)
  std::string registry_account = "123456789012";                        // whose repositories /v2/ serves
  std::string registry_region = "us-east-1";
  std::map<std::string, EcrRepository>& At(const std::string& account, const std::string& region) {
    return regions[account + "/" + region];
  }
};

bool IsEcrOperation(const std::string& op);
Json HandleEcr(EcrStore& store, World& world, const std::string& op, const Json& input, const RequestContext& ctx);
JsonServiceSpec MakeEcrService(EcrStore& store);
// ECR's published request-rate quotas (Service Quotas, facts §4.3) as token
// buckets holding one second of the rate. Actions without a published rate
// (DescribeImages, ListImages, ...) are not throttled.
void DefineEcrRateLimits(RateLimiter& limiter);

// The image of `repo` a registry reference (tag or "sha256:..." digest) names, or nullptr.
const EcrImage* FindImage(const EcrRepository& repo, const std::string& reference);

// The demo seed's repositories: "web" with 1.0.0, 1.1.0, 1.2.0-rc.1 and 2.0.0, "api" with 1.0.0.
void SeedEcrDemo(EcrStore& store, World& world, const std::string& account, const std::string& region);

}  // namespace berth::sim
