#include <embargo/util/file.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

namespace embargo::util {

namespace {

tl::unexpected<Error> io_error(std::string_view what, const std::filesystem::path& path) {
  return make_error(ErrorCode::io_error, fmt::format("{} {}: {}", what, path.string(), std::strerror(errno)));
}

}  // namespace

Result<void> sync_directory(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return io_error("cannot open directory", dir);
  }
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) {
    return io_error("cannot sync directory", dir);
  }
  return {};
}

namespace {

// fsync of one path; an error message or "".
std::string sync_one(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return fmt::format("cannot open {}: {}", path.string(), std::strerror(errno));
  }
  int rc = ::fsync(fd);
  int saved = errno;
  ::close(fd);
  return rc == 0 ? std::string() : fmt::format("cannot sync {}: {}", path.string(), std::strerror(saved));
}

}  // namespace

Result<void> sync_paths(const std::vector<std::filesystem::path>& paths, int threads) {
  std::atomic<std::size_t> next{0};
  std::mutex m;
  std::string first_error;
  auto work = [&] {
    for (std::size_t i = next++; i < paths.size(); i = next++) {
      std::string error = sync_one(paths[i]);
      if (!error.empty()) {
        std::lock_guard lock(m);
        if (first_error.empty()) {
          first_error = std::move(error);
        }
      }
    }
  };
  std::vector<std::thread> pool;
  std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(std::max(threads, 1)), paths.size());
  for (std::size_t t = 1; t < n; ++t) {
    pool.emplace_back(work);
  }
  work();
  for (std::thread& t : pool) {
    t.join();
  }
  if (!first_error.empty()) {
    return make_error(ErrorCode::io_error, first_error);
  }
  return {};
}

Result<void> write_file_atomic(const std::filesystem::path& path, std::string_view content, int mode) {
  std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::string tmpl = (dir / ("." + path.filename().string() + ".XXXXXX")).string();
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) {
    return io_error("cannot create a temporary file beside", path);
  }
  auto fail = [&](std::string_view what) {
    auto error = io_error(what, path);
    ::close(fd);
    ::unlink(tmpl.c_str());
    return error;
  };
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n < 0) {
      return fail("cannot write");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fchmod(fd, static_cast<mode_t>(mode)) != 0 || ::fsync(fd) != 0) {
    return fail("cannot sync");
  }
  if (::close(fd) != 0) {
    ::unlink(tmpl.c_str());
    return io_error("cannot close", path);
  }
  if (::rename(tmpl.c_str(), path.c_str()) != 0) {
    auto error = io_error("cannot rename into", path);
    ::unlink(tmpl.c_str());
    return error;
  }
  return sync_directory(dir);
}

Result<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) {
      return make_error(ErrorCode::not_found, fmt::format("no such file: {}", path.string()));
    }
    return io_error("cannot read", path);
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace embargo::util
