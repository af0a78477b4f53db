// Issue 23, mail loops (RFC 3834): classify_automatic for each header that
// marks a program's mail, and intake never answering one: threaded, it is
// attached to its case; else quarantined; never a new case, never an
// acknowledgement. And every message we build carries Auto-Submitted.

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <embargo/core/case_service.hpp>
#include <embargo/mail/auto_mail.hpp>
#include <embargo/mail/intake.hpp>
#include <embargo/mail/message_builder.hpp>
#include <embargo/mail/mime_parser.hpp>
#include <embargo/storage/sqlite/sqlite_store.hpp>
#include <embargo/util/file.hpp>

#include "testutil.hpp"

using namespace embargo;

namespace {

std::string message(const std::string& from, const std::string& id, const std::string& headers,
                    const std::string& subject = "Out of office") {
  return fmt::format("From: {}\nSubject: {}\nMessage-ID: <{}>\n{}\nI am away until Monday.\n", from, subject, id,
                     headers);
}

mail::AutoMail classify(const std::string& raw) {
  return mail::classify_automatic(testutil::unwrap(mail::parse_mail(raw)));
}

const std::string k_dsn =
    "From: Mail Delivery System <postmaster@mx.example.net>\nSubject: Undelivered Mail\nMessage-ID: <dsn@mx>\n"
    "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\n\n"
    "--r\nContent-Type: text/plain\n\nYour message could not be delivered.\n"
    "--r\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.net\n--r--\n";

}  // namespace

TEST_CASE("classify_automatic") {
  SUBCASE("a person's mail") {
    CHECK(classify(message("jane@example.net", "p@x", "")).kind == mail::AutoKind::person);
    CHECK(classify(message("jane@example.net", "p@x", "Auto-Submitted: no\n")).kind == mail::AutoKind::person);
    CHECK(classify(message("jane@example.net", "p@x", "Precedence: first-class\n")).kind == mail::AutoKind::person);
    CHECK(classify(message("jane@example.net", "p@x", "Return-Path: <jane@example.net>\n")).kind ==
          mail::AutoKind::person);
  }
  SUBCASE("Auto-Submitted other than no") {
    auto a = classify(message("jane@example.net", "a@x", "Auto-Submitted: auto-replied\n"));
    CHECK(a.kind == mail::AutoKind::auto_submitted);
    CHECK(a.reason == "Auto-Submitted: auto-replied");
    CHECK(classify(message("jane@example.net", "a@x", "Auto-Submitted: auto-generated\n")).kind ==
          mail::AutoKind::auto_submitted);
    CHECK(classify(message("jane@example.net", "a@x", "Auto-Submitted: Auto-Notified; owner-email=x@y\n")).kind ==
          mail::AutoKind::auto_submitted);
    CHECK(classify(message("jane@example.net", "a@x", "X-Autoreply: yes\n")).kind == mail::AutoKind::auto_submitted);
  }
  SUBCASE("bounces") {
    auto a = classify(message("jane@example.net", "b@x", "Return-Path: <>\n"));
    CHECK(a.kind == mail::AutoKind::bounce);
    CHECK(a.reason.find("null envelope sender") != std::string::npos);
    CHECK(classify(message("MAILER-DAEMON@mx.example.net", "b@x", "")).kind == mail::AutoKind::bounce);
    CHECK(classify(k_dsn).kind == mail::AutoKind::bounce);
    // postmaster writing as a person is a person
    CHECK(classify(message("postmaster@example.net", "b@x", "")).kind == mail::AutoKind::person);
  }
  SUBCASE("list mail") {
    auto a = classify(message("jane@example.net", "l@x", "List-Id: Exim users <exim-users.lists.exim.org>\n"));
    CHECK(a.kind == mail::AutoKind::list);
    CHECK(a.reason.find("List-Id") != std::string::npos);
    for (const char* p : {"bulk", "list", "junk", "Bulk"}) {
      CHECK(classify(message("jane@example.net", "l@x", fmt::format("Precedence: {}\n", p))).kind ==
            mail::AutoKind::list);
    }
  }
}

TEST_CASE("build_message Auto-Submitted") {
  mail::OutgoingMessage m;
  m.from = "Team <security@example.org>";
  m.to = {"jane@example.net"};
  m.subject = "s";
  m.body = "b\n";
  m.message_id = "id@example.org";
  m.auto_submitted = "auto-replied";
  std::string built = testutil::unwrap(mail::build_message(m, {}));
  CHECK(built.find("Auto-Submitted: auto-replied\r\n") != std::string::npos);
  m.auto_submitted.clear();
  CHECK(testutil::unwrap(mail::build_message(m, {})).find("Auto-Submitted") == std::string::npos);
}

TEST_CASE("Intake never answers automatic mail") {
  testutil::TempDir dir;
  auto store = testutil::unwrap(storage::sqlite::SqliteStore::open(dir.path() / "embargo.db", {true, 5000}));
  core::ProjectConfig project;
  config::MailConfig mail;
  util::FixedClock clock(*util::parse_timestamp("2026-03-02T10:00:00Z"));
  core::CaseService cases(project, clock);
  int acks = 0;
  mail::AckFactory ack = [&](core::StoreTx&, const core::Case& c, const mail::ParsedMail&,
                             const std::string&) -> Result<core::OutboxEntry> {
    ++acks;
    core::OutboxEntry e;
    e.message_id = fmt::format("ack{}@example.org", acks);
    e.envelope_from = "security@example.org";
    e.recipients = {c.reporter.email, "security@example.org"};
    e.message = "ack";
    return e;
  };
  mail::Intake intake(*store, cases, project, mail, clock, dir.path(), nullptr, ack);
  auto first = testutil::unwrap(intake.receive(message("jane@example.net", "r1@x", "", "Heap overflow")));
  REQUIRE(first.outcome == mail::IntakeOutcome::new_case);
  CHECK(acks == 1);

  SUBCASE("a vacation reply to our acknowledgement is attached, not answered") {
    auto r = testutil::unwrap(intake.receive(
        message("jane@example.net", "v1@x",
                fmt::format("In-Reply-To: <{}>\nAuto-Submitted: auto-replied\n", first.ack_message_id))));
    CHECK(r.outcome == mail::IntakeOutcome::reply);
    CHECK(r.case_id == first.case_id);
    CHECK(r.ack_message_id.empty());
    CHECK(acks == 1);
    std::string timeline;
    testutil::unwrap(store->read([&](core::StoreTx& tx) -> Result<void> {
      return tx.for_each_timeline_entry(first.case_id, [&](const core::TimelineEntry& e) -> Result<void> {
        timeline = e.text;
        return {};
      });
    }));
    CHECK(timeline.find("automatic: Auto-Submitted: auto-replied; not answered") != std::string::npos);
  }
  SUBCASE("unthreaded automatic mail is quarantined with the reason, no case, no reply") {
    for (const std::string& raw : {message("jane@example.net", "v2@x", "Auto-Submitted: auto-replied\n"),
                                   message("jane@example.net", "v3@x", "Precedence: bulk\n"),
                                   message("jane@example.net", "v4@x", "List-Id: <l.x>\n"),
                                   message("MAILER-DAEMON@mx.example.net", "v5@x", ""), k_dsn}) {
      auto r = testutil::unwrap(intake.receive(raw));
      CHECK(r.outcome == mail::IntakeOutcome::quarantined);
      CHECK(r.reason.find("automatic mail") != std::string::npos);
      CHECK(testutil::unwrap(util::read_file(r.quarantine_file)) == raw);
    }
    CHECK(acks == 1);
    std::size_t count = 0;
    testutil::unwrap(store->read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(auto all, tx.list_cases({}));
      count = all.size();
      return {};
    }));
    CHECK(count == 1);
  }
  SUBCASE("in a batch too") {
    std::vector<std::string> raws = {message("jane@example.net", "b1@x", "Auto-Submitted: auto-generated\n"),
                                     message("joe@example.net", "b2@x", "", "Another bug")};
    auto answers = testutil::unwrap(intake.receive_batch(std::vector<std::string_view>(raws.begin(), raws.end())));
    CHECK(answers[0]->outcome == mail::IntakeOutcome::quarantined);
    CHECK(answers[1]->outcome == mail::IntakeOutcome::new_case);
    CHECK(acks == 2);
  }
}
