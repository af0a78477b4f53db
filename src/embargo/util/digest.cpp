#include <embargo/util/digest.hpp>

#include <array>

#include <openssl/evp.h>

#include <embargo/util/sha256.hpp>

namespace embargo::util {

std::string md5_hex(std::string_view data) {
  std::array<std::uint8_t, 16> digest{};
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_md5(), nullptr);
  return to_hex(digest.data(), digest.size());
}

}  // namespace embargo::util
