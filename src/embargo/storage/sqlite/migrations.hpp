#pragma once

#include <embargo/storage/sqlite/sqlite_db.hpp>

namespace embargo::storage::sqlite {

// 'EMBG': marks a database file as ours (PRAGMA application_id).
inline constexpr int k_application_id = 0x454d4247;

// Brings the schema to the newest version, one numbered migration per
// transaction (PRAGMA user_version is the number applied). Refuses a file
// that belongs to another application or comes from a newer embargo.
Result<void> migrate(Database& db);

// Number of migrations this build knows (the user_version of a current store).
int schema_version();

}  // namespace embargo::storage::sqlite
