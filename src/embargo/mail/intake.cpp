#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/core/access.hpp>
#include <embargo/core/mail_address.hpp>
#include <embargo/core/project.hpp>
#include <embargo/mail/case_tag.hpp>
#include <embargo/mail/intake.hpp>
#include <embargo/mail/intake_parts.hpp>
#include <embargo/mail/outbox.hpp>
#include <embargo/mail/status_reply.hpp>
#include <embargo/util/file.hpp>
#include <embargo/util/sha256.hpp>
#include <embargo/util/strings.hpp>

namespace embargo::mail {

namespace fs = std::filesystem;

std::string_view to_string(IntakeOutcome outcome) {
  switch (outcome) {
    case IntakeOutcome::new_case:
      return "new-case";
    case IntakeOutcome::reply:
      return "reply";
    case IntakeOutcome::duplicate:
      return "duplicate";
    case IntakeOutcome::receipt:
      return "receipt";
    case IntakeOutcome::quarantined:
      return "quarantined";
    case IntakeOutcome::too_large:
      return "too-large";
  }
  return "quarantined";
}

namespace {

constexpr std::size_t k_max_text_in_timeline = 64 * 1024;

// Cuts `s` to at most `n` bytes without splitting a UTF-8 sequence.
std::string cut_utf8(std::string_view s, std::size_t n) {
  if (s.size() <= n) {
    return std::string(s);
  }
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) {
    --n;
  }
  return std::string(s.substr(0, n));
}

std::string unthreaded(const AutoMail& a) {
  return fmt::format("automatic mail ({}) that answers no case: no case opened, no reply sent", a.reason);
}

std::string title_of(std::string_view subject) {
  std::string t;
  for (char c : util::trim(subject)) {
    t += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
  }
  t = cut_utf8(t, 300);
  return util::trim(t).empty() ? "(no subject)" : std::string(util::trim(t));
}

}  // namespace

Result<void> Intake::set_project(std::string_view name) {
  TRY(core::find_project(m_project, name));
  m_new_case_project = std::string(name);
  return {};
}

Result<IntakeResult> Intake::quarantine(std::string_view raw, const std::string& reason, bool tell) {
  fs::path dir = m_data_dir / "quarantine";
  std::error_code ec;
  fs::create_directories(dir, ec);
  std::string stamp = util::format_timestamp(m_clock.now());
  std::replace(stamp.begin(), stamp.end(), ':', '-');
  std::string name = m_quarantine_name.empty() ? fmt::format("{}-{}", stamp, util::sha256_hex(raw).substr(0, 16))
                                                : m_quarantine_name;
  IntakeResult r;
  r.outcome = IntakeOutcome::quarantined;
  r.reason = reason;
  r.quarantine_file = dir / (name + ".eml");
  TRY(util::write_file_atomic(r.quarantine_file, raw, 0600));
  TRY(util::write_file_atomic(dir / (name + ".reason"), reason + "\n", 0600));
  if (!m_new_case_project.empty()) {  // a release decrypts with that project's key again
    TRY(util::write_file_atomic(dir / (name + ".project"), m_new_case_project + "\n", 0600));
  }
  if (tell && m_on_quarantine) {
    m_on_quarantine(name, reason, raw, m_new_case_project);
  }
  return r;
}

Result<void> Intake::open_protection(ParsedMail& mail, Opened& o) {
  MimeContent& c = mail.content;
  auto need_key = [&]() -> Result<void> {
    if (m_gpg == nullptr) {
      return make_error(ErrorCode::not_supported, "encrypted, and no team key is configured (mail.gnupg_home)");
    }
    return {};
  };
  // The decrypted text is held to the limit of a message: a compressed one
  // may expand without bound (issue 24, 7).
  auto max_plaintext = static_cast<std::size_t>(m_mail.max_message_bytes);
  auto verify = [&](const Result<pgp::SignatureCheck>& check) {
    o.signature = check ? *check : pgp::SignatureCheck{"error", ""};
  };
  switch (c.protection) {
    case Protection::none:
      o.content = std::move(c);
      return {};
    case Protection::pgp_mime_signed:
      if (m_gpg != nullptr) {
        verify(m_gpg->verify_detached(c.signed_data, c.payload));
      } else {
        o.signature.status = "error";
      }
      o.content = std::move(c);
      return {};
    case Protection::inline_signed: {
      std::string plain;
      verify(m_gpg != nullptr ? m_gpg->verify_clearsigned(c.payload, plain)
                              : Result<pgp::SignatureCheck>(pgp::SignatureCheck{"error", ""}));
      o.content = std::move(c);
      return {};
    }
    case Protection::inline_encrypted: {
      TRY(need_key());
      TRY_ASSIGN(pgp::Decrypted d, m_gpg->decrypt_verify(c.payload, max_plaintext));
      o.encrypted = true;
      o.signature = d.signature;
      o.content = std::move(c);
      o.content.text = std::move(d.plaintext);
      return {};
    }
    case Protection::pgp_mime_encrypted: {
      TRY(need_key());
      TRY_ASSIGN(pgp::Decrypted d, m_gpg->decrypt_verify(c.payload, max_plaintext));
      o.encrypted = true;
      o.signature = d.signature;
      TRY_ASSIGN(o.content, parse_mime_entity(d.plaintext));
      if (o.content.protection == Protection::pgp_mime_signed) {  // signed, then encrypted (RFC 3156 6.1)
        verify(m_gpg->verify_detached(o.content.signed_data, o.content.payload));
      }
      return {};
    }
  }
  return {};
}

Result<std::optional<std::string>> Intake::find_thread(core::StoreTx& tx, const ParsedMail& mail) {
  std::vector<std::string> ids = mail.references;
  if (!mail.in_reply_to.empty()) {
    ids.insert(ids.begin(), mail.in_reply_to);
  }
  for (const auto& id : ids) {
    TRY_ASSIGN(auto in, tx.find_mail(id));
    if (in) {
      return std::optional(in->case_id);
    }
    TRY_ASSIGN(auto out, tx.find_outbox(id));
    if (out) {
      return std::optional(out->case_id);
    }
  }
  for (const auto& tag : case_tags(mail.subject, case_prefixes(m_project))) {
    auto c = tx.get_case(tag);
    if (c) {
      return std::optional(c->id);
    }
    if (c.error().code() != ErrorCode::not_found) {
      return tl::unexpected(c.error());
    }
  }
  return std::optional<std::string>{};
}

Result<Intake::Prepared> Intake::prepare(std::string_view raw, FileSync* batch) {
  Prepared p;
  p.raw = raw;
  p.now = m_clock.now();
  if (static_cast<std::int64_t>(raw.size()) > m_mail.max_message_bytes) {
    IntakeResult r;
    r.outcome = IntakeOutcome::too_large;
    r.reason = fmt::format("message of {} bytes is over the limit of {} (mail.max_message_bytes)", raw.size(),
                           m_mail.max_message_bytes);
    p.done = r;
    return p;
  }
  auto parsed = parse_mail(raw);
  if (!parsed) {
    TRY_ASSIGN(p.done, quarantine(raw, parsed.error().message()));
    return p;
  }
  p.mail = std::move(*parsed);
  ParsedMail& mail = p.mail;
  if (mail.message_id.empty()) {
    mail.message_id = fmt::format("sha256-{}@embargo.invalid", util::sha256_hex(raw));
  }
  bool ours = false;
  TRY(m_store.read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto entry, tx.find_outbox(mail.message_id));
    ours = entry.has_value();
    return {};
  }));
  bool receipt = false;
  if (ours) {
    TRY(m_store.write([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(receipt, Outbox::note_receipt(tx, m_cases, mail.message_id, m_clock.now()));
      return {};
    }));
  }
  if (receipt) {
    IntakeResult r;
    r.outcome = IntakeOutcome::receipt;
    r.message_id = mail.message_id;
    p.done = r;
    return p;
  }
  p.automatic = classify_automatic(mail);
  if (p.automatic.kind != AutoKind::person) {
    std::optional<std::string> thread;
    TRY(m_store.read([&](core::StoreTx& tx) -> Result<void> {
      TRY_ASSIGN(thread, find_thread(tx, mail));
      return {};
    }));
    if (!thread) {
      TRY_ASSIGN(p.done, quarantine(raw, unthreaded(p.automatic), false));
      return p;
    }
  }
  if (auto ok = open_protection(mail, p.opened); !ok) {
    TRY_ASSIGN(p.done, quarantine(raw, "mail: cannot open the OpenPGP message: " + ok.error().message()));
    return p;
  }
  if (p.automatic.kind == AutoKind::person) {
    p.key = offered_key(m_gpg, p.opened.signature, p.opened.content);
  }
  TRY_ASSIGN(p.raw_sha, store_file(raw, batch));
  p.size = static_cast<std::int64_t>(raw.size());
  for (const auto& a : p.opened.content.attachments) {
    TRY_ASSIGN(std::string sha, store_file(a.data, batch));
    p.attachments.push_back({{"name", a.filename}, {"type", a.content_type}, {"sha256", sha}, {"size", a.data.size()}});
  }
  // The text is in the timeline entry; a file is needed only where the raw
  // message does not hold it readably (decrypted) or the entry cuts it short.
  if (p.opened.encrypted || p.opened.content.text.size() > k_max_text_in_timeline) {
    TRY_ASSIGN(p.text_sha, store_file(p.opened.content.text, batch));
  }
  return p;
}

Result<IntakeResult> Intake::receive(std::string_view raw) {
  TRY_ASSIGN(Prepared p, prepare(raw, nullptr));
  if (p.done) {
    return *p.done;
  }
  IntakeResult r;
  TRY(m_store.write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto over, over_rate(tx, p));
    if (over) {
      return make_error(ErrorCode::busy, *over);
    }
    TRY_ASSIGN(r, record_in(tx, p));
    return {};
  }));
  return r;
}

Result<std::optional<std::string>> Intake::over_rate(core::StoreTx& tx, const Prepared& p) {
  TRY_ASSIGN(auto dup, tx.find_mail(p.mail.message_id));
  if (dup) {
    return std::optional<std::string>{};  // a duplicate is answered, whoever sent it
  }
  TRY_ASSIGN(std::int64_t recent, tx.count_mail_from(p.mail.from_address, p.now - std::chrono::hours(1)));
  if (recent < m_mail.max_per_sender_per_hour) {
    return std::optional<std::string>{};
  }
  return std::optional(
      fmt::format("{} sent {} messages in the last hour (mail.max_per_sender_per_hour "
                  "= {}); try again later",
                  p.mail.from_address, recent, m_mail.max_per_sender_per_hour));
}

Result<IntakeResult> Intake::record_in(core::StoreTx& tx, const Prepared& p) {
  const ParsedMail& mail = p.mail;
  const Opened& o = p.opened;
  core::MailRecord rec{mail.message_id, "",     mail.from_address, mail.subject,      p.now,
                       p.raw_sha,       p.size, o.encrypted,       o.signature.status};
  IntakeResult r;
  r.message_id = mail.message_id;
  TRY_ASSIGN(auto dup, tx.find_mail(mail.message_id));
  if (dup) {
    r.outcome = IntakeOutcome::duplicate;
    r.case_id = dup->case_id;
    return r;
  }
  TRY_ASSIGN(auto thread, find_thread(tx, mail));
  if (!thread && p.automatic.kind != AutoKind::person) {
    // Its case went away since prepare() looked: still never a new case.
    return quarantine(p.raw, unthreaded(p.automatic), false);
  }
  core::Case c;
  if (thread) {
    r.outcome = IntakeOutcome::reply;
    TRY_ASSIGN(c, tx.get_case(*thread));
  } else {
    r.outcome = IntakeOutcome::new_case;
    core::NewCase input;
    input.title = title_of(mail.subject);
    input.reporter.name = mail.from_name;
    input.reporter.email = mail.from_address;
    if (m_new_case_project.empty()) {
      TRY_ASSIGN(c, m_cases.create(tx, input, "intake"));
    } else {
      TRY_ASSIGN(c, core::create_project_case(tx, m_project, m_cases, m_new_case_project, input, "intake"));
    }
  }
  r.case_id = c.id;
  rec.case_id = c.id;
  TRY(tx.insert_mail(rec));
  nlohmann::json data = {{"message_id", mail.message_id},
                         {"from", mail.from_address},
                         {"subject", mail.subject},
                         {"encrypted", o.encrypted},
                         {"signature", o.signature.status},
                         {"signer", o.signature.fingerprint},
                         {"sha256", p.raw_sha},
                         {"size", p.size},
                         {"text_sha256", p.text_sha},
                         {"attachments", p.attachments}};
  std::string from = mail.from_address;
  if (p.automatic.kind != AutoKind::person) {
    data["automatic"] = p.automatic.reason;
    from += fmt::format(" (automatic: {}; not answered)", p.automatic.reason);
  }
  std::string text =
      fmt::format("Mail from {}: {}\n\n{}", from, mail.subject, cut_utf8(o.content.text, k_max_text_in_timeline));
  TRY(m_cases.record(tx, c, "mail-received", text, "intake", data.dump()));
  bool from_reporter = r.outcome == IntakeOutcome::new_case || util::to_lower(c.reporter.email) == mail.from_address;
  if (from_reporter && p.automatic.kind == AutoKind::person) {
    TRY(take_reporter_key(tx, c, p));
  }
  bool from_program = p.automatic.kind == AutoKind::auto_submitted || p.automatic.kind == AutoKind::bounce;
  if (r.outcome == IntakeOutcome::reply && !from_program) {
    std::vector<core::Recipient> of_case;
    if (m_recipients_of) {
      TRY_ASSIGN(of_case, m_recipients_of(tx, c.id));
    } else {
      of_case = m_mail.recipients();
    }
    core::RecipientService recipients(m_cases, std::move(of_case));
    TRY_ASSIGN(StatusReplyResult status, apply_status_reply(tx, recipients, c.id, mail, o.content, o.signature));
    r.status_reply = status.outcome == StatusReplyOutcome::none       ? ""
                     : status.outcome == StatusReplyOutcome::accepted ? "accepted: " + status.recipient
                                                                      : "rejected: " + status.reason;
  }
  if (r.outcome == IntakeOutcome::new_case && m_ack) {
    TRY_ASSIGN(std::string link, ack_link(tx, c, p));
    TRY_ASSIGN(core::OutboxEntry ack, m_ack(tx, c, mail, link));
    ack.case_id = c.id;
    ack.kind = "ack";
    ack.list_name = "reporter";
    ack.created_at = p.now;
    TRY(core::queue_mail(tx, ack));
    r.ack_message_id = ack.message_id;
  }
  return r;
}

// The key the reporter's message offers becomes the case's reporter key; a
// refused one is noted on the timeline while the case has none (the message
// is stored either way).
Result<void> Intake::take_reporter_key(core::StoreTx& tx, core::Case& c, const Prepared& p) {
  if (!p.key.fingerprint.empty() && p.key.fingerprint != c.reporter.key_fingerprint) {
    core::CaseEdit edit;
    edit.reporter_key = p.key.fingerprint;
    TRY_ASSIGN(c, m_cases.edit(tx, c.id, edit, "intake"));
    return {};
  }
  if (!p.key.problem.empty() && c.reporter.key_fingerprint.empty()) {
    TRY(m_cases.record(tx, c, core::entry_kind::k_note,
                       fmt::format("The reporter's key was not taken: {}", p.key.problem), "intake"));
  }
  return {};
}

// The private link for the acknowledgement, or "" when it may not go in
// clear text (intake.hpp, AckFactory).
Result<std::string> Intake::ack_link(core::StoreTx& tx, const core::Case& c, const Prepared& p) {
  bool sealed = encrypts_to_reporter(m_gpg, m_mail, c.reporter);
  bool clear_ok = !p.opened.encrypted && m_mail.reporter_encryption == config::ReporterEncryption::when_possible;
  if (!sealed && !clear_ok) {
    return std::string();
  }
  TRY_ASSIGN(std::string token, core::issue_reporter_link(tx, c.id, "acknowledgement mail", p.now, m_link_lifetime));
  std::string link = m_mail.portal_url;
  link.replace(link.find("{token}"), 7, token);
  return link;
}

}  // namespace embargo::mail
