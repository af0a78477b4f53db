// Intake::receive_batch (group commit): one answer per message, a broken
// message quarantined without disturbing the others, a sender over the
// limit refused alone, duplicates (also within the batch) stored once.

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <embargo/core/case_service.hpp>
#include <embargo/mail/intake.hpp>
#include <embargo/storage/sqlite/sqlite_store.hpp>

#include "testutil.hpp"

using namespace embargo;

namespace {

std::string report(const std::string& from, int n) {
  return fmt::format("From: {}\nSubject: report {}\nMessage-ID: <m{}@test>\n\nThe parser overflows ({}).\n", from, n, n,
                     n);
}

}  // namespace

TEST_CASE("Intake::receive_batch") {
  testutil::TempDir dir;
  auto store = testutil::unwrap(storage::sqlite::SqliteStore::open(dir.path() / "embargo.db", {true, 5000}));
  core::ProjectConfig project;
  config::MailConfig mail;
  mail.max_per_sender_per_hour = 2;
  util::FixedClock clock(*util::parse_timestamp("2026-03-02T10:00:00Z"));
  core::CaseService cases(project, clock);
  mail::Intake intake(*store, cases, project, mail, clock, dir.path(), nullptr, {});

  std::vector<std::string> raws = {report("a@example.net", 1), "no header here, only text\n",
                                   report("b@example.net", 2), report("a@example.net", 1),
                                   report("a@example.net", 3), report("a@example.net", 4)};
  auto answers = testutil::unwrap(intake.receive_batch(std::vector<std::string_view>(raws.begin(), raws.end())));
  REQUIRE(answers.size() == raws.size());
  REQUIRE(answers[0]);
  CHECK(answers[0]->outcome == mail::IntakeOutcome::new_case);
  REQUIRE(answers[1]);
  CHECK(answers[1]->outcome == mail::IntakeOutcome::quarantined);
  CHECK(std::filesystem::exists(answers[1]->quarantine_file));
  REQUIRE(answers[2]);
  CHECK(answers[2]->outcome == mail::IntakeOutcome::new_case);
  CHECK(answers[2]->case_id != answers[0]->case_id);
  REQUIRE(answers[3]);
  CHECK(answers[3]->outcome == mail::IntakeOutcome::duplicate);  // the same message earlier in this batch
  CHECK(answers[3]->case_id == answers[0]->case_id);
  REQUIRE(answers[4]);
  CHECK(answers[4]->outcome == mail::IntakeOutcome::new_case);
  REQUIRE(!answers[5]);  // a@ has sent two in the hour
  CHECK(answers[5].error().code() == ErrorCode::busy);

  // What the batch stored is there, once; a retry of it is all duplicates but the refused one.
  std::int64_t stored = 0;
  testutil::unwrap(store->read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(stored, tx.count_mail_from("a@example.net", clock.now() - std::chrono::hours(1)));
    return {};
  }));
  CHECK(stored == 2);
  auto again = testutil::unwrap(intake.receive_batch({raws[0], raws[2]}));
  CHECK(again[0]->outcome == mail::IntakeOutcome::duplicate);
  CHECK(again[1]->outcome == mail::IntakeOutcome::duplicate);
  CHECK(testutil::unwrap(intake.receive(raws[4])).outcome == mail::IntakeOutcome::duplicate);
}
