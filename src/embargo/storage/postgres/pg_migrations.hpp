#pragma once

// The PostgreSQL store's schema: numbered migrations, the same tables and
// meaning as SQLite's (storage/sqlite/migrations.cpp) in PostgreSQL types:
// timestamptz for times (microseconds, as util::Timestamp), boolean for
// flags, jsonb for JSON the code parses anyway, text for what must come back
// byte for byte (timeline data is hashed, imported documents are exported
// unchanged). Identifiers are COLLATE "C" so ORDER BY matches SQLite's binary
// order whatever the database's locale.
//
// The version lives in embargo_schema (one row). Several nodes may start at
// once: each migration runs in its own transaction under a transaction-level
// advisory lock, re-reading the version after taking it.

#include <pqxx/connection>

#include <embargo/util/result.hpp>

namespace embargo::storage::postgres {

// Number of migrations this build knows.
int schema_version();

// Brings the database at `conn` up to schema_version(). InvalidArgument if
// the schema already holds tables that are not ours; NotSupported if the
// database is newer than this build.
Result<void> migrate(pqxx::connection& conn);

}  // namespace embargo::storage::postgres
