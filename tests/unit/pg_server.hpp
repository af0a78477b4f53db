#pragma once

// A throwaway PostgreSQL server for the unit tests (tests/pg/pg_server),
// started once on first use and stopped when the test program exits. Test
// cases that use it have "PostgreSQL" in their name: CTest runs them as
// unit.postgres, which reports a skip (exit 125, with the reason on stderr)
// when no server can be started here.

#include <string>

namespace testutil {

// URL of a new, empty database on the shared server.
std::string new_pg_database();

}  // namespace testutil
