#include "sim/ecr/api.h"

#include <algorithm>
#include <regex>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/crypto.h"
#include "core/log.h"
#include "core/strings.h"
#include "core/timestamp.h"
#include "sim/ecs/api.h"
#include "sim/wire/api_error.h"
#include "sim/wire/pagination.h"

namespace berth::sim {
namespace {

constexpr const char* kDockerV2 = "application/vnd.docker.distribution.manifest.v2+json";

[[noreturn]] void RepoNotFound(const std::string& name, const std::string& account) {
  ThrowApiError(
      400, "RepositoryNotFoundException",
      fmt::format("The repository with name '{}' does not exist in the registry with id '{}'", name, account));
}

std::map<std::string, EcrRepository>& Repos(EcrStore& s, const RequestContext& ctx) {
  return s.At(ctx.account_id, ctx.region);
}

EcrRepository& FindRepo(EcrStore& s, const Json& in, const RequestContext& ctx) {
  std::string name = in.value("repositoryName", "");
  if (name.empty()) ThrowInvalidParameter("repositoryName must be specified");
  auto& repos = Repos(s, ctx);
  auto it = repos.find(name);
  if (it == repos.end()) RepoNotFound(name, ctx.account_id);
  return it->second;
}

Json RenderRepo(const EcrRepository& r, const std::string& account) {
  return Json{{"repositoryArn", r.arn},
              {"registryId", account},
              {"repositoryName", r.name},
              {"repositoryUri", r.uri},
              {"createdAt", EpochSeconds(r.created_at)},
              {"imageTagMutability", r.tag_mutability},
              {"imageScanningConfiguration", {{"scanOnPush", false}}},
              {"encryptionConfiguration", {{"encryptionType", "AES256"}}}};
}

// maxResults/nextToken over `total` items.
std::pair<size_t, size_t> Window(const Json& in, size_t total, Json& out) {
  auto member = [&](const char* name) -> const Json* {
    auto it = in.find(name);
    return it == in.end() || it->is_null() ? nullptr : &*it;
  };
  const Json* max_member = member("maxResults");
  if (max_member != nullptr && !max_member->is_number_integer())
    ThrowApiError(400, "SerializationException", "maxResults must be an integer");
  int64_t max = max_member != nullptr ? max_member->get<int64_t>() : 100;
  if (max < 1 || max > 1000) ThrowInvalidParameter("maxResults must be between 1 and 1000");
  const Json* token = member("nextToken");
  if (token != nullptr && !token->is_string())
    ThrowApiError(400, "SerializationException", "nextToken must be a string");
  auto w = PageOf(total, token != nullptr ? token->get<std::string>() : "", static_cast<size_t>(max), "ecr-offset:");
  if (!w) ThrowInvalidParameter("Invalid parameter at 'nextToken' failed to satisfy constraint: 'Invalid NextToken'");
  if (!w->next_token.empty()) out["nextToken"] = w->next_token;
  return {w->begin, w->end};
}

std::string TagStatus(const Json& in) {
  std::string s = in.contains("filter") ? in["filter"].value("tagStatus", "ANY") : "ANY";
  if (s != "ANY" && s != "TAGGED" && s != "UNTAGGED")
    ThrowInvalidParameter("filter.tagStatus must be TAGGED, UNTAGGED or ANY");
  return s;
}

bool Matches(const EcrImage& img, const std::string& status) {
  return status == "ANY" || (status == "TAGGED") == !img.tags.empty();
}

// The image `id` ({imageDigest?, imageTag?}) names; nullptr plus a failure code when none.
EcrImage* Resolve(EcrRepository& r, const Json& id, std::string* failure_code, std::string* failure_reason) {
  std::string digest = id.value("imageDigest", ""), tag = id.value("imageTag", "");
  if (digest.empty() && tag.empty()) {
    *failure_code = "MissingDigestAndTag";
    *failure_reason = "Invalid request parameters: both tag and digest cannot be null";
    return nullptr;
  }
  for (auto& img : r.images) {
    bool tag_ok = tag.empty() || std::find(img.tags.begin(), img.tags.end(), tag) != img.tags.end();
    bool digest_ok = digest.empty() || img.digest == digest;
    if (tag_ok && digest_ok) return &img;
    if (!tag.empty() && !digest.empty() && (tag_ok != digest_ok) && tag_ok) {
      *failure_code = "ImageTagDoesNotMatchDigest";
      *failure_reason = "Invalid request parameters: given tag does not match the digest";
      return nullptr;
    }
  }
  *failure_code = "ImageNotFound";
  *failure_reason = "Requested image not found";
  return nullptr;
}

Json ImageJson(const EcrRepository& r, const EcrImage& img, const std::string& account, const std::string& tag) {
  Json id{{"imageDigest", img.digest}};
  if (!tag.empty()) id["imageTag"] = tag;
  return Json{{"registryId", account},
              {"repositoryName", r.name},
              {"imageId", id},
              {"imageManifest", img.manifest},
              {"imageManifestMediaType", img.media_type}};
}

// botocore's RepositoryName (ecr 2015-09-21): 2-256 characters of this pattern.
bool IsValidRepositoryName(const std::string& name) {
  static const std::regex kPattern(R"([a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*)");
  return name.size() >= 2 && name.size() <= 256 && std::regex_match(name, kPattern);
}

// An image tag: 1-300 characters (botocore's ImageTag) of ECR's tag pattern,
// with ECR's messages.
void ValidateImageTag(const std::string& tag) {
  if (tag.size() > 300)
    ThrowInvalidParameter(
        "Invalid parameter at 'imageTag' failed to satisfy constraint: 'Member must have length less than or equal "
        "to 300'");
  bool ok = !tag.empty() && std::all_of(tag.begin(), tag.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
  });
  if (!ok)
    ThrowInvalidParameter(
        "Invalid parameter at 'imageTag' failed to satisfy constraint: 'must satisfy regular expression "
        "'[a-zA-Z0-9-_.]+''");
}

// The blobs (config and layers) an image manifest references; none for a
// manifest list or image index, whose members are manifests, not blobs.
std::vector<std::string> BlobsOf(const Json& manifest) {
  std::vector<std::string> out;
  if (manifest.contains("config") && manifest["config"].is_object() && manifest["config"].contains("digest") &&
      manifest["config"]["digest"].is_string())
    out.push_back(manifest["config"]["digest"]);
  if (manifest.contains("layers") && manifest["layers"].is_array())
    for (const auto& l : manifest["layers"])
      if (l.is_object() && l.contains("digest") && l["digest"].is_string()) out.push_back(l["digest"]);
  return out;
}

// Whether blob `digest` exists in `r`: uploaded there, or referenced by one of its images.
bool HasBlob(const EcrRepository& r, const std::string& digest) {
  if (r.layers.count(digest)) return true;
  for (const auto& img : r.images) {
    Json doc = Json::parse(img.manifest, nullptr, false);
    if (doc.is_object()) {
      auto blobs = BlobsOf(doc);
      if (std::find(blobs.begin(), blobs.end(), digest) != blobs.end()) return true;
    }
  }
  return false;
}

Json CreateRepository(EcrStore& s, World& w, const Json& in, const RequestContext& ctx) {
  std::string name = in.value("repositoryName", "");
  if (!IsValidRepositoryName(name))
    ThrowInvalidParameter(
        fmt::format("Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must "
                    "satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''",
                    name));
  auto& repos = Repos(s, ctx);
  if (repos.count(name))
    ThrowApiError(
        400, "RepositoryAlreadyExistsException",
        fmt::format("The repository with name '{}' already exists in the registry with id '{}'", name, ctx.account_id));
  EcrRepository r;
  r.name = name;
  r.arn = fmt::format("arn:aws:ecr:{}:{}:repository/{}", ctx.region, ctx.account_id, name);
  r.uri = fmt::format("{}.dkr.ecr.{}.amazonaws.com/{}", ctx.account_id, ctx.region, name);
  r.tag_mutability = in.value("imageTagMutability", "MUTABLE");
  if (r.tag_mutability != "MUTABLE" && r.tag_mutability != "IMMUTABLE")
    ThrowInvalidParameter("imageTagMutability must be MUTABLE or IMMUTABLE");
  r.created_at = w.now();
  if (in.contains("tags")) r.tags = in["tags"];
  repos[name] = r;
  return Json{{"repository", RenderRepo(r, ctx.account_id)}};
}

Json DescribeRepositories(EcrStore& s, const Json& in, const RequestContext& ctx) {
  auto& repos = Repos(s, ctx);
  std::vector<const EcrRepository*> list;
  if (in.contains("repositoryNames") && !in["repositoryNames"].empty()) {
    for (const auto& n : in["repositoryNames"]) {
      auto it = repos.find(n.get<std::string>());
      if (it == repos.end()) RepoNotFound(n.get<std::string>(), ctx.account_id);
      list.push_back(&it->second);
    }
  } else {
    for (const auto& [name, r] : repos) list.push_back(&r);
  }
  Json out = Json::object();
  auto [b, e] = Window(in, list.size(), out);
  Json items = Json::array();
  for (size_t i = b; i < e; ++i) items.push_back(RenderRepo(*list[i], ctx.account_id));
  out["repositories"] = items;
  return out;
}

}  // namespace

const EcrImage* FindImage(const EcrRepository& repo, const std::string& reference) {
  for (const auto& img : repo.images) {
    if (StartsWith(reference, "sha256:") ? img.digest == reference
                                         : std::find(img.tags.begin(), img.tags.end(), reference) != img.tags.end())
      return &img;
  }
  return nullptr;
}

namespace {

Json PutImage(EcrStore& s, World& w, const Json& in, const RequestContext& ctx) {
  EcrRepository& r = FindRepo(s, in, ctx);
  std::string manifest = in.value("imageManifest", "");
  Json doc = Json::parse(manifest, nullptr, false);
  if (manifest.empty() || doc.is_discarded() || !doc.is_object())
    ThrowApiError(400, "InvalidParameterException",
                  "Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'");
  std::string digest = "sha256:" + Sha256Hex(manifest);
  if (in.contains("imageDigest") && in["imageDigest"] != digest)
    ThrowApiError(400, "ImageDigestDoesNotMatchException",
                  fmt::format("Provided digest {} does not match the digest of the manifest {}",
                              in["imageDigest"].get<std::string>(), digest));
  std::string given_media = in.value("imageManifestMediaType", "");
  std::string media = doc.value("mediaType", given_media.empty() ? std::string(kDockerV2) : given_media);
  if (!given_media.empty() && doc.contains("mediaType") && doc["mediaType"] != given_media)
    ThrowInvalidParameter(fmt::format(
        "Invalid parameter at 'imageManifestMediaType' failed to satisfy constraint: 'the media type {} does not "
        "match the manifest's mediaType {}'",
        given_media, media));
  std::string tag = in.value("imageTag", "");
  if (in.contains("imageTag")) ValidateImageTag(tag);
  std::vector<std::string> missing;
  for (const auto& blob : BlobsOf(doc))
    if (!HasBlob(r, blob) && std::find(missing.begin(), missing.end(), blob) == missing.end()) missing.push_back(blob);
  if (!missing.empty())
    ThrowApiError(400, "LayersNotFoundException",
                  fmt::format("Layers with digests '[{}]' required for pushing image into repository with name '{}' "
                              "in the registry with id '{}' do not exist",
                              Join(missing, ", "), r.name, ctx.account_id));
  EcrImage* img = nullptr;
  for (auto& i : r.images)
    if (i.digest == digest) img = &i;
  if (img != nullptr && (tag.empty() || std::find(img->tags.begin(), img->tags.end(), tag) != img->tags.end()))
    ThrowApiError(400, "ImageAlreadyExistsException",
                  fmt::format("Image with digest '{}' and tag '{}' already exists in the repository with name '{}' in "
                              "registry with id '{}'",
                              digest, tag, r.name, ctx.account_id));
  if (!tag.empty()) {
    for (auto& other : r.images) {
      auto it = std::find(other.tags.begin(), other.tags.end(), tag);
      if (it == other.tags.end()) continue;
      if (r.tag_mutability == "IMMUTABLE")
        ThrowApiError(400, "ImageTagAlreadyExistsException",
                      fmt::format("The image tag '{}' already exists in the '{}' repository and cannot be overwritten "
                                  "because the repository is immutable.",
                                  tag, r.name));
      other.tags.erase(it);
    }
  }
  if (img == nullptr) {
    r.images.push_back(EcrImage{digest, manifest, media, {}, w.now()});
    img = &r.images.back();
  }
  if (!tag.empty()) img->tags.push_back(tag);
  return Json{{"image", ImageJson(r, *img, ctx.account_id, tag)}};
}

Json BatchGetImage(EcrStore& s, const Json& in, const RequestContext& ctx) {
  EcrRepository& r = FindRepo(s, in, ctx);
  Json images = Json::array(), failures = Json::array();
  for (const auto& id : in.value("imageIds", Json::array())) {
    std::string code, reason;
    if (EcrImage* img = Resolve(r, id, &code, &reason))
      images.push_back(ImageJson(r, *img, ctx.account_id, id.value("imageTag", "")));
    else
      failures.push_back(Json{{"imageId", id}, {"failureCode", code}, {"failureReason", reason}});
  }
  return Json{{"images", images}, {"failures", failures}};
}

Json DescribeImages(EcrStore& s, const Json& in, const RequestContext& ctx) {
  EcrRepository& r = FindRepo(s, in, ctx);
  std::vector<const EcrImage*> list;
  if (in.contains("imageIds") && !in["imageIds"].empty()) {
    for (const auto& id : in["imageIds"]) {
      std::string code, reason;
      const EcrImage* img = Resolve(r, id, &code, &reason);
      if (img == nullptr)
        ThrowApiError(400, "ImageNotFoundException",
                      fmt::format("The image with imageId {} does not exist within the repository with name '{}' in "
                                  "the registry with id '{}'",
                                  id.dump(), r.name, ctx.account_id));
      list.push_back(img);
    }
  } else {
    std::string status = TagStatus(in);
    for (const auto& img : r.images)
      if (Matches(img, status)) list.push_back(&img);
  }
  Json out = Json::object();
  auto [b, e] = Window(in, list.size(), out);
  Json details = Json::array();
  for (size_t i = b; i < e; ++i) {
    const EcrImage& img = *list[i];
    Json d{{"registryId", ctx.account_id},
           {"repositoryName", r.name},
           {"imageDigest", img.digest},
           {"imageSizeInBytes", static_cast<int64_t>(img.manifest.size()) * 1000},
           {"imagePushedAt", EpochSeconds(img.pushed_at)},
           {"imageManifestMediaType", img.media_type}};
    if (!img.tags.empty()) d["imageTags"] = img.tags;
    details.push_back(d);
  }
  out["imageDetails"] = details;
  return out;
}

Json ListImages(EcrStore& s, const Json& in, const RequestContext& ctx) {
  EcrRepository& r = FindRepo(s, in, ctx);
  std::string status = TagStatus(in);
  Json ids = Json::array();
  for (const auto& img : r.images) {
    if (!Matches(img, status)) continue;
    if (img.tags.empty()) ids.push_back(Json{{"imageDigest", img.digest}});
    for (const auto& t : img.tags) ids.push_back(Json{{"imageDigest", img.digest}, {"imageTag", t}});
  }
  Json out = Json::object();
  auto [b, e] = Window(in, ids.size(), out);
  Json page = Json::array();
  for (size_t i = b; i < e; ++i) page.push_back(ids[i]);
  out["imageIds"] = page;
  return out;
}

Json BatchDeleteImage(EcrStore& s, const Json& in, const RequestContext& ctx) {
  EcrRepository& r = FindRepo(s, in, ctx);
  Json deleted = Json::array(), failures = Json::array();
  for (const auto& id : in.value("imageIds", Json::array())) {
    std::string code, reason;
    EcrImage* img = Resolve(r, id, &code, &reason);
    if (img == nullptr) {
      failures.push_back(Json{{"imageId", id}, {"failureCode", code}, {"failureReason", reason}});
      continue;
    }
    std::string digest = img->digest;
    if (id.contains("imageTag") && !id.contains("imageDigest")) {
      // Removing a tag; the last tag takes the image with it.
      std::erase(img->tags, id["imageTag"].get<std::string>());
      deleted.push_back(Json{{"imageDigest", digest}, {"imageTag", id["imageTag"]}});
      if (!img->tags.empty()) continue;
    } else {
      if (img->tags.empty()) deleted.push_back(Json{{"imageDigest", digest}});
      for (const auto& t : img->tags) deleted.push_back(Json{{"imageDigest", digest}, {"imageTag", t}});
    }
    std::erase_if(r.images, [&](const EcrImage& i) { return i.digest == digest; });
  }
  return Json{{"imageIds", deleted}, {"failures", failures}};
}

// --- Layer uploads: the blob half of a push (docker push calls these through
// the registry API; the simulator offers them as ECR's API operations). ---

Json InitiateLayerUpload(EcrStore& s, World& w, const Json& in, const RequestContext& ctx) {
  EcrRepository& r = FindRepo(s, in, ctx);
  std::string id = w.ids().Uuid();
  s.uploads[id] = EcrUpload{ctx.account_id + "/" + ctx.region + "/" + r.name, ""};
  return Json{{"uploadId", id}, {"partSize", 10485760}};
}

EcrUpload& FindUpload(EcrStore& s, const EcrRepository& r, const Json& in, const RequestContext& ctx) {
  std::string id = in.value("uploadId", "");
  auto it = s.uploads.find(id);
  if (it == s.uploads.end() || it->second.repository != ctx.account_id + "/" + ctx.region + "/" + r.name)
    ThrowApiError(400, "UploadNotFoundException",
                  fmt::format("Upload with id '{}' is not found in the repository with name '{}' in the registry with "
                              "id '{}'",
                              id, r.name, ctx.account_id));
  return it->second;
}

Json UploadLayerPart(EcrStore& s, const Json& in, const RequestContext& ctx) {
  EcrRepository& r = FindRepo(s, in, ctx);
  EcrUpload& up = FindUpload(s, r, in, ctx);
  auto bytes = Base64Decode(in.value("layerPartBlob", ""));
  if (!bytes) ThrowApiError(400, "SerializationException", "layerPartBlob must be base64");
  int64_t first = in.value("partFirstByte", int64_t{-1}), last = in.value("partLastByte", int64_t{-1});
  if (first != static_cast<int64_t>(up.bytes.size()) || last != first + static_cast<int64_t>(bytes->size()) - 1)
    ThrowApiError(400, "InvalidLayerPartException",
                  fmt::format("The layer part bytes {}-{} do not continue the upload, which has {} bytes", first, last,
                              up.bytes.size()));
  up.bytes += *bytes;
  return Json{{"registryId", ctx.account_id},
              {"repositoryName", r.name},
              {"uploadId", in["uploadId"]},
              {"lastByteReceived", static_cast<int64_t>(up.bytes.size()) - 1}};
}

Json CompleteLayerUpload(EcrStore& s, const Json& in, const RequestContext& ctx) {
  EcrRepository& r = FindRepo(s, in, ctx);
  EcrUpload& up = FindUpload(s, r, in, ctx);
  Json digests = in.value("layerDigests", Json::array());
  if (!digests.is_array() || digests.size() != 1 || !digests[0].is_string())
    ThrowInvalidParameter("layerDigests must hold the one digest of the uploaded layer");
  std::string want = digests[0];
  if (up.bytes.empty())
    ThrowApiError(400, "EmptyUploadException", "The specified layer upload does not contain any layer parts.");
  std::string got = "sha256:" + Sha256Hex(up.bytes);
  if (got != want)
    ThrowApiError(400, "InvalidLayerException",
                  fmt::format("The layer digest calculation performed by Amazon ECR ({}) does not match the digest "
                              "specified ({})",
                              got, want));
  std::string id = in["uploadId"];
  int64_t size = static_cast<int64_t>(up.bytes.size());
  s.uploads.erase(id);
  if (HasBlob(r, got))
    ThrowApiError(400, "LayerAlreadyExistsException",
                  fmt::format("The image layer '{}' already exists in the repository with name '{}' in the registry "
                              "with id '{}'",
                              got, r.name, ctx.account_id));
  r.layers[got] = size;
  return Json{{"registryId", ctx.account_id}, {"repositoryName", r.name}, {"uploadId", id}, {"layerDigest", got}};
}

Json BatchCheckLayerAvailability(EcrStore& s, const Json& in, const RequestContext& ctx) {
  EcrRepository& r = FindRepo(s, in, ctx);
  Json layers = Json::array(), failures = Json::array();
  for (const auto& d : in.value("layerDigests", Json::array())) {
    std::string digest = d.is_string() ? d.get<std::string>() : "";
    if (HasBlob(r, digest)) {
      Json l{{"layerDigest", digest}, {"layerAvailability", "AVAILABLE"}};
      if (auto it = r.layers.find(digest); it != r.layers.end()) l["layerSize"] = it->second;
      layers.push_back(l);
    } else {
      failures.push_back(
          Json{{"layerDigest", digest}, {"failureCode", "MissingLayerDigest"}, {"failureReason", "Layer not found"}});
    }
  }
  return Json{{"layers", layers}, {"failures", failures}};
}

Json GetAuthorizationToken(EcrStore& s, World& w) {
  std::string password = "eyJwYXlsb2FkIjoi" + RandomHex(32);
  RegisterSecret(password);
  SystemTime expires = w.now() + std::chrono::hours(12);
  s.passwords[password] = expires;
  std::erase_if(s.passwords, [&](const auto& kv) { return kv.second <= w.now(); });
  std::string token = Base64Encode("AWS:" + password);
  RegisterSecret(token);
  return Json{{"authorizationData",
               {{{"authorizationToken", token}, {"expiresAt", EpochSeconds(expires)}, {"proxyEndpoint", s.endpoint}}}}};
}

}  // namespace

bool IsEcrOperation(const std::string& op) {
  static const std::set<std::string> kOps = {
      "CreateRepository", "DescribeRepositories",  "PutImage",
      "BatchGetImage",    "DescribeImages",        "ListImages",
      "BatchDeleteImage", "GetAuthorizationToken", "InitiateLayerUpload",
      "UploadLayerPart",  "CompleteLayerUpload",   "BatchCheckLayerAvailability"};
  return kOps.count(op) > 0;
}

Json HandleEcr(EcrStore& s, World& w, const std::string& op, const Json& in, const RequestContext& ctx) {
  if (op == "CreateRepository") return CreateRepository(s, w, in, ctx);
  if (op == "DescribeRepositories") return DescribeRepositories(s, in, ctx);
  if (op == "PutImage") return PutImage(s, w, in, ctx);
  if (op == "BatchGetImage") return BatchGetImage(s, in, ctx);
  if (op == "DescribeImages") return DescribeImages(s, in, ctx);
  if (op == "ListImages") return ListImages(s, in, ctx);
  if (op == "BatchDeleteImage") return BatchDeleteImage(s, in, ctx);
  if (op == "GetAuthorizationToken") return GetAuthorizationToken(s, w);
  if (op == "InitiateLayerUpload") return InitiateLayerUpload(s, w, in, ctx);
  if (op == "UploadLayerPart") return UploadLayerPart(s, in, ctx);
  if (op == "CompleteLayerUpload") return CompleteLayerUpload(s, in, ctx);
  if (op == "BatchCheckLayerAvailability") return BatchCheckLayerAvailability(s, in, ctx);
  ThrowApiError(400, "UnknownOperationException", "");
}

void DefineEcrRateLimits(RateLimiter& limiter) {
  const struct {
    const char* action;
    double per_second;
  } kQuotas[] = {{"GetAuthorizationToken", 500},   {"BatchGetImage", 2000},
                 {"GetDownloadUrlForLayer", 3000}, {"BatchCheckLayerAvailability", 1000},
                 {"InitiateLayerUpload", 100},     {"UploadLayerPart", 500},
                 {"CompleteLayerUpload", 100},     {"PutImage", 10}};
  // Each action has its own quota, so each gets its own bucket (category = action).
  for (const auto& q : kQuotas) limiter.Define("ecr", q.action, BucketSpec{q.action, q.per_second, q.per_second});
}

JsonServiceSpec MakeEcrService(EcrStore& store) {
  JsonServiceSpec spec;
  spec.signing_name = "ecr";
  spec.target_prefix = kEcrTargetPrefix;
  spec.has_operation = IsEcrOperation;
  spec.handle = [&store](World& w, const std::string& op, const Json& in, const RequestContext& ctx) {
    return HandleEcr(store, w, op, in, ctx);
  };
  return spec;
}

void SeedEcrDemo(EcrStore& store, World& world, const std::string& account, const std::string& region) {
  RequestContext ctx;
  ctx.account_id = account;
  ctx.region = region;
  for (const char* repo : {"web", "api"}) {
    HandleEcr(store, world, "CreateRepository", Json{{"repositoryName", repo}}, ctx);
    std::vector<std::string> tags = std::string(repo) == "web"
                                        ? std::vector<std::string>{"1.0.0", "1.1.0", "1.2.0-rc.1", "2.0.0"}
                                        : std::vector<std::string>{"1.0.0"};
    for (const auto& tag : tags) {
      std::string seed = std::string(repo) + ":" + tag;
      Json manifest{{"schemaVersion", 2},
                    {"mediaType", kDockerV2},
                    {"config",
                     {{"mediaType", "application/vnd.docker.container.image.v1+json"},
                      {"size", 1470},
                      {"digest", "sha256:" + Sha256Hex("config " + seed)}}},
                    {"layers",
                     {{{"mediaType", "application/vnd.docker.image.rootfs.diff.tar.gzip"},
                       {"size", 2811478},
                       {"digest", "sha256:" + Sha256Hex("layer " + seed)}}}}};
      // The seed's images are as if pushed: their blobs were uploaded first.
      for (const auto& blob : BlobsOf(manifest)) store.At(account, region)[repo].layers[blob] = 2811478;
      HandleEcr(store, world, "PutImage",
                Json{{"repositoryName", repo}, {"imageManifest", manifest.dump(3)}, {"imageTag", tag}}, ctx);
    }
  }
}

}  // namespace berth::sim
