#include <cstdlib>

#include <fmt/format.h>
#include <unistd.h>

#include <embargo/cli/commands.hpp>
#include <embargo/cli/mail_support.hpp>

namespace embargo::cli {

namespace {

// EMBARGO_FAULT=before-send|after-send: the process dies there (crash tests).
void fault(std::string_view point) {
  const char* f = std::getenv("EMBARGO_FAULT");
  if (f != nullptr && point == f) {
    ::_exit(99);
  }
}

}  // namespace

Result<std::unique_ptr<MailSupport>> MailSupport::open(Context& ctx, const config::ConfigFile* settings) {
  TRY_ASSIGN(config::DataDir * data, ctx.data());
  TRY_ASSIGN(core::CaseService cases, ctx.case_service());
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  std::unique_ptr<MailSupport> s(new MailSupport(cases));
  TRY_ASSIGN(s->m_mailer, mail::NoticeMailer::open(data->path, settings != nullptr ? *settings : data->config, *clock));
  mail::OutboxOptions options;
  options.receipt_grace = std::chrono::seconds(s->mail().receipt_grace_seconds);
  options.fault = fault;
  s->m_outbox = std::make_unique<mail::Outbox>(ctx.store(), s->m_cases, *clock, s->m_mailer->transport(), options);
  return s;
}

Result<int> deliver_and_report(Context& ctx, MailSupport& support, const std::string& id, std::string_view what) {
  TRY_ASSIGN(mail::Delivery d, support.outbox().deliver(id));
  ctx.out() << fmt::format("{} <{}>{}{}\n", d.outcome, id, what, d.detail.empty() ? "" : ": " + d.detail);
  if (d.outcome == "sent" || d.outcome == "already-sent") {
    return k_exit_ok;
  }
  ctx.err() << "embargo: notice: not sent yet; it stays in the outbox and `embargo mail flush` delivers it\n";
  return k_exit_error;
}

}  // namespace embargo::cli
