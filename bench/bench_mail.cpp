// Issue 6: messages ingested per second into SQLite (durability on: WAL with
// synchronous=FULL, every file fsynced), and notices signed and encrypted per
// second (GPGME, ed25519/cv25519 keys made here with gpg).
//
//   cmake -S . -B build-rel -G Ninja -DENABLE_BENCHMARKS=ON -DCMAKE_BUILD_TYPE=Release
//   ninja -C build-rel bench_mail && nice build-rel/bin/bench_mail

#include <cstdlib>
#include <filesystem>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <embargo/config/mail_config.hpp>
#include <embargo/core/case_service.hpp>
#include <embargo/mail/intake.hpp>
#include <embargo/mail/message_builder.hpp>
#include <embargo/storage/sqlite/sqlite_store.hpp>

using namespace embargo;

namespace {

std::filesystem::path temp_dir(const char* name) {
  auto dir = std::filesystem::temp_directory_path() / fmt::format("embargo-bench-{}-{}", name, ::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string report(std::int64_t i) {
  // Every tenth message is a reply to an earlier one, as threads go.
  std::string reply = i % 10 == 9 ? fmt::format("In-Reply-To: <m{}@bench>\n", i - 1) : "";
  return fmt::format(
      "From: Reporter {} <r{}@example.net>\nTo: security@example.org\nSubject: overflow number {}\n"
      "Message-ID: <m{}@bench>\n{}MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"\n\n"
      "--b\nContent-Type: text/plain; charset=utf-8\n\nThe parser overflows with input {}.\n"
      "--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"poc.bin\"\n"
      "Content-Transfer-Encoding: base64\n\ncG9jIHtpfQ==\n--b--\n",
      i % 50, i % 50, i, i, reply, i);
}

void BM_IntakeIntoSqlite(benchmark::State& state) {
  auto dir = temp_dir("intake");
  auto store = storage::sqlite::SqliteStore::open(dir / "embargo.db", {true, 5000});
  core::ProjectConfig project;
  config::MailConfig mail;
  mail.max_per_sender_per_hour = 1 << 30;
  util::SystemClock clock;
  core::CaseService cases(project, clock);
  // The acknowledgement is rendered and queued as in production, unsigned.
  mail::AckFactory ack = [&](core::StoreTx&, const core::Case& c, const mail::ParsedMail& m,
                             const std::string& link) -> Result<core::OutboxEntry> {
    mail::OutgoingMessage out{"security@example.org",
                              {m.from_address},
                              "[" + c.id + "] Received",
                              link,
                              mail::new_message_id("security@example.org"),
                              m.message_id,
                              clock.now()};
    core::OutboxEntry e;
    TRY_ASSIGN(e.message, mail::build_message(out, {}));
    e.message_id = out.message_id;
    e.envelope_from = "security@example.org";
    e.recipients = {m.from_address, "security@example.org"};
    return e;
  };
  mail::Intake intake(**store, cases, project, mail, clock, dir, nullptr, ack);
  std::int64_t i = 0;
  for (auto _ : state) {
    auto r = intake.receive(report(i++));
    if (!r || (r->outcome != mail::IntakeOutcome::new_case && r->outcome != mail::IntakeOutcome::reply)) {
      state.SkipWithError("intake failed");
      break;
    }
  }
  state.counters["messages/s"] = benchmark::Counter(static_cast<double>(i), benchmark::Counter::kIsRate);
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_IntakeIntoSqlite)->Unit(benchmark::kMillisecond)->Iterations(1000)->UseRealTime();

std::string gpg_fpr(const std::filesystem::path& home, const char* uid) {
  std::string cmd =
      fmt::format("gpg --homedir {} --batch --list-keys --with-colons '{}' | awk -F: '/^fpr/ {{print $10; exit}}'",
                  home.string(), uid);
  std::string out;
  if (FILE* p = ::popen(cmd.c_str(), "r")) {
    char buf[256];
    while (std::fgets(buf, sizeof buf, p) != nullptr) {
      out += buf;
    }
    ::pclose(p);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) {
    out.pop_back();
  }
  return out;
}

bool make_key(const std::filesystem::path& home, const char* uid) {
  std::string gen = fmt::format(
      "gpg --homedir {} --batch --quiet --pinentry-mode loopback --passphrase '' "
      "--quick-gen-key '{}' ed25519 sign never 2>/dev/null",
      home.string(), uid);
  if (std::system(gen.c_str()) != 0) {
    return false;
  }
  std::string sub = fmt::format(
      "gpg --homedir {} --batch --quiet --pinentry-mode loopback --passphrase '' "
      "--quick-add-key {} cv25519 encr never 2>/dev/null",
      home.string(), gpg_fpr(home, uid));
  return std::system(sub.c_str()) == 0;
}

void BM_NoticeSignAndEncrypt(benchmark::State& state) {
  auto home = temp_dir("gpg");
  std::filesystem::permissions(home, std::filesystem::perms::owner_all);
  if (!make_key(home, "Team <security@example.org>") || !make_key(home, "List <distros@example.org>")) {
    state.SkipWithError("gpg could not make the keys");
    return;
  }
  auto gpg = pgp::Gpg::open(home, util::SensitiveString());
  mail::PgpOptions p;
  p.mode = mail::Protect::encrypt;
  p.gpg = &*gpg;
  p.signer = gpg_fpr(home, "security@example.org");
  p.encrypt_to = {gpg_fpr(home, "distros@example.org")};
  std::string body;
  for (int line = 0; line < 60; ++line) {
    body += "We have a security flaw; impact is remote code execution. Packaging starts on 2026-03-08.\n";
  }
  std::int64_t n = 0;
  for (auto _ : state) {
    mail::OutgoingMessage m{"Team <security@example.org>",
                            {"distros@example.org"},
                            "[EMBARGO] notice",
                            body,
                            mail::new_message_id("security@example.org"),
                            "",
                            util::SystemClock().now()};
    auto built = mail::build_message(m, p);
    if (!built) {
      state.SkipWithError(built.error().message().c_str());
      break;
    }
    benchmark::DoNotOptimize(built->size());
    ++n;
  }
  state.counters["notices/s"] = benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsRate);
  std::system(fmt::format("gpgconf --homedir {} --kill gpg-agent 2>/dev/null", home.string()).c_str());
  std::filesystem::remove_all(home);
}
BENCHMARK(BM_NoticeSignAndEncrypt)->Unit(benchmark::kMillisecond)->Iterations(200)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
