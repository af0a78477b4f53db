#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/cli/case_reporter.hpp>
#include <embargo/cli/mail_support.hpp>
#include <embargo/core/case_json.hpp>
#include <embargo/core/mail_address.hpp>
#include <embargo/util/file.hpp>

namespace embargo::cli {

namespace {

constexpr std::string_view k_kind = "public-route";

tl::unexpected<Error> key_error(const std::string& path, std::string_view problem) {
  return make_error(ErrorCode::invalid_argument, fmt::format("--reporter-key: {}: {}", path, problem));
}

struct ReportText {
  std::string subject;
  std::string text;
  util::Timestamp at{};
};

// The first thing the reporter sent: a mail (its full text, decrypted) or a
// portal message.
Result<ReportText> report_text(core::StoreTx& tx, const std::filesystem::path& data, const core::Case& c) {
  std::optional<ReportText> found;
  TRY(tx.for_each_timeline_entry(c.id, [&](const core::TimelineEntry& e) -> Result<void> {
    if (found) {
      return {};
    }
    if (e.kind == core::entry_kind::k_reporter_message) {
      found = ReportText{c.title, e.text, e.at};
    } else if (e.kind == "mail-received") {
      auto j = nlohmann::json::parse(e.data, nullptr, false);
      ReportText r{j.is_object() ? j.value("subject", c.title) : c.title, "", e.at};
      auto cut = e.text.find("\n\n");
      r.text = cut == std::string::npos ? "" : e.text.substr(cut + 2);
      std::string sha = j.is_object() ? j.value("text_sha256", "") : "";
      if (sha.size() > 2) {
        TRY_ASSIGN(r.text, util::read_file(data / "files" / sha.substr(0, 2) / sha));
      }
      found = std::move(r);
    }
    return {};
  }));
  if (!found) {
    return make_error(
        ErrorCode::invalid_argument,
        fmt::format("--forward: {} holds no report text (no mail or portal message from the reporter)", c.id));
  }
  return *found;
}

std::string forwarded_body(const config::MailConfig& mail, const core::Case& c, const ReportText& r,
                           std::string_view why) {
  return fmt::format(
      "This report came to {} <{}> on {} ({}). The team does not treat it as a\n"
      "security issue ({}), so it continues here, in public.\n\n"
      "----- the report -----\n{}{}",
      mail.team_name, mail.team_address, util::format_timestamp_human(r.at), c.id, why, r.text,
      r.text.ends_with('\n') ? "" : "\n");
}

// The report to mail.bugs_address: signed by the team when it can sign.
Result<core::OutboxEntry> bugs_entry(MailSupport& s, const core::Case& c, const ReportText& r, std::string_view why,
                                     util::Timestamp now) {
  const config::MailConfig& mail = s.mail();
  mail::OutgoingMessage m;
  m.from = fmt::format("{} <{}>", mail.team_name, mail.team_address);
  m.to = {mail.bugs_address};
  m.subject = r.subject;
  m.body = forwarded_body(mail, c, r, why);
  m.message_id = mail::new_message_id(mail.team_address);
  m.date = now;
  m.auto_submitted = "auto-generated";
  mail::PgpOptions p;
  if (s.gpg() != nullptr && !mail.signing_key.empty()) {
    p.mode = mail::Protect::sign;
    p.gpg = s.gpg();
    p.signer = mail.signing_key;
  }
  core::OutboxEntry e;
  TRY_ASSIGN(e.message, mail::build_message(m, p));
  e.message_id = m.message_id;
  e.case_id = c.id;
  e.kind = std::string(k_kind);
  e.list_name = "bugs";
  e.envelope_from = mail.team_address;
  e.recipients = {mail.bugs_address, mail.team_address};  // the receipt copy is last (outbox.hpp)
  e.created_at = now;
  return e;
}

notice::RenderedNotice reporter_note(const config::MailConfig& mail, const core::Case& c, std::string_view why) {
  std::string where =
      mail.bugs_address.empty()
          ? std::string("passed its text on to the\nproject's public bug tracker")
          : fmt::format("forwarded its text to the\nproject's public bug address, {},", mail.bugs_address);
  return {fmt::format("[{}] Not a security issue: {}", c.id, c.title),
          fmt::format("Hello{},\n\nwe have looked at your report {} and do not treat it as a security\nissue: {}.\n\n"
                      "So that it can still be fixed, we have {}\nwhere it continues in public.\n\n-- \n{} <{}>\n",
                      c.reporter.name.empty() ? "" : " " + c.reporter.name, c.id, why, where, mail.team_name,
                      mail.team_address)};
}

struct Forwarded {
  core::Case moved;
  ReportText report;
  std::string bugs_id;      // the outbox entry to bugs_address, or empty
  std::string reporter_id;  // the note to the reporter, or empty (no address)
};

Result<Forwarded> forward_in(core::StoreTx& tx, Context& ctx, MailSupport& s, const core::CaseService& service,
                             const std::string& case_id, const std::string& why, util::Timestamp now) {
  Forwarded f;
  TRY_ASSIGN(f.moved, service.move(tx, case_id, core::CaseState::rejected, why, ctx.actor()));
  TRY_ASSIGN(config::DataDir * data, ctx.data());
  TRY_ASSIGN(f.report, report_text(tx, data->path, f.moved));
  if (!s.mail().bugs_address.empty()) {
    TRY_ASSIGN(core::OutboxEntry e, bugs_entry(s, f.moved, f.report, why, now));
    TRY(core::queue_mail(tx, e));
    f.bugs_id = e.message_id;
  }
  if (!f.moved.reporter.email.empty()) {
    TRY_ASSIGN(core::OutboxEntry e, s.make_entry(f.moved, k_kind, reporter_note(s.mail(), f.moved, why), nullptr, ""));
    TRY(core::queue_mail(tx, e));
    f.reporter_id = e.message_id;
  }
  std::string text = fmt::format("Not a security issue: the report went to the public route ({}); {}",
                                 f.bugs_id.empty() ? "printed for the public tracker"
                                                   : fmt::format("{} as <{}>", s.mail().bugs_address, f.bugs_id),
                                 f.reporter_id.empty() ? "the reporter has no mail address and was not told"
                                                       : fmt::format("the reporter was told as <{}>", f.reporter_id));
  nlohmann::json data_json = {
      {"bugs_address", s.mail().bugs_address}, {"message_id", f.bugs_id}, {"reporter_message_id", f.reporter_id}};
  TRY_ASSIGN(core::Case c, tx.get_case(case_id));
  TRY(service.record(tx, c, k_kind, text, ctx.actor(), data_json.dump()));
  f.moved = c;
  return f;
}

std::string delivered(MailSupport& s, const std::string& id) {
  auto d = s.outbox().deliver(id);
  if (!d) {
    return "queued (" + d.error().message() + "); `embargo mail flush` sends it";
  }
  return d->outcome + (d->detail.empty() ? "" : " " + d->detail);
}

}  // namespace

Result<std::string> reporter_key_from_file(Context& ctx, std::string_view case_id, const std::string& path) {
  if (path.empty() || path == "none") {
    return std::string();
  }
  auto armored = util::read_file(path);
  if (!armored) {
    return key_error(path, armored.error().message());
  }
  TRY(ctx.data());
  TRY_ASSIGN(const config::ConfigFile* settings, ctx.case_config(case_id));
  TRY_ASSIGN(auto support, MailSupport::open(ctx, settings));
  if (support->gpg() == nullptr) {
    return key_error(path, "the team has no GnuPG home (mail.gnupg_home) to keep the key in");
  }
  auto fpr = support->gpg()->import_encryption_key(*armored);
  if (!fpr) {
    return key_error(path, fpr.error().message());
  }
  return *fpr;
}

Result<int> move_rejected_forward(Context& ctx, const std::string& case_id, const std::string& why,
                                  const std::string& format) {
  if (ctx.remote()) {
    return make_error(ErrorCode::not_supported, "--forward: works on the local data directory only");
  }
  TRY(ctx.data());
  TRY_ASSIGN(const config::ConfigFile* settings, ctx.case_config(case_id));
  TRY_ASSIGN(auto support, MailSupport::open(ctx, settings));
  TRY_ASSIGN(core::CaseService service, ctx.case_service());
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  Forwarded f;
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(f, forward_in(tx, ctx, *support, service, case_id, why, clock->now()));
    return {};
  }));
  std::string bugs = f.bugs_id.empty() ? "" : delivered(*support, f.bugs_id);
  std::string reporter = f.reporter_id.empty() ? "" : delivered(*support, f.reporter_id);
  if (format == "json") {
    nlohmann::json j = {{"case", core::to_json(f.moved)},
                        {"bugs_address", support->mail().bugs_address},
                        {"message_id", f.bugs_id},
                        {"reporter_message_id", f.reporter_id}};
    if (f.bugs_id.empty()) {
      j["report"] = {{"subject", f.report.subject}, {"text", f.report.text}};
    }
    ctx.out() << j.dump(2) << '\n';
    return k_exit_ok;
  }
  ctx.out() << fmt::format("{} is now rejected\n", f.moved.id);
  if (f.bugs_id.empty()) {
    ctx.out() << "No mail.bugs_address: paste this into the public tracker:\n\nSubject: " << f.report.subject << "\n\n"
              << forwarded_body(support->mail(), f.moved, f.report, why) << '\n';
  } else {
    ctx.out() << fmt::format("forwarded to {}: {} <{}>\n", support->mail().bugs_address, bugs, f.bugs_id);
  }
  if (!f.reporter_id.empty()) {
    ctx.out() << fmt::format("reporter told: {} <{}>\n", reporter, f.reporter_id);
  }
  return k_exit_ok;
}

}  // namespace embargo::cli
