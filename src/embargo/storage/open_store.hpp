#pragma once

#include <filesystem>
#include <memory>
#include <string_view>

#include <embargo/core/store.hpp>
#include <embargo/util/secret_box.hpp>

namespace embargo::storage {

struct OpenOptions {
  bool create = false;
  int busy_timeout_ms = 5000;
  // Seals outbox bodies at rest (outbox_seal.hpp); null: they are stored in
  // clear (tests). config::open_data_dir gives the data directory's outbox key.
  std::shared_ptr<const util::SecretBox> outbox_key = nullptr;
};

// Opens the store a URL names, picking the implementation from its scheme
// (one table, as ccache's storage.cpp):
//   sqlite:PATH        a SQLite file; a relative PATH is under `base_dir`
//   memory:            a SQLite database in memory, empty, private to the returned
//                      store and gone with it (tests, demonstrations)
//   postgresql://...   PostgreSQL (postgres/pg_store.hpp); the URL goes to libpq as is
//                      (postgres:// too); `options.create` does not apply: the
//                      database must exist, its schema is created or migrated
// InvalidArgument for an unknown scheme, naming the accepted ones.
Result<std::unique_ptr<core::Store>> open_store(std::string_view url, const std::filesystem::path& base_dir,
                                                const OpenOptions& options);

}  // namespace embargo::storage
