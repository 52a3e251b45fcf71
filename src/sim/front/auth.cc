#include "sim/front/auth.h"

#include "aws/auth/sigv4.h"
#include "core/strings.h"

namespace berth::sim {
namespace {

ApiError Reject(Protocol p, const char* json_code, int json_status, const char* query_code, int query_status,
                std::string message) {
  if (p == Protocol::kJson) return ApiError{json_status, json_code, std::move(message), true};
  return ApiError{query_status, query_code, std::move(message), true};
}

constexpr const char* kBadSignature =
    "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access "
    "Key and signing method. Consult the service documentation for details.";
constexpr const char* kBadToken = "The security token included in the request is invalid.";

bool ConstantTimeEquals(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

void CredentialStore::Add(Principal p) {
  std::lock_guard<std::mutex> lock(mu_);
  by_key_[p.access_key_id] = std::move(p);
}

std::optional<Principal> CredentialStore::Find(const std::string& access_key_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_key_.find(access_key_id);
  if (it == by_key_.end()) return std::nullopt;
  return it->second;
}

void CredentialStore::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  by_key_.clear();
}

std::string SigningServiceOf(const SimRequest& req) {
  const std::string* auth = http::FindHeader(req.headers, "Authorization");
  if (auth == nullptr) return "";
  auto parsed = aws::ParseAuthorizationHeader(*auth);
  return parsed.ok() ? parsed->service : "";
}

AuthOutcome Authenticate(const SimRequest& req, const CredentialStore& store, Protocol p, SystemTime real_now,
                         SystemTime sim_now) {
  AuthOutcome out;
  const std::string* header = http::FindHeader(req.headers, "Authorization");
  if (header == nullptr) {
    out.error = Reject(p, "MissingAuthenticationTokenException", 400, "MissingAuthenticationToken", 403,
                       "Missing Authentication Token");
    return out;
  }
  auto parsed = aws::ParseAuthorizationHeader(*header);
  const std::string* amz_date = http::FindHeader(req.headers, "X-Amz-Date");
  if (!parsed.ok() || amz_date == nullptr) {
    out.error = Reject(p, "IncompleteSignatureException", 400, "IncompleteSignature", 400,
                       "Authorization header requires 'Credential', 'Signature', 'SignedHeaders' and an X-Amz-Date "
                       "header.");
    return out;
  }
  out.region = parsed->region;
  out.service = parsed->service;
  auto principal = store.Find(parsed->access_key_id);
  if (!principal.has_value()) {
    out.error = Reject(p, "UnrecognizedClientException", 400, "InvalidClientTokenId", 403, kBadToken);
    return out;
  }
  // A permanent key takes no session token; a temporary one only its own.
  const std::string* token = http::FindHeader(req.headers, "X-Amz-Security-Token");
  if (principal->session_token.empty()) {
    if (token != nullptr) {
      out.error = Reject(p, "UnrecognizedClientException", 400, "InvalidClientTokenId", 403, kBadToken);
      return out;
    }
  } else {
    if (token == nullptr || *token != principal->session_token) {
      out.error = Reject(p, "UnrecognizedClientException", 400, "InvalidClientTokenId", 403, kBadToken);
      return out;
    }
    if (principal->expiration.has_value() && *principal->expiration <= sim_now) {
      out.error = Reject(p, "ExpiredTokenException", 400, "ExpiredToken", 400,
                         "The security token included in the request is expired");
      return out;
    }
  }
  auto signed_at = aws::ParseAmzDate(*amz_date);
  if (!signed_at.has_value() || *signed_at > real_now + std::chrono::minutes(15) ||
      *signed_at < real_now - std::chrono::minutes(15)) {
    out.error = Reject(p, "InvalidSignatureException", 400, "SignatureDoesNotMatch", 403,
                       "Signature expired: " + *amz_date +
                           " is now earlier or later than the allowed 15 minutes of "
                           "clock skew (" +
                           aws::AmzDate(real_now) + ").");
    return out;
  }
  if (amz_date->substr(0, 8) != parsed->date) {
    out.error = Reject(p, "InvalidSignatureException", 400, "SignatureDoesNotMatch", 403,
                       "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.");
    return out;
  }
  std::string expected = aws::ComputeSignature(req.method, req.path, req.query, req.headers, req.body, *parsed,
                                               *amz_date, principal->secret_access_key);
  if (!ConstantTimeEquals(expected, parsed->signature)) {
    out.error = Reject(p, "InvalidSignatureException", 400, "SignatureDoesNotMatch", 403, kBadSignature);
    return out;
  }
  out.principal = std::move(principal);
  return out;
}

}  // namespace berth::sim
