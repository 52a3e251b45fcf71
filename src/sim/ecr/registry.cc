#include "sim/ecr/registry.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/crypto.h"
#include "core/strings.h"
#include "http/url.h"

namespace berth::sim {
namespace {

SimResponse Error(int status, const std::string& code, const std::string& message, Json detail = nullptr) {
  SimResponse r;
  r.status = status;
  r.content_type = "application/json; charset=utf-8";
  Json body{{"errors", {{{"code", code}, {"message", message}, {"detail", detail}}}}};
  // Paths and names echo client bytes, which need not be UTF-8.
  r.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  r.headers.emplace_back("Docker-Distribution-API-Version", "registry/2.0");
  return r;
}

SimResponse JsonReply(const Json& body) {
  SimResponse r;
  r.content_type = "application/json; charset=utf-8";
  r.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  r.headers.emplace_back("Docker-Distribution-API-Version", "registry/2.0");
  return r;
}

}  // namespace

SimResponse RegistryApi::Handle(const SimRequest& req) {
  auto lock = world_.Lock();
  world_.AdvanceToNow();
  return HandleLocked(req);
}

SimResponse RegistryApi::HandleLocked(const SimRequest& req) {
  // Basic auth with user AWS and a live password from GetAuthorizationToken.
  bool authorized = false;
  if (const std::string* auth = http::FindHeader(req.headers, "Authorization");
      auth != nullptr && StartsWith(ToLower(*auth), "basic ")) {
    auto decoded = Base64Decode(Trim(std::string_view(*auth).substr(6)));
    if (decoded && StartsWith(*decoded, "AWS:")) {
      auto it = store_.passwords.find(decoded->substr(4));
      authorized = it != store_.passwords.end() && it->second > world_.now();
    }
  }
  if (!authorized) {
    SimResponse r = Error(401, "UNAUTHORIZED", "Not Authorized");
    r.headers.emplace_back("WWW-Authenticate",
                           fmt::format("Basic realm=\"{}/\",service=\"ecr.amazonaws.com\"", store_.endpoint));
    return r;
  }
  if (req.path == "/v2" || req.path == "/v2/") return JsonReply(Json::object());
  if (req.method != "GET" && req.method != "HEAD")
    return Error(405, "UNSUPPORTED", "The simulator's registry is read-only; push images with ecr put-image");

  std::string rest = req.path.substr(4);  // after "/v2/"
  auto& repos = store_.At(store_.registry_account, store_.registry_region);
  auto repo_of = [&](const std::string& name) -> EcrRepository* {
    auto it = repos.find(name);
    return it == repos.end() ? nullptr : &it->second;
  };
  auto name_unknown = [&](const std::string& name) {
    return Error(404, "NAME_UNKNOWN",
                 fmt::format("The repository with name '{}' does not exist in the registry with id '{}'", name,
                             store_.registry_account));
  };

  if (EndsWith(rest, "/tags/list")) {
    std::string name = rest.substr(0, rest.size() - 10);
    EcrRepository* repo = repo_of(name);
    if (repo == nullptr) return name_unknown(name);
    std::vector<std::string> tags;
    for (const auto& img : repo->images) tags.insert(tags.end(), img.tags.begin(), img.tags.end());
    std::sort(tags.begin(), tags.end());
    auto params = http::ParseQuery(req.query, true);
    std::string last;
    long n = -1;
    for (const auto& [k, v] : params) {
      if (k == "last") last = v;
      if (k == "n") {
        try {
          n = std::stol(v);
        } catch (...) {
          return Error(400, "PAGINATION_NUMBER_INVALID", "invalid number of results requested", Json{{"n", v}});
        }
        if (n < 0)
          return Error(400, "PAGINATION_NUMBER_INVALID", "invalid number of results requested", Json{{"n", v}});
      }
    }
    auto begin = last.empty() ? tags.begin() : std::upper_bound(tags.begin(), tags.end(), last);
    std::vector<std::string> page(begin, tags.end());
    bool more = n >= 0 && page.size() > static_cast<size_t>(n);
    if (more) page.resize(static_cast<size_t>(n));
    SimResponse r = JsonReply(Json{{"name", name}, {"tags", page}});
    if (more && !page.empty())
      r.headers.emplace_back(
          "Link", fmt::format("</v2/{}/tags/list?n={}&last={}>; rel=\"next\"", name, n, http::UriEncode(page.back())));
    return r;
  }
  if (auto pos = rest.rfind("/manifests/"); pos != std::string::npos) {
    std::string name = rest.substr(0, pos), ref = rest.substr(pos + 11);
    EcrRepository* repo = repo_of(name);
    if (repo == nullptr) return name_unknown(name);
    const EcrImage* img = FindImage(*repo, ref);
    if (img == nullptr)
      return Error(404, "MANIFEST_UNKNOWN", fmt::format("Requested image not found"), Json{{"Tag", ref}});
    SimResponse r;
    r.content_type = img->media_type;
    r.body = img->manifest;
    r.headers.emplace_back("Docker-Content-Digest", img->digest);
    r.headers.emplace_back("Docker-Distribution-API-Version", "registry/2.0");
    return r;
  }
  if (rest.find("/blobs/") != std::string::npos)
    return Error(404, "BLOB_UNKNOWN", "The simulator's registry holds manifests only, no layer blobs");
  return Error(404, "NAME_UNKNOWN", "Unknown registry path " + req.path);
}

}  // namespace berth::sim
