#pragma once

// The checksum files of a release directory in Exim's formats:
//   00-sizes.txt      SIZE (exim-4.99.1.tar.xz) = 1964328
//   00-sha256sums.txt SHA256 (exim-4.99.1.tar.xz) = <hex>
//   00-sha512sums.txt SHA512 (exim-4.99.1.tar.xz) = <hex>
// and the check that `embargo release verify` runs over a directory.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <embargo/core/release/signer.hpp>
#include <embargo/util/result.hpp>

namespace embargo::core::release {

inline constexpr const char* k_sizes_file = "00-sizes.txt";
inline constexpr const char* k_sha256_file = "00-sha256sums.txt";
inline constexpr const char* k_sha512_file = "00-sha512sums.txt";

struct ManifestEntry {
  std::string name;
  std::uint64_t size = 0;
  std::string sha256;
  std::string sha512;
};

// The three files' texts for `entries` (in the given order).
std::string format_sizes(const std::vector<ManifestEntry>& entries);
std::string format_sums(std::string_view label, const std::vector<ManifestEntry>& entries, bool sha512);

// Parses "<LABEL> (<name>) = <value>" lines into name -> value.
// InvalidArgument naming the file and line for anything else, for a name with
// a slash, or for a name listed twice.
Result<std::map<std::string, std::string>> parse_manifest(std::string_view file_name, std::string_view text,
                                                          std::string_view label);

struct VerifyReport {
  std::vector<std::string> checked;   // files whose size, hashes and signature were good
  std::vector<std::string> problems;  // one line each: file and what is wrong
  bool ok() const { return problems.empty(); }
};

// Re-checks a release directory: every listed file has its size and both
// hashes; every file (listed ones and the 00- files) has a good .asc; no
// file is unlisted. An Error only when the directory cannot be read.
Result<VerifyReport> verify_release_dir(const std::filesystem::path& dir, Signer& keys);

}  // namespace embargo::core::release
