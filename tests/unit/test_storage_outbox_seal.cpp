// Outbox bodies at rest (issue 24, finding 3; storage/outbox_seal.hpp): with
// the outbox key, what the database holds is sealed and reads back whole;
// without it a sealed body is refused as corrupt, not returned as noise;
// rows written in clear before sealing read back as they are.

#include <memory>

#include <doctest/doctest.h>

#include <embargo/core/mail_record.hpp>
#include <embargo/storage/open_store.hpp>
#include <embargo/storage/outbox_seal.hpp>
#include <embargo/storage/sqlite/sqlite_db.hpp>

#include "testutil.hpp"

using namespace embargo;
using testutil::unwrap;

namespace {

constexpr std::string_view k_secret = "https://security.example.org/portal/open?t=Sup3rSecretT0ken";

std::shared_ptr<const util::SecretBox> new_key() {
  return std::make_shared<const util::SecretBox>(util::SecretBox::generate_key());
}

core::OutboxEntry entry(const std::string& id) {
  core::OutboxEntry e;
  e.message_id = id;
  e.case_id = "EMB-2026-0001";
  e.kind = "ack";
  e.list_name = "reporter";
  e.envelope_from = "security@example.org";
  e.recipients = {"jane@example.org", "security@example.org"};
  e.message = "Subject: we received your report\r\n\r\nYour private link: " + std::string(k_secret) + "\r\n";
  e.created_at = util::Timestamp(std::chrono::seconds(1'800'000'000));
  return e;
}

// The message column of `id` as the SQLite file holds it.
std::string stored_text(const std::filesystem::path& db, const std::string& id) {
  auto d = unwrap(storage::sqlite::Database::open(db.string(), false, 1000));
  auto s = unwrap(d.prepare("SELECT message FROM outbox WHERE message_id = ?1"));
  s.bind(1, id);
  REQUIRE(unwrap(s.step()));
  return std::string(s.column_view(0));
}

std::string read_message(core::Store& store, const std::string& id) {
  std::string out;
  unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto found, tx.find_outbox(id));
    REQUIRE(found);
    out = found->message;
    return {};
  }));
  return out;
}

}  // namespace

TEST_CASE("outbox bodies are sealed at rest under the outbox key") {
  testutil::TempDir dir;
  auto key = new_key();
  storage::OpenOptions sealed{true, 5000, key};
  auto store = unwrap(storage::open_store("sqlite:embargo.db", dir.path(), sealed));
  unwrap(store->write([](core::StoreTx& tx) { return tx.insert_case(testutil::case_with_id("EMB-2026-0001")); }));
  core::OutboxEntry e = entry("m1@example.org");
  unwrap(store->write([&](core::StoreTx& tx) { return tx.insert_outbox(e); }));

  std::string raw = stored_text(dir.path() / "embargo.db", "m1@example.org");
  CHECK(raw.starts_with(storage::k_sealed_prefix));
  CHECK(raw.find(k_secret) == std::string::npos);
  CHECK(raw.find("Sup3rSecret") == std::string::npos);
  CHECK(read_message(*store, "m1@example.org") == e.message);

  SUBCASE("an update keeps it sealed") {
    e.state = core::OutboxState::sent;
    e.sent_at = e.created_at;
    unwrap(store->write([&](core::StoreTx& tx) { return tx.update_outbox(e); }));
    CHECK(stored_text(dir.path() / "embargo.db", "m1@example.org").starts_with(storage::k_sealed_prefix));
    CHECK(read_message(*store, "m1@example.org") == e.message);
  }

  SUBCASE("without the key, or with another, the body is refused as corrupt") {
    store.reset();
    for (auto other : {std::shared_ptr<const util::SecretBox>(), new_key()}) {
      auto again = unwrap(storage::open_store("sqlite:embargo.db", dir.path(), {false, 5000, other}));
      bool threw = false;
      try {
        auto r = again->read(
            [&](core::StoreTx& tx) -> Result<void> { return tx.find_outbox("m1@example.org").map([](auto) {}); });
        threw = !r;
      } catch (const std::exception& ex) {
        threw = std::string(ex.what()).find("m1@example.org") != std::string::npos;
      }
      CHECK(threw);
    }
  }

  SUBCASE("a row written in clear (before sealing) reads back as it is") {
    store.reset();
    auto clear = unwrap(storage::open_store("sqlite:embargo.db", dir.path(), {false, 5000, nullptr}));
    core::OutboxEntry old = entry("old@example.org");
    unwrap(clear->write([&](core::StoreTx& tx) { return tx.insert_outbox(old); }));
    clear.reset();
    CHECK(stored_text(dir.path() / "embargo.db", "old@example.org").find(k_secret) != std::string::npos);
    auto keyed = unwrap(storage::open_store("sqlite:embargo.db", dir.path(), sealed));
    CHECK(read_message(*keyed, "old@example.org") == old.message);
    CHECK(read_message(*keyed, "m1@example.org") == e.message);
  }
}

TEST_CASE("OutboxSeal binds a body to its Message-ID") {
  storage::OutboxSeal seal(new_key());
  std::string sealed = seal.seal("a@example.org", "body");
  CHECK(unwrap(seal.open("a@example.org", sealed)) == "body");
  auto moved = seal.open("b@example.org", sealed);
  REQUIRE(!moved);
  CHECK(moved.error().code() == ErrorCode::corruption);
  CHECK(moved.error().message().find("<b@example.org>") != std::string::npos);
}
