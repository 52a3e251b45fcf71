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

Json ImageIdsInput(const std::vector<EcrImageId>& ids) {
  Json out = Json::array();
  for (const auto& id : ids) {
    Json j = Json::object();
    PutIf(j, "imageDigest", id.digest);
    PutIf(j, "imageTag", id.tag);
    out.push_back(std::move(j));
  }
  return out;
}

EcrImageId ParseImageId(const Json& j) {
  return {StrField(j, "imageDigest"), StrField(j, "imageTag")};
}

Json Filter(const std::string& tag_status) {
  if (tag_status.empty()) return nullptr;
  return Json{{"tagStatus", tag_status}};
}

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
  Json j = Json::object();
  PutIf(j, "registryId", r.registry_id);
  PutIf(j, "repositoryNames", r.repository_names);
  PutIf(j, "maxResults", r.max_results);
  return j;
}

Json BuildDescribeImagesInput(const DescribeImagesRequest& r, const std::vector<EcrImageId>& chunk) {
  Json j = Json::object();
  PutIf(j, "registryId", r.registry_id);
  j["repositoryName"] = r.repository_name;
  if (!chunk.empty()) {
    j["imageIds"] = ImageIdsInput(chunk);
  } else {
    PutIf(j, "maxResults", r.max_results);  // the API rejects it together with imageIds
  }
  PutIf(j, "filter", Filter(r.tag_status));
  return j;
}

Json BuildListImagesInput(const ListImagesRequest& r) {
  Json j = Json::object();
  PutIf(j, "registryId", r.registry_id);
  j["repositoryName"] = r.repository_name;
  PutIf(j, "maxResults", r.max_results);
  PutIf(j, "filter", Filter(r.tag_status));
  return j;
}

Json BuildBatchGetImageInput(const BatchGetImageRequest& r, const std::vector<EcrImageId>& chunk) {
  Json j = Json::object();
  PutIf(j, "registryId", r.registry_id);
  j["repositoryName"] = r.repository_name;
  j["imageIds"] = ImageIdsInput(chunk);
  PutIf(j, "acceptedMediaTypes", r.accepted_media_types);
  return j;
}

Result<std::vector<EcrAuthorization>> ParseGetAuthorizationTokenResponse(const Json& r) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, "GetAuthorizationToken"));
  std::vector<EcrAuthorization> out;
  for (const Json& d : ListField(r, "authorizationData")) {
    EcrAuthorization a;
    a.token = StrField(d, "authorizationToken");
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
    a.proxy_endpoint = StrField(d, "proxyEndpoint");
    a.expires_at = TimeField(d, "expiresAt");
    out.push_back(std::move(a));
  }
  return out;
}

EcrRepository ParseEcrRepository(const Json& j) {
  return {j,
          StrField(j, "repositoryArn"),
          StrField(j, "repositoryName"),
          StrField(j, "repositoryUri"),
          StrField(j, "registryId"),
          StrField(j, "imageTagMutability"),
          TimeField(j, "createdAt")};
}

EcrImageDetail ParseEcrImageDetail(const Json& j) {
  return {j,
          StrField(j, "imageDigest"),
          StrListField(j, "imageTags"),
          TimeField(j, "imagePushedAt"),
          IntField(j, "imageSizeInBytes"),
          StrField(j, "imageManifestMediaType")};
}

Result<EcrBatchGetImageResult> ParseBatchGetImageResponse(const Json& r) {
  BERTH_RETURN_IF_ERROR(ExpectObject(r, "BatchGetImage"));
  EcrBatchGetImageResult out;
  for (const Json& i : ListField(r, "images")) {
    out.images.push_back(
        {i, ParseImageId(ObjField(i, "imageId")), StrField(i, "imageManifest"), StrField(i, "imageManifestMediaType")});
  }
  for (const Json& f : ListField(r, "failures")) {
    out.failures.push_back(
        {ParseImageId(ObjField(f, "imageId")), StrField(f, "failureCode"), StrField(f, "failureReason")});
  }
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
