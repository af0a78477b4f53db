#include <embargo/config/data_dir.hpp>

#include <fmt/format.h>

#include <embargo/config/secret_key.hpp>
#include <embargo/core/case.hpp>
#include <embargo/storage/open_store.hpp>
#include <embargo/util/file.hpp>

namespace embargo::config {

namespace fs = std::filesystem;

Result<DataDir> open_data_dir(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) {
    return make_error(ErrorCode::not_found,
                      fmt::format("data directory {} does not exist (create one with `embargo init --data {}`)",
                                  path.string(), path.string()));
  }
  if (!fs::exists(path / k_config_name, ec)) {
    return make_error(ErrorCode::invalid_argument,
                      fmt::format("{} is not an embargo data directory (it has no {})", path.string(), k_config_name));
  }
  DataDir dir;
  dir.path = path;
  TRY_ASSIGN(dir.config, load_config(path / k_config_name));
  storage::OpenOptions options;
  options.busy_timeout_ms = dir.config.busy_timeout_ms;
  TRY_ASSIGN(options.outbox_key, load_outbox_key(path, true));
  TRY_ASSIGN(dir.store, storage::open_store(dir.config.store_url, path, options));
  return dir;
}

Result<DataDir> init_data_dir(const fs::path& path, const InitOptions& options) {
  TRY(core::validate_case_prefix(options.case_prefix));
  std::error_code ec;
  bool existed = fs::exists(path, ec);
  if (existed && (!fs::is_directory(path, ec) || !fs::is_empty(path, ec))) {
    return make_error(ErrorCode::conflict,
                      fmt::format("{} exists and is not empty; init needs a new or empty directory", path.string()));
  }
  if (!existed && !fs::create_directories(path, ec)) {
    return make_error(ErrorCode::io_error, fmt::format("cannot create {}: {}", path.string(), ec.message()));
  }
  auto cleanup = [&] {
    if (existed) {
      for (const auto& entry : fs::directory_iterator(path, ec)) {
        fs::remove_all(entry.path(), ec);
      }
    } else {
      fs::remove_all(path, ec);
    }
  };
  fs::permissions(path, fs::perms::owner_all, ec);  // embargoed data: nobody else may read it
  auto made = [&]() -> Result<DataDir> {
    fs::create_directory(path / "files", ec);
    TRY(util::write_file_atomic(path / k_config_name,
                                default_config_text(options.project_name, options.case_prefix, options.store_url),
                                0600));
    TRY_ASSIGN(ConfigFile config, load_config(path / k_config_name));
    // The GnuPG home the configuration names, for the team's and the lists' keys.
    fs::path home = path / config.mail.gnupg_home;
    if (!fs::create_directory(home, ec) && ec) {
      return make_error(ErrorCode::io_error, fmt::format("cannot create {}: {}", home.string(), ec.message()));
    }
    fs::permissions(home, fs::perms::owner_all, ec);
    storage::OpenOptions open_options;
    open_options.create = true;
    TRY_ASSIGN(open_options.outbox_key, load_outbox_key(path, true));
    DataDir dir;
    dir.path = path;
    dir.config = std::move(config);
    TRY_ASSIGN(dir.store, storage::open_store(dir.config.store_url, path, open_options));
    return dir;
  }();
  if (!made) {
    cleanup();
  }
  return made;
}

}  // namespace embargo::config
