// embargo timeline CASE: the history of a case (text, json, markdown).
// embargo timeline verify [CASE]: re-computes the hash chain.

#include <ostream>

#include <fmt/format.h>

#include <embargo/cli/commands.hpp>
#include <embargo/core/case_json.hpp>
#include <embargo/core/timeline_audit.hpp>

namespace embargo::cli {

namespace {

struct TimelineShowArgs {
  std::string case_id;
  std::string format;
};

// Markdown cells: pipes and line breaks would break the table.
std::string md_cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += "<br>";
    } else {
      out += c;
    }
  }
  return out;
}

void print_markdown(std::ostream& out, const core::Case& c, const std::vector<core::TimelineEntry>& entries) {
  out << fmt::format("# {}: {}\n\n", c.id, md_cell(c.title));
  out << "| # | time (UTC) | who | what | entry |\n|---|---|---|---|---|\n";
  for (const auto& e : entries) {
    out << fmt::format("| {} | {} | {} | {} | {} |\n", e.seq, util::format_timestamp_human(e.at), md_cell(e.actor),
                       md_cell(e.text), e.kind);
  }
  out << fmt::format("\nTimeline head: `{}` ({} entries)\n", c.timeline_head, c.timeline_count);
}

Result<int> run_show(Context& ctx, const TimelineShowArgs& a) {
  TRY(ctx.data());
  core::Case c;
  std::vector<core::TimelineEntry> entries;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(c, tx.get_case(a.case_id));
    TRY_ASSIGN(entries, core::load_timeline(tx, a.case_id));
    return {};
  }));
  if (a.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : entries) {
      out.push_back(core::to_json(e));
    }
    ctx.out() << out.dump(2) << '\n';
  } else if (a.format == "markdown") {
    print_markdown(ctx.out(), c, entries);
  } else {
    for (const auto& e : entries) {
      ctx.out() << fmt::format("{:>4}  {}  {:<12} {:<13} {}\n", e.seq, util::format_timestamp_human(e.at), e.actor,
                               e.kind, e.text);
    }
  }
  return k_exit_ok;
}

struct TimelineVerifyArgs {
  std::string case_id;
  std::string format;
};

Result<int> run_verify(Context& ctx, const TimelineVerifyArgs& a) {
  TRY(ctx.data());
  core::AuditReport report;
  TRY(ctx.store().read([&](core::StoreTx& tx) -> Result<void> {
    TRY_ASSIGN(report, core::audit_timelines(tx, a.case_id));
    return {};
  }));
  if (a.format == "json") {
    nlohmann::json breaks = nlohmann::json::array();
    for (const auto& b : report.breaks) {
      breaks.push_back({{"case_id", b.case_id}, {"seq", b.seq}, {"reason", b.reason}});
    }
    nlohmann::json out = {
        {"ok", report.breaks.empty()}, {"cases", report.cases}, {"entries", report.entries}, {"breaks", breaks}};
    if (!a.case_id.empty() && !report.heads.empty()) {
      out["head"] = report.heads.front().second;
    }
    ctx.out() << out.dump(2) << '\n';
  } else {
    for (const auto& b : report.breaks) {
      ctx.err() << fmt::format("embargo: {} entry {}: {}\n", b.case_id, b.seq, b.reason);
    }
    if (report.breaks.empty()) {
      ctx.out() << fmt::format("ok: {} entries in {} cases verified\n", report.entries, report.cases);
      if (!a.case_id.empty() && !report.heads.empty()) {
        ctx.out() << fmt::format("head of {}: {}\n", report.heads.front().first, report.heads.front().second);
      }
    }
  }
  return report.breaks.empty() ? k_exit_ok : k_exit_error;
}

}  // namespace

void add_timeline_commands(CLI::App& app, Context& ctx) {
  auto show = std::make_shared<TimelineShowArgs>();
  auto* t = app.add_subcommand("timeline", "Show a case's timeline, or verify the hash chains");
  t->add_option("case", show->case_id, "Case id");
  add_format_option(t, show->format, {"text", "json", "markdown"});

  auto verify = std::make_shared<TimelineVerifyArgs>();
  auto* v = t->add_subcommand("verify", "Prove that no timeline entry was edited, removed or added afterwards");
  v->add_option("case", verify->case_id, "Only this case (default: every case)");
  add_format_option(v, verify->format, {"text", "json"});
  v->callback([&ctx, verify] { run_command(ctx, [&] { return run_verify(ctx, *verify); }); });

  t->callback([&ctx, show, t] {
    if (!t->get_subcommands().empty()) {
      return;  // `timeline verify` ran
    }
    if (show->case_id.empty()) {
      ctx.exit_code = ctx.fail_usage("timeline needs a case id, or `timeline verify`");
      return;
    }
    run_command(ctx, [&] { return run_show(ctx, *show); });
  });
}

}  // namespace embargo::cli
