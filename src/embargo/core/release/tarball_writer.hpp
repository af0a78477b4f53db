#pragma once

// Writes the tree of one commit as reproducible tarballs in several formats
// at once. One thread walks the tree and produces the tar stream in chunks;
// each format has its own compressor thread fed through a bounded queue, so
// the tar exists once, as a few chunks in flight, never whole in memory or
// on disk. The entries: `<prefix>/` then the tree depth-first with names in
// byte order, owner and group 0 (numeric), files 0644 or 0755, directories
// 0755, every mtime the commit's time. Submodule entries become empty
// directories, as in `git archive`.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <embargo/core/release/repo_ops.hpp>
#include <embargo/util/compressor.hpp>
#include <embargo/util/result.hpp>

namespace embargo::core::release {

struct TarballJob {
  std::string commit;
  std::int64_t mtime = 0;
  std::string prefix;  // "exim-4.99.1", without slash
  std::filesystem::path dir;
  std::string base_name;  // files are <dir>/<base_name>.tar.<format>
  std::vector<util::Compression> formats;
  unsigned threads = 2;
  std::uint64_t xz_block_size = 0;  // 0 = half the tar size (at least 1 MiB)
};

// Returns the file names written (in the order of `formats`). On error some
// files may be partly written; the caller removes the directory.
Result<std::vector<std::string>> write_tarballs(RepoOps& repo, const TarballJob& job);

// The size of the tar stream write_tarballs makes, without reading contents.
Result<std::uint64_t> measure_tarball(RepoOps& repo, const TarballJob& job);

}  // namespace embargo::core::release
