// embargo notice reply CASE --list L --message TEXT [--in-reply-to ID]: the
// team answers a question from a list member (issue 23; seed: "be available
// to answer questions"), signed and encrypted like that list's notices (its
// policy and keys, the team's key too), with the list's subject tag,
// threaded to the question (In-Reply-To), sent through the outbox and so
// recorded on the timeline as mail-sent. The question is the message
// --in-reply-to names, which must be on the case; else the latest mail on
// the case from neither the reporter nor the team.

#include <ostream>

#include <fmt/format.h>

#include <embargo/cli/commands.hpp>
#include <embargo/cli/mail_support.hpp>
#include <embargo/core/mail_address.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::cli {

namespace {

struct ReplyArgs {
  std::string case_id;
  std::string list;
  std::string message;
  std::string in_reply_to;
};

std::string without_re(std::string subject) {
  while (subject.size() >= 3 &&
         (subject.starts_with("Re:") || subject.starts_with("RE:") || subject.starts_with("re:"))) {
    subject = std::string(util::trim(std::string_view(subject).substr(3)));
  }
  return subject;
}

// The mail being answered (see the file comment).
Result<core::MailRecord> question_of(core::StoreTx& tx, const core::Case& c, const config::MailConfig& mail,
                                     const std::string& in_reply_to) {
  if (!in_reply_to.empty()) {
    std::string id = in_reply_to;
    if (id.starts_with('<') && id.ends_with('>')) {
      id = id.substr(1, id.size() - 2);
    }
    TRY_ASSIGN(auto found, tx.find_mail(id));
    if (!found || found->case_id != c.id) {
      return make_error(ErrorCode::not_found,
                        fmt::format("--in-reply-to: no message <{}> was received on {}", id, c.id));
    }
    return *found;
  }
  TRY_ASSIGN(auto mails, tx.list_mail(c.id));
  for (auto it = mails.rbegin(); it != mails.rend(); ++it) {
    if (!util::iequals(it->sender, c.reporter.email) && !util::iequals(it->sender, mail.team_address)) {
      return *it;
    }
  }
  return make_error(
      ErrorCode::not_found,
      fmt::format("{}: no question from a list member was received; give --in-reply-to MESSAGE-ID", c.id));
}

Result<int> run_reply(Context& ctx, const ReplyArgs& a) {
  if (util::trim(a.message).empty()) {
    return make_error(ErrorCode::invalid_argument, "--message: the answer to send");
  }
  TRY(ctx.data());
  TRY_ASSIGN(const config::ConfigFile* settings, ctx.case_config(a.case_id));
  TRY_ASSIGN(auto support, MailSupport::open(ctx, settings));
  TRY_ASSIGN(const config::MailList* list, support->mail().list(a.list).map_error([](const Error& e) {
    return Error(e.code(), "--list: " + e.message());
  }));
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  std::string id;
  std::string question;
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::Case c, tx.get_case(a.case_id));
    TRY_ASSIGN(core::MailRecord q, question_of(tx, c, support->mail(), a.in_reply_to));
    notice::NoticeInput in;
    in.kind = "reply";
    in.list = list;
    in.message = a.message;
    in.reply_subject = without_re(q.subject);
    TRY_ASSIGN(notice::RenderedNotice n, support->renderer().render(tx, c, in, clock->now()));
    TRY_ASSIGN(core::OutboxEntry e, support->make_entry(c, "reply", n, list, q.message_id));
    id = e.message_id;
    question = q.message_id;
    return core::queue_mail(tx, e);
  }));
  return deliver_and_report(ctx, *support, id, fmt::format(" in reply to <{}>", question));
}

}  // namespace

void add_notice_reply_command(CLI::App* notice, Context& ctx) {
  auto args = std::make_shared<ReplyArgs>();
  auto* r = notice->add_subcommand("reply",
                                   "Answer a list member's question, signed and encrypted like the list's "
                                   "notices, threaded to it");
  r->add_option("case", args->case_id, "Case id")->required();
  r->add_option("--list", args->list, "The configured list the question came through, e.g. distros")->required();
  r->add_option("--message", args->message, "The answer")->required();
  r->add_option("--in-reply-to", args->in_reply_to,
                "Message-ID of the question (default: the latest mail on the case from a list member)");
  r->callback([&ctx, args] { run_command(ctx, [&] { return run_reply(ctx, *args); }); });
}

}  // namespace embargo::cli
