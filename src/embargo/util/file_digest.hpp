#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include <embargo/util/result.hpp>

namespace embargo::util {

// Size and hex SHA-256/SHA-512 of a file, read once in pieces.
struct FileDigest {
  std::uint64_t size = 0;
  std::string sha256;
  std::string sha512;
};

// NotFound if the file does not exist, IOError if it cannot be read.
Result<FileDigest> digest_file(const std::filesystem::path& path);

}  // namespace embargo::util
