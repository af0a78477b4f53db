#pragma once

// A data directory holds everything of one embargo installation:
//
//   embargo.toml   the configuration (its presence marks the directory as ours)
//   embargo.db     the SQLite store (with -wal and -shm beside it while open),
//                  unless [store] url names a PostgreSQL database
//   files/         content-addressed files (attachments, release artifacts)

#include <filesystem>
#include <memory>
#include <string>

#include <embargo/config/config_file.hpp>
#include <embargo/core/store.hpp>

namespace embargo::config {

inline constexpr const char* k_config_name = "embargo.toml";

struct DataDir {
  std::filesystem::path path;
  ConfigFile config;
  std::unique_ptr<core::Store> store;
};

// Opens an existing data directory: NotFound if it does not exist,
// InvalidArgument if it is not ours (no embargo.toml, or a foreign database),
// Busy if the store is locked past the configured timeout.
Result<DataDir> open_data_dir(const std::filesystem::path& path);

struct InitOptions {
  std::string project_name = "Example";
  std::string case_prefix = "EMB";
  // [store] url: a SQLite file in the directory, or postgresql://... (an
  // existing database; its schema is created, and must hold nothing else).
  std::string store_url = "sqlite:embargo.db";
};

// Creates a new data directory (missing, or existing and empty), writes the
// configuration, an empty store and the (empty, mode 0700) GnuPG home that
// mail.gnupg_home names. Refuses a non-empty directory so that
// nothing of someone else's is overwritten. On failure nothing it made is left.
Result<DataDir> init_data_dir(const std::filesystem::path& path, const InitOptions& options);

}  // namespace embargo::config
