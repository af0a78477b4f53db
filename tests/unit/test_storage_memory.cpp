#include <doctest/doctest.h>

#include <embargo/storage/open_store.hpp>

#include "store_contract.hpp"
#include "testutil.hpp"

TEST_CASE("the memory: store (SQLite in memory) meets the store contract") {
  auto store = testutil::unwrap(embargo::storage::open_store("memory:", ".", {}));
  testutil::check_store_contract(*store);
}
