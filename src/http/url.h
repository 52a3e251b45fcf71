// URL pieces and the percent-encodings AWS uses.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace berth::http {

struct Url {
  std::string scheme;  // "https"
  std::string host;    // "ecs.us-east-1.amazonaws.com" or "127.0.0.1"; IPv6 keeps its brackets
  int port = 0;        // 0: the scheme's default
  std::string path;    // as on the wire (already percent-encoded), "/" when empty
  std::string query;   // as on the wire, without '?'

  // "host" or "host:port" when the port is not the scheme's default: the Host header value.
  std::string HostHeader() const;
  // scheme://host[:port]
  std::string Origin() const;
};

// The same pieces as views into the parsed text (which must outlive it), for
// hot paths that only read them: parsing allocates nothing. scheme and host
// keep the case they were written in.
struct UrlView {
  std::string_view scheme;
  std::string_view host;
  int port = 0;
  std::string_view path;  // "/" when empty
  std::string_view query;

  // As Url::HostHeader, lower-cased.
  std::string HostHeader() const;
};

// kInvalidArgument for anything but http(s)://host[:port][/path][?query].
Result<Url> ParseUrl(std::string_view url);
Result<UrlView> ParseUrlView(std::string_view url);

// RFC 3986 encoding: only A-Z a-z 0-9 - _ . ~ stay as they are (and '/' when
// keep_slash). This is SigV4's UriEncode and also what form bodies use.
std::string UriEncode(std::string_view s, bool keep_slash = false);
// Decodes %XX (invalid escapes are kept literally); '+' is decoded to ' ' only when plus_as_space.
std::string UriDecode(std::string_view s, bool plus_as_space = false);

// Splits "a=1&b=2" into decoded pairs ("a" with no '=' gives value "").
std::vector<std::pair<std::string, std::string>> ParseQuery(std::string_view query, bool plus_as_space = false);

}  // namespace berth::http
