#pragma once

// Writes a release tree (release_tree.hpp) as reproducible tarballs in several formats
// at once. One thread walks the tree and produces the tar stream in chunks;
// each format has its own compressor thread fed through a bounded queue, so
// the tar exists once, as a few chunks in flight, never whole in memory or
// on disk. The entries: `<prefix>/` then the tree's entries in its tar order, owner and group 0 (numeric), files 0644 or 0755, directories
// 0755, every mtime the commit's time. Submodule entries become empty
// directories, as in `git archive`.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <embargo/core/release/release_tree.hpp>
#include <embargo/util/compressor.hpp>
#include <embargo/util/result.hpp>

namespace embargo::core::release {

// The automatic xz block size cuts the tar into this many blocks. xz -9 is
// four fifths of a release build's CPU; four blocks on their own threads
// let two cores share it with gzip and bzip2 evenly, and smaller blocks
// cost less CPU, for about 6% more bytes than one block. Two blocks left
// xz finishing alone long after the others (bench/release_vs_pipeline.sh:
// 0.52 of the shell pipeline's time with three blocks, 0.46 with four).
inline constexpr unsigned k_auto_xz_blocks = 4;

struct TarballJob {
  TreeWalk walk;
  std::int64_t mtime = 0;
  std::string prefix;  // "exim-4.99.1", without slash
  std::filesystem::path dir;
  std::string base_name;  // files are <dir>/<base_name>.tar.<format>
  std::vector<util::Compression> formats;
  // Threads for the xz encoder; 0 = one per block. The output does not
  // depend on it.
  unsigned threads = 0;
  // 0 = a quarter of the tar size (at least 1 MiB; see k_auto_xz_blocks).
  std::uint64_t xz_block_size = 0;
};

// Returns the file names written (in the order of `formats`). On error some
// files may be partly written; the caller removes the directory.
Result<std::vector<std::string>> write_tarballs(const TarballJob& job);

// The size of the tar stream write_tarballs makes, without reading contents.
Result<std::uint64_t> measure_tarball(const TarballJob& job);

}  // namespace embargo::core::release
