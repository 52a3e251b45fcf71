// Hashes, HMAC, hex and base64 on OpenSSL.
//
// Thread-safety: pure functions.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace berth {

using Sha256Digest = std::array<unsigned char, 32>;

Sha256Digest Sha256(std::string_view data);
std::string Sha256Hex(std::string_view data);
Sha256Digest HmacSha256(std::string_view key, std::string_view data);

// An HMAC-SHA256 key prepared once for signing many messages (SigV4's cached
// signing key). Copies share the prepared state; Sign is safe from many threads.
class HmacSha256Key {
 public:
  explicit HmacSha256Key(std::string_view key);
  Sha256Digest Sign(std::string_view data) const;

 private:
  struct State;
  std::shared_ptr<const State> state_;
};
std::string HexEncode(std::string_view bytes);
inline std::string HexEncode(const Sha256Digest& d) {
  return HexEncode(std::string_view(reinterpret_cast<const char*>(d.data()), d.size()));
}

std::string Base64Encode(std::string_view bytes);
// nullopt on characters outside the standard alphabet or bad padding.
std::optional<std::string> Base64Decode(std::string_view text);

// Cryptographically random bytes as lower-case hex (2*n characters).
std::string RandomHex(size_t n);

}  // namespace berth
