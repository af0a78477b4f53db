// Answering list members' questions from the case page and the API (issue 23;
// seed: "be available to answer questions"): what came in, the form, and
// the action both share. The answer itself is mail::queue_list_reply's.

#include <fmt/format.h>

#include <embargo/config/project_settings.hpp>
#include <embargo/http/server/message.hpp>
#include <embargo/http/web/web_app.hpp>
#include <embargo/http/web/web_case_page.hpp>
#include <embargo/http/web/web_html.hpp>

namespace embargo::http {

namespace {

using web_html::e;

std::string list_options(const CasePageSettings& settings) {
  std::string out;
  if (settings.config == nullptr) {
    return out;
  }
  for (const auto& l : settings.config->mail.lists) {
    out += fmt::format("<option>{}</option>", e(l.name));
  }
  return out;
}

std::string answer_form(const core::Case& c, const CasePageSettings& settings,
                        const std::vector<core::MailRecord>& questions, const AuthContext& writer) {
  std::string options;
  for (const auto& q : questions) {
    options += fmt::format("<option value=\"{}\">{} from {}</option>", e(q.message_id), e(q.subject), e(q.sender));
  }
  return fmt::format(
      "<form method=\"post\" action=\"/cases/{}/answer\"><input type=\"hidden\" name=\"csrf\" value=\"{}\">"
      "<fieldset><legend>Answer a question</legend><label>To the list <select name=\"list\">{}</select></label> "
      "<label>In reply to <select name=\"in_reply_to\">{}</select></label><label>Answer (signed and encrypted like "
      "the list's notices)<textarea name=\"message\" required></textarea></label><label><input type=\"checkbox\" "
      "name=\"exploit\" value=\"1\"> It carries exploit material (to be posted publicly after the "
      "release)</label><button>Send the answer</button></fieldset></form>",
      e(c.id), e(writer.csrf), list_options(settings), options);
}

}  // namespace

Result<std::string> answers_section(core::StoreTx& tx, const core::Case& c, const CasePageSettings& settings,
                                    const AuthContext* writer) {
  std::string team = settings.config != nullptr ? settings.config->mail.team_address : std::string();
  TRY_ASSIGN(auto mails, tx.list_mail(c.id));
  std::vector<core::MailRecord> questions;
  for (auto it = mails.rbegin(); it != mails.rend(); ++it) {
    if (mail::is_list_question(*it, c, team)) {
      questions.push_back(*it);
    }
  }
  std::string out = "<h2>Questions from the lists</h2>";
  if (questions.empty()) {
    return out + "<p>No mail from list members on this case.</p>";
  }
  out += "<table><tr><th>Received</th><th>From</th><th>Subject</th><th>Message-ID</th></tr>";
  for (const auto& q : questions) {
    out += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
                       e(short_time(q.received_at)), e(q.sender), e(q.subject), e(q.message_id));
  }
  out += "</table>";
  if (writer != nullptr && settings.config != nullptr && !settings.config->mail.lists.empty()) {
    out += answer_form(c, settings, questions, *writer);
  }
  return out;
}

Result<mail::QueuedReply> WebApp::answer_list(core::StoreTx& tx, const AuthContext& who, const std::string& id,
                                              const mail::ListReply& reply) {
  if (!who.who.is_staff()) {
    return make_error(ErrorCode::unauthorized, "only admin and team accounts answer the lists");
  }
  if (!m_d.list_replies) {
    return make_error(ErrorCode::not_supported, "this server sends no mail to the lists (no [mail] settings)");
  }
  return m_d.list_replies(tx, id, reply, who.who.name);
}

}  // namespace embargo::http
