#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/mail/intake.hpp>
#include <embargo/mail/outbox.hpp>
#include <embargo/mail/status_reply.hpp>
#include <embargo/util/file.hpp>
#include <embargo/util/secret.hpp>
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

std::string title_of(std::string_view subject) {
  std::string t;
  for (char c : util::trim(subject)) {
    t += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
  }
  t = cut_utf8(t, 300);
  return util::trim(t).empty() ? "(no subject)" : std::string(util::trim(t));
}

// "[EMB-2026-0001]" anywhere in the subject, for the configured prefix.
std::optional<std::string> case_tag(std::string_view subject, std::string_view prefix) {
  std::string open = fmt::format("[{}-", prefix);
  for (auto at = subject.find(open); at != std::string_view::npos; at = subject.find(open, at + 1)) {
    std::string_view rest = subject.substr(at + 1);
    auto close = rest.find(']');
    if (close == std::string_view::npos || close > 40) {
      continue;
    }
    std::string_view id = rest.substr(0, close);
    std::string_view tail = id.substr(prefix.size() + 1);
    bool ok = tail.size() >= 9 && tail[4] == '-';
    for (std::size_t i = 0; ok && i < tail.size(); ++i) {
      ok = i == 4 || (tail[i] >= '0' && tail[i] <= '9');
    }
    if (ok) {
      return std::string(id);
    }
  }
  return std::nullopt;
}

}  // namespace

struct Intake::Opened {
  bool encrypted = false;
  pgp::SignatureCheck signature;
  MimeContent content;
};

Result<IntakeResult> Intake::quarantine(std::string_view raw, const std::string& reason) {
  fs::path dir = m_data_dir / "quarantine";
  std::error_code ec;
  fs::create_directories(dir, ec);
  std::string stamp = util::format_timestamp(m_clock.now());
  std::replace(stamp.begin(), stamp.end(), ':', '-');
  std::string name = fmt::format("{}-{}", stamp, util::sha256_hex(raw).substr(0, 16));
  IntakeResult r;
  r.outcome = IntakeOutcome::quarantined;
  r.reason = reason;
  r.quarantine_file = dir / (name + ".eml");
  TRY(util::write_file_atomic(r.quarantine_file, raw, 0600));
  TRY(util::write_file_atomic(dir / (name + ".reason"), reason + "\n", 0600));
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
      TRY_ASSIGN(pgp::Decrypted d, m_gpg->decrypt_verify(c.payload));
      o.encrypted = true;
      o.signature = d.signature;
      o.content = std::move(c);
      o.content.text = std::move(d.plaintext);
      return {};
    }
    case Protection::pgp_mime_encrypted: {
      TRY(need_key());
      TRY_ASSIGN(pgp::Decrypted d, m_gpg->decrypt_verify(c.payload));
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

Result<std::string> Intake::store_file(std::string_view bytes) {
  std::string sha = util::sha256_hex(bytes);
  fs::path files = m_data_dir / "files";
  fs::path dir = files / sha.substr(0, 2);
  fs::path path = dir / sha;
  std::error_code ec;
  if (fs::exists(path, ec)) {
    return sha;
  }
  if (fs::create_directories(dir, ec)) {
    TRY(util::sync_directory(files));
  }
  if (ec) {
    return make_error(ErrorCode::io_error, fmt::format("cannot create {}: {}", dir.string(), ec.message()));
  }
  TRY(util::write_file_atomic(path, bytes, 0600));
  return sha;
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
  if (auto tag = case_tag(mail.subject, m_project.case_prefix)) {
    auto c = tx.get_case(*tag);
    if (c) {
      return std::optional(c->id);
    }
    if (c.error().code() != ErrorCode::not_found) {
      return tl::unexpected(c.error());
    }
  }
  return std::optional<std::string>{};
}

Result<IntakeResult> Intake::receive(std::string_view raw) {
  IntakeResult r;
  if (static_cast<std::int64_t>(raw.size()) > m_mail.max_message_bytes) {
    r.outcome = IntakeOutcome::too_large;
    r.reason = fmt::format("message of {} bytes is over the limit of {} (mail.max_message_bytes)", raw.size(),
                           m_mail.max_message_bytes);
    return r;
  }
  auto parsed = parse_mail(raw);
  if (!parsed) {
    return quarantine(raw, parsed.error().message());
  }
  ParsedMail& mail = *parsed;
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
    r.outcome = IntakeOutcome::receipt;
    r.message_id = mail.message_id;
    return r;
  }
  Opened opened;
  if (auto ok = open_protection(mail, opened); !ok) {
    return quarantine(raw, "mail: cannot open the OpenPGP message: " + ok.error().message());
  }
  return record(mail, opened, raw);
}

Result<IntakeResult> Intake::record(const ParsedMail& mail, const Opened& o, std::string_view raw) {
  TRY_ASSIGN(std::string raw_sha, store_file(raw));
  nlohmann::json attachments = nlohmann::json::array();
  for (const auto& a : o.content.attachments) {
    TRY_ASSIGN(std::string sha, store_file(a.data));
    attachments.push_back({{"name", a.filename}, {"type", a.content_type}, {"sha256", sha}, {"size", a.data.size()}});
  }
  // The text is in the timeline entry; a file is needed only where the raw
  // message does not hold it readably (decrypted) or the entry cuts it short.
  std::string text_sha;
  if (o.encrypted || o.content.text.size() > k_max_text_in_timeline) {
    TRY_ASSIGN(text_sha, store_file(o.content.text));
  }
  util::Timestamp now = m_clock.now();
  core::MailRecord rec{mail.message_id,
                       "",
                       mail.from_address,
                       mail.subject,
                       now,
                       raw_sha,
                       static_cast<std::int64_t>(raw.size()),
                       o.encrypted,
                       o.signature.status};
  IntakeResult r;
  r.message_id = mail.message_id;
  TRY(m_store.write([&](core::StoreTx& tx) -> Result<void> {
    r = IntakeResult{};
    r.message_id = mail.message_id;
    TRY_ASSIGN(auto dup, tx.find_mail(mail.message_id));
    if (dup) {
      r.outcome = IntakeOutcome::duplicate;
      r.case_id = dup->case_id;
      return {};
    }
    TRY_ASSIGN(std::int64_t recent, tx.count_mail_from(mail.from_address, now - std::chrono::hours(1)));
    if (recent >= m_mail.max_per_sender_per_hour) {
      return make_error(ErrorCode::busy,
                        fmt::format("{} sent {} messages in the last hour (mail.max_per_sender_per_hour "
                                    "= {}); try again later",
                                    mail.from_address, recent, m_mail.max_per_sender_per_hour));
    }
    TRY_ASSIGN(auto thread, find_thread(tx, mail));
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
      TRY_ASSIGN(c, m_cases.create(tx, input, "intake"));
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
                           {"sha256", raw_sha},
                           {"size", raw.size()},
                           {"text_sha256", text_sha},
                           {"attachments", attachments}};
    std::string text = fmt::format("Mail from {}: {}\n\n{}", mail.from_address, mail.subject,
                                   cut_utf8(o.content.text, k_max_text_in_timeline));
    TRY(m_cases.record(tx, c, "mail-received", text, "intake", data.dump()));
    if (r.outcome == IntakeOutcome::reply) {
      core::RecipientService recipients(m_cases, m_mail.recipients());
      TRY_ASSIGN(StatusReplyResult status, apply_status_reply(tx, recipients, c.id, mail, o.content, o.signature));
      r.status_reply = status.outcome == StatusReplyOutcome::none       ? ""
                       : status.outcome == StatusReplyOutcome::accepted ? "accepted: " + status.recipient
                                                                        : "rejected: " + status.reason;
    }
    if (r.outcome == IntakeOutcome::new_case && m_ack) {
      std::string token = util::random_secret(32);
      TRY(tx.insert_reporter_link(util::sha256_hex(token), c.id, now));
      std::string link = m_mail.portal_url;
      link.replace(link.find("{token}"), 7, token);
      TRY_ASSIGN(core::OutboxEntry ack, m_ack(tx, c, mail, link));
      ack.case_id = c.id;
      ack.kind = "ack";
      ack.list_name = "reporter";
      ack.created_at = now;
      TRY(tx.insert_outbox(ack));
      r.ack_message_id = ack.message_id;
    }
    return {};
  }));
  return r;
}

}  // namespace embargo::mail
