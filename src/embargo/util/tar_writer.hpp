#pragma once

// A POSIX tar (ustar, with pax extended headers for long names) writer for
// reproducible archives: the caller decides order, modes and times; the
// writer adds nothing of the machine it runs on (owner and group are 0 with
// empty names, no atime/ctime, no device numbers). Output goes to a sink in
// pieces; nothing but the current header is buffered here.
//
// Errors: InvalidArgument for a path or link that cannot be represented (an
// empty path, a NUL byte). Not thread-safe; one writer per archive.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <embargo/util/result.hpp>

namespace embargo::util {

class TarWriter {
 public:
  using Sink = std::function<void(std::string_view)>;
  explicit TarWriter(Sink sink) : m_sink(std::move(sink)) {}

  // `path` without a trailing slash; the writer adds it for directories.
  Result<void> add_directory(std::string_view path, int mode, std::int64_t mtime);
  Result<void> add_file(std::string_view path, int mode, std::int64_t mtime, std::string_view content);
  Result<void> add_symlink(std::string_view path, std::string_view target, std::int64_t mtime);
  // For measuring an archive without its contents: counts a file of `size`
  // bytes as add_file would, emitting only its header. The output is not a
  // valid archive; use with a sink that only counts.
  Result<void> count_file(std::string_view path, int mode, std::int64_t mtime, std::uint64_t size);
  // Writes the two zero blocks that end the archive.
  void finish();

  std::uint64_t bytes_written() const { return m_written; }

 private:
  Result<void> add_entry(std::string_view path, char type, int mode, std::int64_t mtime, std::uint64_t size,
                         std::string_view link);
  void emit(std::string_view bytes);
  void pad(std::uint64_t size);

  Sink m_sink;
  std::uint64_t m_written = 0;
};

}  // namespace embargo::util
