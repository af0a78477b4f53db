#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace embargo::util {

using Sha256Digest = std::array<std::uint8_t, 32>;

// Incremental SHA-256 (OpenSSL). Not thread-safe; one object per hash.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view data);
  // Finishes the hash; the object must not be updated afterwards.
  Sha256Digest finish();

 private:
  void* m_ctx;  // EVP_MD_CTX*
};

Sha256Digest sha256(std::string_view data);
std::string sha256_hex(std::string_view data);

// Lower-case hexadecimal of `bytes`.
std::string to_hex(const std::uint8_t* bytes, std::size_t size);
inline std::string to_hex(const Sha256Digest& digest) { return to_hex(digest.data(), digest.size()); }

}  // namespace embargo::util
