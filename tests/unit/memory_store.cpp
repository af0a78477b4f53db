#include "memory_store.hpp"

#include <embargo/storage/open_store.hpp>
#include <embargo/storage/sqlite/sqlite_store.hpp>

#include "testutil.hpp"

namespace testutil {

namespace {

embargo::storage::sqlite::Database& database_of(embargo::core::Store& store) {
  auto* sqlite = dynamic_cast<embargo::storage::sqlite::SqliteStore*>(&store);
  REQUIRE(sqlite != nullptr);
  return sqlite->database();
}

}  // namespace

MemoryStore::MemoryStore() : m_store(unwrap(embargo::storage::open_store("memory:", ".", {}))) {}

void MemoryStore::exec(std::string_view sql) { unwrap(database_of(*m_store).exec(sql)); }

std::int64_t MemoryStore::query_int(std::string_view sql) { return unwrap(database_of(*m_store).query_int(sql)); }

void MemoryStore::force_case_state(std::string_view case_id, embargo::core::CaseState state) {
  unwrap(m_store->write([&](embargo::core::StoreTx& tx) -> embargo::Result<void> {
    TRY_ASSIGN(embargo::core::Case c, tx.get_case(case_id));
    c.state = state;
    return tx.update_case(c);
  }));
}

}  // namespace testutil
