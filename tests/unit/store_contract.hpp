#pragma once

// The behaviour every core::Store must show, run against each implementation
// (test_storage_*.cpp), so that a new store (PostgreSQL) is checked by the
// same cases.

#include <embargo/core/store.hpp>

namespace testutil {

void check_store_contract(embargo::core::Store& store);

}  // namespace testutil
