#include "aws/sigv4.h"

#include <algorithm>
#include <cctype>
#include <ctime>

#include <fmt/format.h>

#include "aws/url.h"
#include "core/strings.h"

namespace berth::aws {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

std::string_view DigestView(const Sha256Digest& d) {
  return std::string_view(reinterpret_cast<const char*>(d.data()), d.size());
}

Sha256Digest DeriveKey(std::string_view secret, std::string_view date, std::string_view region,
                       std::string_view service) {
  std::string k = "AWS4";
  k += secret;
  Sha256Digest k_date = HmacSha256(k, date);
  Sha256Digest k_region = HmacSha256(DigestView(k_date), region);
  Sha256Digest k_service = HmacSha256(DigestView(k_region), service);
  return HmacSha256(DigestView(k_service), "aws4_request");
}

// Removes "." and ".." segments and collapses empty ones, as botocore does
// for non-S3 services. Keeps a trailing slash only when the path ends in '/'
// ("/a/b/.." is "/a", like botocore's remove_dot_segments).
std::string NormalizePath(std::string_view path) {
  if (path.empty()) return "/";
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view seg = path.substr(i, j - i);
    if (seg == "..") {
      if (!out.empty()) out.pop_back();
    } else if (!seg.empty() && seg != ".") {
      out.push_back(seg);
    }
    i = j + 1;
  }
  std::string result;
  for (auto seg : out) {
    result += '/';
    result += seg;
  }
  bool trailing = path.back() == '/';
  if (result.empty() || trailing) result += '/';
  return result;
}

// Trims and collapses runs of whitespace to one space.
// Appends the value trimmed, with runs of whitespace collapsed to one space.
void AppendCanonicalHeaderValue(std::string& out, std::string_view value) {
  value = Trim(value);
  // Fast path: nothing to collapse (the usual case), so append it whole. One
  // pass by hand: find_first_of calls memchr once per character.
  bool plain = true;
  for (size_t i = 0; i < value.size() && plain; ++i) {
    char c = value[i];
    plain = !(c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
              (c == ' ' && i + 1 < value.size() && value[i + 1] == ' '));
  }
  if (plain) {
    out.append(value);
    return;
  }
  bool space = false, any = false;
  for (char c : value) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
      space = true;
      continue;
    }
    if (space && any) out.push_back(' ');
    space = false;
    any = true;
    out.push_back(c);
  }
}

// The cache key of a derived signing key: the secret itself (it is in memory
// anyway; entries are never printed), then the scope. Written into a reused
// per-thread buffer so a lookup allocates nothing.
const std::string& KeyId(std::string_view secret, std::string_view date, std::string_view region,
                         std::string_view service) {
  thread_local std::string id;
  id.clear();
  id.append(secret).append(1, '\0').append(date).append(1, '/').append(region).append(1, '/').append(service);
  return id;
}

}  // namespace

// The map key holds the secret itself (it is in memory anyway) so a lookup
// costs no hashing; entries are never printed.
const SigningKeyCache::Entry& SigningKeyCache::Lookup(std::string_view secret, std::string_view date,
                                                      std::string_view region, std::string_view service) {
  const std::string& id = KeyId(secret, date, region, service);
  auto it = entries_.find(id);
  if (it != entries_.end()) return it->second;
  if (entries_.size() > 256) entries_.clear();  // days roll over; keep the cache small
  Sha256Digest key = DeriveKey(secret, date, region, service);
  return entries_.emplace(id, Entry{key, HmacSha256Key(DigestView(key))}).first->second;
}

Sha256Digest SigningKeyCache::Get(std::string_view secret, std::string_view date, std::string_view region,
                                  std::string_view service) {
  std::lock_guard lock(mu_);
  return Lookup(secret, date, region, service).key;
}

HmacSha256Key SigningKeyCache::GetPrepared(std::string_view secret, std::string_view date,
                                           std::string_view region, std::string_view service) {
  // Most calls on a thread sign with the key of the previous call. The key is
  // a pure function of (secret, date, region, service), so a per-thread copy
  // of the last one is always right, and skips the lock and the map.
  thread_local std::string last_id;
  thread_local std::optional<HmacSha256Key> last_key;
  if (last_key && KeyId(secret, date, region, service) == last_id) return *last_key;
  std::lock_guard lock(mu_);
  HmacSha256Key key = Lookup(secret, date, region, service).prepared;
  last_id = KeyId(secret, date, region, service);
  last_key = key;
  return key;
}

// Formatted by hand (days-to-civil, H. Hinnant's algorithm) rather than with
// gmtime_r + strftime: it runs on every signature and strftime is locale-aware.
std::string AmzDate(SystemTime t) {
  int64_t secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  int64_t rem = secs - days * 86400;
  days += 719468;
  int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  int64_t doe = days - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t day = doy - (153 * mp + 2) / 5 + 1;
  int64_t month = mp < 10 ? mp + 3 : mp - 9;
  int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  char buf[17];
  auto put = [&](int pos, int64_t value, int width) {
    for (int i = width - 1; i >= 0; --i) {
      buf[pos + i] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  put(0, year, 4);
  put(4, month, 2);
  put(6, day, 2);
  buf[8] = 'T';
  put(9, rem / 3600, 2);
  put(11, rem / 60 % 60, 2);
  put(13, rem % 60, 2);
  buf[15] = 'Z';
  return std::string(buf, 16);
}

std::optional<SystemTime> ParseAmzDate(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  for (size_t i = 0; i < 15; ++i) {
    if (i != 8 && !std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
  }
  auto num = [&](size_t pos, size_t len) { return std::stoi(std::string(text.substr(pos, len))); };
  std::tm tm{};
  tm.tm_year = num(0, 4) - 1900;
  tm.tm_mon = num(4, 2) - 1;
  tm.tm_mday = num(6, 2);
  tm.tm_hour = num(9, 2);
  tm.tm_min = num(11, 2);
  tm.tm_sec = num(13, 2);
  if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
      tm.tm_min > 59 || tm.tm_sec > 60) {
    return std::nullopt;
  }
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

bool IsUnsignedHeader(std::string_view lower_name) {
  static constexpr std::string_view kSkip[] = {
      "authorization", "user-agent", "expect", "connection", "keep-alive", "proxy-authenticate",
      "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "x-amzn-trace-id",
  };
  return std::find(std::begin(kSkip), std::end(kSkip), lower_name) != std::end(kSkip);
}

std::vector<std::string> HeadersToSign(const Headers& headers) {
  std::vector<std::string> names;
  names.reserve(headers.size());
  for (const auto& [name, value] : headers) {
    std::string lower = ToLower(name);
    if (!IsUnsignedHeader(lower)) names.push_back(std::move(lower));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::string CanonicalUri(std::string_view wire_path) {
  if (wire_path == "/" || wire_path.empty()) return "/";  // every AWS JSON/query call
  return UriEncode(NormalizePath(wire_path), true);
}

std::string CanonicalQueryString(std::string_view wire_query) {
  if (wire_query.empty()) return {};
  std::vector<std::pair<std::string, std::string>> pairs;
  for (auto& [k, v] : ParseQuery(wire_query)) pairs.emplace_back(UriEncode(k), UriEncode(v));
  std::sort(pairs.begin(), pairs.end());
  std::string out;
  for (const auto& [k, v] : pairs) {
    if (!out.empty()) out += '&';
    out += k;
    out += '=';
    out += v;
  }
  return out;
}

namespace {
void AppendCanonicalHeaders(std::string& out, const Headers& headers, const std::vector<std::string>& signed_names) {
  for (const auto& name : signed_names) {
    out += name;
    out += ':';
    bool first = true;
    for (const auto& [n, v] : headers) {
      if (n.size() != name.size() || !EqualsIgnoreCase(n, name)) continue;
      if (!first) out += ',';
      AppendCanonicalHeaderValue(out, v);
      first = false;
    }
    out += '\n';
  }
}
}  // namespace

std::string CanonicalHeaders(const Headers& headers, const std::vector<std::string>& signed_names) {
  std::string out;
  AppendCanonicalHeaders(out, headers, signed_names);
  return out;
}

std::string CanonicalRequest(std::string_view method, std::string_view wire_path, std::string_view wire_query,
                             const Headers& headers, const std::vector<std::string>& signed_names,
                             std::string_view payload_hash) {
  std::string out;
  out.reserve(512);
  out += method;
  out += '\n';
  out += CanonicalUri(wire_path);
  out += '\n';
  out += CanonicalQueryString(wire_query);
  out += '\n';
  AppendCanonicalHeaders(out, headers, signed_names);
  out += '\n';
  out += Join(signed_names, ";");
  out += '\n';
  out += payload_hash;
  return out;
}

std::string StringToSign(std::string_view amz_date, std::string_view scope, std::string_view canonical_request) {
  std::string out;
  out.reserve(kAlgorithm.size() + amz_date.size() + scope.size() + 67);
  out.append(kAlgorithm).append(1, '\n').append(amz_date).append(1, '\n').append(scope).append(1, '\n');
  out.append(Sha256Hex(canonical_request));
  return out;
}

namespace {

struct SignedHeader {
  std::string name;  // lower-case
  std::string_view value;
};

// The signing hot path builds the canonical request in one reused buffer from
// a sorted view of the headers: the same bytes as CanonicalRequest(), without
// its per-piece strings. Buffers are per thread, so signing stays thread-safe.
struct SigningBuffers {
  std::vector<SignedHeader> headers;
  std::string canonical;
  std::string signed_names;
  std::string to_sign;
};

SigningBuffers& Buffers() {
  thread_local SigningBuffers buffers;
  return buffers;
}

void BuildCanonicalRequest(SigningBuffers& b, std::string_view method, std::string_view wire_path,
                           std::string_view wire_query, const Headers& headers, std::string_view payload_hash) {
  b.headers.clear();
  for (const auto& [name, value] : headers) {
    std::string lower = ToLower(name);
    if (!IsUnsignedHeader(lower)) b.headers.push_back({std::move(lower), value});
  }
  // Insertion sort: stable (repeated headers keep their order, as their values
  // are joined in it), allocation-free, and fastest for the ~6 headers a call has.
  for (size_t i = 1; i < b.headers.size(); ++i) {
    for (size_t j = i; j > 0 && b.headers[j].name < b.headers[j - 1].name; --j) {
      std::swap(b.headers[j], b.headers[j - 1]);
    }
  }
  b.signed_names.clear();
  std::string& out = b.canonical;
  out.clear();
  out.append(method).append(1, '\n');
  out.append(CanonicalUri(wire_path)).append(1, '\n');
  out.append(CanonicalQueryString(wire_query)).append(1, '\n');
  for (size_t i = 0; i < b.headers.size(); ++i) {
    const SignedHeader& h = b.headers[i];
    if (i > 0 && h.name == b.headers[i - 1].name) {
      out.push_back(',');
    } else {
      if (i > 0) {
        out.push_back('\n');
        b.signed_names.push_back(';');
      }
      out.append(h.name).push_back(':');
      b.signed_names.append(h.name);
    }
    AppendCanonicalHeaderValue(out, h.value);
  }
  if (!b.headers.empty()) out.push_back('\n');
  out.push_back('\n');
  out.append(b.signed_names).push_back('\n');
  out.append(payload_hash);
}

void AppendHex(std::string& out, const Sha256Digest& d) {
  static constexpr char kDigits[] = "0123456789abcdef";
  char hex[64];
  for (size_t i = 0; i < d.size(); ++i) {
    hex[2 * i] = kDigits[d[i] >> 4];
    hex[2 * i + 1] = kDigits[d[i] & 15];
  }
  out.append(hex, sizeof hex);
}

}  // namespace

Status SignRequest(HttpRequest& request, const Credentials& credentials, const SigningParams& params,
                   SigningKeyCache* cache) {
  BERTH_ASSIGN_OR_RETURN(Url url, ParseUrl(request.url));
  // Room for Host, X-Amz-Date, the token and Authorization: no reallocation
  // (and string moves) while they are added.
  request.headers.reserve(request.headers.size() + 4);
  if (FindHeader(request.headers, "host") == nullptr) request.headers.emplace_back("Host", url.HostHeader());
  std::string amz_date = AmzDate(params.time);
  std::string_view date = std::string_view(amz_date).substr(0, 8);
  SetHeader(request.headers, "X-Amz-Date", amz_date);
  if (!credentials.session_token.empty()) {
    SetHeader(request.headers, "X-Amz-Security-Token", credentials.session_token);
  }
  std::erase_if(request.headers, [](const auto& h) { return EqualsIgnoreCase(h.first, "authorization"); });

  SigningBuffers& b = Buffers();
  // A caller-supplied X-Amz-Content-SHA256 (a precomputed hash, or S3's
  // UNSIGNED-PAYLOAD) is the payload hash, as botocore does.
  const std::string* content_sha = FindHeader(request.headers, "x-amz-content-sha256");
  std::string body_hash;
  if (content_sha == nullptr) {
    body_hash.reserve(64);
    AppendHex(body_hash, Sha256(request.body));
  }
  BuildCanonicalRequest(b, request.method, url.path, url.query, request.headers,
                        content_sha ? std::string_view(*content_sha) : std::string_view(body_hash));
  std::string scope;
  scope.reserve(64);
  scope.append(date).append(1, '/').append(params.region).append(1, '/').append(params.service).append("/aws4_request");
  b.to_sign.clear();
  b.to_sign.append(kAlgorithm).append(1, '\n').append(amz_date).append(1, '\n').append(scope).append(1, '\n');
  AppendHex(b.to_sign, Sha256(b.canonical));
  HmacSha256Key key =
      cache ? cache->GetPrepared(credentials.secret_access_key, date, params.region, params.service)
            : HmacSha256Key(DigestView(DeriveKey(credentials.secret_access_key, date, params.region, params.service)));
  std::string authorization;
  authorization.reserve(160 + b.signed_names.size() + credentials.access_key_id.size());
  authorization.append(kAlgorithm).append(" Credential=").append(credentials.access_key_id).append(1, '/');
  authorization.append(scope).append(", SignedHeaders=").append(b.signed_names);
  authorization.append(", Signature=");
  AppendHex(authorization, key.Sign(b.to_sign));
  request.headers.emplace_back("Authorization", std::move(authorization));
  return Status::Ok();
}

Result<AuthorizationHeader> ParseAuthorizationHeader(std::string_view value) {
  value = Trim(value);
  if (!StartsWith(value, kAlgorithm)) {
    return InvalidArgument("Authorization header does not use AWS4-HMAC-SHA256");
  }
  value.remove_prefix(kAlgorithm.size());
  AuthorizationHeader out;
  bool have_credential = false, have_signed = false, have_signature = false;
  for (const auto& raw : Split(value, ',')) {
    std::string_view part = Trim(raw);
    auto eq = part.find('=');
    if (eq == std::string_view::npos) return InvalidArgument("Authorization header component without '='");
    std::string_view key = part.substr(0, eq), val = part.substr(eq + 1);
    if (key == "Credential") {
      auto pieces = Split(val, '/');
      if (pieces.size() != 5 || pieces[4] != "aws4_request") {
        return InvalidArgument("Authorization Credential must be KEY/DATE/REGION/SERVICE/aws4_request");
      }
      out.access_key_id = pieces[0];
      out.date = pieces[1];
      out.region = pieces[2];
      out.service = pieces[3];
      have_credential = true;
    } else if (key == "SignedHeaders") {
      out.signed_headers = Split(val, ';');
      have_signed = true;
    } else if (key == "Signature") {
      out.signature = std::string(val);
      have_signature = true;
    }
  }
  if (!have_credential || !have_signed || !have_signature) {
    return InvalidArgument("Authorization header needs Credential, SignedHeaders and Signature");
  }
  return out;
}

std::string ComputeSignature(std::string_view method, std::string_view wire_path, std::string_view wire_query,
                             const Headers& headers, std::string_view body, const AuthorizationHeader& auth,
                             std::string_view amz_date, std::string_view secret) {
  std::string canonical =
      CanonicalRequest(method, wire_path, wire_query, headers, auth.signed_headers, Sha256Hex(body));
  std::string scope = fmt::format("{}/{}/{}/aws4_request", auth.date, auth.region, auth.service);
  std::string to_sign = StringToSign(amz_date, scope, canonical);
  Sha256Digest key = DeriveKey(secret, auth.date, auth.region, auth.service);
  return HexEncode(HmacSha256(DigestView(key), to_sign));
}

}  // namespace berth::aws
