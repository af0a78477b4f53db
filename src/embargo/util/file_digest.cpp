#include <embargo/util/file_digest.hpp>

#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>
#include <openssl/evp.h>

#include <embargo/util/sha256.hpp>

namespace embargo::util {

namespace {

struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

std::string finish_hex(EVP_MD_CTX* ctx) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, md, &len);
  return to_hex(md, len);
}

}  // namespace

Result<FileDigest> digest_file(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return make_error(errno == ENOENT ? ErrorCode::not_found : ErrorCode::io_error,
                      fmt::format("cannot open {}: {}", path.string(), std::strerror(errno)));
  }
  MdCtx s256(EVP_MD_CTX_new());
  MdCtx s512(EVP_MD_CTX_new());
  EVP_DigestInit_ex(s256.get(), EVP_sha256(), nullptr);
  EVP_DigestInit_ex(s512.get(), EVP_sha512(), nullptr);
  std::vector<char> buf(1 << 18);
  FileDigest d;
  while (true) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      int e = errno;
      ::close(fd);
      return make_error(ErrorCode::io_error, fmt::format("cannot read {}: {}", path.string(), std::strerror(e)));
    }
    if (n == 0) {
      break;
    }
    EVP_DigestUpdate(s256.get(), buf.data(), static_cast<std::size_t>(n));
    EVP_DigestUpdate(s512.get(), buf.data(), static_cast<std::size_t>(n));
    d.size += static_cast<std::uint64_t>(n);
  }
  ::close(fd);
  d.sha256 = finish_hex(s256.get());
  d.sha512 = finish_hex(s512.get());
  return d;
}

}  // namespace embargo::util
