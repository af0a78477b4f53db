#include <embargo/util/tar_writer.hpp>

#include <array>
#include <cstring>

#include <fmt/format.h>

namespace embargo::util {

namespace {

constexpr std::size_t k_block = 512;

using Header = std::array<char, k_block>;

void put_string(Header& h, std::size_t offset, std::size_t width, std::string_view s) {
  std::memcpy(h.data() + offset, s.data(), std::min(width, s.size()));
}

// Octal, zero-padded to width-1 digits and a NUL, as GNU tar writes it.
void put_octal(Header& h, std::size_t offset, std::size_t width, std::uint64_t value) {
  std::string digits = fmt::format("{:0{}o}", value, width - 1);
  put_string(h, offset, width - 1, digits);
}

void put_checksum(Header& h) {
  std::memset(h.data() + 148, ' ', 8);
  unsigned sum = 0;
  for (char c : h) {
    sum += static_cast<unsigned char>(c);
  }
  std::string digits = fmt::format("{:06o}", sum);
  put_string(h, 148, 6, digits);
  h[154] = '\0';
  h[155] = ' ';
}

// One pax record: "<len> key=value\n" where len counts the whole record.
std::string pax_record(std::string_view key, std::string_view value) {
  std::size_t body = key.size() + value.size() + 3;  // space, '=', newline
  std::size_t len = body + 1;
  while (fmt::format("{}", len).size() + body != len) {
    ++len;
  }
  return fmt::format("{} {}={}\n", len, key, value);
}

// Splits `path` into ustar prefix (<=155) and name (<=100) at a slash.
bool split_ustar(std::string_view path, std::string_view& prefix, std::string_view& name) {
  if (path.size() <= 100) {
    prefix = {};
    name = path;
    return true;
  }
  for (std::size_t i = path.size(); i-- > 0;) {
    if (path[i] == '/' && i <= 155 && path.size() - i - 1 <= 100 && path.size() - i - 1 > 0) {
      prefix = path.substr(0, i);
      name = path.substr(i + 1);
      return true;
    }
  }
  return false;
}

}  // namespace

void TarWriter::emit(std::string_view bytes) {
  m_sink(bytes);
  m_written += bytes.size();
}

void TarWriter::pad(std::uint64_t size) {
  static const std::array<char, k_block> k_zero{};
  std::size_t rest = size % k_block;
  if (rest != 0) {
    emit(std::string_view(k_zero.data(), k_block - rest));
  }
}

Result<void> TarWriter::add_entry(std::string_view path, char type, int mode, std::int64_t mtime,
                                  std::uint64_t size, std::string_view link) {
  if (path.empty() || path.find('\0') != std::string_view::npos || link.find('\0') != std::string_view::npos) {
    return make_error(ErrorCode::invalid_argument, fmt::format("tar: path '{}' cannot be archived", path));
  }
  std::string_view prefix;
  std::string_view name;
  std::string pax;
  if (!split_ustar(path, prefix, name)) {
    pax += pax_record("path", path);
    prefix = {};
    name = path.substr(0, 100);
  }
  if (link.size() > 100) {
    pax += pax_record("linkpath", link);
  }
  if (!pax.empty()) {
    // The pax header's own name is fixed, so that nothing varies but content.
    Header x{};
    put_string(x, 0, 100, "././@PaxHeader");
    put_octal(x, 100, 8, 0644);
    put_octal(x, 108, 8, 0);
    put_octal(x, 116, 8, 0);
    put_octal(x, 124, 12, pax.size());
    put_octal(x, 136, 12, static_cast<std::uint64_t>(mtime));
    x[156] = 'x';
    put_string(x, 257, 8, std::string_view("ustar\0" "00", 8));
    put_checksum(x);
    emit(std::string_view(x.data(), x.size()));
    emit(pax);
    pad(pax.size());
  }
  Header h{};
  put_string(h, 0, 100, name);
  put_octal(h, 100, 8, static_cast<std::uint64_t>(mode));
  put_octal(h, 108, 8, 0);
  put_octal(h, 116, 8, 0);
  put_octal(h, 124, 12, size);
  put_octal(h, 136, 12, static_cast<std::uint64_t>(mtime));
  h[156] = type;
  put_string(h, 157, 100, link);
  put_string(h, 257, 8, std::string_view("ustar\0" "00", 8));
  put_octal(h, 329, 8, 0);
  put_octal(h, 337, 8, 0);
  put_string(h, 345, 155, prefix);
  put_checksum(h);
  emit(std::string_view(h.data(), h.size()));
  return {};
}

Result<void> TarWriter::add_directory(std::string_view path, int mode, std::int64_t mtime) {
  return add_entry(std::string(path) + "/", '5', mode, mtime, 0, {});
}

Result<void> TarWriter::add_file(std::string_view path, int mode, std::int64_t mtime, std::string_view content) {
  TRY(add_entry(path, '0', mode, mtime, content.size(), {}));
  emit(content);
  pad(content.size());
  return {};
}

Result<void> TarWriter::count_file(std::string_view path, int mode, std::int64_t mtime, std::uint64_t size) {
  TRY(add_entry(path, '0', mode, mtime, size, {}));
  m_written += (size + k_block - 1) / k_block * k_block;
  return {};
}

Result<void> TarWriter::add_symlink(std::string_view path, std::string_view target, std::int64_t mtime) {
  return add_entry(path, '2', 0777, mtime, 0, target);
}

void TarWriter::finish() {
  static const std::array<char, 2 * k_block> k_zero{};
  emit(std::string_view(k_zero.data(), k_zero.size()));
  // GNU tar pads to a 10240-byte record; so do we, so that `tar` is content.
  static const std::array<char, k_block> k_zero_block{};
  while (m_written % 10240 != 0) {
    emit(std::string_view(k_zero_block.data(), k_block));
  }
}

}  // namespace embargo::util
