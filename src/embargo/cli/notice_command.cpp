// embargo notice preview | send: notices rendered from a case, signed and
// encrypted per list, sent through the outbox (mail/outbox.hpp).
// embargo mail flush | outbox: deliver what is queued, show the outbox.

#include <filesystem>
#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/cli/commands.hpp>
#include <embargo/cli/mail_support.hpp>
#include <embargo/core/mail_address.hpp>
#include <embargo/mail/reporter_key.hpp>
#include <embargo/notice/exploit_material.hpp>

namespace embargo::cli {

namespace {

struct NoticeArgs {
  std::string case_id;
  std::string kind;
  std::string list = "reporter";
  std::string message;
  std::string password_file;
  bool password_in_clear = false;
  bool again = false;
  bool exploit = false;  // send: the notice carries exploit material
};

Result<const config::MailList*> list_of(const MailSupport& s, const std::string& name) {
  if (name == "reporter") {
    return nullptr;
  }
  return s.mail().list(name);
}

Result<notice::NoticeInput> input_of(const MailSupport& s, const NoticeArgs& a) {
  notice::NoticeInput in;
  in.kind = a.kind;
  TRY_ASSIGN(in.list, list_of(s, a.list));
  in.message = a.message;
  if (a.kind == "reporter-update" && a.message.empty()) {
    return make_error(ErrorCode::invalid_argument, "--message: a reporter update needs the text to send");
  }
  in.password_in_clear = a.password_in_clear;
  if (!a.password_file.empty()) {
    // A path on the command line is relative to the current directory.
    TRY_ASSIGN(util::SensitiveString pw,
               read_secret_file(std::filesystem::current_path(), a.password_file).map_error([](const Error& e) {
                 return Error(e.code(), "--download-password-file: " + e.message());
               }));
    in.download_password = std::string(pw.view());
  }
  return in;
}

std::string_view protection_name(mail::Protect p) {
  switch (p) {
    case mail::Protect::plain:
      return "none";
    case mail::Protect::clearsign:
      return "clearsign";
    case mail::Protect::sign:
      return "sign";
    case mail::Protect::encrypt:
      return "encrypt";
  }
  return "none";
}

Result<int> run_preview(Context& ctx, const NoticeArgs& a) {
  TRY(ctx.data());
  TRY_ASSIGN(const config::ConfigFile* settings, ctx.case_config(a.case_id));
  TRY_ASSIGN(auto support, MailSupport::open(ctx, settings));
  TRY_ASSIGN(notice::NoticeInput in, input_of(*support, a));
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::Case c, tx.get_case(a.case_id));
    TRY_ASSIGN(auto to, support->addresses(c, in.list));
    TRY_ASSIGN(notice::RenderedNotice n, support->renderer().render(tx, c, in, clock->now()));
    std::string keys;
    if (in.list != nullptr && in.list->policy == config::ListPolicy::encrypt) {
      for (const auto& k : in.list->keys) {
        keys += " " + k;
      }
    }
    mail::Protect protect = support->protection_of(in.list);
    if (in.list == nullptr && mail::encrypts_to_reporter(support->gpg(), support->mail(), c.reporter)) {
      protect = mail::Protect::encrypt;  // issue 23: to the reporter's key
      keys = " " + c.reporter.key_fingerprint;
    }
    std::string signer =
        protect == mail::Protect::plain ? "" : "X-Embargo-Signer: " + support->mail().signing_key + "\n";
    ctx.out() << fmt::format("From: {} <{}>\nTo: {}\nSubject: {}\nX-Embargo-Protection: {}{}\n{}\n{}",
                             support->mail().team_name, support->mail().team_address, fmt::join(to, ", "), n.subject,
                             protection_name(protect), keys.empty() ? "" : " to" + keys, signer, n.body);
    return {};
  }));
  return k_exit_ok;
}

// The entry to deliver: a new one, or the unfinished one of an earlier run.
Result<std::string> queue_notice(Context& ctx, MailSupport& s, const NoticeArgs& a, const notice::NoticeInput& in) {
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  std::string id;
  TRY(ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(core::Case c, tx.get_case(a.case_id));
    TRY_ASSIGN(auto all, tx.list_case_outbox(c.id));
    for (const auto& e : all) {
      if (e.case_id != c.id || e.kind != a.kind || e.list_name != a.list) {
        continue;
      }
      if (e.state != core::OutboxState::sent) {
        id = e.message_id;  // resume: never a second copy
        return {};
      }
      if (!a.again) {
        return make_error(ErrorCode::conflict,
                          fmt::format("{} notice for {} was already sent to {} as <{}>; give --again to send another",
                                      a.kind, c.id, a.list, e.message_id));
      }
    }
    TRY_ASSIGN(notice::RenderedNotice n, s.renderer().render(tx, c, in, clock->now()));
    TRY_ASSIGN(core::OutboxEntry e, s.make_entry(c, a.kind, n, in.list, ""));
    id = e.message_id;
    TRY(core::queue_mail(tx, e));
    if (a.exploit) {
      TRY(notice::record_exploit(s.cases(), tx, c.id, *in.list, id, ctx.actor()));
    }
    return {};
  }));
  return id;
}

Result<int> run_send(Context& ctx, const NoticeArgs& a) {
  TRY(ctx.data());
  TRY_ASSIGN(const config::ConfigFile* settings, ctx.case_config(a.case_id));
  TRY_ASSIGN(auto support, MailSupport::open(ctx, settings));
  TRY_ASSIGN(notice::NoticeInput in, input_of(*support, a));
  if (a.exploit && in.list == nullptr) {
    return make_error(ErrorCode::invalid_argument, "--exploit: marks material shared with a list; give --list");
  }
  TRY_ASSIGN(std::string id, queue_notice(ctx, *support, a, in));
  return deliver_and_report(ctx, *support, id);
}

void add_notice_args(CLI::App* sub, NoticeArgs& a) {
  sub->add_option("case", a.case_id, "Case id")->required();
  sub->add_option("kind", a.kind, "advance, fix, heads-up, release, reporter-update, ack, date-change")->required();
  sub->add_option("--list", a.list, "A configured list, or \"reporter\" (the case's reporter, the default)");
  sub->add_option("--message", a.message, "The text of a reporter update");
  sub->add_option("--download-password-file", a.password_file,
                  "File (mode 600) with the list's download password, for the fix notice (only to a list whose "
                  "notices are encrypted)");
  sub->add_flag("--send-password-in-clear", a.password_in_clear,
                "Put the download password into a signed or clearsigned notice all the same");
}

Result<int> run_flush(Context& ctx, const std::string& format) {
  TRY(ctx.data());
  TRY_ASSIGN(auto support, MailSupport::open(ctx));
  TRY_ASSIGN(auto deliveries, support->outbox().deliver_all());
  nlohmann::json j = nlohmann::json::array();
  for (const auto& d : deliveries) {
    if (format == "json") {
      j.push_back({{"message_id", d.message_id}, {"outcome", d.outcome}, {"detail", d.detail}});
    } else {
      ctx.out() << fmt::format("{} <{}>{}\n", d.outcome, d.message_id, d.detail.empty() ? "" : ": " + d.detail);
    }
  }
  if (format == "json") {
    ctx.out() << j.dump(2) << '\n';
  }
  return k_exit_ok;
}

Result<int> run_outbox(Context& ctx, const std::string& format) {
  TRY(ctx.data());
  nlohmann::json j = nlohmann::json::array();
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(auto all, tx.list_outbox(std::nullopt));
    for (const auto& e : all) {
      j.push_back({{"message_id", e.message_id},
                   {"case", e.case_id},
                   {"kind", e.kind},
                   {"list", e.list_name},
                   {"state", core::to_string(e.state)},
                   {"attempts", e.attempts},
                   {"receipt", e.receipt},
                   {"recipients", e.recipients},
                   {"last_error", e.last_error}});
      if (format != "json") {
        ctx.out() << fmt::format("{:8} {} {} {} to {} attempts={}{} <{}>\n", core::to_string(e.state), e.case_id,
                                 e.kind, e.list_name, fmt::join(e.recipients, ","), e.attempts,
                                 e.receipt ? " receipt" : "", e.message_id);
      }
    }
    return {};
  }));
  if (format == "json") {
    ctx.out() << j.dump(2) << '\n';
  }
  return k_exit_ok;
}

}  // namespace

void add_notice_commands(CLI::App& app, Context& ctx) {
  auto* notice = app.add_subcommand("notice", "Preview and send notices to lists and reporters");
  notice->require_subcommand(1);
  auto preview = std::make_shared<NoticeArgs>();
  auto* p = notice->add_subcommand("preview", "Show exactly what would be sent (before signing and encryption)");
  add_notice_args(p, *preview);
  p->callback([&ctx, preview] { run_command(ctx, [&] { return run_preview(ctx, *preview); }); });
  auto send = std::make_shared<NoticeArgs>();
  auto* s = notice->add_subcommand("send", "Sign, encrypt and send a notice, exactly once per case, kind and list");
  add_notice_args(s, *send);
  s->add_flag("--again", send->again, "Send a further copy although one was sent before");
  s->add_flag("--exploit", send->exploit,
              "The notice carries exploit material: recorded, and the disclosure duties remind to post it publicly");
  s->callback([&ctx, send] { run_command(ctx, [&] { return run_send(ctx, *send); }); });
  add_notice_reply_command(notice, ctx);

  auto* mail = app.add_subcommand("mail", "The outbox of outgoing mail");
  mail->require_subcommand(1);
  auto flush_format = std::make_shared<std::string>();
  auto* flush = mail->add_subcommand("flush", "Deliver queued mail and finish interrupted deliveries (run from cron)");
  add_format_option(flush, *flush_format, {"text", "json"});
  flush->callback([&ctx, flush_format] { run_command(ctx, [&] { return run_flush(ctx, *flush_format); }); });
  auto outbox_format = std::make_shared<std::string>();
  auto* outbox = mail->add_subcommand("outbox", "List outgoing mail and its state");
  add_format_option(outbox, *outbox_format, {"text", "json"});
  outbox->callback([&ctx, outbox_format] { run_command(ctx, [&] { return run_outbox(ctx, *outbox_format); }); });
}

}  // namespace embargo::cli
