#pragma once

// The team's answer to a list member's question (issue 23; seed: "be
// available to answer questions"): `embargo notice reply`, the case page's
// answer form and POST /api/v1/cases/{id}/replies. Signed and encrypted like
// that list's notices (its policy and keys, the team's key too), with the
// list's subject tag, threaded to the question (In-Reply-To). The question is
// the message `in_reply_to` names, which must be on the case; else the latest
// mail on the case from neither the reporter nor the team.

#include <string>
#include <string_view>

#include <embargo/core/case_service.hpp>

namespace embargo::mail {

class NoticeMailer;  // mail/notice_mailer.hpp

struct ListReply {
  std::string list;         // a [[mail.lists]] name
  std::string message;      // the answer; must not be blank
  std::string in_reply_to;  // Message-ID of the question, with or without <>; empty: the latest
  // The answer carries exploit material (notice/exploit_material.hpp).
  bool exploit = false;
};

struct QueuedReply {
  std::string message_id;   // of the answer, in the outbox
  std::string question_id;  // the Message-ID it answers
};

// True for mail on case `c` from neither its reporter nor `team_address`:
// a question the team may answer.
bool is_list_question(const core::MailRecord& m, const core::Case& c, std::string_view team_address);

// Renders the answer and queues it in `tx` (the outbox delivers it, and
// records it on the timeline as mail-sent); with `exploit`, records that mark
// too. Errors name the field: "list: ...", "message: ...", "in_reply_to: ...".
Result<QueuedReply> queue_list_reply(core::StoreTx& tx, NoticeMailer& mailer, const core::CaseService& cases,
                                     const std::string& case_id, const ListReply& reply, std::string_view actor,
                                     util::Timestamp now);

}  // namespace embargo::mail
