// OpenSSL 3 marks the low-level SHA256_* functions deprecated in favour of
// EVP, but EVP's one-shot calls fetch the algorithm and allocate a context on
// every call, which costs more than hashing a SigV4 canonical request. The
// low-level functions are still the fastest supported path, so use them.
#define OPENSSL_SUPPRESS_DEPRECATED 1

#include "core/crypto.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace berth {

Sha256Digest Sha256(std::string_view data) {
  Sha256Digest out;
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, data.data(), data.size());
  SHA256_Final(out.data(), &ctx);
  return out;
}

std::string Sha256Hex(std::string_view data) {
  return HexEncode(Sha256(data));
}

// HMAC (RFC 2104) over the low-level SHA-256: the key's inner and outer pad
// blocks are hashed once per key, so each message costs two short passes.
struct HmacSha256Key::State {
  SHA256_CTX inner;
  SHA256_CTX outer;
};

HmacSha256Key::HmacSha256Key(std::string_view key) {
  auto state = std::make_shared<State>();
  unsigned char block[SHA256_CBLOCK] = {};
  if (key.size() > SHA256_CBLOCK) {
    Sha256Digest d = Sha256(key);
    std::copy(d.begin(), d.end(), block);
  } else {
    std::copy(key.begin(), key.end(), block);
  }
  unsigned char ipad[SHA256_CBLOCK], opad[SHA256_CBLOCK];
  for (size_t i = 0; i < SHA256_CBLOCK; ++i) {
    ipad[i] = block[i] ^ 0x36;
    opad[i] = block[i] ^ 0x5c;
  }
  SHA256_Init(&state->inner);
  SHA256_Update(&state->inner, ipad, sizeof ipad);
  SHA256_Init(&state->outer);
  SHA256_Update(&state->outer, opad, sizeof opad);
  state_ = std::move(state);
}

Sha256Digest HmacSha256Key::Sign(std::string_view data) const {
  Sha256Digest inner_digest, out;
  SHA256_CTX ctx = state_->inner;
  SHA256_Update(&ctx, data.data(), data.size());
  SHA256_Final(inner_digest.data(), &ctx);
  ctx = state_->outer;
  SHA256_Update(&ctx, inner_digest.data(), inner_digest.size());
  SHA256_Final(out.data(), &ctx);
  return out;
}

Sha256Digest HmacSha256(std::string_view key, std::string_view data) {
  return HmacSha256Key(key).Sign(data);
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    auto b = static_cast<unsigned char>(bytes[i]);
    out[2 * i] = kDigits[b >> 4];
    out[2 * i + 1] = kDigits[b & 15];
  }
  return out;
}

std::string Base64Encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::optional<std::string> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  // '=' is only padding: at most two, and only at the very end.
  size_t data_len = text.find_last_not_of('=') + 1;  // npos + 1 == 0 for all-'=' input
  if (text.size() - data_len > 2 || (data_len == 0 && !text.empty())) return std::nullopt;
  for (char c : text.substr(0, data_len)) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    if (!ok) return std::nullopt;
  }
  std::string out(3 * text.size() / 4, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts padding as zero bytes; drop them.
  size_t pad = 0;
  if (!text.empty() && text.back() == '=') ++pad;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++pad;
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

std::string RandomHex(size_t n) {
  std::string buf(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(buf.data()), static_cast<int>(n)) != 1) {
    // OpenSSL's CSPRNG failing is not recoverable; it means the process is broken.
    throw std::runtime_error("RAND_bytes failed");
  }
  return HexEncode(buf);
}

}  // namespace berth
