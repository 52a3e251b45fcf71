#include "deploy/taskdef/image_ref.h"

#include <fmt/format.h>

#include "core/strings.h"

namespace berth::deploy {
namespace {

constexpr size_t kMaxNameLength = 255;
constexpr size_t kMaxTagLength = 128;

bool IsLowerAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}
bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsAlnum(char c) {
  return IsAlpha(c) || IsDigit(c);
}
bool IsLowerHex(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f');
}
bool IsHex(char c) {
  return IsLowerHex(c) || (c >= 'A' && c <= 'F');
}
bool IsWordChar(char c) {
  return IsAlnum(c) || c == '_';
}

Status Invalid(std::string_view text, std::string_view why) {
  return InvalidArgument(fmt::format("image \"{}\": {}", text, why));
}

// path-component := [a-z0-9]+ (separator [a-z0-9]+)*, separator := [_.] | "__" | "-"+
bool IsPathComponent(std::string_view c) {
  size_t i = 0;
  auto run = [&] {
    size_t start = i;
    while (i < c.size() && IsLowerAlnum(c[i])) ++i;
    return i > start;
  };
  if (!run()) return false;
  while (i < c.size()) {
    if (c[i] == '.') {
      ++i;
    } else if (c[i] == '_') {
      ++i;
      if (i < c.size() && c[i] == '_') ++i;
    } else if (c[i] == '-') {
      while (i < c.size() && c[i] == '-') ++i;
    } else {
      return false;
    }
    if (!run()) return false;
  }
  return true;
}

// domain-component := [A-Za-z0-9] | [A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]
bool IsDomainComponent(std::string_view c) {
  if (c.empty() || !IsAlnum(c.front()) || !IsAlnum(c.back())) return false;
  for (char ch : c) {
    if (!IsAlnum(ch) && ch != '-') return false;
  }
  return true;
}

bool IsIpv6Literal(std::string_view host) {
  if (host.size() < 4 || host.front() != '[' || host.back() != ']') return false;
  for (char c : host.substr(1, host.size() - 2)) {
    if (!IsHex(c) && c != ':' && c != '.') return false;
  }
  return true;
}

Status CheckRegistry(std::string_view text, std::string_view registry) {
  std::string_view host = registry;
  size_t colon = registry.rfind(':');
  if (colon != std::string_view::npos && registry.find(']', colon) == std::string_view::npos) {
    std::string_view port = registry.substr(colon + 1);
    bool digits = !port.empty();
    for (char c : port) digits = digits && IsDigit(c);
    if (!digits) {
      return Invalid(text, fmt::format("registry \"{}\" has a bad port; a port is digits only "
                                       "(e.g. \"localhost:5000/web:1.0\")",
                                       registry));
    }
    host = registry.substr(0, colon);
  }
  if (IsIpv6Literal(host)) return Status::Ok();
  for (const std::string& part : Split(host, '.')) {
    if (!IsDomainComponent(part)) {
      return Invalid(text, fmt::format("\"{}\" is not a valid registry host; hosts are letters, "
                                       "digits, '-' and '.' (e.g. "
                                       "\"123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.0\")",
                                       registry));
    }
  }
  return Status::Ok();
}

Status CheckRepository(std::string_view text, const ImageRef& ref) {
  const std::string& repository = ref.repository;
  if (repository.empty()) {
    return Invalid(text, "has no repository name (e.g. \"web:1.0\" or \"team/web:1.0\")");
  }
  for (const std::string& part : Split(repository, '/')) {
    if (part.empty()) {
      return Invalid(text,
                     "has an empty path component (\"//\" or a leading or trailing '/'); "
                     "write it as \"team/web:1.0\"");
    }
    if (!IsPathComponent(part)) {
      std::string lower = ToLower(part);
      if (lower != part && IsPathComponent(lower)) {
        ImageRef lowered = ref;
        lowered.repository = ToLower(repository);
        return Invalid(text, fmt::format("repository names must be lowercase (e.g. \"{}\")", lowered.ToString()));
      }
      return Invalid(text, fmt::format("\"{}\" is not a valid repository path component; use "
                                       "lowercase letters and digits separated by '.', '_', '__' "
                                       "or '-' (e.g. \"team/web-app:1.0\")",
                                       part));
    }
  }
  return Status::Ok();
}

Status CheckTag(std::string_view text, std::string_view tag) {
  const char* example = " (e.g. \"web:1.2.3\")";
  if (tag.empty()) return Invalid(text, fmt::format("has an empty tag after ':'{}", example));
  if (tag.size() > kMaxTagLength) {
    return Invalid(text, fmt::format("tag is {} characters; the limit is {}", tag.size(), kMaxTagLength));
  }
  if (!IsWordChar(tag[0])) {
    return Invalid(text, fmt::format("tag \"{}\" must start with a letter, digit or '_'{}", tag, example));
  }
  for (char c : tag) {
    if (!IsWordChar(c) && c != '.' && c != '-') {
      return Invalid(text, fmt::format("tag \"{}\" may contain only letters, digits, '_', '.' "
                                       "and '-'{}",
                                       tag, example));
    }
  }
  return Status::Ok();
}

Status CheckDigest(std::string_view text, std::string_view digest) {
  const char* example = " (e.g. \"web@sha256:<64 lowercase hex digits>\")";
  size_t colon = digest.find(':');
  if (colon == std::string_view::npos) {
    return Invalid(text, fmt::format("digest \"{}\" must be ALGORITHM:HEX{}", digest, example));
  }
  std::string_view algorithm = digest.substr(0, colon);
  std::string_view hex = digest.substr(colon + 1);
  // algorithm := [A-Za-z][A-Za-z0-9]* ([+._-] [A-Za-z][A-Za-z0-9]*)*
  bool algorithm_ok = !algorithm.empty();
  bool at_component_start = true;
  for (char c : algorithm) {
    if (at_component_start) {
      algorithm_ok = algorithm_ok && IsAlpha(c);
      at_component_start = false;
    } else if (c == '+' || c == '.' || c == '_' || c == '-') {
      at_component_start = true;
    } else {
      algorithm_ok = algorithm_ok && IsAlnum(c);
    }
  }
  if (!algorithm_ok || at_component_start) {
    return Invalid(text, fmt::format("digest algorithm \"{}\" is not valid{}", algorithm, example));
  }
  if (algorithm == "sha256" || algorithm == "sha512") {
    size_t want = algorithm == "sha256" ? 64 : 128;
    bool lower_hex = hex.size() == want;
    for (char c : hex) lower_hex = lower_hex && IsLowerHex(c);
    if (!lower_hex) {
      return Invalid(text, fmt::format("a {} digest is exactly {} lowercase hex digits, this one "
                                       "has {} characters{}",
                                       algorithm, want, hex.size(), example));
    }
    return Status::Ok();
  }
  bool hex_ok = hex.size() >= 32;
  for (char c : hex) hex_ok = hex_ok && IsHex(c);
  if (!hex_ok) {
    return Invalid(text, fmt::format("digest \"{}\" needs at least 32 hex digits after the "
                                     "algorithm{}",
                                     digest, example));
  }
  return Status::Ok();
}

// Docker's rule for telling "registry/path" from "path/path".
bool LooksLikeRegistry(std::string_view first) {
  return first.find('.') != std::string_view::npos || first.find(':') != std::string_view::npos || first == "localhost";
}

}  // namespace

std::string ImageRef::Name() const {
  return registry.empty() ? repository : registry + "/" + repository;
}

std::string ImageRef::ToString() const {
  std::string s = Name();
  if (!tag.empty()) s += ":" + tag;
  if (!digest.empty()) s += "@" + digest;
  return s;
}

bool ImageRef::IsEcr() const {
  // <12-digit account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]
  std::vector<std::string> parts = Split(registry, '.');
  if (parts.size() < 6) return false;
  const std::string& account = parts[0];
  if (account.size() != 12) return false;
  for (char c : account) {
    if (!IsDigit(c)) return false;
  }
  if (parts[1] != "dkr" || (parts[2] != "ecr" && parts[2] != "ecr-fips") || parts[3].empty()) {
    return false;
  }
  if (parts.size() == 6) return parts[4] == "amazonaws" && parts[5] == "com";
  return parts.size() == 7 && parts[4] == "amazonaws" && parts[5] == "com" && parts[6] == "cn";
}

Result<ImageRef> ParseImageRef(std::string_view text) {
  if (text.empty()) {
    return InvalidArgument(
        "image \"\": an image reference is empty; give one such as "
        "\"team/web:1.2.3\"");
  }
  for (char c : text) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) {
      return Invalid(text, "contains whitespace or a control character; remove it");
    }
  }
  ImageRef ref;
  std::string_view rest = text;
  if (size_t at = rest.find('@'); at != std::string_view::npos) {
    ref.digest = std::string(rest.substr(at + 1));
    rest = rest.substr(0, at);
    BERTH_RETURN_IF_ERROR(CheckDigest(text, ref.digest));
  }
  // A ':' after the last '/' starts the tag; one before it is a registry port.
  size_t last_slash = rest.rfind('/');
  size_t colon = rest.rfind(':');
  if (colon != std::string_view::npos && (last_slash == std::string_view::npos || colon > last_slash)) {
    ref.tag = std::string(rest.substr(colon + 1));
    rest = rest.substr(0, colon);
    BERTH_RETURN_IF_ERROR(CheckTag(text, ref.tag));
  }
  if (rest.empty()) {
    return Invalid(text, "has no repository name before the tag or digest (e.g. \"web:1.0\")");
  }
  if (size_t slash = rest.find('/'); slash != std::string_view::npos && LooksLikeRegistry(rest.substr(0, slash))) {
    ref.registry = std::string(rest.substr(0, slash));
    rest = rest.substr(slash + 1);
    BERTH_RETURN_IF_ERROR(CheckRegistry(text, ref.registry));
  }
  ref.repository = std::string(rest);
  BERTH_RETURN_IF_ERROR(CheckRepository(text, ref));
  if (ref.Name().size() > kMaxNameLength) {
    return Invalid(text, fmt::format("the name is {} characters; the limit is {}", ref.Name().size(), kMaxNameLength));
  }
  return ref;
}

bool operator==(const ImageRef& a, const ImageRef& b) {
  return a.registry == b.registry && a.repository == b.repository && a.tag == b.tag && a.digest == b.digest;
}

}  // namespace berth::deploy
