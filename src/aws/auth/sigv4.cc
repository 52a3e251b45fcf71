// The signing path uses OpenSSL's low-level SHA256_* on stack contexts (see
// core/crypto.cc for why not EVP); OpenSSL 3 marks them deprecated.
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include "aws/auth/sigv4.h"

#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <functional>

#include <fmt/format.h>

#include "core/strings.h"
#include "core/timestamp.h"
#include "http/url.h"

namespace berth::aws {
namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

std::string_view DigestView(const Sha256Digest& d) {
  return std::string_view(reinterpret_cast<const char*>(d.data()), d.size());
}

// HMAC-SHA256 on stack contexts: the key's pad blocks hashed once, then two
// short passes per message. Used for key derivation and the signature, where
// HmacSha256Key's shared, heap-allocated state would cost more than the hashing.
struct HmacState {
  SHA256_CTX inner;
  SHA256_CTX outer;
};

// `key` is the concatenation of up to two pieces (SigV4's "AWS4" + secret).
void PrepareHmac(HmacState& state, std::string_view key_a, std::string_view key_b = {}) {
  unsigned char block[SHA256_CBLOCK] = {};
  if (key_a.size() + key_b.size() > SHA256_CBLOCK) {
    SHA256_CTX ctx;
    SHA256_Init(&ctx);
    SHA256_Update(&ctx, key_a.data(), key_a.size());
    SHA256_Update(&ctx, key_b.data(), key_b.size());
    SHA256_Final(block, &ctx);
  } else {
    std::memcpy(block, key_a.data(), key_a.size());
    if (!key_b.empty()) std::memcpy(block + key_a.size(), key_b.data(), key_b.size());
  }
  unsigned char ipad[SHA256_CBLOCK], opad[SHA256_CBLOCK];
  for (size_t i = 0; i < SHA256_CBLOCK; ++i) {
    ipad[i] = block[i] ^ 0x36;
    opad[i] = block[i] ^ 0x5c;
  }
  SHA256_Init(&state.inner);
  SHA256_Update(&state.inner, ipad, sizeof ipad);
  SHA256_Init(&state.outer);
  SHA256_Update(&state.outer, opad, sizeof opad);
}

Sha256Digest HmacSign(const HmacState& state, std::string_view data) {
  Sha256Digest inner_digest, out;
  SHA256_CTX ctx = state.inner;
  SHA256_Update(&ctx, data.data(), data.size());
  SHA256_Final(inner_digest.data(), &ctx);
  ctx = state.outer;
  SHA256_Update(&ctx, inner_digest.data(), inner_digest.size());
  SHA256_Final(out.data(), &ctx);
  return out;
}

Sha256Digest HmacOnce(std::string_view key, std::string_view data) {
  HmacState state;
  PrepareHmac(state, key);
  return HmacSign(state, data);
}

Sha256Digest DeriveKey(std::string_view secret, std::string_view date, std::string_view region,
                       std::string_view service) {
  HmacState state;
  PrepareHmac(state, "AWS4", secret);
  Sha256Digest k_date = HmacSign(state, date);
  Sha256Digest k_region = HmacOnce(DigestView(k_date), region);
  Sha256Digest k_service = HmacOnce(DigestView(k_region), service);
  return HmacOnce(DigestView(k_service), "aws4_request");
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

inline bool IsHeaderSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// Appends the value trimmed, with runs of whitespace collapsed to one space.
void AppendCanonicalHeaderValue(std::string& out, std::string_view value) {
  size_t b = 0, e = value.size();
  while (b < e && IsHeaderSpace(value[b])) ++b;
  while (e > b && IsHeaderSpace(value[e - 1])) --e;
  value = value.substr(b, e - b);
  // Fast path: nothing to collapse (the usual case), so append it whole. Most
  // bytes are above ' ', so one comparison rules them out.
  bool plain = true;
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    // value[i + 1] exists after a space: the trimmed value ends in a non-space.
    if (static_cast<unsigned char>(c) <= ' ' && IsHeaderSpace(c) && (c != ' ' || value[i + 1] == ' ')) {
      plain = false;
      break;
    }
  }
  if (plain) {
    out.append(value);
    return;
  }
  bool space = false;
  for (char c : value) {
    if (IsHeaderSpace(c)) {
      space = true;
      continue;
    }
    if (space) out.push_back(' ');  // never leading: the value is trimmed
    space = false;
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

// A per-thread, direct-mapped copy of recently used prepared signing keys, in
// front of SigningKeyCache: a hit costs one hash of the id and no lock. The
// derived key is a pure function of the id (secret included), so an entry is
// right whichever SigningKeyCache filled it.
struct ThreadKeySlot {
  std::string id;
  HmacState key;
};
constexpr size_t kThreadKeySlots = 64;

ThreadKeySlot& ThreadSlot(const std::string& id) {
  thread_local std::array<ThreadKeySlot, kThreadKeySlots> slots;
  return slots[std::hash<std::string_view>{}(id) % kThreadKeySlots];
}

}  // namespace

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

HmacSha256Key SigningKeyCache::GetPrepared(std::string_view secret, std::string_view date, std::string_view region,
                                           std::string_view service) {
  std::lock_guard lock(mu_);
  return Lookup(secret, date, region, service).prepared;
}

namespace {

// The prepared signing key for SignRequest: from this thread's slots, else
// from `cache` (filling the slot), else derived afresh when there is no cache.
const HmacState& SigningKeyFor(SigningKeyCache* cache, std::string_view secret, std::string_view date,
                               std::string_view region, std::string_view service) {
  if (cache == nullptr) {
    thread_local HmacState fresh;
    PrepareHmac(fresh, DigestView(DeriveKey(secret, date, region, service)));
    return fresh;
  }
  const std::string& id = KeyId(secret, date, region, service);
  ThreadKeySlot& slot = ThreadSlot(id);
  if (slot.id != id) {
    PrepareHmac(slot.key, DigestView(cache->Get(secret, date, region, service)));
    slot.id = id;
  }
  return slot.key;
}

}  // namespace

namespace {

// Requests signed in a burst share their second: keep the last one formatted.
// (FormatIso8601Basic is arithmetic, not gmtime_r + strftime, which are
// locale-aware and slow for a path run on every signature.)
std::string_view ThreadAmzDate(SystemTime t) {
  thread_local int64_t last_secs = INT64_MIN;
  thread_local char buf[16];
  int64_t secs = WholeEpochSeconds(t);
  if (secs != last_secs) {
    FormatIso8601Basic(secs, buf);
    last_secs = secs;
  }
  return std::string_view(buf, sizeof buf);
}

}  // namespace

std::string AmzDate(SystemTime t) {
  return FormatIso8601Basic(t);
}

std::optional<SystemTime> ParseAmzDate(std::string_view text) {
  return ParseIso8601Basic(text);
}

// botocore's list, matched by length first: it is checked for every header of
// every request.
bool IsUnsignedHeader(std::string_view n) {
  switch (n.size()) {
    case 2: return n == "te";
    case 6: return n == "expect";
    case 7: return n == "trailer" || n == "upgrade";
    case 10: return n == "user-agent" || n == "connection" || n == "keep-alive";
    case 13: return n == "authorization";
    case 15: return n == "x-amzn-trace-id";
    case 17: return n == "transfer-encoding";
    case 18: return n == "proxy-authenticate";
    case 19: return n == "proxy-authorization";
    default: return false;
  }
}

std::vector<std::string> HeadersToSign(const http::Headers& headers) {
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
  return http::UriEncode(NormalizePath(wire_path), true);
}

std::string CanonicalQueryString(std::string_view wire_query) {
  if (wire_query.empty()) return {};
  std::vector<std::pair<std::string, std::string>> pairs;
  for (auto& [k, v] : http::ParseQuery(wire_query)) pairs.emplace_back(http::UriEncode(k), http::UriEncode(v));
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
void AppendCanonicalHeaders(std::string& out, const http::Headers& headers,
                            const std::vector<std::string>& signed_names) {
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

std::string CanonicalHeaders(const http::Headers& headers, const std::vector<std::string>& signed_names) {
  std::string out;
  AppendCanonicalHeaders(out, headers, signed_names);
  return out;
}

std::string CanonicalRequest(std::string_view method, std::string_view wire_path, std::string_view wire_query,
                             const http::Headers& headers, const std::vector<std::string>& signed_names,
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
  std::string_view name;  // lower-case, in SigningBuffers::lower_names
  std::string_view value;
};

// The signing hot path builds the canonical request in one reused buffer from
// a sorted view of the headers: the same bytes as CanonicalRequest(), without
// its per-piece strings. Buffers are per thread, so signing stays thread-safe,
// and after the first few calls on a thread they allocate nothing.
struct SigningBuffers {
  std::string lower_names;  // every header name, lower-cased, back to back
  std::vector<SignedHeader> headers;
  std::string canonical;
  std::string signed_names;
  std::string scope;
  std::string to_sign;
};

SigningBuffers& Buffers() {
  thread_local SigningBuffers buffers;
  return buffers;
}

// The signed headers, lower-cased and stably sorted by name.
void CollectSignedHeaders(SigningBuffers& b, const http::Headers& headers) {
  size_t total = 0;
  for (const auto& h : headers) total += h.first.size();
  b.lower_names.resize(total);  // sized once, so the views below stay valid
  b.headers.clear();
  char* p = b.lower_names.data();
  for (const auto& [name, value] : headers) {
    for (size_t i = 0; i < name.size(); ++i) {
      char c = name[i];
      p[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + ('a' - 'A')) : c;
    }
    std::string_view lower(p, name.size());
    p += name.size();
    if (!IsUnsignedHeader(lower)) b.headers.push_back({lower, value});
  }
  // Insertion sort: stable (repeated headers keep their order, as their values
  // are joined in it), allocation-free, and fastest for the ~6 headers a call has.
  for (size_t i = 1; i < b.headers.size(); ++i) {
    SignedHeader h = b.headers[i];
    size_t j = i;
    for (; j > 0 && h.name < b.headers[j - 1].name; --j) b.headers[j] = b.headers[j - 1];
    b.headers[j] = h;
  }
}

void BuildCanonicalRequest(SigningBuffers& b, std::string_view method, std::string_view wire_path,
                           std::string_view wire_query, const http::Headers& headers, std::string_view payload_hash) {
  CollectSignedHeaders(b, headers);
  b.signed_names.clear();
  std::string& out = b.canonical;
  out.clear();
  out.append(method).append(1, '\n');
  if (wire_path == "/") {
    out.append("/\n", 2);  // every AWS JSON and query call
  } else {
    out.append(CanonicalUri(wire_path)).append(1, '\n');
  }
  if (!wire_query.empty()) out.append(CanonicalQueryString(wire_query));
  out.push_back('\n');
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

// Two hex digits per byte from one table lookup.
constexpr std::array<char, 512> MakeHexPairs() {
  constexpr char kDigits[] = "0123456789abcdef";
  std::array<char, 512> pairs{};
  for (int i = 0; i < 256; ++i) {
    pairs[2 * i] = kDigits[i >> 4];
    pairs[2 * i + 1] = kDigits[i & 15];
  }
  return pairs;
}
constexpr std::array<char, 512> kHexPairs = MakeHexPairs();

void WriteHex(const Sha256Digest& d, char* hex) {
  for (size_t i = 0; i < d.size(); ++i) std::memcpy(hex + 2 * i, &kHexPairs[2 * d[i]], 2);
}

void AppendHex(std::string& out, const Sha256Digest& d) {
  char hex[64];
  WriteHex(d, hex);
  out.append(hex, sizeof hex);
}

// One pass over the caller's headers: drops those signing replaces (X-Amz-Date,
// Authorization, and X-Amz-Security-Token when the credentials carry one), and
// notes whether Host is present and where X-Amz-Content-SHA256 is (an index
// into the compacted list; -1 when absent).
void DropReplacedHeaders(http::Headers& headers, bool has_token, bool* has_host, ptrdiff_t* content_sha) {
  *has_host = false;
  *content_sha = -1;
  size_t w = 0;
  for (size_t r = 0; r < headers.size(); ++r) {
    std::string_view n = headers[r].first;
    bool drop = false;
    switch (n.size()) {  // by length first: most headers match none
      case 4: *has_host = *has_host || EqualsIgnoreCase(n, "host"); break;
      case 10: drop = EqualsIgnoreCase(n, "x-amz-date"); break;
      case 13: drop = EqualsIgnoreCase(n, "authorization"); break;
      case 20:
        if (EqualsIgnoreCase(n, "x-amz-content-sha256")) {
          if (*content_sha < 0) *content_sha = static_cast<ptrdiff_t>(w);
        } else {
          drop = has_token && EqualsIgnoreCase(n, "x-amz-security-token");
        }
        break;
      default: break;
    }
    if (drop) continue;
    if (w != r) headers[w] = std::move(headers[r]);
    ++w;
  }
  headers.erase(headers.begin() + static_cast<ptrdiff_t>(w), headers.end());
}

}  // namespace

Status SignRequest(http::Request& request, const Credentials& credentials, const SigningParams& params,
                   SigningKeyCache* cache) {
  BERTH_ASSIGN_OR_RETURN(http::UrlView url, http::ParseUrlView(request.url));
  http::Headers& headers = request.headers;
  const bool has_token = !credentials.session_token.empty();
  bool has_host;
  ptrdiff_t content_sha;
  DropReplacedHeaders(headers, has_token, &has_host, &content_sha);
  // Room for Host, X-Amz-Date, the token and Authorization: one reallocation
  // at most, before any view into the headers is taken.
  headers.reserve(headers.size() + 4);
  if (!has_host) headers.emplace_back("Host", url.HostHeader());
  const std::string_view amz_date = ThreadAmzDate(params.time);
  const std::string_view date = amz_date.substr(0, 8);
  headers.emplace_back("X-Amz-Date", std::string(amz_date));
  if (has_token) headers.emplace_back("X-Amz-Security-Token", credentials.session_token);

  // A caller-supplied X-Amz-Content-SHA256 (a precomputed hash, or S3's
  // UNSIGNED-PAYLOAD) is the payload hash, as botocore does.
  char body_hash[64];
  std::string_view payload_hash;
  if (content_sha >= 0) {
    payload_hash = headers[static_cast<size_t>(content_sha)].second;
  } else {
    WriteHex(Sha256(request.body), body_hash);
    payload_hash = std::string_view(body_hash, sizeof body_hash);
  }
  SigningBuffers& b = Buffers();
  BuildCanonicalRequest(b, request.method, url.path, url.query, headers, payload_hash);
  b.scope.clear();
  b.scope.append(date).append(1, '/').append(params.region).append(1, '/').append(params.service);
  b.scope.append("/aws4_request");
  b.to_sign.clear();
  b.to_sign.append(kAlgorithm).append(1, '\n').append(amz_date).append(1, '\n').append(b.scope).append(1, '\n');
  AppendHex(b.to_sign, Sha256(b.canonical));
  const HmacState& key = SigningKeyFor(cache, credentials.secret_access_key, date, params.region, params.service);
  std::string authorization;
  authorization.reserve(kAlgorithm.size() + 40 + credentials.access_key_id.size() + b.scope.size() +
                        b.signed_names.size() + 64);
  authorization.append(kAlgorithm).append(" Credential=").append(credentials.access_key_id).append(1, '/');
  authorization.append(b.scope).append(", SignedHeaders=").append(b.signed_names);
  authorization.append(", Signature=");
  AppendHex(authorization, HmacSign(key, b.to_sign));
  headers.emplace_back("Authorization", std::move(authorization));
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
                             const http::Headers& headers, std::string_view body, const AuthorizationHeader& auth,
                             std::string_view amz_date, std::string_view secret) {
  std::string canonical =
      CanonicalRequest(method, wire_path, wire_query, headers, auth.signed_headers, Sha256Hex(body));
  std::string scope = fmt::format("{}/{}/{}/aws4_request", auth.date, auth.region, auth.service);
  std::string to_sign = StringToSign(amz_date, scope, canonical);
  Sha256Digest key = DeriveKey(secret, auth.date, auth.region, auth.service);
  return HexEncode(HmacSha256(DigestView(key), to_sign));
}

}  // namespace berth::aws
