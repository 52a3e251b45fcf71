// SigV4 verification for the simulator: which credentials it accepts
// (CredentialStore) and the check of a received request (Authenticate), with
// the error codes AWS uses for each protocol family.
//
// Thread-safety: CredentialStore is safe from many threads; Authenticate is a
// pure function of its arguments plus the store.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/clock.h"
#include "http/transport.h"
#include "sim/wire/api_error.h"

namespace berth::sim {

// The documented default long-term credentials of `berth sim`.
inline constexpr const char* kDefaultAccessKeyId = "AKIDSIMULATOR";
inline constexpr const char* kDefaultSecretAccessKey = "berth-simulator-secret";

struct Principal {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
  std::optional<SystemTime> expiration;
  std::string account_id;
  std::string arn;      // "arn:aws:iam::123456789012:user/simulator" or an assumed-role ARN
  std::string user_id;  // "AIDA..." or "AROA...:session"
};

class CredentialStore {
 public:
  void Add(Principal p);
  std::optional<Principal> Find(const std::string& access_key_id) const;
  void Clear();

 private:
  mutable std::mutex mu_;
  std::map<std::string, Principal> by_key_;
};

enum class Protocol { kJson, kQuery };

// A request as the front end received it.
struct SimRequest {
  std::string method = "POST";
  std::string path = "/";  // as on the wire
  std::string query;       // as on the wire, without '?'
  http::Headers headers;
  std::string body;
};

struct AuthOutcome {
  std::optional<Principal> principal;  // set when accepted
  ApiError error;                      // set when rejected
  std::string region;                  // credential scope
  std::string service;
};

// Verifies the Authorization header of `req`. `real_now` is the wall clock
// the client signed with (15 minutes of skew are allowed, as AWS does);
// `sim_now` decides whether temporary credentials have expired.
AuthOutcome Authenticate(const SimRequest& req, const CredentialStore& store, Protocol protocol, SystemTime real_now,
                         SystemTime sim_now);

// Credential scope of an Authorization header without verifying it ("" if absent).
std::string SigningServiceOf(const SimRequest& req);

}  // namespace berth::sim
