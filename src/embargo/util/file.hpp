#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <embargo/util/result.hpp>

namespace embargo::util {

// Writes `content` to `path` atomically and durably: a temporary file in the
// same directory, fsync, rename over `path`, fsync of the directory. Readers
// see the old content or the new one, never a mix. IOError names the path.
Result<void> write_file_atomic(const std::filesystem::path& path, std::string_view content, int mode = 0644);

// Reads a whole file. NotFound if it does not exist, IOError otherwise.
Result<std::string> read_file(const std::filesystem::path& path);

// fsync of a directory, so that a rename or creation in it survives a crash.
Result<void> sync_directory(const std::filesystem::path& dir);

}  // namespace embargo::util
