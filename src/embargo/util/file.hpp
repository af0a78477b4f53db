#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

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

// fsync of every path (files or directories), up to `threads` at a time: the
// file system joins concurrent fsyncs into few journal commits, so a group of
// new files becomes durable in about the time of one, without flushing
// anybody else's data as syncfs() would. IOError names the first failure.
Result<void> sync_paths(const std::vector<std::filesystem::path>& paths, int threads = 16);

}  // namespace embargo::util
