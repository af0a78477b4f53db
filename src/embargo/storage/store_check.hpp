#pragma once

// What `embargo doctor` asks of an opened store: is it sound, and is its
// schema the one this build knows. Opening a store already migrates it
// (open_store.hpp), so a store that opened is current unless it is newer.

#include <string>

#include <embargo/core/store.hpp>
#include <embargo/util/result.hpp>

namespace embargo::storage {

struct StoreCheck {
  std::string kind;       // "sqlite", "postgresql" or "other"
  std::string integrity;  // "ok", or what SQLite's integrity_check found
  int schema_version = 0;  // the version the store is at
  int known_version = 0;   // the newest this build knows
};

// SQLite: PRAGMA integrity_check and PRAGMA user_version. PostgreSQL: the
// store is connected (its open succeeded) and at the version open brought it
// to. IOError when SQLite cannot run the checks.
Result<StoreCheck> check_store(core::Store& store);

}  // namespace embargo::storage
