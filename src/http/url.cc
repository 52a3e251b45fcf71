#include "http/url.h"

#include <cctype>

#include "core/strings.h"

namespace berth::http {

std::string Url::HostHeader() const {
  if (port == 0 || (scheme == "https" && port == 443) || (scheme == "http" && port == 80)) return host;
  return host + ":" + std::to_string(port);
}

std::string Url::Origin() const {
  std::string out = scheme + "://" + host;
  if (port != 0) out += ":" + std::to_string(port);
  return out;
}

namespace {
bool IsDefaultPort(std::string_view scheme, int port) {
  return port == 0 || (port == 443 && EqualsIgnoreCase(scheme, "https")) ||
         (port == 80 && EqualsIgnoreCase(scheme, "http"));
}
}  // namespace

std::string UrlView::HostHeader() const {
  std::string out = ToLower(host);
  if (!IsDefaultPort(scheme, port)) out.append(1, ':').append(std::to_string(port));
  return out;
}

Result<UrlView> ParseUrlView(std::string_view text) {
  UrlView url;
  auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) {
    return InvalidArgument("URL '" + std::string(text) + "' has no scheme; write it as https://host[:port]");
  }
  url.scheme = text.substr(0, scheme_end);
  if (!EqualsIgnoreCase(url.scheme, "http") && !EqualsIgnoreCase(url.scheme, "https")) {
    return InvalidArgument("URL '" + std::string(text) + "' must start with http:// or https://");
  }
  std::string_view rest = text.substr(scheme_end + 3);
  // By hand: find_first_of calls memchr once per character, and this runs
  // for every signed request.
  size_t authority_end = 0;
  while (authority_end < rest.size() && rest[authority_end] != '/' && rest[authority_end] != '?' &&
         rest[authority_end] != '#') {
    ++authority_end;
  }
  if (authority_end == rest.size()) authority_end = std::string_view::npos;
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view tail = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  if (auto at = authority.rfind('@'); at != std::string_view::npos) authority = authority.substr(at + 1);
  if (authority.empty()) return InvalidArgument("URL '" + std::string(text) + "' has no host");

  std::string_view host = authority, port;
  if (authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return InvalidArgument("URL '" + std::string(text) + "' has a bad IPv6 host");
    host = authority.substr(0, close + 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return InvalidArgument("URL '" + std::string(text) + "' has a bad host");
      port = authority.substr(close + 2);
    }
  } else if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return InvalidArgument("URL '" + std::string(text) + "' has no host");
  url.host = host;
  if (!port.empty()) {
    int p = 0;
    for (char c : port) {
      if (!std::isdigit(static_cast<unsigned char>(c)) || p > 65535) {
        return InvalidArgument("URL '" + std::string(text) + "' has a bad port");
      }
      p = p * 10 + (c - '0');
    }
    if (p <= 0 || p > 65535) return InvalidArgument("URL '" + std::string(text) + "' has a bad port");
    url.port = p;
  }
  if (auto hash = tail.find('#'); hash != std::string_view::npos) tail = tail.substr(0, hash);
  auto q = tail.find('?');
  url.path = tail.substr(0, q);
  if (q != std::string_view::npos) url.query = tail.substr(q + 1);
  if (url.path.empty()) url.path = "/";
  return url;
}

Result<Url> ParseUrl(std::string_view text) {
  BERTH_ASSIGN_OR_RETURN(UrlView view, ParseUrlView(text));
  Url url;
  url.scheme = ToLower(view.scheme);
  url.host = ToLower(view.host);
  url.port = view.port;
  url.path = std::string(view.path);
  url.query = std::string(view.query);
  return url;
}

std::string UriEncode(std::string_view s, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3 / 2);
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

namespace {
int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::string UriDecode(std::string_view s, bool plus_as_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      int hi = HexValue(s[i + 1]), lo = HexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_as_space && c == '+' ? ' ' : c);
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> ParseQuery(std::string_view query, bool plus_as_space) {
  std::vector<std::pair<std::string, std::string>> out;
  if (query.empty()) return out;
  for (const auto& piece : Split(query, '&')) {
    if (piece.empty()) continue;
    auto eq = piece.find('=');
    if (eq == std::string::npos) {
      out.emplace_back(UriDecode(piece, plus_as_space), "");
    } else {
      out.emplace_back(UriDecode(std::string_view(piece).substr(0, eq), plus_as_space),
                       UriDecode(std::string_view(piece).substr(eq + 1), plus_as_space));
    }
  }
  return out;
}

}  // namespace berth::http
