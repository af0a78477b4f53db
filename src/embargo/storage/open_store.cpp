#include <embargo/storage/open_store.hpp>

#include <array>
#include <functional>

#include <fmt/format.h>

#include <embargo/storage/postgres/pg_store.hpp>
#include <embargo/storage/sqlite/sqlite_store.hpp>

namespace embargo::storage {

namespace {

using Opener = std::function<Result<std::unique_ptr<core::Store>>(std::string_view rest,
                                                                  const std::filesystem::path& base,
                                                                  const OpenOptions& options)>;

Result<std::unique_ptr<core::Store>> open_sqlite(std::string_view rest, const std::filesystem::path& base,
                                                 const OpenOptions& options) {
  if (rest.empty()) {
    return make_error(ErrorCode::invalid_argument, "store url: sqlite: needs a file name, e.g. sqlite:embargo.db");
  }
  std::filesystem::path path(rest);
  if (path.is_relative()) {
    path = base / path;
  }
  TRY_ASSIGN(auto store, sqlite::SqliteStore::open(path, {options.create, options.busy_timeout_ms}));
  store->set_outbox_seal(OutboxSeal(options.outbox_key));
  return std::unique_ptr<core::Store>(std::move(store));
}

Result<std::unique_ptr<core::Store>> open_memory(std::string_view, const std::filesystem::path&,
                                                 const OpenOptions& options) {
  TRY_ASSIGN(auto store, sqlite::SqliteStore::open_in_memory());
  store->set_outbox_seal(OutboxSeal(options.outbox_key));
  return std::unique_ptr<core::Store>(std::move(store));
}

// `url` is the whole URL: libpq parses it (host, port, user, dbname, ?sslmode=...).
Result<std::unique_ptr<core::Store>> open_postgresql(std::string_view url, const std::filesystem::path&,
                                                     const OpenOptions& options) {
  postgres::PgOptions pg;
  pg.busy_timeout_ms = options.busy_timeout_ms;
  TRY_ASSIGN(auto store, postgres::PgStore::open(std::string(url), pg));
  store->set_outbox_seal(OutboxSeal(options.outbox_key));
  return std::unique_ptr<core::Store>(std::move(store));
}

struct Scheme {
  std::string_view prefix;
  Opener open;
  bool whole_url = false;  // pass the URL with its scheme
};

const std::array<Scheme, 4> k_schemes{{
    {"sqlite:", open_sqlite},
    {"memory:", open_memory},
    {"postgresql://", open_postgresql, true},
    {"postgres://", open_postgresql, true},
}};

}  // namespace

Result<std::unique_ptr<core::Store>> open_store(std::string_view url, const std::filesystem::path& base_dir,
                                                const OpenOptions& options) {
  for (const Scheme& scheme : k_schemes) {
    if (url.starts_with(scheme.prefix)) {
      return scheme.open(scheme.whole_url ? url : url.substr(scheme.prefix.size()), base_dir, options);
    }
  }
  return make_error(ErrorCode::invalid_argument,
                    fmt::format("store url: '{}' has an unknown scheme (sqlite:, memory:, postgresql://)", url));
}

}  // namespace embargo::storage
