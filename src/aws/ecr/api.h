// EcrApi: the Amazon ECR operations berth uses to find images and tags
// (release feeds) and to log in to the registry, as an interface so domain
// code can run against HttpEcrApi or a fake.
//
// GetAuthorizationToken decodes the base64 "AWS:<password>" token and
// registers both the token and the password with the redactor (log.h) before
// returning, so neither can be printed by accident.
// List/Describe operations return every page (nextToken); operations taking
// image ids split them into calls of 100 (nextToken is not allowed then).
//
// Thread-safety: value types and pure functions; HttpEcrApi as its AwsClient.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/json.h"
#include "core/result.h"

namespace berth::aws {

class AwsClient;

struct EcrAuthorization {
  std::string token;           // base64 "AWS:<password>", sent as "Authorization: Basic <token>"
  std::string username;        // "AWS"
  std::string password;        // secret: registered with the redactor
  std::string proxy_endpoint;  // https://<account>.dkr.ecr.<region>.amazonaws.com
  std::optional<SystemTime> expires_at;
};

struct EcrRepository {
  Json raw;
  std::string arn;
  std::string name;
  std::string uri;
  std::string registry_id;
  std::string image_tag_mutability;  // MUTABLE, IMMUTABLE, ...
  std::optional<SystemTime> created_at;
};

struct EcrImageId {
  std::string digest;  // sha256:...
  std::string tag;
  bool operator==(const EcrImageId&) const = default;
};

struct EcrImageDetail {
  Json raw;
  std::string digest;
  std::vector<std::string> tags;
  std::optional<SystemTime> pushed_at;
  int64_t size_bytes = 0;
  std::string manifest_media_type;
};

struct EcrImage {
  Json raw;
  EcrImageId id;
  std::string manifest;
  std::string manifest_media_type;
};

struct EcrImageFailure {
  EcrImageId id;
  std::string code;  // ImageNotFound, ImageTagDoesNotMatchDigest, ...
  std::string reason;
};

struct EcrBatchGetImageResult {
  std::vector<EcrImage> images;
  std::vector<EcrImageFailure> failures;
};

struct DescribeRepositoriesRequest {
  std::string registry_id;
  std::vector<std::string> repository_names;
  std::optional<int> max_results;  // 1-1000 per page; not with repository_names
};

struct DescribeImagesRequest {
  std::string registry_id;
  std::string repository_name;        // required
  std::vector<EcrImageId> image_ids;  // any number: split into calls of 100
  std::string tag_status;             // filter.tagStatus: TAGGED, UNTAGGED, ANY
  std::optional<int> max_results;
};

struct ListImagesRequest {
  std::string registry_id;
  std::string repository_name;  // required
  std::string tag_status;
  std::optional<int> max_results;
};

struct BatchGetImageRequest {
  std::string registry_id;
  std::string repository_name;
  std::vector<EcrImageId> image_ids;
  std::vector<std::string> accepted_media_types;
};

inline constexpr size_t kEcrImageIdsBatch = 100;

Json BuildGetAuthorizationTokenInput(const std::vector<std::string>& registry_ids);
Json BuildDescribeRepositoriesInput(const DescribeRepositoriesRequest& r);
Json BuildDescribeImagesInput(const DescribeImagesRequest& r, const std::vector<EcrImageId>& chunk);
Json BuildListImagesInput(const ListImagesRequest& r);
Json BuildBatchGetImageInput(const BatchGetImageRequest& r, const std::vector<EcrImageId>& chunk);

// Registers the secrets it finds; kBadResponse for a token that is not base64
// of "user:password".
Result<std::vector<EcrAuthorization>> ParseGetAuthorizationTokenResponse(const Json& r);
EcrRepository ParseEcrRepository(const Json& j);
EcrImageDetail ParseEcrImageDetail(const Json& j);
Result<EcrBatchGetImageResult> ParseBatchGetImageResponse(const Json& r);

class EcrApi {
 public:
  virtual ~EcrApi() = default;
  // Empty `registry_ids`: the caller's default registry.
  virtual Result<std::vector<EcrAuthorization>> GetAuthorizationToken(const std::vector<std::string>& registry_ids) = 0;
  virtual Result<std::vector<EcrRepository>> DescribeRepositories(const DescribeRepositoriesRequest& r) = 0;
  virtual Result<std::vector<EcrImageDetail>> DescribeImages(const DescribeImagesRequest& r) = 0;
  virtual Result<std::vector<EcrImageId>> ListImages(const ListImagesRequest& r) = 0;
  virtual Result<EcrBatchGetImageResult> BatchGetImage(const BatchGetImageRequest& r) = 0;
};

class HttpEcrApi final : public EcrApi {
 public:
  explicit HttpEcrApi(AwsClient& client);  // `client` must outlive this object

  Result<std::vector<EcrAuthorization>> GetAuthorizationToken(const std::vector<std::string>& registry_ids) override;
  Result<std::vector<EcrRepository>> DescribeRepositories(const DescribeRepositoriesRequest& r) override;
  Result<std::vector<EcrImageDetail>> DescribeImages(const DescribeImagesRequest& r) override;
  Result<std::vector<EcrImageId>> ListImages(const ListImagesRequest& r) override;
  Result<EcrBatchGetImageResult> BatchGetImage(const BatchGetImageRequest& r) override;

 private:
  AwsClient& client_;
};

}  // namespace berth::aws
