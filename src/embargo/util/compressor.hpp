#pragma once

// Streaming compressors writing a file: gzip (zlib), bzip2 (libbz2) and xz
// (liblzma), each at its maximum level and with reproducible output: the
// gzip header has mtime 0, no file name and OS "unknown"; xz uses a fixed
// block size so that its multi-threaded encoder gives the same bytes for any
// number of threads.
//
// Errors: IOError naming the file (cannot create, write failed), or the
// library's failure. A compressor is used from one thread; the xz encoder
// may start threads of its own.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include <embargo/util/result.hpp>

namespace embargo::util {

enum class Compression { gzip, bzip2, xz };

// "gz", "bz2", "xz" (also the file suffix after ".tar.").
std::string_view to_string(Compression c);
Result<Compression> parse_compression(std::string_view name);

struct CompressorOptions {
  // xz: threads for liblzma's encoder (output does not depend on it) and the
  // block size (output does). 0 block size = one block, single-threaded.
  std::uint32_t xz_threads = 1;
  std::uint64_t xz_block_size = 0;
};

class Compressor {
 public:
  virtual ~Compressor() = default;
  virtual Result<void> write(std::string_view data) = 0;
  // Flushes the end of the stream and closes the file (fsync'd).
  virtual Result<void> finish() = 0;

  // Creates `path` (must not exist) and returns a compressor writing to it.
  static Result<std::unique_ptr<Compressor>> create(Compression kind, const std::filesystem::path& path,
                                                    const CompressorOptions& options = {});
};

}  // namespace embargo::util
