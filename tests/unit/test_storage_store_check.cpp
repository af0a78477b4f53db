#include <doctest/doctest.h>

#include <embargo/storage/open_store.hpp>
#include <embargo/storage/store_check.hpp>

#include "testutil.hpp"

using namespace embargo;
using testutil::unwrap;

TEST_CASE("check_store") {
  SUBCASE("a new SQLite store is sound and at the version this build knows") {
    auto store = unwrap(storage::open_store("memory:", {}, {}));
    auto check = unwrap(storage::check_store(*store));
    CHECK(check.kind == "sqlite");
    CHECK(check.integrity == "ok");
    CHECK(check.schema_version > 0);
    CHECK(check.schema_version == check.known_version);
  }
}
