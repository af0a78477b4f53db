// embargod: the server. Opens the data directory and serves HTTP(S): the
// embargoed download area now, the web pages and API later (they add their
// routes to the same router). Stops gracefully on SIGTERM or SIGINT.
// Settings come from [http] in embargo.toml; the options below override them.
//
//   embargod --data DIR [--listen 127.0.0.1:8443] [--tls-cert PEM --tls-key PEM]

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <embargo/cli/team_support.hpp>
#include <embargo/config/data_dir.hpp>
#include <embargo/config/project_settings.hpp>
#include <embargo/config/secret_key.hpp>
#include <embargo/http/downloads/download_area.hpp>
#include <embargo/http/server/server.hpp>
#include <embargo/http/web/web_app.hpp>
#include <embargo/http/web/web_quarantine.hpp>
#include <embargo/http/web/web_recipients.hpp>
#include <embargo/http/web/web_team.hpp>
#include <embargo/mail/intake_setup.hpp>
#include <embargo/mail/list_reply.hpp>
#include <embargo/mail/notice_mailer.hpp>
#include <embargo/mail/outbox_flusher.hpp>
#include <embargo/mail/reminder_loop.hpp>
#include <embargo/notice/disclosure_duties.hpp>
#include <embargo/pgp/gpg.hpp>
#include <embargo/scheduler/fault_point.hpp>
#include <embargo/scheduler/job_runner.hpp>
#include <embargo/scheduler/plan_follower.hpp>
#include <embargo/scheduler/release_step.hpp>
#include <embargo/util/file_clock.hpp>
#include <embargo/util/secret.hpp>

namespace {

// Command-line values; unset ones come from [http] in embargo.toml.
struct Options {
  std::string data_dir;
  std::optional<std::string> listen;
  std::optional<std::string> tls_cert;
  std::optional<std::string> tls_key;
  std::optional<std::string> access_log;
  unsigned threads = 0;
  std::optional<int> request_timeout;
  std::optional<int> nonce_lifetime;
  std::optional<double> address_failures;
  std::optional<double> usercode_failures;
  int job_lease = 30;     // seconds a node holds a release job unless it renews it
  int job_poll_ms = 250;  // longest sleep of the job runner between looks
};

// The reporters' keys pasted in the portal (issue 23) go into the GnuPG home
// of the case's project (mail.gnupg_home), the one its mail is encrypted
// with; one context per home, behind a lock (GPGME serves one thread).
class ReporterKeys {
 public:
  explicit ReporterKeys(const embargo::config::DataDir& dir) : m_dir(dir) {}

  embargo::http::ReporterKeyImporter importer() {
    return [this](embargo::core::StoreTx& tx, std::string_view case_id,
                  std::string_view armored) -> embargo::Result<std::string> {
      TRY_ASSIGN(const embargo::config::ConfigFile* settings,
                 embargo::config::config_for_case(m_dir.config, tx, case_id));
      std::filesystem::path home = settings->mail.gnupg_home;
      home = home.is_absolute() ? home : m_dir.path / home;
      std::lock_guard lock(m_mutex);
      auto found = m_homes.find(home);
      if (found == m_homes.end()) {
        if (!std::filesystem::is_directory(home)) {
          return embargo::make_error(embargo::ErrorCode::not_supported,
                                     "the team keeps no OpenPGP keys (no mail.gnupg_home); mail it to us instead");
        }
        TRY_ASSIGN(embargo::pgp::Gpg gpg, embargo::pgp::Gpg::open(home, embargo::util::SensitiveString()));
        found = m_homes.emplace(home, std::move(gpg)).first;
      }
      return found->second.import_encryption_key(armored);
    };
  }

 private:
  const embargo::config::DataDir& m_dir;
  std::mutex m_mutex;
  std::map<std::filesystem::path, embargo::pgp::Gpg> m_homes;
};

// The answers to the lists from the case page and the API: one NoticeMailer
// per project (its key, lists and templates), opened on first use and
// shared by the HTTP threads under a lock (GPGME's context is not shared).
class ListReplies {
 public:
  ListReplies(const embargo::config::DataDir& dir, const embargo::core::CaseService& cases,
              const embargo::util::Clock& clock)
      : m_dir(dir), m_cases(cases), m_clock(clock) {}

  embargo::http::ListReplier replier() {
    return [this](embargo::core::StoreTx& tx, const std::string& case_id, const embargo::mail::ListReply& reply,
                  std::string_view actor) -> embargo::Result<embargo::mail::QueuedReply> {
      TRY_ASSIGN(const embargo::config::ConfigFile* settings,
                 embargo::config::config_for_case(m_dir.config, tx, case_id));
      std::lock_guard lock(m_mutex);
      auto& mailer = m_mailers[settings->project_key];
      if (!mailer) {
        TRY_ASSIGN(mailer, embargo::mail::NoticeMailer::open(m_dir.path, *settings, m_clock));
      }
      return embargo::mail::queue_list_reply(tx, *mailer, m_cases, case_id, reply, actor, m_clock.now());
    };
  }

 private:
  const embargo::config::DataDir& m_dir;
  const embargo::core::CaseService& m_cases;
  const embargo::util::Clock& m_clock;
  std::mutex m_mutex;
  std::map<std::string, std::unique_ptr<embargo::mail::NoticeMailer>> m_mailers;
};

// Fills the unset options from the configuration file.
void apply_config(Options& o, const embargo::config::HttpConfig& h, const std::filesystem::path& data) {
  auto relative = [&](const std::string& p) { return p.empty() ? p : (data / p).string(); };
  o.listen = o.listen.value_or(h.listen);
  o.tls_cert = o.tls_cert.value_or(relative(h.tls_cert));
  o.tls_key = o.tls_key.value_or(relative(h.tls_key));
  o.access_log = o.access_log.value_or(h.access_log == "-" ? h.access_log : relative(h.access_log));
  o.request_timeout = o.request_timeout.value_or(h.request_timeout_seconds);
  o.nonce_lifetime = o.nonce_lifetime.value_or(h.digest_nonce_seconds);
  o.address_failures = o.address_failures.value_or(h.max_failures_per_address);
  o.usercode_failures = o.usercode_failures.value_or(h.max_failures_per_usercode);
}

// On first start (DIR missing or empty) makes the data directory and an
// admin account; returns the one-time password to print, or "" when DIR
// already existed.
embargo::Result<std::string> first_start(const std::string& data_dir) {
  using namespace embargo;
  std::error_code ec;
  std::filesystem::path path(data_dir);
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_empty(path, ec)) {
    return std::string();
  }
  TRY_ASSIGN(config::DataDir dir, config::init_data_dir(path, config::InitOptions{}));
  std::string password = util::random_secret(24);
  core::User admin;
  admin.name = "admin";
  admin.role = core::Role::admin;
  TRY_ASSIGN(admin.password_hash, util::hash_password(password));
  admin.created_at = util::SystemClock().now();
  TRY(dir.store->write([&](core::StoreTx& tx) { return tx.insert_user(admin); }));
  return password;
}

int serve(Options o) {
  using namespace embargo;
  auto first = first_start(o.data_dir);
  if (!first) {
    std::cerr << "embargod: " << first.error().message() << '\n';
    return 1;
  }
  auto dir = config::open_data_dir(o.data_dir);
  if (!dir) {
    std::cerr << "embargod: " << dir.error().message() << '\n';
    return 1;
  }
  apply_config(o, dir->config.http, dir->path);
  http::ServerOptions so;
  if (auto parsed = http::parse_listen(*o.listen, so); !parsed) {
    std::cerr << "embargod: " << parsed.error().message() << '\n';
    return 2;
  }
  so.tls_cert = *o.tls_cert;
  so.tls_key = *o.tls_key;
  so.threads = o.threads;
  so.request_timeout = std::chrono::seconds(*o.request_timeout);
  // Without the key Digest is off and Basic still works (created by `usercode new`).
  auto box = config::load_usercode_key(dir->path, false);
  if (!box && box.error().code() != ErrorCode::not_found) {
    std::cerr << "embargod: " << box.error().message() << '\n';
    return 1;
  }
  std::FILE* log_file = stderr;
  if (!o.access_log->empty()) {
    log_file = *o.access_log == "-" ? nullptr : std::fopen(o.access_log->c_str(), "a");
    if (log_file == nullptr && *o.access_log != "-") {
      std::cerr << "embargod: cannot open access log " << *o.access_log << '\n';
      return 1;
    }
  }
  http::AccessLog log(log_file);
  http::RateLimits limits;
  limits.address_burst = *o.address_failures;
  limits.usercode_burst = *o.usercode_failures;
  http::Authenticator auth(box ? box->get() : nullptr, limits, std::chrono::seconds(*o.nonce_lifetime));
  auth.allow_basic_without_tls(dir->config.http.allow_basic_without_tls);
  if (!box && so.tls_cert.empty() && !dir->config.http.allow_basic_without_tls) {
    std::cerr << "embargod: warning: no usercode key (Digest off) and no TLS (Basic refused): the download area "
                 "admits nobody; run `embargo usercode new` or configure [http] tls_cert\n";
  }
  // The recorder writes through its own connection: its durable batch commit
  // (an fsync) must not hold the lock the request threads read through.
  auto record_dir = config::open_data_dir(o.data_dir);
  if (!record_dir) {
    std::cerr << "embargod: " << record_dir.error().message() << '\n';
    return 1;
  }
  http::DownloadRecorder recorder(*record_dir->store, log);
  util::SystemClock system_clock;
  // Tests move time through EMBARGO_CLOCK_FILE (util/file_clock.hpp).
  std::unique_ptr<util::FileClock> test_clock = util::FileClock::from_env();
  const util::Clock& clock = test_clock ? static_cast<const util::Clock&>(*test_clock) : system_clock;
  http::DownloadArea area({*dir->store, storage::FileStore(dir->path / "files"), auth, recorder, log, clock});
  core::CaseService cases(dir->config.project, clock);
  // Team notification and the reminder thread (issue 13).
  auto team = cli::TeamSupport::open(*dir, clock);
  if (!team) {
    std::cerr << "embargod: " << team.error().message() << '\n';
    return 1;
  }
  mail::TeamMailer* team_mailer = dir->config.team.notify ? (*team)->mailer.get() : nullptr;
  cases.set_notifier(team_mailer);
  // A new plan (the plan form, POST /api/v1/cases/{id}/plan) moves the release's steps with it.
  scheduler::ReleasePlanFollower plan_follower(dir->config, dir->path, clock);
  core::planner::set_plan_follower(&plan_follower);
  notice::DutyDates duty_dates(dir->config);
  mail::ReminderLoop reminders(
      *dir->store, cases, dir->config.team.reminders, team_mailer, clock,
      std::chrono::seconds(dir->config.team.remind_interval_seconds),
      [&log](const std::string& line) { log.event("reminders", line); }, &duty_dates);
  http::FailureLimiter login_limiter(limits);
  http::WebAuth web_auth(*dir->store, clock, login_limiter);
  web_auth.set_link_lifetime(std::chrono::days(dir->config.web.reporter_link_days));
  auto totp_box = config::load_totp_key(dir->path, true);
  if (!totp_box) {
    std::cerr << "embargod: " << totp_box.error().message() << '\n';
    return 1;
  }
  // One-time codes have their own, tighter account limit than passwords (a 6-digit code is guessable): 10 wrong
  // codes per account, then one per 5 minutes, about 300 guesses a day instead of 43,000 (issue 24, finding 9).
  http::FailureLimiter code_limiter(http::RateLimits{limits.address_burst, limits.address_refill_per_s, 10, 1.0 / 300});
  http::TotpGate totp(*dir->store, **totp_box, clock, code_limiter, dir->config.project.project_name);
  web_auth.set_totp_gate(&totp);
  std::string no_encryption;
  auto encryption = http::load_report_encryption(dir->path, no_encryption);
  if (!encryption) {
    std::cerr << "embargod: " << encryption.error().message() << '\n';
    return 1;
  }
  ReporterKeys reporter_keys(*dir);
  ListReplies list_replies(*dir, cases, clock);
  http::WebApp web({*dir->store, cases, web_auth, log, clock, dir->config.project.project_name,
                    http::CasePageSettings{&dir->config, dir->path}, &totp, *encryption ? &**encryption : nullptr,
                    reporter_keys.importer(), list_replies.replier()});
  http::Router router(&log);
  area.add_routes(router);
  web.add_routes(router);
  http::TeamPages team_pages(
      {*dir->store, web_auth, log, clock, dir->config.team.reminders, dir->config.project.project_name});
  team_pages.add_routes(router);
  http::QuarantinePages quarantine_pages(
      {*dir->store, cases, web_auth, log, clock, dir->path, dir->config.project.project_name,
       [&](const std::string& raw, const std::string& id, const std::string& project) {
         return mail::receive_again(*dir->store, cases, dir->config, dir->path, clock, raw, id, project);
       }});
  quarantine_pages.add_routes(router);
  std::map<std::string, std::vector<core::Recipient>, std::less<>> recipients_by_project{
      {"", dir->config.mail.recipients()}};
  for (const auto& [name, settings] : dir->config.project_configs) {
    recipients_by_project[name] = settings->mail.recipients();
  }
  http::WebRecipients recipients(
      {*dir->store, cases, web_auth, log, std::move(recipients_by_project), dir->config.project.project_name});
  recipients.add_routes(router);
  http::Server server(so, router, log);
  if (auto listening = server.listen(); !listening) {
    std::cerr << "embargod: " << listening.error().message() << '\n';
    return 1;
  }
  std::cout << "embargod: listening on " << server.url() << std::endl;
  if (!first->empty()) {
    std::cout << "embargod: first start: created " << o.data_dir << "\n"
              << "embargod: log in at " << server.url() << "/login as admin with this password, shown once: " << *first
              << std::endl;
  }
  if (!*encryption) {
    std::cerr << "embargod: the report form has no in-browser encryption: " << no_encryption << '\n';
  }
  if (!box) {
    std::cerr << "embargod: no usercode key yet: Digest authentication is off until `embargo usercode new`\n";
  }
  // The release scheduler: its own store connection, as the recorder's.
  auto job_dir = config::open_data_dir(o.data_dir);
  if (!job_dir) {
    std::cerr << "embargod: " << job_dir.error().message() << '\n';
    return 1;
  }
  // The mail-flush thread: delivers the outbox (the release steps' notices,
  // acknowledgements, team mail) every [mail] flush_interval_seconds and
  // right after a release step was committed; its own store connection.
  auto mail_dir = config::open_data_dir(o.data_dir);
  if (!mail_dir) {
    std::cerr << "embargod: " << mail_dir.error().message() << '\n';
    return 1;
  }
  auto mailer = mail::NoticeMailer::open(dir->path, dir->config, clock);
  if (!mailer) {
    std::cerr << "embargod: mail: " << mailer.error().message() << '\n';
    return 1;
  }
  mail::OutboxOptions outbox_options;
  outbox_options.receipt_grace = std::chrono::seconds(dir->config.mail.receipt_grace_seconds);
  // Crash tests: EMBARGO_FAULT_POINT counts the points right before and
  // right after each SMTP transaction too (scheduler/fault_point.hpp).
  outbox_options.fault = [](std::string_view point) {
    scheduler::fault_point(std::string("outbox ") + std::string(point));
  };
  mail::OutboxFlusher flusher(*mail_dir->store, cases, clock, (*mailer)->transport(), outbox_options,
                              std::chrono::seconds(dir->config.mail.flush_interval_seconds),
                              [&log](const std::string& line) { log.event("mail", line); });
  // The lease renewals on SQLite: a connection of their own, so that a long
  // act (a [[publish.steps]] command) does not hold them back. Not on
  // PostgreSQL: there a renewal on a second connection conflicts with the
  // step's own record (SERIALIZABLE) and can starve it, so renewals share the
  // store's connection and a command longer than the lease may run twice.
  auto renew_dir = config::open_data_dir(o.data_dir);
  if (!renew_dir) {
    std::cerr << "embargod: " << renew_dir.error().message() << '\n';
    return 1;
  }
  bool on_sqlite = !dir->config.store_url.starts_with("postgres");
  scheduler::RunnerOptions ro;
  ro.renew_store = on_sqlite ? renew_dir->store.get() : nullptr;
  ro.lease = std::chrono::seconds(o.job_lease);
  ro.poll = std::chrono::milliseconds(o.job_poll_ms);
  // Each step done is an event in the log (what the release did, and when).
  ro.after_commit = [&flusher, &log](const core::Job& job) {
    log.event("release-step", fmt::format("{} of {} done (job {})", job.kind, job.case_id, job.id));
    flusher.wake();
  };
  scheduler::ReleaseSteps steps({cases, dir->config, dir->path, clock, {}, "embargod"});
  scheduler::JobRunner runner(
      *job_dir->store, cases, clock, [&](core::StoreTx& tx, const core::Job& job) { return steps.record(tx, job); }, ro,
      [&](core::StoreTx& view, const core::Job& job) { return steps.act(view, job); });
  runner.start();
  flusher.start();
  log.event("listening", server.url() + "; waiting for requests until SIGTERM");
  reminders.start();
  server.run();
  reminders.stop();
  runner.stop();
  flusher.stop();
  core::planner::set_plan_follower(nullptr);
  recorder.stop();
  log.event("stopped", "");
  std::cout << "embargod: stopped" << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"embargod: the embargo server", "embargod"};
  Options o;
  app.add_option("--data", o.data_dir, "Data directory")->envname("EMBARGO_DATA")->required();
  app.add_option("--listen", o.listen,
                 "Address and port to listen on (HOST:PORT; port 0 picks a free one; default 127.0.0.1:8443)");
  app.add_option("--tls-cert", o.tls_cert, "PEM certificate chain: serve HTTPS");
  app.add_option("--tls-key", o.tls_key, "PEM private key of the certificate");
  app.add_option("--access-log", o.access_log,
                 "Append the access log (JSON lines) to FILE; '-' for none (default stderr)");
  app.add_option("--threads", o.threads, "Worker threads (default: one per core)");
  app.add_option("--request-timeout", o.request_timeout, "Seconds allowed to read a request or make write progress")
      ->check(CLI::Range(1, 3600));
  app.add_option("--digest-nonce-lifetime", o.nonce_lifetime, "Seconds a Digest nonce stays valid")
      ->check(CLI::Range(5, 86400));
  app.add_option("--max-failures-per-address", o.address_failures,
                 "Failed logins an address may make before it is throttled (regains one per 10 s)")
      ->check(CLI::Range(1.0, 1e6));
  app.add_option("--max-failures-per-usercode", o.usercode_failures,
                 "Failed logins on one usercode (from addresses it never logged in from) before throttling")
      ->check(CLI::Range(1.0, 1e6));
  app.add_option("--job-lease", o.job_lease, "Seconds a node holds a release job before another may take it over")
      ->check(CLI::Range(2, 3600));
  app.add_option("--job-poll-ms", o.job_poll_ms, "Longest wait of the release scheduler between looks (ms)")
      ->check(CLI::Range(10, 60000));
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  std::signal(SIGPIPE, SIG_IGN);
  try {
    return serve(o);
  } catch (const std::exception& e) {
    std::cerr << "embargod: fatal: " << e.what() << '\n';
    return 1;
  }
}
