// embargo release dry-run CASE [--out DIR] [--format json]
//
// Carries out every step of the case's release now, in order, each as at its
// due time (a clock set to it, or to now when that is later), against local
// sinks (release_step.hpp: each step's action goes into DIR/<kind>/: the
// files, the pages and feed, a bare repository with what would be pushed,
// the CVE records, the rendered notices) and inside one store transaction
// that is rolled back at the end: the store, the lists, the public remote
// and CVE Services are left untouched. Uses the scheduled jobs when the case
// has some, else the jobs its plan would get. The configured steps
// ([[publish.steps]], scheduler/step_command.hpp) run their commands for
// real, with EMBARGO_DRY_RUN=1. Exit 0 when every step would
// succeed, 1 (naming the first failure) otherwise.

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <ostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <embargo/cli/commands.hpp>
#include <embargo/scheduler/release_jobs.hpp>
#include <embargo/scheduler/release_step.hpp>
#include <embargo/scheduler/schedule_checks.hpp>
#include <embargo/scheduler/step_command.hpp>

namespace embargo::cli {

namespace {

namespace fs = std::filesystem;

struct DryRunArgs {
  std::string case_id;
  std::string out;
  std::string format = "text";
};

struct Rehearsal {
  core::Job job;
  std::string acted;
  std::string recorded;
  std::string error;  // "" = the step would succeed
};

constexpr std::string_view k_rollback = "dry run: rolled back";

// The jobs to rehearse: the pending ones, or a fresh schedule (in `tx`).
Result<std::vector<core::Job>> jobs_to_run(const config::ConfigFile& config, const core::CaseService& service,
                                           core::StoreTx& tx, const DryRunArgs& a, const std::string& actor) {
  TRY_ASSIGN(std::vector<core::Job> all, tx.list_jobs(a.case_id));
  std::vector<core::Job> pending;
  for (const core::Job& j : all) {
    if (j.state == core::JobState::pending || j.state == core::JobState::running) {
      pending.push_back(j);
    }
  }
  if (pending.empty()) {
    TRY_ASSIGN(pending, scheduler::schedule_release(service, tx, a.case_id, actor));
    TRY_ASSIGN(auto commands, scheduler::schedule_configured_steps(config, service, tx, a.case_id, actor));
    pending.insert(pending.end(), commands.begin(), commands.end());
  }
  std::stable_sort(pending.begin(), pending.end(),
                   [](const core::Job& x, const core::Job& y) { return x.due_at < y.due_at; });
  return pending;
}

Rehearsal rehearse(const scheduler::ReleaseSteps& steps, core::StoreTx& tx, const core::Job& job) {
  Rehearsal o{job, {}, {}, {}};
  auto acted = steps.act(tx, job);
  if (!acted) {
    o.error = acted.error().message();
    return o;
  }
  o.acted = *acted;
  auto recorded = steps.record(tx, job);
  if (!recorded) {
    o.error = recorded.error().message();
    return o;
  }
  o.recorded = *recorded;
  return o;
}

Result<fs::path> sink_dir(const DryRunArgs& a) {
  std::error_code ec;
  if (a.out.empty()) {
    std::string tmpl = (fs::temp_directory_path(ec) / "embargo-dry-run-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) {
      return make_error(ErrorCode::io_error, fmt::format("cannot create a directory for the dry run: {}", tmpl));
    }
    return fs::path(tmpl);
  }
  fs::create_directories(a.out, ec);
  if (ec || !fs::is_empty(a.out, ec)) {
    return make_error(ErrorCode::invalid_argument, fmt::format("--out: {} must be a new or empty directory", a.out));
  }
  return fs::absolute(a.out);
}

void print(Context& ctx, const DryRunArgs& a, const fs::path& sink, const std::vector<Rehearsal>& outcomes,
           const std::vector<std::string>& problems, const std::vector<std::string>& warnings) {
  if (a.format == "json") {
    nlohmann::ordered_json out = {{"case_id", a.case_id},
                                  {"sink", sink.string()},
                                  {"problems", problems},
                                  {"warnings", warnings},
                                  {"steps", nlohmann::json::array()}};
    for (const Rehearsal& o : outcomes) {
      out["steps"].push_back({{"kind", o.job.kind},
                              {"due_at", util::format_timestamp(o.job.due_at)},
                              {"ok", o.error.empty()},
                              {"acted", o.acted},
                              {"recorded", o.recorded},
                              {"error", o.error}});
    }
    ctx.out() << out.dump(2) << '\n';
    return;
  }
  ctx.out() << fmt::format("{}: dry run of the release; nothing was sent, pushed, published or stored\n", a.case_id);
  for (const std::string& p : problems) {
    ctx.out() << fmt::format("  MISSING: {}\n", p);
  }
  for (const std::string& w : warnings) {
    ctx.out() << fmt::format("  WARNING: {}\n", w);
  }
  for (const Rehearsal& o : outcomes) {
    std::string what = o.error.empty() ? o.acted + (o.acted.empty() || o.recorded.empty() ? "" : "; ") + o.recorded
                                       : "WOULD FAIL: " + o.error;
    for (std::size_t nl = what.find('\n'); nl != std::string::npos; nl = what.find('\n', nl + 1)) {
      what.insert(nl + 1, "        | ");  // a configured step's output lines
    }
    ctx.out() << fmt::format("  {:<24} {:<16} {}\n", util::format_timestamp_human(o.job.due_at), o.job.kind, what);
  }
  ctx.out() << fmt::format("what would go out is in {}\n", sink.string());
}

Result<int> run_dry_run(Context& ctx, const DryRunArgs& a) {
  TRY_ASSIGN(config::DataDir * dir, ctx.data());
  TRY_ASSIGN(const util::Clock* clock, ctx.clock());
  TRY_ASSIGN(fs::path sink, sink_dir(a));
  const util::Timestamp now = clock->now();
  util::FixedClock at_step(now);  // each step runs as at its due time
  core::CaseService service(dir->config.project, at_step);
  scheduler::ReleaseSteps steps({service, dir->config, dir->path, at_step, sink, ctx.actor()});
  TRY_ASSIGN(const config::ConfigFile* settings, ctx.case_config(a.case_id));
  std::vector<Rehearsal> outcomes;
  std::vector<std::string> problems;
  std::vector<std::string> warnings;
  auto rehearsed = ctx.store().write([&](core::StoreTx& tx) -> Result<void> {
    outcomes.clear();
    TRY_ASSIGN(problems, scheduler::schedule_problems(tx, *settings, a.case_id));
    TRY_ASSIGN(warnings, scheduler::schedule_warnings(tx, a.case_id));
    TRY_ASSIGN(std::vector<core::Job> jobs, jobs_to_run(*settings, service, tx, a, ctx.actor()));
    for (const core::Job& job : jobs) {
      at_step.set(std::max(now, job.due_at));
      outcomes.push_back(rehearse(steps, tx, job));
    }
    return make_error(ErrorCode::conflict, std::string(k_rollback));
  });
  if (!rehearsed && rehearsed.error().message() != k_rollback) {
    return tl::unexpected(rehearsed.error());
  }
  print(ctx, a, sink, outcomes, problems, warnings);
  if (!problems.empty()) {
    return make_error(ErrorCode::conflict, fmt::format("the release cannot be scheduled: {}", problems.front()));
  }
  for (const Rehearsal& o : outcomes) {
    if (!o.error.empty()) {
      return make_error(ErrorCode::conflict, fmt::format("the release would fail at {}: {}", o.job.kind, o.error));
    }
  }
  return k_exit_ok;
}

}  // namespace

void add_release_dry_run_command(CLI::App& release, Context& ctx) {
  auto args = std::make_shared<DryRunArgs>();
  auto* sub = release.add_subcommand(
      "dry-run", "Carry out the whole release now against local folders, changing nothing (the store is rolled back)");
  sub->add_option("case", args->case_id, "Case id")->required();
  sub->add_option("--out", args->out,
                  "Where what would go out is written (a new or empty directory; default: a "
                  "new temporary one)");
  add_format_option(sub, args->format, {"text", "json"});
  sub->callback([&ctx, args] { run_command(ctx, [&] { return run_dry_run(ctx, *args); }); });
}

}  // namespace embargo::cli
