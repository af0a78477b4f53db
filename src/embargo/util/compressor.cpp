#include <embargo/util/compressor.hpp>

#include <cerrno>
#include <cstring>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include <bzlib.h>
#include <fmt/format.h>
#include <lzma.h>
#include <zlib.h>

namespace embargo::util {

std::string_view to_string(Compression c) {
  switch (c) {
    case Compression::gzip: return "gz";
    case Compression::bzip2: return "bz2";
    case Compression::xz: return "xz";
  }
  return "?";
}

Result<Compression> parse_compression(std::string_view name) {
  if (name == "gz" || name == "gzip") {
    return Compression::gzip;
  }
  if (name == "bz2" || name == "bzip2") {
    return Compression::bzip2;
  }
  if (name == "xz") {
    return Compression::xz;
  }
  return make_error(ErrorCode::invalid_argument,
                    fmt::format("format '{}' is not one of gz, bz2, xz", name));
}

namespace {

constexpr std::size_t k_out_size = 1 << 18;

// The output file, written with plain write(2) and fsync'd at close.
class OutFile {
 public:
  explicit OutFile(std::filesystem::path path) : m_path(std::move(path)) {}
  ~OutFile() {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
  }
  OutFile(const OutFile&) = delete;
  OutFile& operator=(const OutFile&) = delete;

  Result<void> open() {
    m_fd = ::open(m_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (m_fd < 0) {
      return fail("cannot create");
    }
    return {};
  }
  Result<void> write(const unsigned char* data, std::size_t size) {
    while (size > 0) {
      ssize_t n = ::write(m_fd, data, size);
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n < 0) {
        return fail("cannot write");
      }
      data += n;
      size -= static_cast<std::size_t>(n);
    }
    return {};
  }
  Result<void> close() {
    if (::fsync(m_fd) != 0) {
      return fail("cannot sync");
    }
    int fd = m_fd;
    m_fd = -1;
    if (::close(fd) != 0) {
      return fail("cannot close");
    }
    return {};
  }

 private:
  tl::unexpected<Error> fail(const char* what) const {
    return make_error(ErrorCode::io_error, fmt::format("{} {}: {}", what, m_path.string(), std::strerror(errno)));
  }
  std::filesystem::path m_path;
  int m_fd = -1;
};

class GzipCompressor final : public Compressor {
 public:
  explicit GzipCompressor(const std::filesystem::path& path) : m_file(path), m_out(k_out_size) {}
  ~GzipCompressor() override {
    if (m_started) {
      deflateEnd(&m_z);
    }
  }
  Result<void> start() {
    TRY(m_file.open());
    // windowBits 31 = gzip wrapper; deflateSetHeader keeps mtime 0, no name.
    if (deflateInit2(&m_z, Z_BEST_COMPRESSION, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
      return make_error(ErrorCode::io_error, "zlib: cannot initialise deflate");
    }
    m_started = true;
    m_header.os = 255;
    deflateSetHeader(&m_z, &m_header);
    return {};
  }
  Result<void> write(std::string_view data) override { return run(data, Z_NO_FLUSH); }
  Result<void> finish() override {
    TRY(run({}, Z_FINISH));
    return m_file.close();
  }

 private:
  Result<void> run(std::string_view data, int flush) {
    m_z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    m_z.avail_in = static_cast<uInt>(data.size());
    int rc = Z_OK;
    do {
      m_z.next_out = m_out.data();
      m_z.avail_out = static_cast<uInt>(m_out.size());
      rc = deflate(&m_z, flush);
      if (rc == Z_STREAM_ERROR) {
        return make_error(ErrorCode::io_error, "zlib: deflate failed");
      }
      TRY(m_file.write(m_out.data(), m_out.size() - m_z.avail_out));
    } while (m_z.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
    return {};
  }
  OutFile m_file;
  std::vector<unsigned char> m_out;
  z_stream m_z{};
  gz_header m_header{};
  bool m_started = false;
};

class Bzip2Compressor final : public Compressor {
 public:
  explicit Bzip2Compressor(const std::filesystem::path& path) : m_file(path), m_out(k_out_size) {}
  ~Bzip2Compressor() override {
    if (m_started) {
      BZ2_bzCompressEnd(&m_bz);
    }
  }
  Result<void> start() {
    TRY(m_file.open());
    if (BZ2_bzCompressInit(&m_bz, 9, 0, 0) != BZ_OK) {
      return make_error(ErrorCode::io_error, "bzip2: cannot initialise");
    }
    m_started = true;
    return {};
  }
  Result<void> write(std::string_view data) override { return run(data, BZ_RUN); }
  Result<void> finish() override {
    TRY(run({}, BZ_FINISH));
    return m_file.close();
  }

 private:
  Result<void> run(std::string_view data, int action) {
    m_bz.next_in = const_cast<char*>(data.data());
    m_bz.avail_in = static_cast<unsigned>(data.size());
    int rc = BZ_OK;
    do {
      m_bz.next_out = reinterpret_cast<char*>(m_out.data());
      m_bz.avail_out = static_cast<unsigned>(m_out.size());
      rc = BZ2_bzCompress(&m_bz, action);
      if (rc < 0) {
        return make_error(ErrorCode::io_error, fmt::format("bzip2: compression failed ({})", rc));
      }
      TRY(m_file.write(m_out.data(), m_out.size() - m_bz.avail_out));
    } while (action == BZ_FINISH ? rc != BZ_STREAM_END : m_bz.avail_in > 0);
    return {};
  }
  OutFile m_file;
  std::vector<unsigned char> m_out;
  bz_stream m_bz{};
  bool m_started = false;
};

class XzCompressor final : public Compressor {
 public:
  explicit XzCompressor(const std::filesystem::path& path) : m_file(path), m_out(k_out_size) {}
  ~XzCompressor() override { lzma_end(&m_lz); }
  Result<void> start(const CompressorOptions& options) {
    TRY(m_file.open());
    lzma_ret rc = LZMA_OK;
    if (options.xz_block_size == 0) {
      rc = lzma_easy_encoder(&m_lz, 9, LZMA_CHECK_CRC64);
    } else {
      // Preset 9, but a block never reaches back into another, so a
      // dictionary larger than the block only costs memory to clear: it is
      // cut to the block size (the output depends on the block size alone).
      if (lzma_lzma_preset(&m_lzma, 9) != 0) {
        return make_error(ErrorCode::io_error, "xz: cannot read preset 9");
      }
      m_lzma.dict_size = dictionary_for(options.xz_block_size, m_lzma.dict_size);
      m_filters[0] = {LZMA_FILTER_LZMA2, &m_lzma};
      m_filters[1] = {LZMA_VLI_UNKNOWN, nullptr};
      lzma_mt mt{};
      mt.threads = std::max<std::uint32_t>(1, options.xz_threads);
      mt.block_size = options.xz_block_size;
      mt.filters = m_filters;
      mt.check = LZMA_CHECK_CRC64;
      rc = lzma_stream_encoder_mt(&m_lz, &mt);
    }
    if (rc != LZMA_OK) {
      return make_error(ErrorCode::io_error, fmt::format("xz: cannot initialise the encoder ({})", static_cast<int>(rc)));
    }
    return {};
  }
  Result<void> write(std::string_view data) override { return run(data, LZMA_RUN); }
  Result<void> finish() override {
    TRY(run({}, LZMA_FINISH));
    return m_file.close();
  }

 private:
  Result<void> run(std::string_view data, lzma_action action) {
    m_lz.next_in = reinterpret_cast<const uint8_t*>(data.data());
    m_lz.avail_in = data.size();
    while (true) {
      m_lz.next_out = m_out.data();
      m_lz.avail_out = m_out.size();
      lzma_ret rc = lzma_code(&m_lz, action);
      if (rc != LZMA_OK && rc != LZMA_STREAM_END) {
        return make_error(ErrorCode::io_error, fmt::format("xz: compression failed ({})", static_cast<int>(rc)));
      }
      TRY(m_file.write(m_out.data(), m_out.size() - m_lz.avail_out));
      if (action == LZMA_FINISH ? rc == LZMA_STREAM_END : (m_lz.avail_in == 0 && m_lz.avail_out != 0)) {
        return {};
      }
    }
  }
  // The smallest power of two at least `block` (liblzma's minimum 4 KiB),
  // and never above the preset's.
  static std::uint32_t dictionary_for(std::uint64_t block, std::uint32_t preset) {
    std::uint64_t dict = LZMA_DICT_SIZE_MIN;
    while (dict < block && dict < preset) {
      dict *= 2;
    }
    return static_cast<std::uint32_t>(std::min<std::uint64_t>(dict, preset));
  }
  OutFile m_file;
  std::vector<unsigned char> m_out;
  lzma_stream m_lz = LZMA_STREAM_INIT;
  lzma_options_lzma m_lzma{};
  lzma_filter m_filters[2]{};
};

}  // namespace

Result<std::unique_ptr<Compressor>> Compressor::create(Compression kind, const std::filesystem::path& path,
                                                       const CompressorOptions& options) {
  switch (kind) {
    case Compression::gzip: {
      auto c = std::make_unique<GzipCompressor>(path);
      TRY(c->start());
      return c;
    }
    case Compression::bzip2: {
      auto c = std::make_unique<Bzip2Compressor>(path);
      TRY(c->start());
      return c;
    }
    case Compression::xz: {
      auto c = std::make_unique<XzCompressor>(path);
      TRY(c->start(options));
      return c;
    }
  }
  return make_error(ErrorCode::invalid_argument, "unknown compression");
}

}  // namespace embargo::util
