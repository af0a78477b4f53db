#include <embargo/config/secret_key.hpp>

#include <cstdlib>
#include <cstring>

#include <sys/stat.h>

#include <fmt/format.h>
#include <sodium.h>

#include <embargo/util/file.hpp>

namespace embargo::config {

namespace fs = std::filesystem;

fs::path usercode_key_path(const fs::path& data_dir) {
  const char* env = std::getenv("EMBARGO_USERCODE_KEY");
  if (env != nullptr && *env != '\0') {
    return env;
  }
  return data_dir / "secrets" / "usercode.key";
}

namespace {

Result<void> create_key(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path.parent_path(), ec)) {
    fs::create_directories(path.parent_path(), ec);
    fs::permissions(path.parent_path(), fs::perms::owner_all, ec);
    if (ec) {
      return make_error(ErrorCode::io_error,
                        fmt::format("cannot create {}: {}", path.parent_path().string(), ec.message()));
    }
  }
  util::SecretBox::Key key = util::SecretBox::generate_key();
  std::string bytes(reinterpret_cast<const char*>(key.data()), key.size());
  auto written = util::write_file_atomic(path, bytes, 0600);
  sodium_memzero(bytes.data(), bytes.size());
  sodium_memzero(key.data(), key.size());
  return written;
}

}  // namespace

Result<std::unique_ptr<util::SecretBox>> load_usercode_key(const fs::path& data_dir, bool create) {
  return load_key_file(usercode_key_path(data_dir), create, "usercode key", "`embargo usercode new`");
}

fs::path totp_key_path(const fs::path& data_dir) {
  const char* env = std::getenv("EMBARGO_TOTP_KEY");
  if (env != nullptr && *env != '\0') {
    return env;
  }
  return data_dir / "secrets" / "totp.key";
}

Result<std::unique_ptr<util::SecretBox>> load_totp_key(const fs::path& data_dir, bool create) {
  return load_key_file(totp_key_path(data_dir), create, "TOTP key", "embargod");
}

fs::path outbox_key_path(const fs::path& data_dir) {
  const char* env = std::getenv("EMBARGO_OUTBOX_KEY");
  if (env != nullptr && *env != '\0') {
    return env;
  }
  return data_dir / "secrets" / "outbox.key";
}

Result<std::unique_ptr<util::SecretBox>> load_outbox_key(const fs::path& data_dir, bool create) {
  return load_key_file(outbox_key_path(data_dir), create, "outbox key", "opening the data directory");
}

Result<std::unique_ptr<util::SecretBox>> load_key_file(const fs::path& path, bool create, std::string_view what,
                                                       std::string_view maker) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (!create) {
      return make_error(ErrorCode::not_found,
                        fmt::format("{} {} does not exist (made by {})", what, path.string(), maker));
    }
    TRY(create_key(path));
    if (::stat(path.c_str(), &st) != 0) {
      return make_error(ErrorCode::io_error, fmt::format("cannot stat {}: {}", path.string(), std::strerror(errno)));
    }
  }
  if ((st.st_mode & 077) != 0) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("{} {}: group or others may access it; chmod 600 it", what, path.string()));
  }
  TRY_ASSIGN(std::string bytes, util::read_file(path));
  if (bytes.size() != util::SecretBox::k_key_size) {
    return make_error(ErrorCode::corruption, fmt::format("{} {}: must be {} bytes, it has {}", what, path.string(),
                                                         util::SecretBox::k_key_size, bytes.size()));
  }
  util::SecretBox::Key key{};
  std::memcpy(key.data(), bytes.data(), key.size());
  sodium_memzero(bytes.data(), bytes.size());
  auto box = std::make_unique<util::SecretBox>(key);
  sodium_memzero(key.data(), key.size());
  return box;
}

}  // namespace embargo::config
