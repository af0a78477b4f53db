#include <embargo/storage/file_store.hpp>

#include <cerrno>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <embargo/util/file.hpp>
#include <embargo/util/sha256.hpp>

namespace embargo::storage {

namespace fs = std::filesystem;

namespace {

class Fd {
 public:
  explicit Fd(int fd) : m_fd(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
  }
  int get() const { return m_fd; }

 private:
  int m_fd;
};

Error io_error(std::string_view what, const fs::path& path) {
  return Error(ErrorCode::io_error, fmt::format("{} {}: {}", what, path.string(), std::strerror(errno)));
}

bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// Copies `in` to `out`, hashing as it goes.
Result<StoredFile> copy_hashing(int in, int out, const fs::path& source) {
  util::Sha256 hash;
  std::vector<char> buffer(1 << 16);
  StoredFile stored;
  while (true) {
    ssize_t n = ::read(in, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      return tl::unexpected(io_error("cannot read", source));
    }
    if (n == 0) {
      break;
    }
    hash.update(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    if (!write_all(out, buffer.data(), static_cast<std::size_t>(n))) {
      return tl::unexpected(io_error("cannot write a copy of", source));
    }
    stored.size += n;
  }
  stored.sha256 = util::to_hex(hash.finish());
  return stored;
}

}  // namespace

Result<fs::path> FileStore::path_of(std::string_view sha256) const {
  bool hex = sha256.size() == 64;
  for (char c : sha256) {
    hex = hex && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }
  if (!hex) {
    return make_error(ErrorCode::invalid_argument, fmt::format("'{}' is not a sha256 hex digest", sha256));
  }
  return m_root / std::string(sha256.substr(0, 2)) / std::string(sha256);
}

Result<StoredFile> FileStore::add(const fs::path& source) const {
  Fd in(::open(source.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) {
    if (errno == ENOENT) {
      return make_error(ErrorCode::not_found, fmt::format("{} does not exist", source.string()));
    }
    return tl::unexpected(io_error("cannot open", source));
  }
  struct stat st {};
  if (::fstat(in.get(), &st) != 0 || !S_ISREG(st.st_mode)) {
    return make_error(ErrorCode::invalid_argument, fmt::format("{} is not a regular file", source.string()));
  }
  std::error_code ec;
  fs::create_directories(m_root, ec);
  fs::path temp = m_root / fmt::format(".incoming-{}-XXXXXX", ::getpid());
  std::string temp_name = temp.string();
  Fd out(::mkostemp(temp_name.data(), O_CLOEXEC));
  if (out.get() < 0) {
    return tl::unexpected(io_error("cannot create a temporary file in", m_root));
  }
  auto stored = copy_hashing(in.get(), out.get(), source);
  if (stored && (::fchmod(out.get(), 0600) != 0 || ::fsync(out.get()) != 0)) {
    stored = tl::unexpected(io_error("cannot sync", temp_name));
  }
  Result<fs::path> final_path = stored ? path_of(stored->sha256) : tl::unexpected(stored.error());
  if (final_path) {
    fs::create_directories(final_path->parent_path(), ec);
    if (::rename(temp_name.c_str(), final_path->c_str()) != 0) {
      final_path = tl::unexpected(io_error("cannot rename into", *final_path));
    }
  }
  if (!final_path) {
    ::unlink(temp_name.c_str());
    return tl::unexpected(final_path.error());
  }
  TRY(util::sync_directory(final_path->parent_path()));
  TRY(util::sync_directory(m_root));
  return stored;
}

}  // namespace embargo::storage
