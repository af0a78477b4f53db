// embargo intake mail: one message from the MTA on stdin (mail/intake.hpp).
//
// Exit codes follow sysexits(3), as MTAs expect from a pipe transport:
//   0   stored (new case, reply, duplicate, our own receipt, or quarantined)
//   65  EX_DATAERR: larger than mail.max_message_bytes (the MTA bounces it)
//   75  EX_TEMPFAIL: nothing was stored (store busy or broken, sender over
//       mail.max_per_sender_per_hour, bad configuration); the MTA retries

#include <array>
#include <iostream>
#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <embargo/cli/commands.hpp>
#include <embargo/cli/mail_support.hpp>
#include <embargo/mail/intake.hpp>

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

mail::AckFactory ack_factory(MailSupport& support, const util::Clock& clock) {
  return [&support, &clock](core::StoreTx& tx, const core::Case& c, const mail::ParsedMail& m,
                            const std::string& link) -> Result<core::OutboxEntry> {
    notice::NoticeInput input;
    input.kind = "ack";
    input.link = link;
    TRY_ASSIGN(notice::RenderedNotice rendered, support.renderer().render(tx, c, input, clock.now()));
    return support.make_entry(c, "ack", rendered, nullptr, m.message_id);
  };
}

Result<int> run_intake(Context& ctx, const std::string& format) {
  auto data = ctx.data();
  if (!data) {
    ctx.err() << "embargo: intake: " << data.error().message() << '\n';
    return k_ex_tempfail;
  }
  auto support = MailSupport::open(ctx);
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

}  // namespace

void add_intake_commands(CLI::App& app, Context& ctx) {
  auto* intake = app.add_subcommand("intake", "Receive reports");
  intake->require_subcommand(1);
  auto format = std::make_shared<std::string>();
  auto* mail = intake->add_subcommand(
      "mail", "Read one message (RFC 5322) on stdin, as an MTA's pipe transport gives it; exit 75 = retry later");
  add_format_option(mail, *format, {"text", "json"});
  mail->callback([&ctx, format] { run_command(ctx, [&] { return run_intake(ctx, *format); }); });
}

}  // namespace embargo::cli
