#pragma once

// Content-addressed file storage under <data>/files/: a file's bytes live at
// files/<first two hex digits>/<sha256 hex>, written once, never changed.
// Names people see (exim-4.99.1.tar.xz) are rows in the store (artifacts),
// never paths: the HTTP server finds a file by (case, name) in the database
// and opens only paths built from a sha256 it read there, so no URL can name
// a path.
//
// Writes are atomic and durable: the content is copied to a temporary file
// in files/, fsynced, renamed onto its final name and the directory fsynced.
// Adding content that is already there is a no-op.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include <embargo/util/result.hpp>

namespace embargo::storage {

struct StoredFile {
  std::string sha256;  // lower-case hex
  std::int64_t size = 0;
};

class FileStore {
 public:
  explicit FileStore(std::filesystem::path root) : m_root(std::move(root)) {}

  // Copies the regular file at `source` (a symlink is followed: its target's
  // content is stored). NotFound if missing, InvalidArgument if not a regular
  // file, IOError otherwise.
  Result<StoredFile> add(const std::filesystem::path& source) const;

  // Where the content of `sha256` lives. InvalidArgument unless `sha256` is
  // 64 lower-case hex digits (so the result is always inside the root).
  Result<std::filesystem::path> path_of(std::string_view sha256) const;

 private:
  std::filesystem::path m_root;
};

}  // namespace embargo::storage
