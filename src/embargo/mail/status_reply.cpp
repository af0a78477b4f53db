#include <embargo/mail/status_reply.hpp>

#include <algorithm>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/core/status_reply.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::mail {

namespace {

bool same_fingerprint(std::string_view a, std::string_view b) {
  auto clean = [](std::string_view s) {
    std::string out;
    for (char c : s) {
      if (c != ' ') {
        out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
      }
    }
    return out;
  };
  std::string x = clean(a);
  return x.size() >= 40 && x == clean(b);
}

const core::Recipient* signed_by(const core::RecipientService& rs, const pgp::SignatureCheck& sig) {
  if (sig.status != "good" || sig.fingerprint.empty()) {
    return nullptr;
  }
  for (const auto& r : rs.recipients()) {
    for (const auto& key : r.keys) {
      if (same_fingerprint(key, sig.fingerprint)) {
        return &r;
      }
    }
  }
  return nullptr;
}

std::vector<const core::Recipient*> by_address(const core::RecipientService& rs, std::string_view from) {
  std::vector<const core::Recipient*> out;
  for (const auto& r : rs.recipients()) {
    for (const auto& c : r.contacts) {
      if (util::iequals(c, from)) {
        out.push_back(&r);
        break;
      }
    }
  }
  return out;
}

// True when the reply names a notice of this case sent to `list`.
Result<bool> answers_notice(core::StoreTx& tx, std::string_view case_id, std::string_view list,
                            const ParsedMail& mail) {
  std::vector<std::string> ids = mail.references;
  if (!mail.in_reply_to.empty()) {
    ids.push_back(mail.in_reply_to);
  }
  for (const auto& id : ids) {
    TRY_ASSIGN(auto out, tx.find_outbox(id));
    if (out && out->case_id == case_id && out->list_name == list && out->kind != "ack") {
      return true;
    }
  }
  return false;
}

// The text the signature covers; nullopt when it covers none of it.
std::optional<std::string> signed_text(const MimeContent& content) {
  switch (content.protection) {
    case Protection::pgp_mime_signed: {
      auto part = parse_mime_entity(content.signed_data);
      return part ? std::optional(part->text) : std::nullopt;
    }
    case Protection::none:  // the whole plaintext of an encrypted and signed message
      return content.text;
    default:
      return std::nullopt;
  }
}

}  // namespace

Result<StatusReplyResult> apply_status_reply(core::StoreTx& tx, const core::RecipientService& recipients,
                                             std::string_view case_id, const ParsedMail& mail,
                                             const MimeContent& content, const pgp::SignatureCheck& signature) {
  StatusReplyResult result;
  // A signature counts only over text that names the case and holds the keywords.
  std::string covered_text;
  bool covered = false;
  if (const core::Recipient* signer = signed_by(recipients, signature); signer != nullptr) {
    if (auto text = signed_text(content); text && text->find(case_id) != std::string::npos) {
      auto in_signed = core::parse_status_reply(*text);
      covered = !in_signed || in_signed->has_value();  // else keywords, if any, are outside what was signed
      covered_text = std::move(*text);
    }
  }
  const std::string& text = covered ? covered_text : content.text;
  auto parsed = core::parse_status_reply(text);
  if (parsed && !parsed->has_value()) {
    return result;  // an ordinary reply
  }
  nlohmann::json data = {{"message_id", mail.message_id},
                         {"from", mail.from_address},
                         {"signature", signature.status},
                         {"signer", signature.fingerprint}};
  auto reject = [&](std::string reason) -> Result<StatusReplyResult> {
    result.outcome = StatusReplyOutcome::rejected;
    result.reason = std::move(reason);
    data["reason"] = result.reason;
    TRY(recipients.record_rejected(tx, case_id, fmt::format("{} (from {})", result.reason, mail.from_address),
                                   data.dump(), "intake"));
    return result;
  };
  if (!parsed) {
    return reject(parsed.error().message());
  }
  const core::Recipient* who = covered ? signed_by(recipients, signature) : nullptr;
  std::string via = "mail (signed)";
  if (who == nullptr) {
    auto candidates = by_address(recipients, mail.from_address);
    if (candidates.empty()) {
      return reject("not signed by a recipient's key and not from a recipient's address");
    }
    if (candidates.size() > 1) {
      return reject("the sender's address belongs to several recipients; sign the reply");
    }
    TRY_ASSIGN(bool answers, answers_notice(tx, case_id, candidates.front()->list, mail));
    if (!answers) {
      return reject(fmt::format("from {}'s address but not a reply to a notice of this case sent to {}",
                                candidates.front()->name, candidates.front()->list));
    }
    who = candidates.front();
    via = "mail (address and reference)";
  }
  const core::StatusReply& reply = **parsed;
  core::StatusChange change{who->name, reply.vulnerability, reply.status, reply.statement, via};
  auto done = recipients.set_status(tx, case_id, change, fmt::format("mail:{}", who->name));
  if (!done) {
    if (done.error().code() != ErrorCode::invalid_argument) {
      return tl::unexpected(done.error());
    }
    return reject(done.error().message());
  }
  result.outcome = StatusReplyOutcome::accepted;
  result.recipient = who->name;
  return result;
}

}  // namespace embargo::mail
