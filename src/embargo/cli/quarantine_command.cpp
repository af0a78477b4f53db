// embargo quarantine list|show ID|release ID|discard ID --why TEXT: the mail
// intake could not read (mail/quarantine.hpp). `release` runs intake again on
// the stored bytes (after the team key or a limit was fixed): the message
// leaves the quarantine when intake takes it, or stays under its id with the
// new reason. `discard` keeps the message in quarantine/discarded/ with who
// and why. Every action is in quarantine/actions.log, and on the timeline of
// the case a release opened or joined.

#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/cli/commands.hpp>
#include <embargo/cli/quarantine.hpp>
#include <embargo/cli/mail_support.hpp>
#include <embargo/mail/quarantine.hpp>

namespace embargo::cli {

namespace {

struct QuarantineArgs {
  std::string id;
  std::string why;
  std::string format = "text";
  bool raw = false;
};

nlohmann::json to_json(const mail::QuarantinedMessage& m) {
  return {{"id", m.id},     {"reason", m.reason},   {"project", m.project},       {"size", m.size},
          {"sha256", m.sha256}, {"at", util::format_timestamp(m.at)}, {"from", m.from}, {"subject", m.subject},
          {"message_id", m.message_id}};
}

Result<std::unique_ptr<mail::Quarantine>> open_quarantine(Context& ctx, core::CaseService& cases) {
  TRY_ASSIGN(config::DataDir * data, ctx.data());
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  return std::make_unique<mail::Quarantine>(data->path, ctx.store(), cases, *clock);
}

Result<int> run_list(Context& ctx, const QuarantineArgs& a) {
  TRY_ASSIGN(core::CaseService cases, ctx.case_service());
  TRY_ASSIGN(auto q, open_quarantine(ctx, cases));
  TRY_ASSIGN(auto all, q->list());
  if (a.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& m : all) {
      out.push_back(to_json(m));
    }
    ctx.out() << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return k_exit_ok;
  }
  for (const auto& m : all) {
    ctx.out() << fmt::format("{}  {} bytes  from {}\n    {}\n", m.id, m.size, m.from.empty() ? "-" : m.from, m.reason);
  }
  if (all.empty()) {
    ctx.out() << "no quarantined mail\n";
  }
  return k_exit_ok;
}

Result<int> run_show(Context& ctx, const QuarantineArgs& a) {
  TRY_ASSIGN(core::CaseService cases, ctx.case_service());
  TRY_ASSIGN(auto q, open_quarantine(ctx, cases));
  if (a.raw) {
    TRY_ASSIGN(std::string bytes, q->raw(a.id));
    ctx.out() << bytes;
    return k_exit_ok;
  }
  TRY_ASSIGN(mail::QuarantinedMessage m, q->find(a.id));
  if (a.format == "json") {
    ctx.out() << to_json(m).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return k_exit_ok;
  }
  ctx.out() << fmt::format(
      "id:         {}\nquarantined {}\nreason:     {}\nproject:    {}\nfrom:       {}\nsubject:    {}\n"
      "message-id: {}\nsize:       {} bytes\nsha256:     {}\n(the message itself: embargo quarantine show --raw {})\n",
      m.id, util::format_timestamp_human(m.at), m.reason, m.project.empty() ? "(the server's own)" : m.project, m.from,
      m.subject, m.message_id, m.size, m.sha256, m.id);
  return k_exit_ok;
}

Result<int> run_release(Context& ctx, const QuarantineArgs& a) {
  TRY_ASSIGN(core::CaseService cases, ctx.case_service());
  TRY_ASSIGN(auto q, open_quarantine(ctx, cases));
  auto receive = [&ctx](const std::string& raw, const std::string& id, const std::string& project) {
    return intake_again(ctx, raw, id, project);
  };
  TRY_ASSIGN(mail::ReleaseOutcome out, q->release(a.id, ctx.actor(), receive));
  const mail::IntakeResult& r = out.result;
  if (a.format == "json") {
    nlohmann::json j = {{"id", a.id},          {"released", out.released}, {"outcome", mail::to_string(r.outcome)},
                        {"case", r.case_id},   {"message_id", r.message_id}, {"reason", r.reason}};
    ctx.out() << j.dump() << '\n';
  } else if (out.released) {
    ctx.out() << fmt::format("released {}: {} {}\n", a.id, mail::to_string(r.outcome),
                             r.case_id.empty() ? "-" : r.case_id);
  } else {
    ctx.out() << fmt::format("still quarantined {}: {}\n", a.id, r.reason);
  }
  return out.released ? k_exit_ok : k_exit_error;
}

Result<int> run_discard(Context& ctx, const QuarantineArgs& a) {
  TRY_ASSIGN(core::CaseService cases, ctx.case_service());
  TRY_ASSIGN(auto q, open_quarantine(ctx, cases));
  TRY(q->discard(a.id, ctx.actor(), a.why));
  ctx.out() << fmt::format("discarded {} (kept in quarantine/discarded/)\n", a.id);
  return k_exit_ok;
}

}  // namespace

void add_quarantine_commands(CLI::App& app, Context& ctx) {
  auto* top = app.add_subcommand("quarantine", "Mail the intake could not read: list, show, release, discard");
  top->require_subcommand(1);
  auto a = std::make_shared<QuarantineArgs>();
  auto* ls = top->add_subcommand("list", "List the quarantined messages, oldest first, with the reason");
  add_format_option(ls, a->format, {"text", "json"});
  ls->callback([&ctx, a] { run_command(ctx, [&] { return run_list(ctx, *a); }); });
  auto* show = top->add_subcommand("show", "Show one quarantined message (its header fields and the reason)");
  show->add_option("ID", a->id, "Quarantine id (from `quarantine list`)")->required();
  show->add_flag("--raw", a->raw, "Print the message's bytes as received");
  add_format_option(show, a->format, {"text", "json"});
  show->callback([&ctx, a] { run_command(ctx, [&] { return run_show(ctx, *a); }); });
  auto* release = top->add_subcommand(
      "release", "Run intake again on the stored message (after fixing the key or limit); exit 1 if it stays");
  release->add_option("ID", a->id, "Quarantine id")->required();
  add_format_option(release, a->format, {"text", "json"});
  release->callback([&ctx, a] { run_command(ctx, [&] { return run_release(ctx, *a); }); });
  auto* discard = top->add_subcommand("discard", "Give up on a message: kept in quarantine/discarded/ with why");
  discard->add_option("ID", a->id, "Quarantine id")->required();
  discard->add_option("--why", a->why, "Why it is discarded (recorded)")->required();
  discard->callback([&ctx, a] { run_command(ctx, [&] { return run_discard(ctx, *a); }); });
}

}  // namespace embargo::cli
