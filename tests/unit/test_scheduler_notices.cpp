// The release's mail steps (scheduler/step_notices.cpp) with a real GnuPG
// home made here: one signed/encrypted outbox entry per [publish] list, in
// the job's transaction, the same Message-ID when a job is retried, never a
// second entry for a list that has one; and the outbox's claim with several
// senders at once (SQLite and PostgreSQL), and embargod's flush thread.

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <map>
#include <mutex>
#include <thread>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <embargo/config/config_file.hpp>
#include <embargo/core/case_service.hpp>
#include <embargo/core/download_area.hpp>
#include <embargo/mail/outbox_flusher.hpp>
#include <embargo/scheduler/release_jobs.hpp>
#include <embargo/scheduler/release_step.hpp>
#include <embargo/storage/postgres/pg_store.hpp>
#include <embargo/storage/sqlite/sqlite_store.hpp>
#include <embargo/util/file.hpp>
#include <embargo/util/strings.hpp>

#include "memory_store.hpp"
#include "pg_server.hpp"
#include "testutil.hpp"

using namespace embargo;
using core::Job;
using testutil::unwrap;

namespace {

util::Timestamp ts(std::string_view text) {
  return unwrap(util::parse_timestamp(text));
}

void sh(const std::string& command) {
  REQUIRE(std::system(command.c_str()) == 0);
}

// A GnuPG home with the team's key (no passphrase, sign + encrypt); its
// fingerprint.
std::string make_team_key(const std::filesystem::path& home) {
  std::filesystem::create_directory(home);
  std::filesystem::permissions(home, std::filesystem::perms::owner_all);
  std::string gpg = fmt::format("gpg --homedir '{}' --batch --quiet --no-tty --pinentry-mode loopback --passphrase ''",
                                home.string());
  sh(gpg + " --quick-gen-key 'Team <security@example.org>' ed25519 sign never 2>/dev/null");
  sh(gpg + " --with-colons --list-keys security@example.org | awk -F: '/^fpr/ {print $10; exit}' >'" +
     (home / "fpr").string() + "'");
  std::string fpr(util::trim(unwrap(util::read_file(home / "fpr"))));
  sh(gpg + " --quick-add-key " + fpr + " cv25519 encr never 2>/dev/null");
  return fpr;
}

std::string make_case(core::Store& store, const core::CaseService& service) {
  std::string id;
  unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
    core::NewCase input;
    input.title = "heap overflow";
    input.reporter = unwrap(core::parse_reporter("Jane <jane@example.org>"));
    TRY_ASSIGN(core::Case c, service.create(tx, input, "alice"));
    id = c.id;
    return {};
  }));
  return id;
}

std::vector<core::OutboxEntry> outbox_of(core::Store& store) {
  std::vector<core::OutboxEntry> all;
  unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(all, tx.list_outbox(std::nullopt));
    return {};
  }));
  return all;
}

Result<std::string> record(core::Store& store, const scheduler::ReleaseSteps& steps, const Job& job, bool commit) {
  std::string said;
  auto r = store.write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(said, steps.record(tx, job));
    if (!commit) {
      return make_error(ErrorCode::busy, "roll back");
    }
    return {};
  });
  if (!r && commit) {
    return tl::unexpected(r.error());
  }
  return said;
}

}  // namespace

TEST_CASE("notice steps: scheduled at their plan steps; make-public waits for the announcement") {
  core::planner::Plan plan;
  plan.events = {{core::planner::Step::fix_to_packagers, ts("2026-03-03T14:00Z"), "given"},
                 {core::planner::Step::heads_up, ts("2026-03-04T14:00Z"), "given"},
                 {core::planner::Step::release, ts("2026-03-05T14:00Z"), "given"}};
  std::vector<Job> jobs = scheduler::jobs_for_plan("EMB-2026-0001", plan);
  std::vector<std::string> kinds;
  for (const Job& j : jobs) {
    kinds.push_back(j.kind);
  }
  // The other steps of the table may sit between; the order of these is fixed.
  auto at = [&](std::string_view k) { return std::find(kinds.begin(), kinds.end(), k) - kinds.begin(); };
  CHECK(at(scheduler::kind::k_notice_fix) > at(scheduler::kind::k_open_downloads));
  CHECK(at(scheduler::kind::k_notice_heads_up) > at(scheduler::kind::k_notice_fix));
  CHECK(at(scheduler::kind::k_announce) < at(scheduler::kind::k_make_public));
  CHECK(at(scheduler::kind::k_make_public) < static_cast<std::ptrdiff_t>(kinds.size()));
  for (const auto& spec : scheduler::step_specs()) {
    if (spec.kind == scheduler::kind::k_make_public) {
      CHECK(std::find(spec.after.begin(), spec.after.end(), scheduler::kind::k_announce) != spec.after.end());
    }
    if (spec.kind == scheduler::kind::k_notice_fix) {
      CHECK(spec.after == std::vector<std::string_view>{scheduler::kind::k_open_downloads});
    }
  }
}

TEST_CASE("notice steps: a step without lists is skipped and needs no key") {
  testutil::MemoryStore store;
  core::ProjectConfig project;
  util::FixedClock clock(ts("2026-03-02T09:00Z"));
  core::CaseService service(project, clock);
  std::string id = make_case(store, service);
  config::ConfigFile file;
  file.mail.gnupg_home = "/nonexistent/gnupg";
  scheduler::ReleaseSteps steps({service, file, {}, clock, {}, "embargod"});
  Job j;
  j.id = 7;
  j.case_id = id;
  for (auto [kind, key] : {std::pair{scheduler::kind::k_notice_advance, "advance_lists"},
                           std::pair{scheduler::kind::k_notice_fix, "fix_lists"},
                           std::pair{scheduler::kind::k_notice_heads_up, "heads_up_lists"},
                           std::pair{scheduler::kind::k_announce, "announce_lists"}}) {
    j.kind = std::string(kind);
    CHECK(unwrap(record(store, steps, j, true)) == fmt::format("skipped: publish.{} is empty", key));
  }
  CHECK(outbox_of(store).empty());
}

TEST_CASE("notice steps: one signed entry per list in the job's transaction, the same id on a retry, never two") {
  testutil::TempDir dir;
  std::string fpr = make_team_key(dir.path() / "gnupg");
  testutil::MemoryStore store;
  util::FixedClock clock(ts("2026-03-03T14:00Z"));
  config::ConfigFile file;
  core::CaseService service(file.project, clock);
  std::string id = make_case(store, service);
  file.mail.signing_key = fpr;
  config::MailList distros;
  distros.name = "distros";
  distros.address = "distros@vs.openwall.org";
  distros.keys = {fpr};
  distros.download_user = "distros-user";
  config::MailList oss;
  oss.name = "oss-security";
  oss.address = "oss-security@lists.openwall.com";
  oss.policy = config::ListPolicy::clearsign;
  file.mail.lists = {distros, oss};
  file.publish.fix_lists = {"distros"};
  file.publish.announce_lists = {"distros", "oss-security"};
  file.http.public_url = "https://security.example.org";
  unwrap(store.write([&](core::StoreTx& tx) {
    return tx.insert_usercode(core::Usercode{id, "distros-user", "h", "", "", 1, clock.now(), std::nullopt});
  }));
  scheduler::ReleaseSteps steps({service, file, dir.path(), clock, {}, "embargod"});
  Job fix;
  fix.id = 3;
  fix.case_id = id;
  fix.kind = std::string(scheduler::kind::k_notice_fix);

  // A transaction that rolls back leaves no mail; its retry queues the same message.
  std::string first = unwrap(record(store, steps, fix, false));
  CHECK(outbox_of(store).empty());
  std::string second = unwrap(record(store, steps, fix, true));
  CHECK(first == second);
  auto all = outbox_of(store);
  REQUIRE(all.size() == 1);
  CHECK(second == fmt::format("fix notice queued: distros <{}>", all[0].message_id));
  CHECK(all[0].message_id.find("notice-fix") != std::string::npos);
  CHECK(all[0].message_id.ends_with("@example.org"));
  CHECK(all[0].kind == "fix");
  CHECK(all[0].list_name == "distros");
  CHECK(all[0].state == core::OutboxState::pending);
  CHECK(all[0].recipients == std::vector<std::string>{"distros@vs.openwall.org", file.mail.team_address});
  CHECK(all[0].message.find("multipart/encrypted") != std::string::npos);
  CHECK(all[0].message.find("distros-user") == std::string::npos);  // encrypted, not in the clear

  // Run again (a job whose commit was lost after all, or a second job): no second entry.
  std::string again = unwrap(record(store, steps, fix, true));
  CHECK(again.find("already in the outbox") != std::string::npos);
  CHECK(outbox_of(store).size() == 1);

  Job announce = fix;
  announce.id = 4;
  announce.kind = std::string(scheduler::kind::k_announce);
  std::string said = unwrap(record(store, steps, announce, true));
  CHECK(said.starts_with("release notice queued: distros <"));
  CHECK(said.find("oss-security <") != std::string::npos);
  all = outbox_of(store);
  REQUIRE(all.size() == 3);
  auto clear = std::find_if(all.begin(), all.end(), [](const auto& e) { return e.list_name == "oss-security"; });
  REQUIRE(clear != all.end());
  CHECK(clear->message.find("-----BEGIN PGP SIGNED MESSAGE-----") != std::string::npos);

  SUBCASE("an unknown list names the setting") {
    file.publish.heads_up_lists = {"nosuch"};
    Job heads = fix;
    heads.id = 5;
    heads.kind = std::string(scheduler::kind::k_notice_heads_up);
    auto r = record(store, steps, heads, true);
    REQUIRE(!r);
    CHECK(r.error().message().find("publish.heads_up_lists") != std::string::npos);
    CHECK(outbox_of(store).size() == 3);
  }
  SUBCASE("a dry run writes the rendered notices into the sink and queues them only in its transaction") {
    scheduler::ReleaseSteps dry({service, file, dir.path(), clock, dir.path() / "sink", "embargod"});
    Job heads = fix;
    heads.id = 6;
    heads.kind = std::string(scheduler::kind::k_notice_heads_up);
    file.publish.heads_up_lists = {"oss-security"};
    std::string acted;
    unwrap(store.read([&](core::StoreTx& view) -> Result<void> {
      TRY_ASSIGN(acted, dry.act(view, heads));
      return {};
    }));
    CHECK(acted.find("dry run: 1 notices") != std::string::npos);
    std::string text = unwrap(util::read_file(dir.path() / "sink" / "notice-heads-up" / "oss-security.txt"));
    CHECK(text.starts_with("To: oss-security@lists.openwall.com\nSubject: "));
    CHECK(unwrap(record(store, dry, heads, false)).find("heads-up notice queued") != std::string::npos);
    CHECK(outbox_of(store).size() == 3);
  }
  SUBCASE("the advance notice (issue 21, [publish] advance_lists): queued, and the case walks to notified") {
    file.publish.advance_lists = {"distros"};
    unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
      core::NewVulnerability v;
      v.title = "overflow";
      return service.add_vulnerability(tx, id, v, "alice").map([](auto) {});
    }));
    Job advance = fix;
    advance.id = 2;
    advance.kind = std::string(scheduler::kind::k_notice_advance);
    std::string told = unwrap(record(store, steps, advance, true));
    CHECK(told.starts_with("advance notice queued: distros <"));
    CHECK(told.find("case moved to confirmed, then fixing, then notified") != std::string::npos);
    CHECK(outbox_of(store).size() == 4);
    unwrap(store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(core::Case c, tx.get_case(id));
      CHECK(c.state == core::CaseState::notified);
      return {};
    }));
  }
}

namespace {

// Counts what each message id was sent, from several threads.
class CountingTransport : public mail::Transport {
 public:
  Result<void> send(const core::OutboxEntry& entry) override {
    std::this_thread::yield();  // let another sender look meanwhile
    std::lock_guard lock(m_mutex);
    ++sent[entry.message_id];
    m_cv.notify_all();
    return {};
  }
  // Waits (at most 30 s) until `n` messages were sent in all.
  bool wait_for(int n) {
    std::unique_lock lock(m_mutex);
    return m_cv.wait_for(lock, std::chrono::seconds(30), [&] { return total() >= n; });
  }
  int total() const {
    int t = 0;
    for (const auto& [id, count] : sent) {
      t += count;
    }
    return t;
  }
  std::map<std::string, int> sent;

 private:
  std::mutex m_mutex;
  std::condition_variable m_cv;
};

void queue(core::Store& store, const std::string& case_id, int n, util::Timestamp now) {
  unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
    for (int i = 0; i < n; ++i) {
      core::OutboxEntry e;
      e.message_id = fmt::format("m{}-{}@example.org", case_id, i);
      e.case_id = case_id;
      e.kind = "release";
      e.list_name = "announce";
      e.envelope_from = "security@example.org";
      e.recipients = {"announce@example.org", "security@example.org"};
      e.message = "x";
      e.created_at = now;
      TRY(tx.insert_outbox(e));
    }
    return {};
  }));
}

// Three senders at once on their own connections (two embargod nodes and
// `embargo mail flush`): every entry is sent exactly once.
void check_one_sender_each(const std::function<std::unique_ptr<core::Store>()>& open) {
  auto store = open();
  core::ProjectConfig project;
  util::FixedClock clock(ts("2026-03-05T14:00Z"));
  core::CaseService service(project, clock);
  std::string id = make_case(*store, service);
  constexpr int k_mails = 30;
  queue(*store, id, k_mails, clock.now());
  CountingTransport transport;
  std::vector<std::thread> senders;
  for (int n = 0; n < 3; ++n) {
    senders.emplace_back([&] {
      auto mine = open();
      mail::Outbox outbox(*mine, service, clock, transport, {std::chrono::seconds(600), {}});
      for (int round = 0; round < 3; ++round) {
        (void)outbox.deliver_all();  // Busy under contention: the next round
      }
    });
  }
  for (auto& t : senders) {
    t.join();
  }
  CHECK(transport.sent.size() == k_mails);
  for (const auto& [message_id, count] : transport.sent) {
    CHECK_MESSAGE(count == 1, message_id);
  }
  int sent = 0;
  for (const auto& e : outbox_of(*store)) {
    sent += e.state == core::OutboxState::sent ? 1 : 0;
  }
  CHECK(sent == k_mails);
}

}  // namespace

TEST_CASE("outbox: several senders on one SQLite file send each entry once") {
  testutil::TempDir dir;
  check_one_sender_each([&] { return unwrap(storage::sqlite::SqliteStore::open(dir.path() / "s.db", {true, 5000})); });
}

TEST_CASE("outbox: several senders on one PostgreSQL database send each entry once") {
  std::string url = testutil::new_pg_database();
  check_one_sender_each([&] { return unwrap(storage::postgres::PgStore::open(url, {})); });
}

TEST_CASE("outbox flusher: delivers at start and when woken, not only on its interval") {
  testutil::MemoryStore store;
  core::ProjectConfig project;
  util::FixedClock clock(ts("2026-03-05T14:00Z"));
  core::CaseService service(project, clock);
  std::string id = make_case(store, service);
  queue(store, id, 1, clock.now());
  CountingTransport transport;
  std::vector<std::string> lines;
  std::mutex m;
  mail::OutboxFlusher flusher(store, service, clock, transport, {std::chrono::seconds(600), {}},
                              std::chrono::seconds(3600), [&](const std::string& line) {
                                std::lock_guard lock(m);
                                lines.push_back(line);
                              });
  flusher.start();
  REQUIRE(transport.wait_for(1));
  unwrap(store.write([&](core::StoreTx& tx) -> Result<void> {
    core::OutboxEntry e;
    e.message_id = "late@example.org";
    e.case_id = id;
    e.kind = "release";
    e.list_name = "announce";
    e.envelope_from = "security@example.org";
    e.recipients = {"announce@example.org", "security@example.org"};
    e.message = "x";
    e.created_at = clock.now();
    return tx.insert_outbox(e);
  }));
  flusher.wake();  // the interval is an hour: only the wake-up can send it
  REQUIRE(transport.wait_for(2));
  flusher.stop();
  CHECK(transport.sent["late@example.org"] == 1);
  std::lock_guard lock(m);
  REQUIRE(lines.size() == 2);
  CHECK(lines[1] == "sent <late@example.org>");
}

TEST_CASE("mail config: flush_interval_seconds") {
  auto parsed = config::parse_config("[mail]\nflush_interval_seconds = 0\n", "t");
  REQUIRE(parsed);
  CHECK(parsed->mail.flush_interval_seconds == 0);
  CHECK(config::ConfigFile{}.mail.flush_interval_seconds == 5);
  auto bad = config::parse_config("[mail]\nflush_interval_seconds = -1\n", "t");
  REQUIRE(!bad);
  CHECK(bad.error().message().find("mail.flush_interval_seconds") != std::string::npos);
}
