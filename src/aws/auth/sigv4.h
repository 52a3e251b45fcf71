// AWS Signature Version 4 (header signing), and its verification for the
// simulator.
//
//   canonical request = METHOD \n CanonicalURI \n CanonicalQuery \n
//                       CanonicalHeaders \n SignedHeaders \n HexSHA256(body)
//   string to sign    = "AWS4-HMAC-SHA256" \n X-Amz-Date \n scope \n HexSHA256(canonical request)
//   signing key       = HMAC chain over "AWS4"+secret, date, region, service, "aws4_request"
//
// Every header in the request is signed except those a proxy or libcurl may
// rewrite (the same list botocore skips: user-agent, expect, connection, ...).
// The derived signing key is cached per (key id, day, region, service).
//
// Thread-safety: SignRequest and SigningKeyCache are safe from many threads.
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "aws/auth/credentials.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/result.h"
#include "http/transport.h"

namespace berth::aws {

// Derived keys, cached per day/region/service so signing is one HMAC for the
// key plus one for the signature in the common case. SignRequest also keeps a
// small per-thread copy of recently used prepared keys in front of this cache
// (no lock on a hit); its entries are keyed by secret and scope, so they are
// right whichever cache filled them.
class SigningKeyCache {
 public:
  Sha256Digest Get(std::string_view secret, std::string_view date, std::string_view region, std::string_view service);
  // The same key prepared for HMAC, so signing costs two short SHA-256 passes.
  HmacSha256Key GetPrepared(std::string_view secret, std::string_view date, std::string_view region,
                            std::string_view service);

 private:
  struct Entry {
    Sha256Digest key;
    HmacSha256Key prepared;
  };
  const Entry& Lookup(std::string_view secret, std::string_view date, std::string_view region,
                      std::string_view service);
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

struct SigningParams {
  std::string_view region;   // scope region, e.g. "us-east-1"
  std::string_view service;  // signing name, e.g. "ecs", "ecr", "elasticloadbalancing"
  SystemTime time;
};

// Adds Host (if missing), X-Amz-Date, X-Amz-Security-Token (temporary
// credentials) and Authorization to `request`. The payload hash is the value
// of an X-Amz-Content-SHA256 header when the caller set one (e.g.
// UNSIGNED-PAYLOAD), else HexSHA256(body). kInvalidArgument if the URL does
// not parse.
Status SignRequest(http::Request& request, const Credentials& credentials, const SigningParams& params,
                   SigningKeyCache* cache = nullptr);

// --- Pieces, exposed for the test suites and the simulator's verifier. ---

// "20150830T123600Z" and "20150830".
std::string AmzDate(SystemTime t);
// Parses "20150830T123600Z"; nullopt when malformed.
std::optional<SystemTime> ParseAmzDate(std::string_view text);

// Lower-case names of the headers that are signed, sorted and de-duplicated.
std::vector<std::string> HeadersToSign(const http::Headers& headers);
bool IsUnsignedHeader(std::string_view lower_name);

// The canonical URI for a wire path (non-S3: normalized, then encoded again).
std::string CanonicalUri(std::string_view wire_path);
std::string CanonicalQueryString(std::string_view wire_query);
// "name:value\n" lines for `signed_names` (lower-case, sorted).
std::string CanonicalHeaders(const http::Headers& headers, const std::vector<std::string>& signed_names);

std::string CanonicalRequest(std::string_view method, std::string_view wire_path, std::string_view wire_query,
                             const http::Headers& headers, const std::vector<std::string>& signed_names,
                             std::string_view payload_hash);
std::string StringToSign(std::string_view amz_date, std::string_view scope, std::string_view canonical_request);

// The parts of an "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..." header.
struct AuthorizationHeader {
  std::string access_key_id;
  std::string date;  // yyyymmdd from the scope
  std::string region;
  std::string service;
  std::vector<std::string> signed_headers;
  std::string signature;
};
Result<AuthorizationHeader> ParseAuthorizationHeader(std::string_view value);

// Recomputes the signature of a received request, for a server that knows
// the secret of `auth.access_key_id`. Returns the hex signature.
std::string ComputeSignature(std::string_view method, std::string_view wire_path, std::string_view wire_query,
                             const http::Headers& headers, std::string_view body, const AuthorizationHeader& auth,
                             std::string_view amz_date, std::string_view secret);

}  // namespace berth::aws
