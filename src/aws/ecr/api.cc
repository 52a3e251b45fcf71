#include "aws/ecr/api.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "aws/call/client.h"
#include "aws/call/response_fields.h"
#include "aws/call/typed_call.h"
#include "core/crypto.h"
#include "core/log.h"

namespace berth::aws {
namespace {

constexpr std::string_view kEcr = "ecr";

constexpr Field<EcrImageId> kImageId[] = {
    {"imageDigest", &EcrImageId::digest},
    {"imageTag", &EcrImageId::tag},
};

Json ImageIdsInput(const std::vector<EcrImageId>& ids) {
  Json out = Json::array();
  for (const auto& id : ids) out.push_back(WriteFields(id, kImageId));
  return out;
}

EcrImageId ParseImageId(const Json& j) {
  return ReadShape(j, kImageId);
}

constexpr Field<EcrAuthorization> kAuthorization[] = {
    {"authorizationToken", &EcrAuthorization::token},
    {"proxyEndpoint", &EcrAuthorization::proxy_endpoint},
    {"expiresAt", &EcrAuthorization::expires_at},
};

constexpr Field<EcrRepository> kRepository[] = {
    {"repositoryArn", &EcrRepository::arn},
    {"repositoryName", &EcrRepository::name},
    {"repositoryUri", &EcrRepository::uri},
    {"registryId", &EcrRepository::registry_id},
    {"imageTagMutability", &EcrRepository::image_tag_mutability},
    {"createdAt", &EcrRepository::created_at},
};

constexpr Field<EcrImageDetail> kImageDetail[] = {
    {"imageDigest", &EcrImageDetail::digest},
    {"imageTags", &EcrImageDetail::tags},
    {"imagePushedAt", &EcrImageDetail::pushed_at},
    {"imageSizeInBytes", &EcrImageDetail::size_bytes},
    {"imageManifestMediaType", &EcrImageDetail::manifest_media_type},
};

constexpr Field<EcrImage> kImage[] = {
    {"imageManifest", &EcrImage::manifest},
    {"imageManifestMediaType", &EcrImage::manifest_media_type},
};

constexpr Field<EcrImageFailure> kImageFailure[] = {
    {"failureCode", &EcrImageFailure::code},
    {"failureReason", &EcrImageFailure::reason},
};

constexpr Field<DescribeRepositoriesRequest> kDescribeRepositories[] = {
    {"registryId", &DescribeRepositoriesRequest::registry_id},
    {"repositoryNames", &DescribeRepositoriesRequest::repository_names},
    {"maxResults", &DescribeRepositoriesRequest::max_results},
};

// What every image call starts with: registryId (when set) and repositoryName.
Json RepositoryInput(const std::string& registry_id, const std::string& repository_name) {
  Json j = Json::object();
  PutIf(j, "registryId", registry_id);
  j["repositoryName"] = repository_name;
  return j;
}

constexpr Field<ListImagesRequest> kListImagesTail[] = {
    {"maxResults", &ListImagesRequest::max_results},
    {"filter.tagStatus", &ListImagesRequest::tag_status},
};

// Pages through `operation`, handing each item of `list_member` to `take`.
Status PageItems(AwsClient& client, std::string_view operation, Json input, std::string_view list_member,
                 const std::function<void(const Json&)>& take) {
  return PaginateService(client, kEcr, operation, std::move(input), "nextToken", "nextToken",
                         [&](const Json& page) -> Status {
                           BERTH_RETURN_IF_ERROR(ExpectObject(page, operation));
                           for (const Json& item : ListField(page, list_member)) take(item);
                           return Status::Ok();
                         });
}

}  // namespace

Json BuildGetAuthorizationTokenInput(const std::vector<std::string>& registry_ids) {
  Json j = Json::object();
  PutIf(j, "registryIds", registry_ids);
  return j;
}

Json BuildDescribeRepositoriesInput(const DescribeRepositoriesRequest& r) {
  return WriteFields(r, kDescribeRepositories);
}

Json BuildDescribeImagesInput(const DescribeImagesRequest& r, const std::vector<EcrImageId>& chunk) {
  Json j = RepositoryInput(r.registry_id, r.repository_name);
  if (!chunk.empty()) {
    j["imageIds"] = ImageIdsInput(chunk);
  } else {
    PutIf(j, "maxResults", r.max_results);  // the API rejects it together with imageIds
  }
  if (!r.tag_status.empty()) j["filter"] = {{"tagStatus", r.tag_status}};
  return j;
}

Json BuildListImagesInput(const ListImagesRequest& r) {
  Json j = RepositoryInput(r.registry_id, r.repository_name);
  WriteFields(j, r, kListImagesTail);
  return j;
}

Json BuildBatchGetImageInput(const BatchGetImageRequest& r, const std::vector<EcrImageId>& chunk) {
  Json j = RepositoryInput(r.registry_id, r.repository_name);
  j["imageIds"] = ImageIdsInput(chunk);
  PutIf(j, "acceptedMediaTypes", r.accepted_media_types);
  return j;
}

Result<std::vector<EcrAuthorization>> ParseGetAuthorizationTokenResponse(const Json& r) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, "GetAuthorizationToken"));
  std::vector<EcrAuthorization> out;
  for (const Json& d : ListField(r, "authorizationData")) {
    EcrAuthorization a = ReadShape(d, kAuthorization);
    RegisterSecret(a.token);
    std::optional<std::string> decoded = Base64Decode(a.token);
    size_t colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon == std::string::npos) {
      return BadResponse(
          "GetAuthorizationToken returned a token that is not base64 of \"user:password\"; "
          "check that the endpoint is ECR");
    }
    a.username = decoded->substr(0, colon);
    a.password = decoded->substr(colon + 1);
    RegisterSecret(a.password);
    out.push_back(std::move(a));
  }
  return out;
}

EcrRepository ParseEcrRepository(const Json& j) {
  return ReadShape(j, kRepository);
}

EcrImageDetail ParseEcrImageDetail(const Json& j) {
  return ReadShape(j, kImageDetail);
}

Result<EcrBatchGetImageResult> ParseBatchGetImageResponse(const Json& r) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, "BatchGetImage"));
  EcrBatchGetImageResult out;
  out.images = ReadList(r, "images", [](const Json& i) {
    EcrImage image = ReadShape(i, kImage);
    image.id = ParseImageId(ObjField(i, "imageId"));
    return image;
  });
  out.failures = ReadList(r, "failures", [](const Json& f) {
    EcrImageFailure failure = ReadShape(f, kImageFailure);
    failure.id = ParseImageId(ObjField(f, "imageId"));
    return failure;
  });
  return out;
}

HttpEcrApi::HttpEcrApi(AwsClient& client) : client_(client) {}

Result<std::vector<EcrAuthorization>> HttpEcrApi::GetAuthorizationToken(const std::vector<std::string>& registry_ids) {
  BERTH_ASSIGN_OR_RETURN(
      Json out, CallService(client_, kEcr, "GetAuthorizationToken", BuildGetAuthorizationTokenInput(registry_ids)));
  return ParseGetAuthorizationTokenResponse(out);
}

Result<std::vector<EcrRepository>> HttpEcrApi::DescribeRepositories(const DescribeRepositoriesRequest& r) {
  std::vector<EcrRepository> out;
  BERTH_RETURN_IF_ERROR(PageItems(client_, "DescribeRepositories", BuildDescribeRepositoriesInput(r), "repositories",
                                  [&](const Json& j) { out.push_back(ParseEcrRepository(j)); }));
  return out;
}

Result<std::vector<EcrImageDetail>> HttpEcrApi::DescribeImages(const DescribeImagesRequest& r) {
  std::vector<EcrImageDetail> out;
  auto take = [&](const Json& j) { out.push_back(ParseEcrImageDetail(j)); };
  if (r.image_ids.empty()) {
    BERTH_RETURN_IF_ERROR(PageItems(client_, "DescribeImages", BuildDescribeImagesInput(r, {}), "imageDetails", take));
    return out;
  }
  for (size_t i = 0; i < r.image_ids.size(); i += kEcrImageIdsBatch) {
    std::vector<EcrImageId> chunk(r.image_ids.begin() + i,
                                  r.image_ids.begin() + std::min(r.image_ids.size(), i + kEcrImageIdsBatch));
    BERTH_ASSIGN_OR_RETURN(Json page, CallService(client_, kEcr, "DescribeImages", BuildDescribeImagesInput(r, chunk)));
    BERTH_RETURN_IF_ERROR(ExpectObject(page, "DescribeImages"));
    for (const Json& j : ListField(page, "imageDetails")) take(j);
  }
  return out;
}

Result<std::vector<EcrImageId>> HttpEcrApi::ListImages(const ListImagesRequest& r) {
  std::vector<EcrImageId> out;
  BERTH_RETURN_IF_ERROR(PageItems(client_, "ListImages", BuildListImagesInput(r), "imageIds",
                                  [&](const Json& j) { out.push_back(ParseImageId(j)); }));
  return out;
}

Result<EcrBatchGetImageResult> HttpEcrApi::BatchGetImage(const BatchGetImageRequest& r) {
  EcrBatchGetImageResult all;
  for (size_t i = 0; i < r.image_ids.size(); i += kEcrImageIdsBatch) {
    std::vector<EcrImageId> chunk(r.image_ids.begin() + i,
                                  r.image_ids.begin() + std::min(r.image_ids.size(), i + kEcrImageIdsBatch));
    BERTH_ASSIGN_OR_RETURN(Json out, CallService(client_, kEcr, "BatchGetImage", BuildBatchGetImageInput(r, chunk)));
    BERTH_ASSIGN_OR_RETURN(auto part, ParseBatchGetImageResponse(out));
    for (auto& img : part.images) all.images.push_back(std::move(img));
    for (auto& f : part.failures) all.failures.push_back(std::move(f));
  }
  return all;
}

}  // namespace berth::aws
