// embargo intake mail: one message from the MTA on stdin (mail/intake.hpp).
//
// Exit codes follow sysexits(3), as MTAs expect from a pipe transport:
//   0   stored (new case, reply, duplicate, our own receipt, or quarantined)
//   65  EX_DATAERR: larger than mail.max_message_bytes (the MTA bounces it)
//   75  EX_TEMPFAIL: nothing was stored (store busy or broken, sender over
//       mail.max_per_sender_per_hour, bad configuration); the MTA retries
//
// embargo intake mail --project NAME: new threads open cases of that
// [[projects]] entry (an unconfigured NAME: 75, nothing stored).
//
// embargo intake mail --batch DIR: every message file in DIR (one message a
// file, names not starting with "."), in name order, received in groups of
// --batch-size with one transaction each (Intake::receive_batch). A file is
// removed only after its group committed durably: a removed file is a stored
// message. A file whose sender is over the hourly limit stays for the next
// run; one too large moves to DIR/rejected. After a crash, run it again: what
// was stored already is answered `duplicate` and removed. One line per file;
// exit 0 when every file was taken, 65 if one was rejected, 75 if one stays.

#include <algorithm>
#include <array>
#include <filesystem>
#include <iostream>
#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <embargo/cli/commands.hpp>
#include <embargo/cli/mail_support.hpp>
#include <embargo/config/project_settings.hpp>
#include <embargo/mail/intake.hpp>
#include <embargo/mail/intake_setup.hpp>
#include <embargo/mail/quarantine.hpp>
#include <embargo/util/file.hpp>

namespace embargo::cli {

namespace {

constexpr int k_ex_dataerr = 65;
constexpr int k_ex_tempfail = 75;

// Reads stdin up to `limit` + 1 bytes (enough to know it is too large).
Result<std::string> read_stdin(std::int64_t limit) {
  std::string data;
  std::array<char, 65536> buffer{};
  while (static_cast<std::int64_t>(data.size()) <= limit) {
    ssize_t n = ::read(STDIN_FILENO, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return make_error(ErrorCode::io_error, "cannot read the message from standard input");
    }
    if (n == 0) {
      break;
    }
    data.append(buffer.data(), static_cast<std::size_t>(n));
  }
  return data;
}

struct BatchArgs {
  std::string format;
  std::string dir;
  std::size_t size = 100;
  std::string project;  // new threads open cases of this project ("" = the server's own)
};

// Sets the project of new threads; false (the error printed) when it is not configured.
bool choose_project(Context& ctx, mail::Intake& intake, const std::string& project) {
  if (project.empty()) {
    return true;
  }
  auto chosen = intake.set_project(project);
  if (!chosen) {
    ctx.err() << "embargo: intake: " << chosen.error().message() << '\n';
  }
  return chosen.has_value();
}

// The mail settings of an intake: those of --project's entry (its GnuPG
// home decrypts the reports sent to its address; its templates and from
// address make the acknowledgement), or the server's own.
Result<std::unique_ptr<MailSupport>> open_support(Context& ctx, const std::string& project) {
  TRY_ASSIGN(config::DataDir * data, ctx.data());
  const config::ConfigFile* settings = &data->config;
  if (!project.empty()) {
    TRY_ASSIGN(settings, data->config.config_for_project(project));
  }
  return MailSupport::open(ctx, settings);
}

// The team hears of each quarantined message once (mail/quarantine.hpp), when [team] notify is on.
Result<void> tell_team_of_quarantine(Context& ctx, mail::Intake& intake) {
  TRY_ASSIGN(core::ReminderMailer * mailer, ctx.reminder_mailer());
  auto* team = dynamic_cast<mail::TeamMailer*>(mailer);
  if (team != nullptr) {
    intake.set_on_quarantine(
        mail::quarantine_notice(ctx.store(), *team, [&ctx](const std::string& line) {
          ctx.err() << "embargo: intake: " << line << '\n';
        }));
  }
  return {};
}

mail::RecipientsOf recipients_of(const config::ConfigFile& config) {
  return mail::make_recipients_of(config);
}

mail::AckFactory ack_factory(MailSupport& support, const util::Clock& clock) {
  return mail::make_ack_factory(support.mailer(), clock);
}

Result<int> run_intake(Context& ctx, const BatchArgs& a) {
  const std::string& format = a.format;
  auto data = ctx.data();
  if (!data) {
    ctx.err() << "embargo: intake: " << data.error().message() << '\n';
    return k_ex_tempfail;
  }
  auto support = open_support(ctx, a.project);
  if (!support) {
    ctx.err() << "embargo: intake: " << support.error().message() << '\n';
    return k_ex_tempfail;
  }
  MailSupport& s = **support;
  TRY_ASSIGN(std::string raw, read_stdin(s.mail().max_message_bytes));
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  TRY_ASSIGN(core::CaseService cases, ctx.case_service());
  mail::Intake intake(ctx.store(), cases, ctx.project(), s.mail(), *clock, (*data)->path, s.gpg(),
                      ack_factory(s, *clock));
  intake.set_recipients_of(recipients_of((*data)->config));
  intake.set_link_lifetime(std::chrono::days((*data)->config.web.reporter_link_days));
  TRY(tell_team_of_quarantine(ctx, intake));
  if (!choose_project(ctx, intake, a.project)) {
    return k_ex_tempfail;
  }
  auto result = intake.receive(raw);
  if (!result) {
    ctx.err() << "embargo: intake: " << result.error().message() << '\n';
    return k_ex_tempfail;
  }
  const mail::IntakeResult& r = *result;
  if (format == "json") {
    nlohmann::json j = {{"outcome", mail::to_string(r.outcome)},
                        {"case", r.case_id},
                        {"message_id", r.message_id},
                        {"reason", r.reason},
                        {"ack", r.ack_message_id},
                        {"status_reply", r.status_reply},
                        {"quarantine", r.quarantine_file.string()}};
    ctx.out() << j.dump() << '\n';
  } else {
    ctx.out() << mail::to_string(r.outcome) << ' ' << (r.case_id.empty() ? "-" : r.case_id) << ' '
              << (r.message_id.empty() ? "-" : "<" + r.message_id + ">") << '\n';
    if (!r.status_reply.empty()) {
      ctx.out() << "status reply " << r.status_reply << '\n';
    }
  }
  if (r.outcome == mail::IntakeOutcome::too_large) {
    ctx.err() << "embargo: intake: " << r.reason << '\n';
    return k_ex_dataerr;
  }
  if (r.outcome == mail::IntakeOutcome::quarantined) {
    ctx.err() << "embargo: intake: quarantined " << r.quarantine_file.string() << ": " << r.reason << '\n';
  }
  if (!r.ack_message_id.empty() && s.mail().deliver_on_intake) {
    // The message is stored: a failure here leaves the ack for `embargo mail flush`.
    auto d = s.outbox().deliver(r.ack_message_id);
    if (!d || (d->outcome != "sent" && d->outcome != "already-sent")) {
      ctx.err() << "embargo: intake: acknowledgement queued, not sent yet: "
                << (d ? d->outcome + " " + d->detail : d.error().message()) << '\n';
    }
  }
  return k_exit_ok;
}

namespace fs = std::filesystem;

Result<std::vector<fs::path>> spool_files(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file() && !entry.path().filename().string().starts_with(".")) {
      files.push_back(entry.path());
    }
  }
  if (ec) {
    return make_error(ErrorCode::io_error, fmt::format("cannot read {}: {}", dir.string(), ec.message()));
  }
  std::sort(files.begin(), files.end());
  return files;
}

void print_answer(Context& ctx, const std::string& format, const fs::path& file, const Result<mail::IntakeResult>& a) {
  std::string outcome = a ? std::string(mail::to_string(a->outcome)) : "deferred";
  if (format == "json") {
    nlohmann::json j = {{"file", file.filename().string()}, {"outcome", outcome}};
    if (a) {
      j.update(
          {{"case", a->case_id}, {"message_id", a->message_id}, {"reason", a->reason}, {"ack", a->ack_message_id}});
    } else {
      j["reason"] = a.error().message();
    }
    ctx.out() << j.dump() << '\n';
    return;
  }
  ctx.out() << file.filename().string() << ' ' << outcome << ' ' << (a && !a->case_id.empty() ? a->case_id : "-") << ' '
            << (a && !a->message_id.empty() ? "<" + a->message_id + ">" : "-");
  if (!a || !a->reason.empty()) {
    ctx.out() << " (" << (a ? a->reason : a.error().message()) << ')';
  }
  ctx.out() << '\n';
}

// Answers one group after its commit: removes what was taken; returns the exit code so far.
Result<int> settle(Context& ctx, MailSupport& s, const BatchArgs& a, const std::vector<fs::path>& group,
                   const std::vector<Result<mail::IntakeResult>>& answers) {
  int code = k_exit_ok;
  for (std::size_t i = 0; i < group.size(); ++i) {
    print_answer(ctx, a.format, group[i], answers[i]);
    if (!answers[i]) {
      code = k_ex_tempfail;
      continue;
    }
    std::error_code ec;
    if (answers[i]->outcome == mail::IntakeOutcome::too_large) {
      fs::create_directories(fs::path(a.dir) / "rejected", ec);
      fs::rename(group[i], fs::path(a.dir) / "rejected" / group[i].filename(), ec);
      code = code == k_exit_ok ? k_ex_dataerr : code;
    } else {
      fs::remove(group[i], ec);
    }
    if (ec) {
      ctx.err() << "embargo: intake: " << group[i].string() << ": " << ec.message() << '\n';
    }
    if (!answers[i]->ack_message_id.empty() && s.mail().deliver_on_intake) {
      auto d = s.outbox().deliver(answers[i]->ack_message_id);  // failures stay for `embargo mail flush`
      (void)d;
    }
  }
  TRY(util::sync_directory(a.dir));
  return code;
}

Result<int> run_intake_batch(Context& ctx, const BatchArgs& a) {
  auto data = ctx.data();
  auto support = open_support(ctx, a.project);
  if (!support) {
    ctx.err() << "embargo: intake: " << support.error().message() << '\n';
    return k_ex_tempfail;
  }
  MailSupport& s = **support;
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  TRY_ASSIGN(core::CaseService cases, ctx.case_service());
  mail::Intake intake(ctx.store(), cases, ctx.project(), s.mail(), *clock, (*data)->path, s.gpg(),
                      ack_factory(s, *clock));
  intake.set_recipients_of(recipients_of((*data)->config));
  intake.set_link_lifetime(std::chrono::days((*data)->config.web.reporter_link_days));
  TRY(tell_team_of_quarantine(ctx, intake));
  if (!choose_project(ctx, intake, a.project)) {
    return k_ex_tempfail;
  }
  TRY_ASSIGN(auto files, spool_files(a.dir));
  int code = k_exit_ok;
  for (std::size_t at = 0; at < files.size(); at += a.size) {
    std::vector<fs::path> group(files.begin() + static_cast<std::ptrdiff_t>(at),
                                files.begin() + static_cast<std::ptrdiff_t>(std::min(files.size(), at + a.size)));
    std::vector<std::string> raws;
    for (const auto& f : group) {
      TRY_ASSIGN(std::string raw, util::read_file(f));
      raws.push_back(std::move(raw));
    }
    auto answers = intake.receive_batch(std::vector<std::string_view>(raws.begin(), raws.end()));
    if (!answers) {
      ctx.err() << "embargo: intake: nothing of this group was stored: " << answers.error().message() << '\n';
      return k_ex_tempfail;
    }
    TRY_ASSIGN(int c, settle(ctx, s, a, group, *answers));
    code = std::max(code, c);
  }
  return code;
}

}  // namespace

Result<mail::IntakeResult> intake_again(Context& ctx, const std::string& raw, const std::string& quarantine_id,
                                        const std::string& project) {
  TRY_ASSIGN(config::DataDir * data, ctx.data());
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  TRY_ASSIGN(core::CaseService cases, ctx.case_service());
  TRY_ASSIGN(mail::IntakeResult r, mail::receive_again(ctx.store(), cases, data->config, data->path, *clock, raw,
                                                       quarantine_id, project));
  if (!r.ack_message_id.empty()) {
    TRY_ASSIGN(std::unique_ptr<MailSupport> s, open_support(ctx, project));
    if (s->mail().deliver_on_intake) {
      (void)s->outbox().deliver(r.ack_message_id);  // a failure stays for `embargo mail flush`
    }
  }
  return r;
}

void add_intake_commands(CLI::App& app, Context& ctx) {
  auto* intake = app.add_subcommand("intake", "Receive reports");
  intake->require_subcommand(1);
  auto args = std::make_shared<BatchArgs>();
  auto* mail = intake->add_subcommand(
      "mail", "Read one message (RFC 5322) on stdin, as an MTA's pipe transport gives it; exit 75 = retry later");
  add_format_option(mail, args->format, {"text", "json"});
  mail->add_option("--batch", args->dir,
                   "Receive every message file in DIR instead, in groups committed together; "
                   "a file is removed once stored");
  mail->add_option("--project", args->project,
                   "New threads become cases of this [[projects]] entry (its case ids, its team): for the "
                   "project's own security address; replies thread to their case whatever its project");
  mail->add_option("--batch-size", args->size, "Messages per transaction with --batch (default 100)")
      ->check(CLI::Range(1, 10000));
  mail->callback([&ctx, args] {
    run_command(ctx, [&] { return args->dir.empty() ? run_intake(ctx, *args) : run_intake_batch(ctx, *args); });
  });
}

}  // namespace embargo::cli
