#include <doctest/doctest.h>

#include <embargo/storage/memory/memory_store.hpp>

#include "store_contract.hpp"

TEST_CASE("MemoryStore meets the store contract") {
  embargo::storage::memory::MemoryStore store;
  testutil::check_store_contract(store);
}
