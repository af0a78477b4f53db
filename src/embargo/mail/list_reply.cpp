#include <fmt/format.h>

#include <embargo/core/mail_address.hpp>
#include <embargo/mail/list_reply.hpp>
#include <embargo/mail/notice_mailer.hpp>
#include <embargo/notice/exploit_material.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::mail {

namespace {

std::string without_re(std::string subject) {
  while (subject.size() >= 3 &&
         (subject.starts_with("Re:") || subject.starts_with("RE:") || subject.starts_with("re:"))) {
    subject = std::string(util::trim(std::string_view(subject).substr(3)));
  }
  return subject;
}

// The mail being answered (see the header).
Result<core::MailRecord> question_of(core::StoreTx& tx, const core::Case& c, const config::MailConfig& mail,
                                     const std::string& in_reply_to) {
  if (!in_reply_to.empty()) {
    std::string id = in_reply_to;
    if (id.starts_with('<') && id.ends_with('>')) {
      id = id.substr(1, id.size() - 2);
    }
    TRY_ASSIGN(auto found, tx.find_mail(id));
    if (!found || found->case_id != c.id) {
      return make_error(ErrorCode::invalid_argument,
                        fmt::format("in_reply_to: no message <{}> was received on {}", id, c.id));
    }
    return *found;
  }
  TRY_ASSIGN(auto mails, tx.list_mail(c.id));
  for (auto it = mails.rbegin(); it != mails.rend(); ++it) {
    if (is_list_question(*it, c, mail.team_address)) {
      return *it;
    }
  }
  return make_error(ErrorCode::invalid_argument,
                    fmt::format("{}: no question from a list member was received; give in_reply_to (the question's "
                                "Message-ID)",
                                c.id));
}

}  // namespace

bool is_list_question(const core::MailRecord& m, const core::Case& c, std::string_view team_address) {
  return !util::iequals(m.sender, c.reporter.email) && !util::iequals(m.sender, team_address);
}

Result<QueuedReply> queue_list_reply(core::StoreTx& tx, NoticeMailer& mailer, const core::CaseService& cases,
                                     const std::string& case_id, const ListReply& reply, std::string_view actor,
                                     util::Timestamp now) {
  if (util::trim(reply.message).empty()) {
    return make_error(ErrorCode::invalid_argument, "message: the answer to send must not be empty");
  }
  TRY_ASSIGN(const config::MailList* list, mailer.mail().list(reply.list).map_error([](const Error& e) {
    return Error(ErrorCode::invalid_argument, "list: " + e.message());
  }));
  TRY_ASSIGN(core::Case c, tx.get_case(case_id));
  TRY_ASSIGN(core::MailRecord q, question_of(tx, c, mailer.mail(), reply.in_reply_to));
  notice::NoticeInput in;
  in.kind = "reply";
  in.list = list;
  in.message = reply.message;
  in.reply_subject = without_re(q.subject);
  TRY_ASSIGN(notice::RenderedNotice n, mailer.renderer().render(tx, c, in, now));
  TRY_ASSIGN(core::OutboxEntry e, mailer.make_entry(c, "reply", n, list, q.message_id));
  TRY(core::queue_mail(tx, e));
  if (reply.exploit) {
    TRY(notice::record_exploit(cases, tx, c.id, *list, e.message_id, actor));
  }
  return QueuedReply{e.message_id, q.message_id};
}

}  // namespace embargo::mail
