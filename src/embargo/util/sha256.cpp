#include <embargo/util/sha256.hpp>

#include <stdexcept>

#include <openssl/evp.h>

namespace embargo::util {

namespace {

class Sha256Context {
 public:
  Sha256Context() : m_ctx(EVP_MD_CTX_new()), m_md(EVP_MD_fetch(nullptr, "SHA256", nullptr)) {
    if (m_ctx == nullptr || m_md == nullptr) {
      throw std::runtime_error("OpenSSL: cannot initialise SHA-256");
    }
  }
  ~Sha256Context() {
    EVP_MD_free(m_md);
    EVP_MD_CTX_free(m_ctx);
  }
  Sha256Context(const Sha256Context&) = delete;
  Sha256Context& operator=(const Sha256Context&) = delete;

  Sha256Digest hash(std::string_view data) {
    Sha256Digest digest{};
    unsigned int size = 0;
    EVP_DigestInit_ex(m_ctx, m_md, nullptr);
    EVP_DigestUpdate(m_ctx, data.data(), data.size());
    EVP_DigestFinal_ex(m_ctx, digest.data(), &size);
    return digest;
  }

 private:
  EVP_MD_CTX* m_ctx;
  EVP_MD* m_md;
};

}  // namespace

Sha256::Sha256() : m_ctx(EVP_MD_CTX_new()) {
  if (m_ctx == nullptr || EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(m_ctx), EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL: cannot initialise SHA-256");
  }
}

Sha256::~Sha256() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(m_ctx)); }

void Sha256::update(std::string_view data) {
  EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(m_ctx), data.data(), data.size());
}

Sha256Digest Sha256::finish() {
  Sha256Digest digest{};
  unsigned int size = 0;
  EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(m_ctx), digest.data(), &size);
  return digest;
}

Sha256Digest sha256(std::string_view data) {
  // One context per thread, reused: allocating one per call costs more than
  // hashing a timeline entry.
  thread_local Sha256Context context;
  return context.hash(data);
}

std::string sha256_hex(std::string_view data) { return to_hex(sha256(data)); }

std::string to_hex(const std::uint8_t* bytes, std::size_t size) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = k_digits[bytes[i] >> 4];
    out[2 * i + 1] = k_digits[bytes[i] & 0x0f];
  }
  return out;
}

}  // namespace embargo::util
