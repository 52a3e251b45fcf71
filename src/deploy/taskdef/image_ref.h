// ImageRef: a container image reference as Docker and ECS read it,
// "[registry[:port]/]path[:tag][@algorithm:hex]".
//
// Grammar (the distribution reference grammar, written out by hand because no
// Debian package parses it): the first path component is a registry when it
// contains '.' or ':' or is "localhost"; path components are lowercase
// [a-z0-9] runs joined by '.', '_', '__' or '-'+; a tag is [A-Za-z0-9_]
// followed by up to 127 of [A-Za-z0-9_.-]; a digest is
// algorithm ":" hex (sha256 needs exactly 64 lowercase hex digits). The whole
// reference is at most 255 characters of name. Nothing is defaulted: an
// image without a tag stays without one (ECS then pulls "latest"), and
// "nginx" does not become "docker.io/library/nginx".
//
// Thread-safety: value type and pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace berth::deploy {

struct ImageRef {
  std::string registry;    // "123456789012.dkr.ecr.us-east-1.amazonaws.com", "localhost:5000", or ""
  std::string repository;  // "team/web"
  std::string tag;         // "1.2.3" or ""
  std::string digest;      // "sha256:<64 hex>" or ""

  // registry + "/" + repository (just repository when there is no registry).
  std::string Name() const;
  // The canonical text: Name() [":" tag] ["@" digest]. Parse(ToString()) == *this.
  std::string ToString() const;
  // True for "<account>.dkr.ecr.<region>.amazonaws.com[.cn]" registries.
  bool IsEcr() const;
};

// kInvalidArgument with a message that quotes the reference and says which part
// is wrong and what a valid one looks like, e.g.
//   image "Web:1.0": repository names must be lowercase (e.g. "web:1.0")
Result<ImageRef> ParseImageRef(std::string_view text);

bool operator==(const ImageRef& a, const ImageRef& b);

}  // namespace berth::deploy
